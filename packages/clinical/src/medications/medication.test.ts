import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBrixadiStrength, checkBuprenorphineDaily, checkBuprenorphineFirstDose, checkSublocadeInterval } from './buprenorphine';
import { checkLofexidineAdministration, checkLofexidineOrder, isLofexidine, lofexidineProtocolProblems } from './lofexidine';
import { checkMethadoneDay1, checkMethadoneDoseChange } from './methadone';
import { hasHardStop } from '../checks';
import { checkNaltrexoneStart } from './naltrexone';
import { ruleSetFor, ruleSets } from './rule-sets';

const y2026 = ruleSetFor('federal', new Date('2026-06-01'));
const ids = (f: { ruleId: string }[]) => f.map((x) => x.ruleId);

describe('methadone day 1 (clinical.md §5.1)', () => {
  it('M1: 30 + 10 → OK', () => expect(checkMethadoneDay1(y2026, [30, 10], false)).toEqual([]));
  it('M2: 30+10+10+10 → blocked unless the practitioner documents why', () => {
    expect(ids(checkMethadoneDay1(y2026, [30, 10, 10, 10], false))).toEqual(['methadone.day1-total']);
    // A documented override lifts the stop but the finding still comes back, marked with who and why.
    const overridden = checkMethadoneDay1(y2026, [30, 10, 10, 10], {
      role: 'prescriber',
      by: 'Dr Ames',
      reason: 'Tolerance from fentanyl use; observed 3 h after 40 mg',
    });
    expect(ids(overridden)).toEqual(['methadone.day1-total']);
    expect(overridden[0].overridden).toEqual({ role: 'prescriber', by: 'Dr Ames', reason: 'Tolerance from fentanyl use; observed 3 h after 40 mg' });
    expect(hasHardStop(overridden)).toBe(false);
    // The older boolean form still lifts the stop, and still returns the finding.
    expect(checkMethadoneDay1(y2026, [30, 10, 10, 10], true)[0].overridden).toMatchObject({ role: 'prescriber' });
    expect(hasHardStop(checkMethadoneDay1(y2026, [30, 10, 10, 10], true))).toBe(false);
    // A role the rule does not name cannot override it; an empty reason is refused.
    const byNurse = checkMethadoneDay1(y2026, [30, 10, 10, 10], { role: 'nurse', by: 'N', reason: 'asked' });
    expect(byNurse[0].overridden).toBeUndefined();
    expect(hasHardStop(byNurse)).toBe(true);
    expect(() => checkMethadoneDay1(y2026, [30, 10, 10, 10], { role: 'prescriber', by: 'Dr Ames', reason: '  ' })).toThrow(/reason/);
    expect(checkMethadoneDay1(y2026, [30, 10, 10], false)).toEqual([]);
    expect(checkMethadoneDay1(y2026, [30, 10, 10, 1], false)[0].overrideBy).toEqual(['prescriber']);
  });
  it('M2b: an override never lifts the 2001 first-dose stop, which nobody may override', () => {
    const f = checkMethadoneDay1(ruleSets.federal2001, [35, 10], { role: 'prescriber', by: 'Dr Ames', reason: 'x-tolerant' });
    expect(f.find((x) => x.ruleId === 'methadone.first-dose')?.overridden).toBeUndefined();
    expect(hasHardStop(f)).toBe(true);
  });
  it('M3: same under the 2001 rule set → 40 mg total needs documentation', () => {
    expect(ids(checkMethadoneDay1(ruleSets.federal2001, [30, 10, 10, 10], false))).toEqual(['methadone.day1-total']);
    expect(checkMethadoneDay1(ruleSets.federal2001, [30, 10], false)).toEqual([]);
  });
  it('M4: initial 35 mg under 2001 → violates the 30 mg first-dose limit', () => {
    expect(ids(checkMethadoneDay1(ruleSets.federal2001, [35], false))).toEqual(['methadone.first-dose']);
    expect(checkMethadoneDay1(y2026, [35], false)).toEqual([]);
  });
  it('refuses nonsense doses', () => {
    expect(() => checkMethadoneDay1(y2026, [], false)).toThrow(/dosesMg/);
    expect(() => checkMethadoneDay1(y2026, [-5], false)).toThrow(/dosesMg.0/);
  });
});

describe('methadone titration and QTc', () => {
  it('warns on a big step, a short interval, crossing 100 mg and each QTc tier', () => {
    expect(checkMethadoneDoseChange({ currentMg: 60, newMg: 70, daysSinceLastIncrease: 3 })).toEqual([]);
    expect(ids(checkMethadoneDoseChange({ currentMg: 60, newMg: 75, daysSinceLastIncrease: 2 }))).toEqual([
      'methadone.titration-step',
      'methadone.titration-interval',
    ]);
    expect(ids(checkMethadoneDoseChange({ currentMg: 100, newMg: 110, daysSinceLastIncrease: 7 }))).toEqual(['methadone.ecg-over-100']);
    expect(ids(checkMethadoneDoseChange({ currentMg: 110, newMg: 120, daysSinceLastIncrease: 7 }))).toEqual([]);
    expect(ids(checkMethadoneDoseChange({ currentMg: 80, newMg: 80, daysSinceLastIncrease: null, latestQtcMs: 449 }))).toEqual([]);
    expect(ids(checkMethadoneDoseChange({ currentMg: 80, newMg: 80, daysSinceLastIncrease: null, latestQtcMs: 450 }))).toEqual(['methadone.qtc-450-500']);
    expect(ids(checkMethadoneDoseChange({ currentMg: 80, newMg: 80, daysSinceLastIncrease: null, latestQtcMs: 501 }))).toEqual(['methadone.qtc-over-500']);
  });
});

