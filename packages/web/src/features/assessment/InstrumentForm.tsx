import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formInstruments, type FormResult } from '@waypoint/clinical/instruments/registry';
import { api, ApiError } from '../../api/client';
import { Problem } from '../../components/Problem';
import type { InstrumentResultDetail } from './types';

/** The live result while typing: the same clinical function the server scores with; null until complete. */
function liveScore(
  code: string,
  answers: Record<string, number>,
  sex?: 'male' | 'female',
): { result: FormResult | null; missing: string[]; error: string | null } {
  const form = formInstruments[code];
  const missing = form.applicable(answers).filter((id) => answers[id] === undefined);
  if (missing.length) return { result: null, missing, error: null };
  try {
    return { result: form.score(answers, { sex }), missing, error: null };
  } catch (e) {
    return { result: null, missing, error: (e as Error).message };
  }
}

/**
 * One form for every screening instrument, built from its definition in the clinical package: a radio
 * group per item (Tab between items, arrow keys to choose), skip logic, the live total and band.
 */
export function InstrumentForm({
  patientId,
  code,
  sex,
  onDone,
}: {
  patientId: string;
  code: string;
  sex?: 'male' | 'female';
  onDone: (r: InstrumentResultDetail) => void;
}) {
  const form = formInstruments[code];
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [chosenSex, setSex] = useState<'male' | 'female' | ''>(sex ?? '');
  const queryClient = useQueryClient();
  const applicable = form.applicable(answers);
  const live = liveScore(code, answers, chosenSex || undefined);
  const save = useMutation({
    mutationFn: () =>
      api.create<InstrumentResultDetail>(`/patients/${patientId}/instruments/${code}`, {
        answers: Object.fromEntries(Object.entries(answers).filter(([k]) => applicable.includes(k))),
        ...(code === 'audit-c' && chosenSex && !sex ? { sex: chosenSex } : {}),
      }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
      onDone(r);
    },
  });
  const fieldError = (id: string) => (save.error instanceof ApiError ? save.error.fieldError(`answers.${id}`) : undefined);
  return (
    <form
      className="card instrument-form"
      aria-label={form.def.name}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <fieldset className="instrument">
        <legend>
          {form.def.name}{' '}
          <output className="live-total" aria-live="polite" data-testid="live-score">
            {live.result
              ? `Total ${live.result.total}${live.result.band ? ` · ${live.result.band}` : ''}`
              : `${live.missing.length} of ${applicable.length} items left`}
          </output>
        </legend>
        {live.result?.suicideRisk && (
          <p className="warning" role="alert">
            Suicide risk ({live.result.suicideRisk.level}): saving alerts the care team now. Stay with the patient and assess safety.
          </p>
        )}
        {code === 'audit-c' && !sex && (
          <div className="field">
            <label htmlFor="auditc-sex">Sex for the cut-point</label>
            <select id="auditc-sex" value={chosenSex} onChange={(e) => setSex(e.target.value as 'male' | 'female')}>
              <option value="">Choose…</option>
              <option value="female">Female (positive ≥ 3)</option>
              <option value="male">Male (positive ≥ 4)</option>
            </select>
          </div>
        )}
        <div className="items">
          {form.def.items
            .filter((item) => applicable.includes(item.id))
            .map((item) => (
              <div className="item" role="radiogroup" aria-labelledby={`${code}-${item.id}-label`} key={item.id}>
                <span id={`${code}-${item.id}-label`} className="item-label">
                  {item.label}
                </span>
                <div className="choices">
                  {item.answers.map((a) => (
                    <label key={a.value} className={answers[item.id] === a.value ? 'choice chosen' : 'choice'}>
                      <input
                        type="radio"
                        name={`${code}-${item.id}`}
                        value={a.value}
                        checked={answers[item.id] === a.value}
                        onChange={() => setAnswers({ ...answers, [item.id]: a.value })}
                        aria-label={`${item.label}: ${a.label}`}
                      />
                      <span className="score">{a.value}</span>
                      <span className="choice-label">{a.label}</span>
                    </label>
                  ))}
                </div>
                {fieldError(item.id) && <small className="field-error">{fieldError(item.id)}</small>}
              </div>
            ))}
        </div>
      </fieldset>
      {live.error && <p className="field-error">{live.error}</p>}
      <Problem error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save {form.def.name.replace(/ \(.*\)$/, '')}
        </button>
        <span className="hint">{form.def.source}</span>
      </div>
    </form>
  );
}
