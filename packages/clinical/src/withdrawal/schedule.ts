/**
 * The withdrawal-management clock: when the next check is due. Program protocol, not regulation,
 * so every number is configurable (clinical.md §1.1 bands; §5.2 "objective signs" for induction).
 * Defaults: hourly while COWS ≥ 13 (moderate or worse), two-hourly in the first 72 hours,
 * four-hourly after.
 */
export interface ObservationSchedule {
  /** Interval while the latest COWS is at or above `intensiveFromCows`. */
  intensiveEveryMinutes: number;
  intensiveFromCows: number;
  /** Interval during the peak window after admission. */
  peakWindowHours: number;
  peakEveryMinutes: number;
  /** Interval after the peak window when scores are low. */
  routineEveryMinutes: number;
  /** A check is overdue this long after it was due. */
  graceMinutes: number;
}

export const defaultObservationSchedule: ObservationSchedule = {
  intensiveEveryMinutes: 60,
  intensiveFromCows: 13,
  peakWindowHours: 72,
  peakEveryMinutes: 120,
  routineEveryMinutes: 240,
  graceMinutes: 15,
};

export interface ScheduleInput {
  schedule: ObservationSchedule;
  /** Start of withdrawal management (admission to the unit). */
  startedAt: Date;
  /** The latest observation, if any. */
  lastObservedAt?: Date;
  lastCows?: number;
}

export interface NextCheck {
  dueAt: Date;
  intervalMinutes: number;
  reason: 'first-check' | 'cows-high' | 'peak-window' | 'routine';
}

const minute = 60_000;

/** The next check: from the latest observation (or the start), at the tightest interval that applies. */
export function nextCheckDue(input: ScheduleInput): NextCheck {
  const { schedule: s, startedAt, lastObservedAt, lastCows } = input;
  if (!lastObservedAt) return { dueAt: startedAt, intervalMinutes: 0, reason: 'first-check' };
  const hoursIn = (lastObservedAt.getTime() - startedAt.getTime()) / 3_600_000;
  let intervalMinutes = s.routineEveryMinutes;
  let reason: NextCheck['reason'] = 'routine';
  if (hoursIn < s.peakWindowHours && s.peakEveryMinutes < intervalMinutes) {
    intervalMinutes = s.peakEveryMinutes;
    reason = 'peak-window';
  }
  if (lastCows !== undefined && lastCows >= s.intensiveFromCows && s.intensiveEveryMinutes <= intervalMinutes) {
    intervalMinutes = s.intensiveEveryMinutes;
    reason = 'cows-high';
  }
  return { dueAt: new Date(lastObservedAt.getTime() + intervalMinutes * minute), intervalMinutes, reason };
}

/** Overdue once the grace period after the due time has passed. */
export function isOverdue(next: NextCheck, schedule: ObservationSchedule, now: Date): boolean {
  return now.getTime() > next.dueAt.getTime() + schedule.graceMinutes * minute;
}

/** Hours since the start, and whether the patient is still inside the peak window. */
export function peakWindow(startedAt: Date, now: Date, schedule: ObservationSchedule) {
  const hours = (now.getTime() - startedAt.getTime()) / 3_600_000;
  return { hours, inWindow: hours < schedule.peakWindowHours };
}
