import type { RuleFinding } from '../checks';
import { ClinicalInputError } from '../errors';

const label = 'Buprenorphine labels; FDA 89 FR 105613 (2024) [S25]';

/** More than 24 mg/day is a warning asking for a rationale, never a hard stop (no labelled maximum). */
export function checkBuprenorphineDaily(totalMg: number, treatmentDay: number): RuleFinding[] {
  if (!Number.isFinite(totalMg) || totalMg <= 0 || totalMg > 200) throw new ClinicalInputError('totalMg', 'dose-mg', 'totalMg: a daily total in mg.');
  if (!Number.isInteger(treatmentDay) || treatmentDay < 1) throw new ClinicalInputError('treatmentDay', 'day-number', 'treatmentDay: 1 for the first day.');
  const findings: RuleFinding[] = [];
  // Label day-1 up to 8 mg, day-2 up to 16 mg; high-dose initiation is accepted practice [S25, S30].
  const dayLimit = treatmentDay === 1 ? 8 : treatmentDay === 2 ? 16 : null;
  if (dayLimit !== null && totalMg > dayLimit) {
    findings.push({
      ruleId: 'buprenorphine.induction-day-total',
      severity: 'warning',
      message: `${totalMg} mg on day ${treatmentDay} is above the label's ${dayLimit} mg: document the rationale (e.g. high-dose initiation)`,
      overrideBy: ['prescriber'],
      source: label,
    });
  }
  if (totalMg > 24) {
    findings.push({
      ruleId: 'buprenorphine.over-24mg',
      severity: 'warning',
      message: `${totalMg} mg/day is above 24 mg: document the rationale`,
      overrideBy: ['prescriber'],
      source: label,
    });
  }
  return findings;
}

/** Sublocade: at least 26 days between injections (label) [S26]. */
export function checkSublocadeInterval(lastInjection: Date | null, next: Date): RuleFinding[] {
  if (!lastInjection) return [];
  const days = Math.floor((next.getTime() - lastInjection.getTime()) / 86_400_000);
  if (days >= 26) return [];
  return [
    {
      ruleId: 'sublocade.interval',
      severity: 'hard-stop',
      message: `Only ${days} days since the last Sublocade injection; at least 26 are required`,
      overrideBy: [],
      source: 'Sublocade label [S26]',
    },
  ];
}

export const brixadiStrengthsMg = { weekly: [8, 16, 24, 32], monthly: [64, 96, 128] } as const;

/** Brixadi comes in fixed weekly and monthly strengths [S27]; anything else is not a product. */
export function checkBrixadiStrength(schedule: 'weekly' | 'monthly', mg: number): void {
  const allowed = brixadiStrengthsMg[schedule];
  if (!allowed) throw new ClinicalInputError('schedule', 'allowed-value', 'schedule: weekly or monthly.', ['weekly', 'monthly']);
  if (!(allowed as readonly number[]).includes(mg)) {
    throw new ClinicalInputError('doseMg', 'brixadi-strength', `doseMg: Brixadi ${schedule} comes in ${allowed.join(', ')} mg.`, allowed);
  }
}

/**
 * First dose against objective withdrawal and time since the last opioid (clinical.md §5.2): a local
 * protocol caution, so a warning a prescriber may proceed past with a reason (B3: COWS 5 with the
 * threshold at 8 → "below configured threshold").
 */
export function checkBuprenorphineFirstDose(readiness: { ready: boolean; reasons: string[] }): RuleFinding[] {
  if (readiness.ready) return [];
  return [
    {
      ruleId: 'buprenorphine.first-dose-readiness',
      severity: 'warning',
      message: `Below the configured induction thresholds: ${readiness.reasons.join('; ')} (risk of precipitated withdrawal)`,
      overrideBy: ['prescriber'],
      source: 'ASAM 2020; local protocol thresholds (clinical.md §5.2) [S23]',
    },
  ];
}
