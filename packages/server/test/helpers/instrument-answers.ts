import type { FormInstrument } from '@waypoint/clinical/instruments/registry';

/**
 * A complete form for an instrument, different for each trial: 0 every lowest answer, 1 every
 * highest, then a mix. Only the items that apply are answered (C-SSRS skip logic).
 */
export function answersFor(form: FormInstrument, trial: number): Record<string, number> {
  const pick = (answers: readonly { value: number }[], i: number) => {
    const values = answers.map((a) => a.value).sort((a, b) => a - b);
    if (trial === 0) return values[0];
    if (trial === 1) return values[values.length - 1];
    return values[(i * 7 + trial) % values.length];
  };
  const answers: Record<string, number> = {};
  // Fill applicable items until the set stops growing (answers can open follow-up items).
  for (let round = 0; round < 3; round++) {
    for (const id of form.applicable(answers)) {
      if (answers[id] !== undefined) continue;
      const i = form.def.items.findIndex((x) => x.id === id);
      answers[id] = pick(form.def.items[i].answers, i);
    }
  }
  return answers;
}
