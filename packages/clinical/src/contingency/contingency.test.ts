import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draw, drawsFor, defaultDrawRule, petrySlips, seededRandom } from './prize-bowl';
import { applyCap, samhsa2025Cap } from './yearly-cap';
import { higginsSchedule, initialVoucherState, nextVoucher, type SpecimenResult } from './vouchers';

function run(results: SpecimenResult[], schedule = higginsSchedule) {
  let state = initialVoucherState;
  return results.map((r) => {
    const v = nextVoucher(schedule, state, r, 'w');
    state = v.state;
    return v.earned;
  });
}

describe('escalating vouchers (clinical.md §7.1)', () => {
  it('N, N, N, N → 2.50, 3.75, 5.00 + 10, 6.25; a positive earns 0 and resets to 2.50', () => {
    expect(run(['negative', 'negative', 'negative', 'negative', 'positive', 'negative'])).toEqual([2.5, 3.75, 15, 6.25, 0, 2.5]);
  });
  it('36 straight negatives total $997.50', () => {
    expect(run(Array(36).fill('negative')).reduce((a, b) => a + b, 0)).toBeCloseTo(997.5, 2);
  });
  it('a missed specimen counts as positive', () => {
    expect(run(['negative', 'negative', 'missed', 'negative'])).toEqual([2.5, 3.75, 0, 2.5]);
  });
  it('restores the pre-reset value on the 6th negative after a reset', () => {
    const values = run([...Array(10).fill('negative'), 'positive', ...Array(6).fill('negative')], { ...higginsSchedule, bonus: 0 });
    // Before the reset the 11th specimen would have earned 2.50 + 1.25 × 10 = 15.00.
    expect(values.slice(11, 16)).toEqual([2.5, 3.75, 5, 6.25, 7.5]);
    expect(values[16]).toBe(15);
  });
  it('can give the bonus per fully negative week instead', () => {
    const s = { ...higginsSchedule, bonusRule: 'negative-week' as const };
    let state = initialVoucherState;
    const earned = (['negative', 'negative', 'negative'] as const).map((r) => {
      const v = nextVoucher(s, state, r, '2026-W10');
      state = v.state;
      return v.bonus;
    });
    expect(earned).toEqual([0, 0, 10]);
    // A streak starting mid-week does not get the week bonus.
    let st2 = initialVoucherState;
    const week = ['2026-W11', '2026-W12', '2026-W12', '2026-W12'];
    const bonuses = (['positive', 'negative', 'negative', 'positive'] as const).map((r, i) => {
      const v = nextVoucher(s, st2, r, week[i]);
      st2 = v.state;
      return v.bonus;
    });
    expect(bonuses).toEqual([0, 0, 0, 0]);
    expect(() => nextVoucher(s, initialVoucherState, 'negative')).toThrow(/week/);
    expect(() => nextVoucher(higginsSchedule, initialVoucherState, 'maybe' as never)).toThrow(/result/);
  });
  it('is never negative, and a reset always returns to the start value', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<SpecimenResult>('negative', 'positive', 'missed'), { maxLength: 60 }), (results) => {
        let state = initialVoucherState;
        for (const r of results) {
          const v = nextVoucher(higginsSchedule, state, r, 'w');
          expect(v.earned).toBeGreaterThanOrEqual(0);
          if (r !== 'negative') {
            expect(v.earned).toBe(0);
            expect(nextVoucher(higginsSchedule, v.state, 'negative', 'w').base).toBe(higginsSchedule.startValue);
          }
          state = v.state;
        }
      }),
    );
  });
});

describe('prize bowl (clinical.md §7.2)', () => {
  it('about half of 10,000 seeded draws are non-winning', () => {
    const slips = draw(petrySlips, seededRandom(42), 10_000);
    const none = slips.filter((s) => s.kind === 'none').length / slips.length;
    expect(Math.abs(none - 0.5)).toBeLessThan(0.01);
    expect(draw(petrySlips, seededRandom(7), 5)).toEqual(draw(petrySlips, seededRandom(7), 5));
    expect(() => draw([], seededRandom(1), 1)).toThrow(/empty/);
  });
  it('escalates draws with clean weeks, caps them, and resets on a positive or missed sample', () => {
    expect([0, 1, 2, 20].map((w) => drawsFor(defaultDrawRule, w, 'negative'))).toEqual([1, 2, 3, 15]);
    expect(drawsFor(defaultDrawRule, 5, 'positive')).toBe(0);
    expect(drawsFor(defaultDrawRule, 0, 'negative')).toBe(1);
    expect(() => drawsFor(defaultDrawRule, -1, 'negative')).toThrow(/cleanWeeks/);
  });
});

describe('yearly cap (clinical.md §7.3)', () => {
  it('is applied by the voucher engine itself: an award never passes the cap, escalation goes on', () => {
    const negatives = Array.from({ length: 6 }, () => 'negative' as const);
    let state = initialVoucherState;
    let earned = 740;
    const awards = [];
    for (const r of negatives) {
      const v = nextVoucher(higginsSchedule, state, r, 'w', { earnedInPastYear: earned });
      awards.push(v);
      earned += v.earned;
      state = v.state;
    }
    expect(awards[0]).toMatchObject({ earned: 2.5, scheduled: 2.5, capped: false });
    expect(earned).toBe(750);
    expect(awards.some((a) => a.capped)).toBe(true);
    expect(awards[awards.length - 1]).toMatchObject({ earned: 0, atCap: true });
    expect(awards[awards.length - 1].scheduled).toBeGreaterThan(0);
    expect(awards[awards.length - 1].warning).toContain('$750.00 of the $750 cap');
    // A program's own (lower) cap is honoured.
    expect(nextVoucher(higginsSchedule, initialVoucherState, 'negative', 'w', { earnedInPastYear: 74, cap: { yearlyCap: 75, warnAtShare: 0.8 } }).earned).toBe(
      1,
    );
    expect(() => nextVoucher(higginsSchedule, initialVoucherState, 'negative', 'w', { earnedInPastYear: -1 })).toThrow(/earnedInPastYear/);
  });

  it('warns near $750 and never awards past it', () => {
    expect(applyCap(samhsa2025Cap, 500, 50)).toMatchObject({ award: 50, capped: false, warning: null });
    expect(applyCap(samhsa2025Cap, 590, 20).warning).toContain('$610.00 of the $750 cap');
    expect(applyCap(samhsa2025Cap, 740, 25)).toMatchObject({ award: 10, capped: true, atCap: true });
    expect(applyCap(samhsa2025Cap, 750, 5).award).toBe(0);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { maxLength: 50 }), (proposals) => {
        let total = 0;
        for (const p of proposals) total += applyCap(samhsa2025Cap, total, p).award;
        expect(total).toBeLessThanOrEqual(750 + 1e-9);
      }),
    );
  });
});
