/**
 * Medication and take-home rules by jurisdiction and effective date. The federal 2024 revision of
 * 42 CFR 8.12 took effect 2 April 2024 (89 FR 7528) [S21]; before it the 2001 text applied [S22].
 * Virginia (12VAC35-105-990) layers stricter take-home steps on the federal rule [S48].
 */
export type Jurisdiction = 'federal' | 'virginia';

export interface TakeHomeStep {
  /** First day of treatment (day 1 = admission / first-dose day) this step applies from. */
  fromDay: number;
  maxDays: number;
}

export interface RuleSet {
  id: 'federal-2024' | 'federal-2001' | 'virginia-2024';
  effectiveFrom: string;
  methadone: {
    /** Day-1 total above which a practitioner must document the reason (2024: 50 mg; 2001: 40 mg). */
    day1TotalMg: number;
    /** Largest first single dose (2001 only: 30 mg). */
    firstDoseMaxMg: number | null;
  };
  /** Methadone take-home supply by time in treatment (excludes closure-day doses). */
  takeHomeSteps: TakeHomeStep[];
  source: string;
}

const federal2024: RuleSet = {
  id: 'federal-2024',
  effectiveFrom: '2024-04-02',
  methadone: { day1TotalMg: 50, firstDoseMaxMg: null },
  takeHomeSteps: [
    { fromDay: 1, maxDays: 7 },
    { fromDay: 15, maxDays: 14 },
    { fromDay: 31, maxDays: 28 },
  ],
  source: '42 CFR 8.12(h)(3)(ii), 8.12(i) as revised, 89 FR 7528 (2024)',
};

// The 2001 schedule was in doses per week for the first 270 days; expressed here as the largest
// supply at once (1, 2, 3 per week → 1, 2, 3 days; then 6 days, 14 days, 1 month) [S22].
const federal2001: RuleSet = {
  id: 'federal-2001',
  effectiveFrom: '2001-05-18',
  methadone: { day1TotalMg: 40, firstDoseMaxMg: 30 },
  takeHomeSteps: [
    { fromDay: 1, maxDays: 1 },
    { fromDay: 91, maxDays: 2 },
    { fromDay: 181, maxDays: 3 },
    { fromDay: 271, maxDays: 6 },
    { fromDay: 366, maxDays: 14 },
    { fromDay: 731, maxDays: 31 },
  ],
  source: '42 CFR 8.12 (2001) [S22]; TIP 43',
};

// Virginia, 12VAC35-105-990 [S48]: 1 take-home in days 1–7, 5 days on 8–30, 14 on 31–60, 28 after.
const virginia2024: RuleSet = {
  ...federal2024,
  id: 'virginia-2024',
  takeHomeSteps: [
    { fromDay: 1, maxDays: 1 },
    { fromDay: 8, maxDays: 5 },
    { fromDay: 31, maxDays: 14 },
    { fromDay: 61, maxDays: 28 },
  ],
  source: '12VAC35-105-990 on top of 42 CFR 8.12 (2024) [S48]',
};

/** The rule set in force in a jurisdiction on a date. */
export function ruleSetFor(jurisdiction: Jurisdiction, onDate: Date): RuleSet {
  const day = onDate.toISOString().slice(0, 10);
  if (day < federal2024.effectiveFrom) return federal2001;
  return jurisdiction === 'virginia' ? virginia2024 : federal2024;
}

export const ruleSets = { federal2024, federal2001, virginia2024 };
