/**
 * SAMHSA's per-patient limit on CM incentives for its grantees: $750 a year since January 2025 (was $75)
 * [S35]; whether it still stands is UNVERIFIED, so the cap is configurable. Warn near it, stop at it.
 */
export interface CapRule {
  yearlyCap: number;
  warnAtShare: number;
}
export const samhsa2025Cap: CapRule = { yearlyCap: 750, warnAtShare: 0.8 };

/** What may actually be awarded: never more than what is left under the cap. */
export function applyCap(rule: CapRule, earnedInPastYear: number, proposed: number) {
  const left = Math.max(0, rule.yearlyCap - earnedInPastYear);
  const award = Math.round(Math.min(proposed, left) * 100) / 100;
  const after = earnedInPastYear + award;
  return {
    award,
    capped: award < proposed,
    atCap: after >= rule.yearlyCap,
    warning: after >= rule.yearlyCap * rule.warnAtShare ? `CM incentives this year: $${after.toFixed(2)} of the $${rule.yearlyCap} cap` : null,
  };
}
