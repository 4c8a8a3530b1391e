import { describe, expect, it } from 'vitest';
import { completionReadiness } from './completion';

const start = new Date('2026-11-01T08:00:00Z');
const at = (h: number) => new Date(start.getTime() + h * 3_600_000);
const criteria = { expectedDays: { min: 5, max: 14 }, settledBelowCows: 5, settledHours: 24 };

describe('withdrawal-management completion criteria', () => {
  it('is ready from day 5 with every COWS below 5 for 24 hours', () => {
    const r = completionReadiness({
      criteria,
      startedAt: start,
      now: at(100),
      cows: [
        { total: 3, at: at(80) },
        { total: 4, at: at(90) },
        { total: 2, at: at(99) },
      ],
    });
    expect(r).toMatchObject({ day: 5, settled: true, ready: true, reasons: [] });
  });
  it('is not ready on day 4, or with a score of 5 in the window, or with no scores', () => {
    expect(completionReadiness({ criteria, startedAt: start, now: at(95), cows: [{ total: 1, at: at(90) }] }).reasons[0]).toContain('Day 4');
    expect(completionReadiness({ criteria, startedAt: start, now: at(100), cows: [{ total: 5, at: at(90) }] }).settled).toBe(false);
    expect(completionReadiness({ criteria, startedAt: start, now: at(100), cows: [{ total: 1, at: at(70) }] }).reasons).toEqual(['No COWS in the last 24 h']);
  });
  it('notes a stay beyond the expected length', () => {
    expect(completionReadiness({ criteria, startedAt: start, now: at(15 * 24), cows: [{ total: 0, at: at(15 * 24 - 1) }] }).beyondExpected).toBe(true);
  });
});
