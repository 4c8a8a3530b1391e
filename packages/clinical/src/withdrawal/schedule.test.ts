import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultObservationSchedule as s, isOverdue, nextCheckDue, peakWindow } from './schedule';

const start = new Date('2026-11-20T08:00:00Z');
const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000);

describe('next withdrawal check', () => {
  it('is due at once before the first observation', () => {
    expect(nextCheckDue({ schedule: s, startedAt: start })).toEqual({ dueAt: start, intervalMinutes: 0, reason: 'first-check' });
  });
  it('is two-hourly inside the first 72 hours when COWS is below 13', () => {
    const n = nextCheckDue({ schedule: s, startedAt: start, lastObservedAt: at(10), lastCows: 12 });
    expect(n.intervalMinutes).toBe(120);
    expect(n.reason).toBe('peak-window');
    expect(n.dueAt).toEqual(at(12));
  });
  it('is hourly while COWS ≥ 13 (edge 12/13)', () => {
    expect(nextCheckDue({ schedule: s, startedAt: start, lastObservedAt: at(10), lastCows: 13 }).intervalMinutes).toBe(60);
    expect(nextCheckDue({ schedule: s, startedAt: start, lastObservedAt: at(100), lastCows: 13 }).reason).toBe('cows-high');
  });
  it('is four-hourly after 72 hours with a low score (edge 71.9/72)', () => {
    expect(nextCheckDue({ schedule: s, startedAt: start, lastObservedAt: at(71.9), lastCows: 4 }).intervalMinutes).toBe(120);
    expect(nextCheckDue({ schedule: s, startedAt: start, lastObservedAt: at(72), lastCows: 4 }).intervalMinutes).toBe(240);
  });
  it('follows a program’s own schedule', () => {
    const custom = { ...s, intensiveFromCows: 8, intensiveEveryMinutes: 30, peakWindowHours: 48 };
    expect(nextCheckDue({ schedule: custom, startedAt: start, lastObservedAt: at(50), lastCows: 8 }).intervalMinutes).toBe(30);
    expect(nextCheckDue({ schedule: custom, startedAt: start, lastObservedAt: at(50), lastCows: 7 }).intervalMinutes).toBe(240);
  });
  it('is overdue only after the grace period', () => {
    const n = nextCheckDue({ schedule: s, startedAt: start, lastObservedAt: at(0), lastCows: 5 });
    expect(isOverdue(n, s, new Date(n.dueAt.getTime() + 15 * 60_000))).toBe(false);
    expect(isOverdue(n, s, new Date(n.dueAt.getTime() + 15 * 60_000 + 1))).toBe(true);
  });
  it('marks the 72-hour window', () => {
    expect(peakWindow(start, at(71), s)).toEqual({ hours: 71, inWindow: true });
    expect(peakWindow(start, at(72), s).inWindow).toBe(false);
  });
  it('never schedules a check later than the routine interval nor before the observation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 48 }), (h, cows) => {
        const n = nextCheckDue({ schedule: s, startedAt: start, lastObservedAt: at(h), lastCows: cows });
        expect(n.intervalMinutes).toBeGreaterThan(0);
        expect(n.intervalMinutes).toBeLessThanOrEqual(s.routineEveryMinutes);
        expect(n.dueAt.getTime()).toBeGreaterThan(at(h).getTime());
      }),
    );
  });
});
