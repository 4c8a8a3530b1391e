import type { RuleFinding } from '../checks';
import { ClinicalInputError } from '../errors';

// Lucemyra label [S29]: single dose at most 0.72 mg (4 tablets), at most 2.88 mg/day (16 tablets).
export const lofexidineLimits = { singleMaxMg: 0.72, dailyMaxMg: 2.88 };

export function checkLofexidineOrder(doseMg: number, dosesPerDay: number): RuleFinding[] {
  if (!Number.isFinite(doseMg) || doseMg <= 0) throw new ClinicalInputError('doseMg', 'positive', 'doseMg: a dose in mg.');
  if (!Number.isInteger(dosesPerDay) || dosesPerDay < 1 || dosesPerDay > 12) throw new ClinicalInputError('dosesPerDay', 'count', 'dosesPerDay: 1–12.');
  const findings: RuleFinding[] = [];
  const source = 'Lucemyra label [S29]';
  if (doseMg > lofexidineLimits.singleMaxMg + 1e-9) findings.push({ ruleId: 'lofexidine.single-max', severity: 'hard-stop', message: `${doseMg} mg exceeds the 0.72 mg single-dose maximum`, overrideBy: [], source });
  const daily = Math.round(doseMg * dosesPerDay * 1000) / 1000;
  if (daily > lofexidineLimits.dailyMaxMg + 1e-9) findings.push({ ruleId: 'lofexidine.daily-max', severity: 'hard-stop', message: `${daily} mg/day exceeds the 2.88 mg daily maximum`, overrideBy: [], source });
  return findings;
}
