import { ClinicalInputError } from '../errors';
import type { InstrumentDefinition } from './definition';

// Mood Disorder Questionnaire, Hirschfeld et al., Am J Psychiatry 2000;157:1873-1875; NINDS CDE [S16].
export const mdqSource = 'Hirschfeld 2000 [S16]';

const yesNo = [
  { value: 0, label: 'No' },
  { value: 1, label: 'Yes' },
];

/** The form (for the FHIR Questionnaire and item labels); scoring is `screenMdq`, a rule rather than a sum. */
export const mdq: InstrumentDefinition = {
  id: 'mdq',
  name: 'Mood Disorder Questionnaire (MDQ)',
  code: { system: 'urn:waypoint:instrument', code: 'mdq', display: 'MDQ screen result' },
  source: mdqSource,
  items: [
    ...[
      'So good or hyper that others thought you were not your normal self',
      'So irritable that you shouted or started fights',
      'Much more self-confident than usual',
      'Much less sleep and did not miss it',
      'Much more talkative or spoke faster',
      'Thoughts raced; could not slow your mind',
      'So easily distracted you had trouble concentrating',
      'Much more energy than usual',
      'Much more active or did many more things',
      'Much more social or outgoing',
      'Much more interested in sex',
      'Did unusual, excessive, foolish or risky things',
      'Spending money got you or your family into trouble',
    ].map((label, i) => ({ id: `symptom${i + 1}`, label, answers: yesNo })),
    { id: 'same_period', label: 'Several of these at the same time', answers: yesNo },
    {
      id: 'problem',
      label: 'How much of a problem they caused',
      answers: ['No problem', 'Minor problem', 'Moderate problem', 'Serious problem'].map((label, value) => ({ value, label })),
    },
  ],
  bands: [],
};

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
