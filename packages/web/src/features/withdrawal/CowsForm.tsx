import { cows, cowsPulseScore } from '@waypoint/clinical/instruments/cows';
import { bandOf, partialScore } from '@waypoint/clinical/instruments/definition';
import { ClinicalInputError } from '@waypoint/clinical/errors';
import { sows } from '@waypoint/clinical/instruments/sows';
import { sowsGossop } from '@waypoint/clinical/instruments/sows-gossop';
import type { InstrumentDefinition } from '@waypoint/clinical/instruments/definition';

export type Answers = Record<string, number>;

/**
 * An instrument as radio groups: Tab moves between items, arrow keys choose a score, the total and
 * band update as the nurse types (scored by the same clinical package as the server).
 */
/**
 * The COWS pulse item from a typed rate, or why it cannot be scored yet. A rate typed key by key ("1",
 * "10", "104") passes through implausible values: those leave the item unanswered, never throw.
 */
export function pulseItem(rate: number | null | undefined): { score: number | null; problem: string | null } {
  if (rate == null) return { score: null, problem: null };
  try {
    return { score: cowsPulseScore(rate), problem: null };
  } catch (err) {
    if (err instanceof ClinicalInputError) return { score: null, problem: `${rate} bpm is not a plausible resting pulse (20–250): pulse not scored yet.` };
    throw err;
  }
}

export function InstrumentForm({
  def,
  answers,
  onChange,
  pulseFromRate,
}: {
  def: InstrumentDefinition;
  answers: Answers;
  onChange: (a: Answers) => void;
  pulseFromRate?: number | null;
}) {
  const pulse = def.id === 'cows' ? pulseItem(pulseFromRate) : { score: null, problem: null };
  const effective = pulse.score !== null ? { ...answers, pulse: pulse.score } : pulseFromRate != null && def.id === 'cows' ? withoutPulse(answers) : answers;
  const progress = partialScore(def, effective);
  const soFar = Object.values(progress.answered).reduce((a, b) => a + b, 0);
  return (
    <fieldset className="instrument">
      <legend>
        {def.name}{' '}
        <output className="live-total" aria-live="polite">
          {progress.complete
            ? `Total ${progress.total}${bandOf(def, progress.total!) ? ` · ${bandOf(def, progress.total!)}` : ''}`
            : `Incomplete: ${soFar} so far, ${progress.missing.length} of ${def.items.length} items left`}
        </output>
      </legend>
      {pulse.problem && <p className="hint pulse-problem">{pulse.problem}</p>}
      <div className="items">
        {def.items.map((item) => {
          const fixed = item.id === 'pulse' && pulse.score !== null;
          return (
            <div className="item" role="radiogroup" aria-labelledby={`${def.id}-${item.id}-label`} key={item.id}>
              <span id={`${def.id}-${item.id}-label`} className="item-label">
                {item.label}
              </span>
              <div className="choices">
                {item.answers.map((a) => (
                  <label key={a.value} className={effective[item.id] === a.value ? 'choice chosen' : 'choice'} title={a.label}>
                    <input
                      type="radio"
                      name={`${def.id}-${item.id}`}
                      value={a.value}
                      checked={effective[item.id] === a.value}
                      disabled={fixed}
                      onChange={() => onChange({ ...answers, [item.id]: a.value })}
                    />
                    <span className="score">{a.value}</span> <span className="choice-label">{a.label}</span>
                  </label>
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

function withoutPulse(answers: Answers): Answers {
  const { pulse: _ignored, ...rest } = answers;
  return rest;
}

export const instrumentDefs: Record<string, InstrumentDefinition> = { cows, sows, 'sows-gossop': sowsGossop };
