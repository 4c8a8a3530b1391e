import type { RuleFinding } from '../checks';
import { ClinicalInputError } from '../errors';
import type { RuleSet } from '../medications/rule-sets';

/** The considerations the practitioner weighs and documents before any take-home supply (42 CFR 8.12(i), 2024) [S21]. */
export const takeHomeCriteria = [
  'no_active_use_or_unsafe_conditions',
  'regular_attendance',
  'no_serious_behavioral_problems',
  'no_recent_diversion',
  'safe_transport_and_storage',
  'other_relevant_criteria_considered',
] as const;
export type TakeHomeCriterion = (typeof takeHomeCriteria)[number];

export interface TakeHomeRequest {
  medication: 'methadone' | 'buprenorphine';
  /**
   * Day of treatment, counting the admission / first-dose day as day 1. The regulation does not say
   * (UNVERIFIED); Waypoint documents this convention and uses it everywhere.
   */
  treatmentDay: number;
  /** Take-home days requested, not counting days the program is closed. */
  requestedDays: number;
  /** Doses for closure days (one weekend day, state and federal holidays): allowed at any stage. */
  closureDays: number;
  documented: TakeHomeCriterion[];
  /** The program's own limit, if stricter. */
  programMaxDays?: number;
}

/** The largest supply the schedule allows on a day of treatment. */
export function scheduleMax(ruleSet: RuleSet, treatmentDay: number): number {
  let max = 0;
  for (const s of ruleSet.takeHomeSteps) if (treatmentDay >= s.fromDay) max = s.maxDays;
  return max;
}

/**
 * Checks a take-home request: methadone is capped by the time-in-treatment schedule of the rule set
 * in force (federal or the stricter state) and the program's policy, whichever is least; buprenorphine
 * is not limited by that table. The documented criteria apply to both.
 */
export function checkTakeHomes(ruleSet: RuleSet, r: TakeHomeRequest): { allowedDays: number | null; findings: RuleFinding[] } {
  if (!Number.isInteger(r.treatmentDay) || r.treatmentDay < 1)
    throw new ClinicalInputError('treatmentDay', 'day-number', 'treatmentDay: 1 for the admission day.');
  if (!Number.isInteger(r.requestedDays) || r.requestedDays < 0)
    throw new ClinicalInputError('requestedDays', 'non-negative', 'requestedDays: whole days, 0 or more.');
  if (!Number.isInteger(r.closureDays) || r.closureDays < 0 || r.closureDays > 7)
    throw new ClinicalInputError('closureDays', 'closure-days', 'closureDays: 0–7.');
  for (const c of r.documented)
    if (!takeHomeCriteria.includes(c))
      throw new ClinicalInputError('documented', 'known-criterion', `documented: ${String(c)} is not a take-home criterion.`, takeHomeCriteria);
  const findings: RuleFinding[] = [];
  let allowedDays: number | null = null;
  if (r.medication === 'methadone') {
    allowedDays = Math.min(scheduleMax(ruleSet, r.treatmentDay), r.programMaxDays ?? Number.POSITIVE_INFINITY);
    if (r.requestedDays > allowedDays) {
      findings.push({
        ruleId: 'take-homes.time-in-treatment',
        severity: 'hard-stop',
        message: `${r.requestedDays} take-home days requested on day ${r.treatmentDay}; at most ${allowedDays} allowed`,
        overrideBy: [],
        source: ruleSet.source,
      });
    }
  } else if (r.programMaxDays !== undefined) {
    allowedDays = r.programMaxDays;
    if (r.requestedDays > allowedDays)
      findings.push({
        ruleId: 'take-homes.program-policy',
        severity: 'hard-stop',
        message: `Program policy allows at most ${allowedDays} take-home days`,
        overrideBy: ['medical-director'],
        source: 'Program policy',
      });
  }
  if (r.requestedDays > 0) {
    const missing = takeHomeCriteria.filter((c) => !r.documented.includes(c));
    if (missing.length) {
      findings.push({
        ruleId: 'take-homes.criteria-documented',
        severity: 'hard-stop',
        message: `Document the practitioner's consideration of: ${missing.join(', ')}`,
        overrideBy: [],
        source: '42 CFR 8.12(i) (2024) [S21]',
      });
    }
  }
  return { allowedDays, findings };
}
