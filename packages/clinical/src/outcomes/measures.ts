import { ClinicalInputError } from '../errors';

const day = 86_400_000;
const days = (a: Date, b: Date) => Math.floor((b.getTime() - a.getTime()) / day);

/** Retention: of the episodes old enough to tell, the share still in care N days after admission. */
export function retention(episodes: { admittedAt: Date; dischargedAt: Date | null }[], asOf: Date, thresholds = [30, 90, 180]) {
  return thresholds.map((n) => {
    const eligible = episodes.filter((e) => days(e.admittedAt, asOf) >= n);
    const retained = eligible.filter((e) => e.dischargedAt === null || days(e.admittedAt, e.dischargedAt) >= n);
    return { days: n, eligible: eligible.length, retained: retained.length, rate: eligible.length ? retained.length / eligible.length : null };
  });
}

export interface MedicationEvent {
  start: Date;
  daysSupply: number;
  /** Events of the same medication with overlapping supply are added together (NCQA). */
  medication: string;
}

/** Covered calendar days from events: same medication stacks its supply; different medications each count alone. */
function coveredDays(events: MedicationEvent[], from: Date, to: Date): Set<number> {
  const covered = new Set<number>();
  const byMed = new Map<string, MedicationEvent[]>();
  for (const e of events) {
    if (!Number.isInteger(e.daysSupply) || e.daysSupply < 1) throw new ClinicalInputError('daysSupply', 'positive-days', 'daysSupply: whole days, 1 or more.');
    byMed.set(e.medication, [...(byMed.get(e.medication) ?? []), e]);
  }
  for (const list of byMed.values()) {
    list.sort((a, b) => a.start.getTime() - b.start.getTime());
    let coverEnd = -Infinity; // day index after the last covered day
    for (const e of list) {
      const start = Math.max(days(from, e.start), coverEnd);
      for (let d = start; d < start + e.daysSupply; d++) covered.add(d);
      coverEnd = start + e.daysSupply;
    }
  }
  const last = days(from, to);
  return new Set([...covered].filter((d) => d >= 0 && d <= last));
}

/**
 * HEDIS POD (MY 2025) [S36]: a treatment period start needs 31 days of negative medication history;
 * the 180-day period is compliant with no gap of `gapDays` (8) or more uncovered days. Inpatient
 * stays of 8+ days remove the event from the denominator.
 */
export function isTreatmentPeriodStart(events: MedicationEvent[], date: Date): boolean {
  const windowStart = new Date(date.getTime() - 31 * day);
  const before = events.filter((e) => e.start < date);
  const covered = coveredDays(before, windowStart, new Date(date.getTime() - day));
  return covered.size === 0;
}

export function podCompliance(
  events: MedicationEvent[],
  tpsd: Date,
  options: { periodDays: number; gapDays: number; inpatientStays?: { admitted: Date; discharged: Date }[] } = { periodDays: 180, gapDays: 8 },
) {
  const end = new Date(tpsd.getTime() + (options.periodDays - 1) * day);
  const excluded = (options.inpatientStays ?? []).some((s) => s.discharged >= tpsd && s.admitted <= end && days(s.admitted, s.discharged) + 1 >= 8);
  const covered = coveredDays(
    events.filter((e) => e.start <= end),
    tpsd,
    end,
  );
  let longestGap = 0;
  let gap = 0;
  for (let d = 0; d < options.periodDays; d++) {
    gap = covered.has(d) ? 0 : gap + 1;
    longestGap = Math.max(longestGap, gap);
  }
  return { excluded, longestGap, compliant: !excluded && longestGap < options.gapDays };
}

export interface TreatmentEvent {
  date: Date;
  kind: 'visit' | 'medication' | 'long-acting-medication' | 'otp-medication';
  provider?: string;
}

/**
 * HEDIS IET (MY 2025) [S37]: initiation on the episode date or the 13 days after (14 in all) — a
 * same-day visit counts only with a different provider, medication always; engagement from the day
 * after initiation through 34 days after: one OTP medication service or long-acting medication, or
 * two visits/medication events (same-day visits only with different providers).
 */
export function iet(episodeDate: Date, episodeProvider: string | null, events: TreatmentEvent[]) {
  const sorted = [...events].sort((a, b) => a.date.getTime() - b.date.getTime());
  const initiation = sorted.find((e) => {
    const d = days(episodeDate, e.date);
    if (d < 0 || d > 13) return false;
    if (d === 0 && e.kind === 'visit') return e.provider !== undefined && e.provider !== episodeProvider;
    return true;
  });
  if (!initiation) return { initiated: false, initiationDate: null, engaged: false };
  const window = sorted.filter((e) => e !== initiation && days(initiation.date, e.date) >= 1 && days(initiation.date, e.date) <= 34);
  const single = window.some((e) => e.kind === 'otp-medication' || e.kind === 'long-acting-medication');
  const distinct = new Set(window.map((e) => `${e.date.toISOString().slice(0, 10)}|${e.kind === 'visit' ? (e.provider ?? '?') : `med-${e.date.getTime()}`}`));
  return { initiated: true, initiationDate: initiation.date, engaged: single || distinct.size >= 2 };
}

/** Share of screens negative for everything not prescribed. */
export function negativeScreenRate(screens: { negativeForTargets: boolean }[]) {
  return {
    screens: screens.length,
    negative: screens.filter((s) => s.negativeForTargets).length,
    rate: screens.length ? screens.filter((s) => s.negativeForTargets).length / screens.length : null,
  };
}

/** Follow-up reach: of the contacts due by now, the share reached within `withinDays` of the due date. */
export function followUpReach(contacts: { dueAt: Date; reachedAt: Date | null }[], asOf: Date, withinDays = 7) {
  const due = contacts.filter((c) => c.dueAt <= asOf);
  const reached = due.filter((c) => c.reachedAt && days(c.dueAt, c.reachedAt) <= withinDays);
  return { due: due.length, reached: reached.length, rate: due.length ? reached.length / due.length : null };
}
