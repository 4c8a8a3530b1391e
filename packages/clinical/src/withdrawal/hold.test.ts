import { describe, expect, it } from 'vitest';
import { checkHoldParameters } from './hold';

const now = new Date('2026-11-20T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const clonidine = { systolicBelow: 90, heartRateBelow: 60, vitalsMaxAgeMinutes: 60 };

describe('hold parameters (clonidine: hold if SBP < 90 or HR < 60, configurable)', () => {
  it('gives when vitals are at the limits', () => {
    expect(checkHoldParameters(clonidine, { systolic: 90, heartRate: 60 }, minutesAgo(10), now)).toEqual({ hold: false, reasons: [], needsVitals: false });
  });
  it('holds below either limit, saying why', () => {
    expect(checkHoldParameters(clonidine, { systolic: 89, heartRate: 70 }, minutesAgo(10), now).reasons).toEqual(['Systolic BP 89 < 90']);
    expect(checkHoldParameters(clonidine, { systolic: 120, heartRate: 59 }, minutesAgo(10), now).reasons).toEqual(['Heart rate 59 < 60']);
    expect(checkHoldParameters({ diastolicBelow: 50, vitalsMaxAgeMinutes: 30 }, { diastolic: 49 }, minutesAgo(1), now).hold).toBe(true);
  });
  it('asks for fresh vitals when they are missing or stale', () => {
    expect(checkHoldParameters(clonidine, undefined, undefined, now).needsVitals).toBe(true);
    expect(checkHoldParameters(clonidine, { systolic: 120, heartRate: 80 }, minutesAgo(61), now).needsVitals).toBe(true);
    expect(checkHoldParameters(clonidine, { systolic: 120 }, minutesAgo(5), now).needsVitals).toBe(true);
  });
  it('has nothing to check for a medication without parameters', () => {
    expect(checkHoldParameters({ vitalsMaxAgeMinutes: 60 }, undefined, undefined, now).hold).toBe(false);
  });
});
