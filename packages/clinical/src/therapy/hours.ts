import type { LevelOfCare } from '../care/levels';

/**
 * Clinical service hours per week by level of care (clinical.md §3.1, ASAM 3rd edition, adults):
 * IOP 2.1 ≥ 9 h, PHP 2.5 ≥ 20 h, low-intensity residential 3.1 ≥ 5 h; outpatient (Level 1) < 9 h.
 * The 3.3/3.5/3.7 and 4th-edition minimums are UNVERIFIED, so every value is a program setting with
 * these defaults, and a level without a stated minimum has none (null).
 */
export interface LevelHours {
  /** Minimum hours a week; below it the week is flagged. */
  minimum: number | null;
  /** Hours a week the level must stay under (Level 1 outpatient: < 9). */
  below: number | null;
}
export type ExpectedHours = Record<LevelOfCare, LevelHours>;

export const defaultExpectedHours: ExpectedHours = {
  withdrawal_management: { minimum: null, below: null },
  residential: { minimum: 5, below: null },
  partial_hospitalization: { minimum: 20, below: null },
  intensive_outpatient: { minimum: 9, below: null },
  outpatient: { minimum: null, below: 9 },
  opioid_treatment_program: { minimum: null, below: null },
};

export type HoursFlag = 'below-minimum' | 'above-level' | null;

/** Whether a week's hours fit the level: below its minimum, at or above its ceiling, or fine. */
export function hoursFlag(hours: number, expected: LevelHours): HoursFlag {
  if (expected.minimum !== null && hours < expected.minimum) return 'below-minimum';
  if (expected.below !== null && hours >= expected.below) return 'above-level';
  return null;
}
