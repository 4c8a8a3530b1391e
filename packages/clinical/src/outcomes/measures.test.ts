import { describe, expect, it } from 'vitest';
import { followUpReach, iet, isTreatmentPeriodStart, negativeScreenRate, podCompliance, retention, type MedicationEvent } from './measures';

const d = (s: string) => new Date(`${s}T12:00:00Z`);
const fills = (start: string, n: number, lateByDays = 0, lateAt = -1): MedicationEvent[] => {
  const out: MedicationEvent[] = [];
  let t = d(start).getTime();
  for (let i = 0; i < n; i++) {
    if (i === lateAt) t += lateByDays * 86_400_000;
    out.push({ start: new Date(t), daysSupply: 30, medication: 'bup-nx' });
    t += 30 * 86_400_000;
  }
  return out;
};

describe('HEDIS POD (clinical.md §8.1 cases)', () => {
  it('POD1: back-to-back 30-day fills from 1 Jan → compliant', () => expect(podCompliance(fills('2025-01-01', 6), d('2025-01-01')).compliant).toBe(true));
  it('POD2: one refill 7 days late → compliant', () =>
    expect(podCompliance(fills('2025-01-01', 7, 7, 3), d('2025-01-01'))).toMatchObject({ compliant: true, longestGap: 7 }));
  it('POD3: one refill 8 days late → not compliant', () =>
    expect(podCompliance(fills('2025-01-01', 7, 8, 3), d('2025-01-01'))).toMatchObject({ compliant: false, longestGap: 8 }));
  it('POD4: a 10-day inpatient stay removes the start from the denominator', () => {
    expect(
      podCompliance(fills('2025-01-01', 6), d('2025-01-01'), {
        periodDays: 180,
        gapDays: 8,
        inpatientStays: [{ admitted: d('2025-03-01'), discharged: d('2025-03-10') }],
      }).excluded,
    ).toBe(true);
    expect(
      podCompliance(fills('2025-01-01', 6), d('2025-01-01'), {
        periodDays: 180,
        gapDays: 8,
        inpatientStays: [{ admitted: d('2025-03-01'), discharged: d('2025-03-07') }],
      }).excluded,
    ).toBe(false);
  });
  it('POD5: a fill 10 Dec means 5 Jan is not a treatment period start', () => {
    const events = [
      { start: d('2024-12-10'), daysSupply: 7, medication: 'bup' },
      { start: d('2025-01-05'), daysSupply: 30, medication: 'bup' },
    ];
    expect(isTreatmentPeriodStart(events, d('2025-01-05'))).toBe(false);
    expect(isTreatmentPeriodStart(events, d('2024-12-10'))).toBe(true);
    expect(() => podCompliance([{ start: d('2025-01-01'), daysSupply: 0, medication: 'x' }], d('2025-01-01'))).toThrow(/daysSupply/);
  });
  it('stacks overlapping supply of the same medication', () => {
    const events = [
      { start: d('2025-01-01'), daysSupply: 100, medication: 'm' },
      { start: d('2025-01-10'), daysSupply: 80, medication: 'm' },
    ];
    expect(podCompliance(events, d('2025-01-01')).compliant).toBe(true);
  });
});

describe('HEDIS IET (clinical.md §8.2 cases)', () => {
  it('I1/I2: first treatment on day 13 initiates, day 14 does not', () => {
    expect(iet(d('2025-03-01'), 'A', [{ date: d('2025-03-14'), kind: 'visit', provider: 'B' }]).initiated).toBe(true);
    expect(iet(d('2025-03-01'), 'A', [{ date: d('2025-03-15'), kind: 'visit', provider: 'B' }]).initiated).toBe(false);
  });
  it('I3/I4: same day counts with a different provider or a medication, not the same provider', () => {
    expect(iet(d('2025-03-01'), 'A', [{ date: d('2025-03-01'), kind: 'visit', provider: 'B' }]).initiated).toBe(true);
    expect(iet(d('2025-03-01'), 'A', [{ date: d('2025-03-01'), kind: 'medication' }]).initiated).toBe(true);
    expect(iet(d('2025-03-01'), 'A', [{ date: d('2025-03-01'), kind: 'visit', provider: 'A' }]).initiated).toBe(false);
  });
  it('I5/I6: one naltrexone injection engages; one visit alone does not', () => {
    expect(
      iet(d('2025-03-01'), 'A', [
        { date: d('2025-03-03'), kind: 'visit', provider: 'B' },
        { date: d('2025-03-20'), kind: 'long-acting-medication' },
      ]).engaged,
    ).toBe(true);
    expect(
      iet(d('2025-03-01'), 'A', [
        { date: d('2025-03-03'), kind: 'visit', provider: 'B' },
        { date: d('2025-03-10'), kind: 'visit', provider: 'B' },
      ]).engaged,
    ).toBe(false);
    expect(
      iet(d('2025-03-01'), 'A', [
        { date: d('2025-03-03'), kind: 'visit', provider: 'B' },
        { date: d('2025-03-10'), kind: 'visit', provider: 'B' },
        { date: d('2025-03-17'), kind: 'visit', provider: 'C' },
      ]).engaged,
    ).toBe(true);
    expect(
      iet(d('2025-03-01'), 'A', [
        { date: d('2025-03-03'), kind: 'visit', provider: 'B' },
        { date: d('2025-04-08'), kind: 'otp-medication' },
      ]).engaged,
    ).toBe(false);
  });
});

describe('program outcomes', () => {
  it('retention at 30/90/180 days among episodes old enough to tell', () => {
    const eps = [
      { admittedAt: d('2025-01-01'), dischargedAt: null },
      { admittedAt: d('2025-01-01'), dischargedAt: d('2025-02-15') },
      { admittedAt: d('2025-01-01'), dischargedAt: d('2025-01-20') },
      { admittedAt: d('2025-06-20'), dischargedAt: null },
    ];
    expect(retention(eps, d('2025-07-15'))).toEqual([
      { days: 30, eligible: 3, retained: 2, rate: 2 / 3 },
      { days: 90, eligible: 3, retained: 1, rate: 1 / 3 },
      { days: 180, eligible: 3, retained: 1, rate: 1 / 3 },
    ]);
    expect(retention([], d('2025-07-15'))[0].rate).toBeNull();
  });
  it('negative-screen rate and follow-up reach', () => {
    expect(
      negativeScreenRate([{ negativeForTargets: true }, { negativeForTargets: false }, { negativeForTargets: true }, { negativeForTargets: true }]).rate,
    ).toBe(0.75);
    expect(negativeScreenRate([]).rate).toBeNull();
    const r = followUpReach(
      [
        { dueAt: d('2025-01-10'), reachedAt: d('2025-01-12') },
        { dueAt: d('2025-01-10'), reachedAt: d('2025-01-30') },
        { dueAt: d('2025-01-10'), reachedAt: null },
        { dueAt: d('2025-03-01'), reachedAt: null },
      ],
      d('2025-02-01'),
    );
    expect(r).toEqual({ due: 3, reached: 1, rate: 1 / 3 });
  });
});
