/**
 * Whether withdrawal management looks complete: the expected length (typically 5–14 days, set per
 * protocol) reached and withdrawal settled — every COWS in the last `settledHours` below `settledBelowCows`
 * (default: below 5, i.e. "below mild", clinical.md §1.1), with at least one score in that window.
 * Program protocol, not regulation: a clinician may complete earlier with a recorded reason.
 */
export interface CompletionCriteria {
  expectedDays: { min: number; max: number };
  settledBelowCows: number;
  settledHours: number;
}

export const defaultCompletionCriteria: Omit<CompletionCriteria, 'expectedDays'> = { settledBelowCows: 5, settledHours: 24 };

export function completionReadiness(input: { criteria: CompletionCriteria; startedAt: Date; now: Date; cows: { total: number; at: Date }[] }) {
  const { criteria: c, startedAt, now } = input;
  const day = Math.floor((now.getTime() - startedAt.getTime()) / 86_400_000) + 1;
  const since = now.getTime() - c.settledHours * 3_600_000;
  const recent = input.cows.filter((x) => x.at.getTime() >= since);
  const settled = recent.length > 0 && recent.every((x) => x.total < c.settledBelowCows);
  const reasons: string[] = [];
  if (day < c.expectedDays.min) reasons.push(`Day ${day} of an expected ${c.expectedDays.min}–${c.expectedDays.max}`);
  if (!settled)
    reasons.push(
      recent.length === 0 ? `No COWS in the last ${c.settledHours} h` : `COWS not below ${c.settledBelowCows} throughout the last ${c.settledHours} h`,
    );
  return { day, settled, beyondExpected: day > c.expectedDays.max, ready: reasons.length === 0, reasons };
}
