import { ClinicalInputError } from '../errors';
import { scoreInstrument, type InstrumentDefinition } from './definition';

// AUDIT-C, Bush et al., Arch Intern Med 1998;158:1789-1795 [S17]. Panel LOINC 72109-2, total 75626-2
// (75624-7 is the full 10-item AUDIT, a common mistake). Item LOINCs are UNVERIFIED: not used.
export const auditC: InstrumentDefinition = {
  id: 'audit-c',
  name: 'AUDIT-C',
  code: { system: 'http://loinc.org', code: '75626-2', display: 'Total score [AUDIT-C]' },
  panelCode: { system: 'http://loinc.org', code: '72109-2', display: 'Alcohol Use Disorder Identification Test - Consumption [AUDIT-C]' },
  source: 'Bush 1998 [S17]',
  items: [
    {
      id: 'frequency',
      label: 'How often you drink',
      answers: ['Never', 'Monthly or less', '2–4 times a month', '2–3 times a week', '4 or more times a week'].map((label, value) => ({ value, label })),
    },
    {
      id: 'typical_quantity',
      label: 'Drinks on a typical drinking day',
      answers: ['1–2', '3–4', '5–6', '7–9', '10 or more'].map((label, value) => ({ value, label })),
    },
    {
      id: 'heavy_episodes',
      label: 'How often 6 or more drinks at once',
      answers: ['Never', 'Less than monthly', 'Monthly', 'Weekly', 'Daily or almost daily'].map((label, value) => ({ value, label })),
    },
  ],
  bands: [],
};

/** Positive at ≥ 4 for men and ≥ 3 for women. */
export function scoreAuditC(answers: Record<string, unknown>, sex: 'male' | 'female') {
  if (sex !== 'male' && sex !== 'female')
    throw new ClinicalInputError('sex', 'allowed-value', 'sex: the cut-point is sex-specific (male or female).', ['male', 'female']);
  const score = scoreInstrument(auditC, answers);
  const cutPoint = sex === 'male' ? 4 : 3;
  return { ...score, cutPoint, positive: score.total >= cutPoint };
}
