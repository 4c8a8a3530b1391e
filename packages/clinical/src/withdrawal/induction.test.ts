import { describe, expect, it } from 'vitest';
import { inductionReadiness } from './induction';

const t = { minCows: 8, minHoursShortActing: 12, minHoursLongActing: 24, cowsMaxAgeMinutes: 60 };
const now = new Date('2026-11-20T20:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe('buprenorphine induction readiness (COWS ≥ 8 and ≥ 12 h / 24 h since last use, configurable)', () => {
  it('is ready at both thresholds exactly', () => {
    const r = inductionReadiness({
      thresholds: t,
      latestCows: { total: 8, observedAt: hoursAgo(0.5) },
      lastUseAt: hoursAgo(12),
      lastUseKind: 'short_acting',
      now,
    });
    expect(r).toMatchObject({ ready: true, cowsMet: true, hoursMet: true, hoursRequired: 12, reasons: [] });
  });
  it('is not ready one point or a few minutes short', () => {
    expect(
      inductionReadiness({ thresholds: t, latestCows: { total: 7, observedAt: hoursAgo(0.5) }, lastUseAt: hoursAgo(13), lastUseKind: 'short_acting', now })
        .reasons,
    ).toEqual(['COWS 7 is below 8']);
    const r = inductionReadiness({
      thresholds: t,
      latestCows: { total: 10, observedAt: hoursAgo(0.5) },
      lastUseAt: hoursAgo(11.9),
      lastUseKind: 'short_acting',
      now,
    });
    expect(r.ready).toBe(false);
    expect(r.reasons[0]).toContain('12 h needed');
  });
  it('waits longer after methadone, and treats unknown as long-acting', () => {
    expect(
      inductionReadiness({ thresholds: t, latestCows: { total: 12, observedAt: hoursAgo(0.2) }, lastUseAt: hoursAgo(20), lastUseKind: 'long_acting', now })
        .hoursMet,
    ).toBe(false);
    expect(
      inductionReadiness({ thresholds: t, latestCows: { total: 12, observedAt: hoursAgo(0.2) }, lastUseAt: hoursAgo(20), lastUseKind: 'unknown', now })
        .hoursRequired,
    ).toBe(24);
    expect(
      inductionReadiness({ thresholds: t, latestCows: { total: 12, observedAt: hoursAgo(0.2) }, lastUseAt: hoursAgo(24), lastUseKind: 'long_acting', now })
        .ready,
    ).toBe(true);
  });
  it('needs a recent score and a recorded last use', () => {
    const r = inductionReadiness({ thresholds: t, latestCows: { total: 12, observedAt: hoursAgo(1.1) }, lastUseAt: null, lastUseKind: 'short_acting', now });
    expect(r.ready).toBe(false);
    expect(r.reasons).toHaveLength(2);
    expect(inductionReadiness({ thresholds: t, lastUseAt: hoursAgo(30), lastUseKind: 'short_acting', now }).reasons).toEqual(['No COWS recorded yet']);
  });
  it('follows a fentanyl protocol’s higher threshold', () => {
    expect(
      inductionReadiness({
        thresholds: { ...t, minCows: 13 },
        latestCows: { total: 12, observedAt: hoursAgo(0.1) },
        lastUseAt: hoursAgo(30),
        lastUseKind: 'short_acting',
        now,
      }).ready,
    ).toBe(false);
  });
});
