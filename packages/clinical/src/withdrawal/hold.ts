import type { Vitals } from './vitals';

/**
 * Hold parameters of an as-needed medication, e.g. clonidine "hold if SBP < 90 or HR < 60".
 * Local protocol, UNVERIFIED as a national standard (clinical.md §5.4): configurable, and the
 * values used are recorded with each administration.
 */
export interface HoldParameters {
  systolicBelow?: number;
  diastolicBelow?: number;
  heartRateBelow?: number;
  /** How recent the vitals must be to rely on them. */
  vitalsMaxAgeMinutes: number;
}

export interface HoldDecision {
  hold: boolean;
  reasons: string[];
  /** The vitals were missing or too old to check the parameters: take new ones first. */
  needsVitals: boolean;
}

export function checkHoldParameters(params: HoldParameters, vitals: Vitals | undefined, vitalsAt: Date | undefined, now: Date): HoldDecision {
  const needs = [
    params.systolicBelow !== undefined && 'systolic',
    params.diastolicBelow !== undefined && 'diastolic',
    params.heartRateBelow !== undefined && 'heartRate',
  ].filter(Boolean) as (keyof Vitals)[];
  if (needs.length === 0) return { hold: false, reasons: [], needsVitals: false };
  const fresh = vitals && vitalsAt && now.getTime() - vitalsAt.getTime() <= params.vitalsMaxAgeMinutes * 60_000;
  if (!fresh || needs.some((k) => vitals![k] === undefined)) {
    return { hold: true, reasons: [`Vitals from the last ${params.vitalsMaxAgeMinutes} minutes are needed to check the hold parameters`], needsVitals: true };
  }
  const reasons: string[] = [];
  if (params.systolicBelow !== undefined && vitals!.systolic! < params.systolicBelow) reasons.push(`Systolic BP ${vitals!.systolic} < ${params.systolicBelow}`);
  if (params.diastolicBelow !== undefined && vitals!.diastolic! < params.diastolicBelow)
    reasons.push(`Diastolic BP ${vitals!.diastolic} < ${params.diastolicBelow}`);
  if (params.heartRateBelow !== undefined && vitals!.heartRate! < params.heartRateBelow)
    reasons.push(`Heart rate ${vitals!.heartRate} < ${params.heartRateBelow}`);
  return { hold: reasons.length > 0, reasons, needsVitals: false };
}
