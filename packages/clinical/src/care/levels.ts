/** Levels of care, from most to least intensive (PRODUCT.md "Levels of care"). */
export const levelsOfCare = [
  'withdrawal_management',
  'residential',
  'partial_hospitalization',
  'intensive_outpatient',
  'outpatient',
  'opioid_treatment_program',
] as const;
export type LevelOfCare = (typeof levelsOfCare)[number];

export const levelLabels: Record<LevelOfCare, string> = {
  withdrawal_management: 'Withdrawal management',
  residential: 'Residential',
  partial_hospitalization: 'Partial hospitalization',
  intensive_outpatient: 'Intensive outpatient',
  outpatient: 'Outpatient',
  opioid_treatment_program: 'Opioid treatment program',
};

// Intensity for step-down / step-up. An OTP is ambulatory medication care, as intensive as outpatient.
const intensity: Record<LevelOfCare, number> = {
  withdrawal_management: 5,
  residential: 4,
  partial_hospitalization: 3,
  intensive_outpatient: 2,
  outpatient: 1,
  opioid_treatment_program: 1,
};

export function direction(from: LevelOfCare, to: LevelOfCare): 'step-down' | 'step-up' | 'lateral' {
  const d = intensity[to] - intensity[from];
  return d < 0 ? 'step-down' : d > 0 ? 'step-up' : 'lateral';
}

/** Where a patient may go on completing withdrawal management: every level below it. */
export type NextLevelAfterWithdrawal = Exclude<LevelOfCare, 'withdrawal_management'>;
export const nextLevelsAfterWithdrawal = levelsOfCare.filter((l) => l !== 'withdrawal_management') as [NextLevelAfterWithdrawal, ...NextLevelAfterWithdrawal[]];

/**
 * Levels where tolerance is lowered under supervision: leaving them (to a less protected level, or out)
 * carries the overdose risk that asks for naloxone and medication (clinical.md, overdose-risk.ts).
 */
export const protectedLevels: readonly LevelOfCare[] = ['withdrawal_management', 'residential'];
export function isProtectedLevel(level: string | null | undefined): boolean {
  return protectedLevels.includes(level as LevelOfCare);
}

/**
 * Levels of 24-hour care on a unit, whose medications the unit's nurses give from the medication
 * administration record (issue 9: "for residential and detox units"); other levels' patients take theirs
 * at home or at the dosing window.
 */
export const unitLevels: readonly LevelOfCare[] = ['withdrawal_management', 'residential'];

export const dischargeTypes = ['completed', 'against_advice', 'administrative', 'transferred', 'died'] as const;
export type DischargeType = (typeof dischargeTypes)[number];
