import { applyOverride, type FindingOverride, type RuleFinding } from '../checks';
import { ClinicalInputError } from '../errors';
import type { RuleSet } from './rule-sets';

export interface MethadoneOptions {
  /** ASAM 2020: increases of 5–10 mg no more often than every 3–5 days (TIP 63 wording UNVERIFIED). */
  maxStepMg: number;
  minDaysBetweenIncreases: number;
  /** QTc tiers (Krantz 2009): 450–500 ms caution, > 500 ms serious. */
  qtcCautionMs: number;
  qtcSeriousMs: number;
}
export const defaultMethadoneOptions: MethadoneOptions = { maxStepMg: 10, minDaysBetweenIncreases: 3, qtcCautionMs: 450, qtcSeriousMs: 500 };

function mg(field: string, v: number) {
  if (!Number.isFinite(v) || v < 0 || v > 1000) throw new ClinicalInputError(field, 'dose-mg', `${field}: a dose in mg, 0–1000.`);
  return v;
}

/**
 * Day-1 dosing: the 50 mg total (2024), or 30 mg first dose and 40 mg total (2001). The total may be
 * exceeded when the practitioner documents why: pass who and why (or `true`, the older form, when the
 * caller records them itself). The finding still comes back, marked overridden, so the record shows it.
 */
export function checkMethadoneDay1(ruleSet: RuleSet, dosesMg: number[], override: FindingOverride | boolean | null = null): RuleFinding[] {
  if (dosesMg.length === 0) throw new ClinicalInputError('dosesMg', 'non-empty', 'dosesMg: at least the first dose.');
  dosesMg.forEach((d, i) => mg(`dosesMg.${i}`, d));
  if (typeof override === 'object' && override !== null && override.reason !== null && !override.reason.trim()) {
    throw new ClinicalInputError('override.reason', 'non-empty', 'override.reason: say why more is indicated.');
  }
  const findings: RuleFinding[] = [];
  const total = dosesMg.reduce((a, b) => a + b, 0);
  if (ruleSet.methadone.firstDoseMaxMg !== null && dosesMg[0] > ruleSet.methadone.firstDoseMaxMg) {
    findings.push({
      ruleId: 'methadone.first-dose',
      severity: 'hard-stop',
      message: `First dose ${dosesMg[0]} mg exceeds ${ruleSet.methadone.firstDoseMaxMg} mg`,
      overrideBy: [],
      source: ruleSet.source,
    });
  }
  if (total > ruleSet.methadone.day1TotalMg) {
    findings.push({
      ruleId: 'methadone.day1-total',
      severity: 'hard-stop',
      message: `Day-1 total ${total} mg exceeds ${ruleSet.methadone.day1TotalMg} mg: the practitioner must assess and document why more is indicated`,
      overrideBy: ['prescriber'],
      source: ruleSet.source,
    });
  }
  const who: FindingOverride | null = override === true ? { role: 'prescriber', by: null, reason: null } : override === false ? null : override;
  return applyOverride(findings, who);
}

/** A dose change after day 1: titration step and interval, the 100 mg ECG trigger, QTc tiers. */
export function checkMethadoneDoseChange(
  input: { currentMg: number; newMg: number; daysSinceLastIncrease: number | null; latestQtcMs?: number | null },
  options: MethadoneOptions = defaultMethadoneOptions,
): RuleFinding[] {
  mg('currentMg', input.currentMg);
  mg('newMg', input.newMg);
  const findings: RuleFinding[] = [];
  const step = input.newMg - input.currentMg;
  const source = 'ASAM National Practice Guideline 2020 [S23]';
  if (step > options.maxStepMg) {
    findings.push({
      ruleId: 'methadone.titration-step',
      severity: 'warning',
      message: `Increase of ${step} mg is more than the ${options.maxStepMg} mg step`,
      overrideBy: ['prescriber'],
      source,
    });
  }
  if (step > 0 && input.daysSinceLastIncrease !== null && input.daysSinceLastIncrease < options.minDaysBetweenIncreases) {
    findings.push({
      ruleId: 'methadone.titration-interval',
      severity: 'warning',
      message: `Last increase ${input.daysSinceLastIncrease} days ago; steady state takes 3–5 days`,
      overrideBy: ['prescriber'],
      source,
    });
  }
  if (input.currentMg <= 100 && input.newMg > 100) {
    findings.push({
      ruleId: 'methadone.ecg-over-100',
      severity: 'warning',
      message: 'Dose above 100 mg/day: obtain an ECG',
      overrideBy: ['prescriber', 'nurse'],
      source: 'Krantz 2009 [S24]',
    });
  }
  const qtc = input.latestQtcMs;
  if (qtc != null) {
    if (qtc > options.qtcSeriousMs) {
      findings.push({
        ruleId: 'methadone.qtc-over-500',
        severity: 'warning',
        message: `QTc ${qtc} ms > ${options.qtcSeriousMs}: consider lowering or stopping methadone and correcting contributing factors`,
        overrideBy: ['prescriber'],
        source: 'Krantz 2009 [S24]',
      });
    } else if (qtc >= options.qtcCautionMs) {
      findings.push({
        ruleId: 'methadone.qtc-450-500',
        severity: 'warning',
        message: `QTc ${qtc} ms: discuss risks and benefits, monitor more often`,
        overrideBy: ['prescriber'],
        source: 'Krantz 2009 [S24]',
      });
    }
  }
  return findings;
}
