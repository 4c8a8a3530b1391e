/**
 * Buprenorphine induction readiness (clinical.md §5.2): objective withdrawal (COWS at or above the
 * protocol threshold, commonly ≥ 8; some fentanyl protocols use ≥ 13) and enough time since the last
 * opioid (usually ≥ 12 h after short-acting, 24–72 h after long-acting such as methadone). Local
 * protocol, not regulation: every threshold is configurable.
 */
export interface InductionThresholds {
  minCows: number;
  minHoursShortActing: number;
  minHoursLongActing: number;
  /** The COWS relied on must be this recent. */
  cowsMaxAgeMinutes: number;
}

export interface InductionInput {
  thresholds: InductionThresholds;
  latestCows?: { total: number; observedAt: Date };
  lastUseAt?: Date | null;
  lastUseKind: 'short_acting' | 'long_acting' | 'unknown';
  now: Date;
}

export interface InductionReadiness {
  ready: boolean;
  cowsMet: boolean;
  hoursMet: boolean;
  hoursSinceUse: number | null;
  hoursRequired: number;
  /** What is still missing, in the nurse's words. */
  reasons: string[];
}

export function inductionReadiness(input: InductionInput): InductionReadiness {
  const { thresholds: t, latestCows, lastUseAt, lastUseKind, now } = input;
  const reasons: string[] = [];
  // Unknown last-use type is treated as long-acting: the safer wait (precipitated withdrawal).
  const hoursRequired = lastUseKind === 'short_acting' ? t.minHoursShortActing : t.minHoursLongActing;
  const cowsFresh = latestCows && now.getTime() - latestCows.observedAt.getTime() <= t.cowsMaxAgeMinutes * 60_000;
  const cowsMet = Boolean(cowsFresh && latestCows!.total >= t.minCows);
  if (!latestCows) reasons.push('No COWS recorded yet');
  else if (!cowsFresh) reasons.push(`Latest COWS is older than ${t.cowsMaxAgeMinutes} minutes: score again`);
  else if (!cowsMet) reasons.push(`COWS ${latestCows.total} is below ${t.minCows}`);
  const hoursSinceUse = lastUseAt ? (now.getTime() - lastUseAt.getTime()) / 3_600_000 : null;
  const hoursMet = hoursSinceUse !== null && hoursSinceUse >= hoursRequired;
  if (hoursSinceUse === null) reasons.push('Time of last opioid use not recorded');
  else if (!hoursMet)
    reasons.push(
      `${hoursSinceUse.toFixed(1)} h since last use; ${hoursRequired} h needed after ${lastUseKind === 'short_acting' ? 'a short-acting' : 'a long-acting or unknown'} opioid`,
    );
  return { ready: cowsMet && hoursMet, cowsMet, hoursMet, hoursSinceUse, hoursRequired, reasons };
}
