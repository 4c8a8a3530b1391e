import type { RuleFinding } from '../checks';
import { ClinicalInputError } from '../errors';

// Lucemyra label [S29]: single dose at most 0.72 mg (4 tablets), at most 2.88 mg/day (16 tablets).
// These are the one source of lofexidine's limits: a program's protocol may be stricter, never looser,
// and neither limit can be overridden.
export const lofexidineLimits = { singleMaxMg: 0.72, dailyMaxMg: 2.88 };
const source = 'Lucemyra label [S29]';
const epsilon = 1e-9;

/** Whether a protocol medication is lofexidine (by its key or name, e.g. "Lucemyra 0.18 mg"). */
export function isLofexidine(m: { key: string; name: string }): boolean {
  return /lofexidine|lucemyra/i.test(`${m.key} ${m.name}`);
}

function dose(field: string, v: number) {
  if (!Number.isFinite(v) || v <= 0) throw new ClinicalInputError(field, 'positive', `${field}: a dose in mg.`);
  return v;
}

function singleDoseFinding(doseMg: number): RuleFinding | null {
  return doseMg > lofexidineLimits.singleMaxMg + epsilon
    ? { ruleId: 'lofexidine.single-max', severity: 'hard-stop', message: `${doseMg} mg exceeds the 0.72 mg single-dose maximum`, overrideBy: [], source }
    : null;
}

function dailyFinding(dailyMg: number, what: string): RuleFinding | null {
  const daily = Math.round(dailyMg * 1000) / 1000;
  return daily > lofexidineLimits.dailyMaxMg + epsilon
    ? { ruleId: 'lofexidine.daily-max', severity: 'hard-stop', message: `${daily} mg ${what} exceeds the 2.88 mg daily maximum`, overrideBy: [], source }
    : null;
}

export function checkLofexidineOrder(doseMg: number, dosesPerDay: number): RuleFinding[] {
  dose('doseMg', doseMg);
  if (!Number.isInteger(dosesPerDay) || dosesPerDay < 1 || dosesPerDay > 12) throw new ClinicalInputError('dosesPerDay', 'count', 'dosesPerDay: 1–12.');
  return [singleDoseFinding(doseMg), dailyFinding(doseMg * dosesPerDay, '/day')].filter((f): f is RuleFinding => f !== null);
}

/** One administration: the dose itself, and the 24-hour total including it (hard stops, no override). */
export function checkLofexidineAdministration(doseMg: number, givenInPast24hMg: number): RuleFinding[] {
  dose('doseMg', doseMg);
  if (!Number.isFinite(givenInPast24hMg) || givenInPast24hMg < 0)
    throw new ClinicalInputError('givenInPast24hMg', 'non-negative', 'givenInPast24hMg: mg given in the past 24 h, 0 or more.');
  return [singleDoseFinding(doseMg), dailyFinding(givenInPast24hMg + doseMg, 'in 24 h')].filter((f): f is RuleFinding => f !== null);
}

/**
 * A protocol's lofexidine values against the label: each problem names the field. A protocol may be
 * stricter (a lower dose or daily maximum), never looser, and must state its daily maximum.
 */
export function lofexidineProtocolProblems(m: { doseMg: number; maxDailyMg?: number }): { field: 'doseMg' | 'maxDailyMg'; rule: string; message: string }[] {
  const problems: { field: 'doseMg' | 'maxDailyMg'; rule: string; message: string }[] = [];
  if (m.doseMg > lofexidineLimits.singleMaxMg + epsilon) {
    problems.push({
      field: 'doseMg',
      rule: 'lofexidine.single-max',
      message: `lofexidine: a dose of ${m.doseMg} mg is above the label’s 0.72 mg single-dose maximum; a protocol may only be stricter.`,
    });
  }
  if (m.maxDailyMg === undefined || m.maxDailyMg > lofexidineLimits.dailyMaxMg + epsilon) {
    problems.push({
      field: 'maxDailyMg',
      rule: 'lofexidine.daily-max',
      message: `lofexidine: the daily maximum must be stated and at most the label’s 2.88 mg; a protocol may only be stricter.`,
    });
  }
  return problems;
}
