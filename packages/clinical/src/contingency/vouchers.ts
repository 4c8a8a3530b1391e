import { ClinicalInputError } from '../errors';
import { applyCap, samhsa2025Cap, type CapRule } from './yearly-cap';

/**
 * Higgins escalating vouchers (Higgins 1994; Budney & Higgins 1998) [S33]. Dollar values are the
 * widely cited defaults, UNVERIFIED in primary text: every parameter is configurable.
 */
export interface VoucherSchedule {
  startValue: number;
  increment: number;
  bonus: number;
  /** 'every-third-negative' (secondary sources) or 'negative-week' (NIDA: a week with all specimens negative). */
  bonusRule: 'every-third-negative' | 'negative-week';
  specimensPerWeek: number;
  /** Consecutive negatives after a reset that restore the pre-reset value. */
  restoreAfter: number;
}

export const higginsSchedule: VoucherSchedule = {
  startValue: 2.5,
  increment: 1.25,
  bonus: 10,
  bonusRule: 'every-third-negative',
  specimensPerWeek: 3,
  restoreAfter: 5,
};

export interface VoucherState {
  /** Escalation steps: the next negative earns startValue + increment × step. */
  step: number;
  /** Consecutive negatives. */
  streak: number;
  /** The step to return to after a reset, once `restoreAfter` negatives have come in. */
  savedStep: number;
  sinceReset: number | null;
  /** For the negative-week bonus: the week of the current run and its negatives. */
  week: string | null;
  weekNegatives: number;
  weekClean: boolean;
}

export const initialVoucherState: VoucherState = { step: 0, streak: 0, savedStep: 0, sinceReset: null, week: null, weekNegatives: 0, weekClean: true };

export type SpecimenResult = 'negative' | 'positive' | 'missed';

/**
 * One specimen. A positive, or a missed or refused specimen (counted as positive), earns nothing and
 * resets the value to the start; vouchers already earned are never taken back. Restore convention:
 * the negative AFTER the `restoreAfter`-th post-reset negative (the 6th by default) earns the
 * pre-reset value and escalation continues from there.
 */
/** What the patient has already been awarded in the past year, and the cap in force (SAMHSA 2025 by default). */
export interface VoucherLedger {
  earnedInPastYear: number;
  cap?: CapRule;
}

export interface VoucherAward {
  /** What is awarded now: the schedule's value, never past the yearly cap. */
  earned: number;
  /** What the schedule alone would have given (base + bonus). */
  scheduled: number;
  base: number;
  bonus: number;
  /** The cap cut this award. */
  capped: boolean;
  atCap: boolean;
  warning: string | null;
  state: VoucherState;
}

/**
 * The yearly cap is applied here, not left to the caller: pass what was awarded in the past year
 * (omitted = nothing yet). Escalation continues as the schedule says even when the cap cuts an award.
 */
export function nextVoucher(
  s: VoucherSchedule,
  state: VoucherState,
  result: SpecimenResult,
  week?: string,
  ledger: VoucherLedger = { earnedInPastYear: 0 },
): VoucherAward {
  if (!Number.isFinite(ledger.earnedInPastYear) || ledger.earnedInPastYear < 0) {
    throw new ClinicalInputError('earnedInPastYear', 'non-negative', 'earnedInPastYear: dollars awarded in the past year, 0 or more.');
  }
  const raw = scheduleVoucher(s, state, result, week);
  const cap = applyCap(ledger.cap ?? samhsa2025Cap, ledger.earnedInPastYear, raw.earned);
  return {
    earned: cap.award,
    scheduled: raw.earned,
    base: raw.base,
    bonus: raw.bonus,
    capped: cap.capped,
    atCap: cap.atCap,
    warning: cap.warning,
    state: raw.state,
  };
}

function scheduleVoucher(
  s: VoucherSchedule,
  state: VoucherState,
  result: SpecimenResult,
  week?: string,
): { earned: number; base: number; bonus: number; state: VoucherState } {
  if (!['negative', 'positive', 'missed'].includes(result))
    throw new ClinicalInputError('result', 'allowed-value', 'result: negative, positive or missed.', ['negative', 'positive', 'missed']);
  if (s.bonusRule === 'negative-week' && !week)
    throw new ClinicalInputError('week', 'required', 'week: the specimen’s week (e.g. 2026-W14) is needed for the negative-week bonus.');
  const sameWeek = week !== undefined && week === state.week;
  const weekState = { week: week ?? state.week, weekNegatives: sameWeek ? state.weekNegatives : 0, weekClean: sameWeek ? state.weekClean : true };
  if (result !== 'negative') {
    return {
      earned: 0,
      base: 0,
      bonus: 0,
      state: { step: 0, streak: 0, savedStep: Math.max(state.step, state.savedStep), sinceReset: 0, ...weekState, weekClean: false },
    };
  }
  const base = round(s.startValue + s.increment * state.step);
  const streak = state.streak + 1;
  const weekNegatives = weekState.weekNegatives + 1;
  const bonus =
    s.bonusRule === 'every-third-negative' ? (streak % 3 === 0 ? s.bonus : 0) : weekState.weekClean && weekNegatives === s.specimensPerWeek ? s.bonus : 0;
  let step = state.step + 1;
  let sinceReset = state.sinceReset === null ? null : state.sinceReset + 1;
  let savedStep = state.savedStep;
  if (sinceReset !== null && sinceReset >= s.restoreAfter) {
    step = Math.max(step, savedStep);
    sinceReset = null;
    savedStep = 0;
  }
  return {
    earned: round(base + bonus),
    base,
    bonus,
    state: { step, streak, savedStep, sinceReset, week: weekState.week, weekNegatives, weekClean: weekState.weekClean },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
