import { ClinicalInputError } from '../errors';
import { describe, expect, it } from 'vitest';
import { diagnoseOud, oudCriteria, type OudCriterion } from './oud';

describe('DSM-5 opioid use disorder (clinical.md §2 worked cases)', () => {
  it('D1: tolerance and withdrawal under medical supervision do not count', () => {
    const d = diagnoseOud({ criteria: ['tolerance', 'withdrawal', 'craving'], onlySupervisedMedicalUse: true });
    expect(d).toMatchObject({ count: 1, meetsCriteria: false, severity: null, icd10cm: null });
  });
  it('D2: six criteria with illicit fentanyl is severe, F11.20', () => {
    const d = diagnoseOud({
      criteria: ['larger_amounts', 'cut_down', 'craving', 'physical_psychological_problems', 'tolerance', 'withdrawal'],
      onlySupervisedMedicalUse: false,
    });
    expect(d).toMatchObject({ count: 6, severity: 'severe', icd10cm: 'F11.20' });
  });
  it('D3: three criteria is mild, F11.10', () => {
    expect(diagnoseOud({ criteria: ['cut_down', 'craving', 'tolerance'], onlySupervisedMedicalUse: false })).toMatchObject({
      severity: 'mild',
      icd10cm: 'F11.10',
    });
  });
  it('D4: previously severe, five months with only craving, on buprenorphine: early remission on maintenance, F11.21', () => {
    const d = diagnoseOud({
      criteria: ['craving'],
      onlySupervisedMedicalUse: true,
      history: { previousSeverity: 'severe', monthsWithoutCriteria: 5 },
      onMaintenanceTherapy: true,
    });
    expect(d).toMatchObject({ severity: 'severe', remission: 'early', specifiers: ['on maintenance therapy'], icd10cm: 'F11.21' });
  });
  it('D5: two months without criteria is not yet remission', () => {
    const d = diagnoseOud({
      criteria: ['cut_down', 'craving', 'time_spent', 'role_failure'],
      onlySupervisedMedicalUse: false,
      history: { previousSeverity: 'moderate', monthsWithoutCriteria: 2 },
    });
    expect(d).toMatchObject({ remission: null, severity: 'moderate', icd10cm: 'F11.20' });
  });
  it('D6: fourteen months without criteria in prison is sustained remission in a controlled environment', () => {
    const d = diagnoseOud({
      criteria: [],
      onlySupervisedMedicalUse: false,
      history: { previousSeverity: 'severe', monthsWithoutCriteria: 14 },
      inControlledEnvironment: true,
    });
    expect(d).toMatchObject({ remission: 'sustained', specifiers: ['in a controlled environment'], icd10cm: 'F11.21' });
  });
  it('mild in remission codes F11.11; edges 1/2, 3/4, 5/6 and 3/12 months', () => {
    expect(diagnoseOud({ criteria: [], onlySupervisedMedicalUse: false, history: { previousSeverity: 'mild', monthsWithoutCriteria: 3 } }).icd10cm).toBe(
      'F11.11',
    );
    expect(diagnoseOud({ criteria: [], onlySupervisedMedicalUse: false, history: { previousSeverity: 'mild', monthsWithoutCriteria: 11.9 } }).remission).toBe(
      'early',
    );
    expect(diagnoseOud({ criteria: [], onlySupervisedMedicalUse: false, history: { previousSeverity: 'mild', monthsWithoutCriteria: 12 } }).remission).toBe(
      'sustained',
    );
    const sev = (n: number) => diagnoseOud({ criteria: oudCriteria.slice(0, n) as OudCriterion[], onlySupervisedMedicalUse: false }).severity;
    expect([1, 2, 3, 4, 5, 6, 11].map(sev)).toEqual([null, 'mild', 'mild', 'moderate', 'moderate', 'severe', 'severe']);
  });
  it('refuses remission given together with criteria met now (craving alone is allowed)', () => {
    const contradiction = () =>
      diagnoseOud({
        criteria: ['craving', 'cut_down', 'role_failure'],
        onlySupervisedMedicalUse: false,
        history: { previousSeverity: 'severe', monthsWithoutCriteria: 14 },
      });
    expect(contradiction).toThrow(ClinicalInputError);
    expect(contradiction).toThrow(/cut_down, role_failure/);
    try {
      contradiction();
    } catch (e) {
      expect(e).toMatchObject({ field: 'criteria', rule: 'remission-contradiction' });
    }
    expect(() =>
      diagnoseOud({ criteria: ['hazardous_use'], onlySupervisedMedicalUse: false, history: { previousSeverity: 'mild', monthsWithoutCriteria: 4 } }),
    ).toThrow(/remission allows craving only/);
    // Tolerance and withdrawal under supervised treatment do not count, so they do not contradict.
    expect(
      diagnoseOud({
        criteria: ['tolerance', 'withdrawal', 'craving'],
        onlySupervisedMedicalUse: true,
        history: { previousSeverity: 'severe', monthsWithoutCriteria: 6 },
      }).remission,
    ).toBe('early');
  });
  it('refuses an unknown criterion and a negative month count', () => {
    expect(() => diagnoseOud({ criteria: ['sneezing' as OudCriterion], onlySupervisedMedicalUse: false })).toThrow(/criteria/);
    expect(() => diagnoseOud({ criteria: [], onlySupervisedMedicalUse: false, history: { previousSeverity: 'mild', monthsWithoutCriteria: -1 } })).toThrow(
      /months/,
    );
  });
});
