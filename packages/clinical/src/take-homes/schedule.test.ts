import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleSetFor, ruleSets } from '../medications/rule-sets';
import { checkTakeHomes, scheduleMax, takeHomeCriteria } from './schedule';

const federal = ruleSetFor('federal', new Date('2026-01-01'));
const virginia = ruleSetFor('virginia', new Date('2026-01-01'));
const all = [...takeHomeCriteria];
const ok = (r: ReturnType<typeof checkTakeHomes>) => r.findings.length === 0;

describe('take-home doses (clinical.md §6.1 cases)', () => {
  it('T1: day 10, 8 days → deny', () =>
    expect(checkTakeHomes(federal, { medication: 'methadone', treatmentDay: 10, requestedDays: 8, closureDays: 0, documented: all }).findings[0].ruleId).toBe(
      'take-homes.time-in-treatment',
    ));
  it('T2: day 14, 7 days → allow with criteria', () =>
    expect(ok(checkTakeHomes(federal, { medication: 'methadone', treatmentDay: 14, requestedDays: 7, closureDays: 0, documented: all }))).toBe(true));
  it('T3: day 15, 14 days → allow', () =>
    expect(ok(checkTakeHomes(federal, { medication: 'methadone', treatmentDay: 15, requestedDays: 14, closureDays: 0, documented: all }))).toBe(true));
  it('T4: day 30, 15 days → deny', () =>
    expect(ok(checkTakeHomes(federal, { medication: 'methadone', treatmentDay: 30, requestedDays: 15, closureDays: 0, documented: all }))).toBe(false));
  it('T5: day 31, 28 days → allow', () =>
    expect(ok(checkTakeHomes(federal, { medication: 'methadone', treatmentDay: 31, requestedDays: 28, closureDays: 0, documented: all }))).toBe(true));
  it('T6: buprenorphine day 3, 14 days → not limited by the table; criteria still apply', () => {
    expect(checkTakeHomes(federal, { medication: 'buprenorphine', treatmentDay: 3, requestedDays: 14, closureDays: 0, documented: all })).toEqual({
      allowedDays: null,
      findings: [],
    });
    expect(
      checkTakeHomes(federal, { medication: 'buprenorphine', treatmentDay: 3, requestedDays: 14, closureDays: 0, documented: [] }).findings[0].ruleId,
    ).toBe('take-homes.criteria-documented');
  });
  it('T7: day 5, a holiday closure dose only → allowed', () =>
    expect(ok(checkTakeHomes(federal, { medication: 'methadone', treatmentDay: 5, requestedDays: 0, closureDays: 1, documented: [] }))).toBe(true));
  it('T8: Virginia day 20, 7 days → deny (5 on days 8–30)', () => {
    const r = checkTakeHomes(virginia, { medication: 'methadone', treatmentDay: 20, requestedDays: 7, closureDays: 0, documented: all });
    expect(r.allowedDays).toBe(5);
    expect(ok(r)).toBe(false);
  });
  it('edges 14/15, 30/31 and Virginia 7/8, 30/31, 60/61; program policy can be stricter', () => {
    expect([14, 15, 30, 31].map((d) => scheduleMax(federal, d))).toEqual([7, 14, 14, 28]);
    expect([7, 8, 30, 31, 60, 61].map((d) => scheduleMax(virginia, d))).toEqual([1, 5, 5, 14, 14, 28]);
    expect(
      checkTakeHomes(federal, { medication: 'methadone', treatmentDay: 40, requestedDays: 10, closureDays: 0, documented: all, programMaxDays: 7 }).allowedDays,
    ).toBe(7);
    expect(
      checkTakeHomes(federal, { medication: 'buprenorphine', treatmentDay: 40, requestedDays: 10, closureDays: 0, documented: all, programMaxDays: 7 })
        .findings[0].ruleId,
    ).toBe('take-homes.program-policy');
  });
  it('uses the 2001 schedule before 2 April 2024', () => {
    expect(ruleSetFor('federal', new Date('2024-04-01')).id).toBe('federal-2001');
    expect(ruleSetFor('virginia', new Date('2024-04-02')).id).toBe('virginia-2024');
    expect(scheduleMax(ruleSets.federal2001, 90)).toBe(1);
    expect(scheduleMax(ruleSets.federal2001, 800)).toBe(31);
  });
  it('refuses bad input naming the field', () => {
    expect(() => checkTakeHomes(federal, { medication: 'methadone', treatmentDay: 0, requestedDays: 1, closureDays: 0, documented: all })).toThrow(
      /treatmentDay/,
    );
    expect(() => checkTakeHomes(federal, { medication: 'methadone', treatmentDay: 3, requestedDays: -1, closureDays: 0, documented: all })).toThrow(
      /requestedDays/,
    );
    expect(() => checkTakeHomes(federal, { medication: 'methadone', treatmentDay: 3, requestedDays: 1, closureDays: 9, documented: all })).toThrow(
      /closureDays/,
    );
    expect(() =>
      checkTakeHomes(federal, { medication: 'methadone', treatmentDay: 3, requestedDays: 1, closureDays: 0, documented: ['vibes' as never] }),
    ).toThrow(/documented/);
  });
  it('never allows more than the federal schedule, whatever the state or program', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
        (day, requested, program) => {
          for (const rs of [federal, virginia]) {
            const r = checkTakeHomes(rs, {
              medication: 'methadone',
              treatmentDay: day,
              requestedDays: requested,
              closureDays: 0,
              documented: all,
              programMaxDays: program,
            });
            expect(r.allowedDays!).toBeLessThanOrEqual(scheduleMax(federal, day));
            expect(r.allowedDays!).toBeGreaterThanOrEqual(0);
            expect(r.findings.length === 0).toBe(requested <= r.allowedDays!);
          }
        },
      ),
    );
  });
});