describe('buprenorphine', () => {
  it('B2: 32 mg/day is a warning, never a hard stop', () => {
    const f = checkBuprenorphineDaily(32, 10);
    expect(ids(f)).toEqual(['buprenorphine.over-24mg']);
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 200, noNaN: true }), fc.integer({ min: 1, max: 400 }), (mg, day) =>
        checkBuprenorphineDaily(mg, day).every((x) => x.severity === 'warning'),
      ),
    );
  });
  it('label day-1 8 mg and day-2 16 mg totals warn above', () => {
    expect(checkBuprenorphineDaily(8, 1)).toEqual([]);
    expect(ids(checkBuprenorphineDaily(12, 1))).toEqual(['buprenorphine.induction-day-total']);
    expect(checkBuprenorphineDaily(16, 2)).toEqual([]);
    expect(() => checkBuprenorphineDaily(0, 1)).toThrow(/totalMg/);
    expect(() => checkBuprenorphineDaily(8, 0)).toThrow(/treatmentDay/);
  });
  it('B1: Sublocade on day 25 after day 0 → stop; day 26 → fine', () => {
    const d0 = new Date('2026-03-01T10:00:00Z');
    expect(ids(checkSublocadeInterval(d0, new Date('2026-03-26T10:00:00Z')))).toEqual(['sublocade.interval']);
    expect(checkSublocadeInterval(d0, new Date('2026-03-27T10:00:00Z'))).toEqual([]);
    expect(checkSublocadeInterval(null, d0)).toEqual([]);
  });
  it('Brixadi strengths', () => {
    expect(() => checkBrixadiStrength('weekly', 16)).not.toThrow();
    expect(() => checkBrixadiStrength('monthly', 100)).toThrow(/64, 96, 128/);
    expect(() => checkBrixadiStrength('daily' as never, 8)).toThrow(/schedule/);
  });
  it('B3: a first dose below the configured COWS threshold warns', () => {
    const f = checkBuprenorphineFirstDose({ ready: false, reasons: ['COWS 5 is below 8'] });
    expect(f[0]).toMatchObject({ severity: 'warning', overrideBy: ['prescriber'] });
    expect(f[0].message).toContain('Below the configured');
    expect(checkBuprenorphineFirstDose({ ready: true, reasons: [] })).toEqual([]);
  });
});

describe('naltrexone and lofexidine', () => {
  const start = new Date('2026-05-10T09:00:00Z');
  it('5 days after heroin → stop, suggesting a naloxone challenge; 7 days → fine; 14 after methadone', () => {
    const f = checkNaltrexoneStart({ at: new Date('2026-05-05T09:00:00Z'), kind: 'short_acting' }, start);
    expect(f[0].message).toMatch(/naloxone challenge/);
    expect(checkNaltrexoneStart({ at: new Date('2026-05-03T09:00:00Z'), kind: 'short_acting' }, start)).toEqual([]);
    expect(ids(checkNaltrexoneStart({ at: new Date('2026-04-30T09:00:00Z'), kind: 'long_acting' }, start))).toEqual(['naltrexone.opioid-free-days']);
    expect(checkNaltrexoneStart({ at: new Date('2026-04-26T09:00:00Z'), kind: 'long_acting' }, start)).toEqual([]);
    expect(() => checkNaltrexoneStart({ at: new Date('2026-06-01'), kind: 'short_acting' }, start)).toThrow(/before/);
  });
  it('lofexidine: 4 tablets × 5 doses = 3.6 mg/day is blocked; 4 × 4 = 2.88 is allowed', () => {
    expect(ids(checkLofexidineOrder(0.72, 5))).toEqual(['lofexidine.daily-max']);
    expect(checkLofexidineOrder(0.72, 4)).toEqual([]);
    expect(ids(checkLofexidineOrder(0.9, 2))).toEqual(['lofexidine.single-max']);
    expect(() => checkLofexidineOrder(0, 1)).toThrow(/doseMg/);
    expect(() => checkLofexidineOrder(0.18, 0)).toThrow(/dosesPerDay/);
  });
});

describe('lofexidine: the label is the one source (issue 12)', () => {
  it('checks one administration against the single-dose and 24-hour maxima, with no override', () => {
    expect(checkLofexidineAdministration(0.54, 2.16)).toEqual([]);
    expect(ids(checkLofexidineAdministration(0.9, 0))).toEqual(['lofexidine.single-max']);
    const daily = checkLofexidineAdministration(0.54, 2.7);
    expect(ids(daily)).toEqual(['lofexidine.daily-max']);
    expect(daily[0].overrideBy).toEqual([]);
    expect(() => checkLofexidineAdministration(0.54, -1)).toThrow(/givenInPast24hMg/);
  });
  it('lets a protocol be stricter, never looser, and requires its daily maximum', () => {
    expect(lofexidineProtocolProblems({ doseMg: 0.54, maxDailyMg: 2.16 })).toEqual([]);
    expect(lofexidineProtocolProblems({ doseMg: 0.9, maxDailyMg: 2.88 }).map((p) => p.field)).toEqual(['doseMg']);
    expect(lofexidineProtocolProblems({ doseMg: 0.54, maxDailyMg: 3.2 }).map((p) => p.field)).toEqual(['maxDailyMg']);
    expect(lofexidineProtocolProblems({ doseMg: 0.54 }).map((p) => p.field)).toEqual(['maxDailyMg']);
    expect(isLofexidine({ key: 'lucemyra', name: 'x' })).toBe(true);
    expect(isLofexidine({ key: 'clonidine', name: 'Clonidine 0.1 mg' })).toBe(false);
  });
});
