import { describe, expect, it } from 'vitest';
import { ClinicalInputError } from '../errors';
import { defaultVitalLimits, outOfRangeVitals, validateVitals } from './vitals';

describe('vital signs', () => {
  it('accepts plausible values', () => {
    const v = { systolic: 120, diastolic: 80, heartRate: 88, respiratoryRate: 16, temperatureC: 37.1, spo2: 98, pain: 3 };
    expect(validateVitals(v)).toBe(v);
    expect(outOfRangeVitals(v, defaultVitalLimits)).toEqual([]);
  });
  it('refuses impossible values naming the field', () => {
    expect(() => validateVitals({ heartRate: 400 })).toThrow(ClinicalInputError);
    try {
      validateVitals({ spo2: 101 });
    } catch (e) {
      expect((e as ClinicalInputError).field).toBe('spo2');
    }
    expect(() => validateVitals({ pain: 11 })).toThrow(/pain/);
    expect(() => validateVitals({ pain: 2.5 })).toThrow(/whole number/);
    expect(() => validateVitals({ temperatureC: Number.NaN })).toThrow(/number/);
    expect(() => validateVitals({ systolic: 80, diastolic: 90 })).toThrow(/diastolic/);
  });
  it('flags values outside the protocol limits at the edges', () => {
    expect(outOfRangeVitals({ systolic: 90 }, defaultVitalLimits)).toEqual([]);
    expect(outOfRangeVitals({ systolic: 89 }, defaultVitalLimits)[0]).toMatchObject({ field: 'systolic', direction: 'low', limit: 90 });
    expect(outOfRangeVitals({ heartRate: 121 }, defaultVitalLimits)[0]).toMatchObject({ field: 'heartRate', direction: 'high' });
    expect(outOfRangeVitals({ spo2: 92 }, defaultVitalLimits)).toEqual([]);
    expect(outOfRangeVitals({ spo2: 91 }, defaultVitalLimits)[0].message).toContain('below 92');
    expect(outOfRangeVitals({ temperatureC: 38.4, respiratoryRate: 9, diastolic: 111 }, defaultVitalLimits).map((f) => f.field)).toEqual([
      'diastolic',
      'respiratoryRate',
      'temperatureC',
    ]);
  });
});
