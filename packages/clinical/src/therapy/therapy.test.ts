import { describe, expect, it } from 'vitest';
import { suggestBillingCode, sessionMinutes } from './billing';
import { defaultExpectedHours, hoursFlag } from './hours';

describe('psychotherapy code by time (clinical.md §11 worked cases)', () => {
  it.each([
    [15, null],
    [16, '90832'],
    [37, '90832'],
    [38, '90834'],
    [52, '90834'],
    [53, '90837'],
    [75, '90837'],
  ])('%i minutes → %s', (minutes, code) => {
    expect(suggestBillingCode('individual', minutes).code).toBe(code);
  });
  it('family with and without the patient, with the configurable minimum', () => {
    expect(suggestBillingCode('family_with_patient', 26).code).toBe('90847');
    expect(suggestBillingCode('family_without_patient', 26).code).toBe('90846');
    expect(suggestBillingCode('family_with_patient', 25).code).toBeNull();
    expect(suggestBillingCode('family_with_patient', 30, { familyMinimumMinutes: 38 }).code).toBeNull();
  });
  it('group psychotherapy is per session', () => {
    expect(suggestBillingCode('group', 5).code).toBe('90853');
  });
  it('refuses a session that ends before it starts', () => {
    expect(() => sessionMinutes(new Date('2026-01-01T10:00:00Z'), new Date('2026-01-01T09:00:00Z'))).toThrow(/endsAt/);
    expect(sessionMinutes(new Date('2026-01-01T10:00:00Z'), new Date('2026-01-01T10:45:30Z'))).toBe(45);
  });
});

describe('hours per week against the level (clinical.md §3.1 worked cases)', () => {
  it.each([
    [8, 'intensive_outpatient', 'below-minimum'],
    [9, 'intensive_outpatient', null],
    [19, 'partial_hospitalization', 'below-minimum'],
    [20, 'partial_hospitalization', null],
    [10, 'outpatient', 'above-level'],
  ] as const)('%i h at %s → %s', (hours, level, flag) => {
    expect(hoursFlag(hours, defaultExpectedHours[level])).toBe(flag);
  });
});
