import { ClinicalInputError } from '../errors';

// Mood Disorder Questionnaire, Hirschfeld et al., Am J Psychiatry 2000;157:1873-1875; NINDS CDE [S16].
export const mdqSource = 'Hirschfeld 2000 [S16]';

export interface MdqAnswers {
  /** Part 1: the 13 lifetime yes/no symptom items. */
  symptoms: boolean[];
  /** Part 2: several of them in the same period. */
  samePeriod: boolean;
  /** Part 3: how much of a problem. */
  problem: 'none' | 'minor' | 'moderate' | 'serious';
}

/** Positive screen: ≥ 7 yes in Part 1 AND same period AND moderate or serious problem. */
export function screenMdq(a: MdqAnswers) {
  if (!Array.isArray(a.symptoms) || a.symptoms.length !== 13 || a.symptoms.some((s) => typeof s !== 'boolean')) {
    throw new ClinicalInputError('symptoms', 'thirteen-yes-no', 'symptoms: answer all 13 Part 1 items yes or no.');
  }
  if (!['none', 'minor', 'moderate', 'serious'].includes(a.problem)) {
    throw new ClinicalInputError('problem', 'allowed-value', 'problem: none, minor, moderate or serious.', ['none', 'minor', 'moderate', 'serious']);
  }
  const yes = a.symptoms.filter(Boolean).length;
  return { symptomCount: yes, positive: yes >= 7 && a.samePeriod === true && (a.problem === 'moderate' || a.problem === 'serious') };
}
