import { formatDate } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import type { PatientObjectives } from './types';

/** How a linked objective reads on a note and on the chart: the plan's own words, its target date and plan version. */
export function objectiveText(o: { text: string; targetDate: string; planVersion?: number }): string {
  return `${o.text} (target ${formatDate(o.targetDate)}${o.planVersion ? `, plan v${o.planVersion}` : ''})`;
}

/** The label free text carries wherever it is shown: it is not an objective of a signed plan. */
export const freeTextLabel = 'free text — no signed treatment plan yet';

/**
 * Which objective of the patient's treatment plan the progress is about: a choice among the current
 * signed plan's objectives, or, only while the patient has no signed plan, a clearly labelled free text.
 */
export function ObjectiveField({
  label,
  plan,
  objectiveId,
  freeText,
  onChange,
  readOnly,
  error,
}: {
  label: string;
  plan: PatientObjectives | undefined;
  objectiveId: string | null;
  freeText: string;
  onChange: (v: { objectiveId: string | null; freeText: string }) => void;
  readOnly?: boolean;
  error?: string;
}) {
  if (!plan) return null;
  if (plan.planVersion !== null)
    return (
      <Field label={label} hint={`From the signed treatment plan (version ${plan.planVersion})`} error={error}>
        {(p) => (
          <select {...p} value={objectiveId ?? ''} disabled={readOnly} onChange={(e) => onChange({ objectiveId: e.target.value || null, freeText: '' })}>
            <option value="">Choose an objective…</option>
            {plan.objectives.map((o) => (
              <option key={o.id} value={o.id}>
                {objectiveText(o)}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  return (
    <Field label={`${label} (${freeTextLabel})`} error={error}>
      {(p) => <input {...p} value={freeText} readOnly={readOnly} onChange={(e) => onChange({ objectiveId: null, freeText: e.target.value })} />}
    </Field>
  );
}
