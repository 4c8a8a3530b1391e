import { describe, expect, it } from 'vitest';
import { overdoseRiskAtTransition as risk } from './overdose-risk';

describe('overdose risk at transitions (clinical.md §9)', () => {
  it('flags leaving withdrawal management without naloxone or without medication offered, to any level', () => {
    expect(risk({ fromLevel: 'withdrawal_management', toLevel: 'residential', naloxoneGiven: false, medicationOffered: true })).toMatchObject({
      flag: true,
      reasons: ['no naloxone given'],
      windowDays: 14,
    });
    expect(risk({ fromLevel: 'withdrawal_management', toLevel: null, naloxoneGiven: true, medicationOffered: false }).message).toContain(
      'no medication for OUD offered',
    );
    expect(risk({ fromLevel: 'withdrawal_management', toLevel: 'outpatient', naloxoneGiven: true, medicationOffered: true }).flag).toBe(false);
  });
  it('flags leaving residential for home or a less protected level, not a step-up to detox', () => {
    expect(risk({ fromLevel: 'residential', toLevel: 'intensive_outpatient', naloxoneGiven: false, medicationOffered: false }).reasons).toHaveLength(2);
    expect(risk({ fromLevel: 'residential', toLevel: 'withdrawal_management', naloxoneGiven: false, medicationOffered: false }).flag).toBe(false);
    expect(risk({ fromLevel: 'intensive_outpatient', toLevel: 'outpatient', naloxoneGiven: false, medicationOffered: false }).flag).toBe(false);
  });
  it('flags stopping medication at any level, with a configurable window', () => {
    const r = risk(
      { fromLevel: 'opioid_treatment_program', toLevel: 'opioid_treatment_program', stoppingMedication: true, naloxoneGiven: false, medicationOffered: true },
      28,
    );
    expect(r).toMatchObject({ flag: true, windowDays: 28 });
    expect(r.message).toContain('stopping medication');
  });
});
