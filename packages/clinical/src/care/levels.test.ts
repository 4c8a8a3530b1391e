import { describe, expect, it } from 'vitest';
import { direction, levelLabels, levelsOfCare } from './levels';

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
