import { ClinicalInputError } from '../errors';

// DSM-5 / DSM-5-TR opioid use disorder as reproduced in the BCCSU guideline and PMC6590307 [S7];
// ICD-10-CM codes [S8].
export const oudCriteria = [
  'larger_amounts',
  'cut_down',
  'time_spent',
  'craving',
  'role_failure',
  'social_problems',
  'activities_given_up',
  'hazardous_use',
  'physical_psychological_problems',
  'tolerance',
  'withdrawal',
] as const;
export type OudCriterion = (typeof oudCriteria)[number];

export const oudCriterionLabels: Record<OudCriterion, string> = {
  larger_amounts: 'More or longer than intended',
  cut_down: 'Wants or fails to cut down',
  time_spent: 'Much time getting, using, recovering',
  craving: 'Craving',
  role_failure: 'Failing at work, school or home',
  social_problems: 'Use despite social problems',
  activities_given_up: 'Activities given up',
  hazardous_use: 'Use in hazardous situations',
  physical_psychological_problems: 'Use despite physical or psychological harm',
  tolerance: 'Tolerance',
  withdrawal: 'Withdrawal',
};

export interface OudInput {
  /**
   * Criteria met in the assessment period (the last 12 months). With a history of remission, only
   * craving may be listed: any other criterion contradicts the remission and is refused.
   */
  criteria: OudCriterion[];
  /** Opioids taken solely under appropriate medical supervision: tolerance and withdrawal do not count. */
  onlySupervisedMedicalUse: boolean;
  /**
   * For remission: the severity when full criteria were last met, and how many months it has been
   * since any criterion other than craving was met.
   */
  history?: { previousSeverity: 'mild' | 'moderate' | 'severe'; monthsWithoutCriteria: number };
  onMaintenanceTherapy?: boolean;
  inControlledEnvironment?: boolean;
}

export interface OudDiagnosis {
  count: number;
  meetsCriteria: boolean;
  severity: 'mild' | 'moderate' | 'severe' | null;
  remission: 'early' | 'sustained' | null;
  specifiers: ('on maintenance therapy' | 'in a controlled environment')[];
  icd10cm: 'F11.10' | 'F11.11' | 'F11.20' | 'F11.21' | null;
}

const severityOf = (n: number) => (n >= 6 ? 'severe' : n >= 4 ? 'moderate' : n >= 2 ? 'mild' : null);

export function diagnoseOud(input: OudInput): OudDiagnosis {
  for (const c of input.criteria) {
    if (!oudCriteria.includes(c))
      throw new ClinicalInputError('criteria', 'known-criterion', `criteria: ${String(c)} is not a DSM-5 OUD criterion.`, oudCriteria);
  }
  const met = new Set(input.criteria);
  if (input.onlySupervisedMedicalUse) {
    met.delete('tolerance');
    met.delete('withdrawal');
  }
  const count = met.size;
  const specifiers: OudDiagnosis['specifiers'] = [];
  const h = input.history;
  if (h) {
    if (!Number.isFinite(h.monthsWithoutCriteria) || h.monthsWithoutCriteria < 0)
      throw new ClinicalInputError('history.monthsWithoutCriteria', 'non-negative', 'history.monthsWithoutCriteria: a number of months, 0 or more.');
    // Remission: full criteria met before, then no criterion but craving for ≥ 3 months (early) or ≥ 12 (sustained).
    const remission = h.monthsWithoutCriteria >= 12 ? 'sustained' : h.monthsWithoutCriteria >= 3 ? 'early' : null;
    if (remission) {
      // Remission means no criterion but craving is met now: criteria given with it contradict it.
      const present = [...met].filter((c) => c !== 'craving');
      if (present.length > 0) {
        throw new ClinicalInputError(
          'criteria',
          'remission-contradiction',
          `criteria: ${present.join(', ')} met now contradicts ${h.monthsWithoutCriteria} months without criteria (remission allows craving only). Correct the criteria or the months without criteria.`,
          ['craving'],
        );
      }
      if (input.onMaintenanceTherapy) specifiers.push('on maintenance therapy');
      if (input.inControlledEnvironment) specifiers.push('in a controlled environment');
      return { count, meetsCriteria: true, severity: h.previousSeverity, remission, specifiers, icd10cm: h.previousSeverity === 'mild' ? 'F11.11' : 'F11.21' };
    }
  }
  const severity = severityOf(count);
  if (severity && input.onMaintenanceTherapy) specifiers.push('on maintenance therapy');
  return {
    count,
    meetsCriteria: severity !== null,
    severity,
    remission: null,
    specifiers,
    icd10cm: severity === null ? null : severity === 'mild' ? 'F11.10' : 'F11.20',
  };
}
