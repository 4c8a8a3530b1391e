import { describe, expect, it } from 'vitest';
import { direction, isProtectedLevel, levelLabels, levelsOfCare, nextLevelsAfterWithdrawal } from './levels';

describe('levels of care', () => {
  it('has a label for every level', () => {
    for (const l of levelsOfCare) expect(levelLabels[l]).toBeTruthy();
  });
  it('calls a move to a less intensive level a step-down, and back a step-up', () => {
    expect(direction('withdrawal_management', 'residential')).toBe('step-down');
    expect(direction('intensive_outpatient', 'residential')).toBe('step-up');
    expect(direction('outpatient', 'opioid_treatment_program')).toBe('lateral');
  });
});

describe('next levels and protected levels (one list for server and web)', () => {
  it('after withdrawal management: every other level; protected: withdrawal management and residential', () => {
    expect(nextLevelsAfterWithdrawal).toEqual(['residential', 'partial_hospitalization', 'intensive_outpatient', 'outpatient', 'opioid_treatment_program']);
    expect(levelsOfCare.filter(isProtectedLevel)).toEqual(['withdrawal_management', 'residential']);
    expect(isProtectedLevel(null)).toBe(false);
  });
});
