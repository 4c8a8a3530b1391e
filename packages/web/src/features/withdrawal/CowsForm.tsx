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
export function InstrumentForm({ def, answers, onChange, pulseFromRate }: { def: InstrumentDefinition; answers: Answers; onChange: (a: Answers) => void; pulseFromRate?: number | null }) {
  // While the rate is being typed (1, 11, 112…) it may not yet be a plausible pulse: item 1 waits for one.
  const pulseScore = def.id === 'cows' && pulseFromRate != null ? scorePulse(pulseFromRate) : undefined;
  const effective = pulseScore !== undefined ? { ...answers, pulse: pulseScore } : answers;
  const progress = partialScore(def, effective);
  return (
    <fieldset className="instrument">
      <legend>
        {def.name}{' '}
        <output className="live-total" aria-live="polite">
          {progress.complete ? `Total ${progress.total}${bandOf(def, progress.total!) ? ` · ${bandOf(def, progress.total!)}` : ''}` : `${progress.missing.length} of ${def.items.length} items left`}
        </output>
      </legend>
      <div className="items">
        {def.items.map((item) => {
          const fixed = item.id === 'pulse' && pulseScore !== undefined;
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
                      aria-label={`${item.label}: ${a.value} — ${a.label}`}
                    />
                    <span className="score">{a.value}</span>
                    <span className="choice-label">{a.label}</span>
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

function scorePulse(bpm: number): number | undefined {
  try {
    return cowsPulseScore(bpm);
  } catch (err) {
    if (err instanceof ClinicalInputError) return undefined;
    throw err;
  }
}

export const instrumentDefs: Record<string, InstrumentDefinition> = { cows, sows, 'sows-gossop': sowsGossop };
