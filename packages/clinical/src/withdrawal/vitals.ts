import { ClinicalInputError } from '../errors';

/** Bedside vital signs. Temperature in °C; pain on the 0–10 numeric rating scale. */
export interface Vitals {
  systolic?: number;
  diastolic?: number;
  heartRate?: number;
  respiratoryRate?: number;
  temperatureC?: number;
  spo2?: number;
  pain?: number;
}

/** Physiologically possible ranges: outside them a value is a typo, refused with the field named. */
export const plausibleVitals: Record<keyof Vitals, [number, number]> = {
  systolic: [40, 300],
  diastolic: [20, 200],
  heartRate: [20, 250],
  respiratoryRate: [4, 60],
  temperatureC: [30, 44],
  spo2: [50, 100],
  pain: [0, 10],
};

export function validateVitals(v: Vitals): Vitals {
  for (const [key, [lo, hi]] of Object.entries(plausibleVitals) as [keyof Vitals, [number, number]][]) {
    const value = v[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ClinicalInputError(key, 'number', `${key}: must be a number.`);
    if (value < lo || value > hi) throw new ClinicalInputError(key, 'plausible-range', `${key}: ${value} is outside ${lo}–${hi}.`, `${lo}-${hi}`);
    if ((key === 'pain' || key === 'heartRate' || key === 'respiratoryRate' || key === 'systolic' || key === 'diastolic') && !Number.isInteger(value)) {
      throw new ClinicalInputError(key, 'integer', `${key}: must be a whole number.`);
    }
  }
  if (v.systolic !== undefined && v.diastolic !== undefined && v.diastolic >= v.systolic) {
    throw new ClinicalInputError('diastolic', 'below-systolic', 'diastolic: must be lower than systolic.');
  }
  return v;
}

/**
 * Alert limits for a detox unit. Local protocol (UNVERIFIED as a national standard): every value is
 * configurable per protocol; these are common defaults.
 */
export interface VitalLimits {
  systolic: [number, number];
  diastolic: [number, number];
  heartRate: [number, number];
  respiratoryRate: [number, number];
  temperatureC: [number, number];
  spo2Min: number;
}

export const defaultVitalLimits: VitalLimits = {
  systolic: [90, 180],
  diastolic: [50, 110],
  heartRate: [50, 120],
  respiratoryRate: [10, 24],
  temperatureC: [35.5, 38.3],
  spo2Min: 92,
};

export interface VitalFinding {
  field: keyof Vitals;
  value: number;
  limit: number;
  direction: 'low' | 'high';
  message: string;
}

const labels: Record<keyof Vitals, string> = {
  systolic: 'Systolic BP',
  diastolic: 'Diastolic BP',
  heartRate: 'Heart rate',
  respiratoryRate: 'Respiratory rate',
  temperatureC: 'Temperature',
  spo2: 'SpO₂',
  pain: 'Pain',
};

/** Every vital outside the protocol's limits. */
export function outOfRangeVitals(v: Vitals, limits: VitalLimits): VitalFinding[] {
  const out: VitalFinding[] = [];
  const check = (field: keyof Vitals, [lo, hi]: [number, number]) => {
    const value = v[field];
    if (value === undefined) return;
    if (value < lo) out.push({ field, value, limit: lo, direction: 'low', message: `${labels[field]} ${value} below ${lo}` });
    if (value > hi) out.push({ field, value, limit: hi, direction: 'high', message: `${labels[field]} ${value} above ${hi}` });
  };
  check('systolic', limits.systolic);
  check('diastolic', limits.diastolic);
  check('heartRate', limits.heartRate);
  check('respiratoryRate', limits.respiratoryRate);
  check('temperatureC', limits.temperatureC);
  if (v.spo2 !== undefined && v.spo2 < limits.spo2Min) {
    out.push({ field: 'spo2', value: v.spo2, limit: limits.spo2Min, direction: 'low', message: `${labels.spo2} ${v.spo2}% below ${limits.spo2Min}%` });
  }
  return out;
}
