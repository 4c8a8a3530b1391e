import { scoreInstrument, type InstrumentDefinition } from './definition';

const agreement = ['Strongly disagree', 'Disagree', 'Somewhat disagree', 'Somewhat agree', 'Agree', 'Strongly agree'].map((label, i) => ({
  value: i + 1,
  label,
}));

// BARC-10, Vilsaint et al., Drug Alcohol Depend 2017;177:71-76 [S19]: items 1-6 (0 is not a value),
// total 10-60; ≥ 47 was associated with sustained remission in the validation sample.
export const barc10: InstrumentDefinition = {
  id: 'barc-10',
  name: 'Brief Assessment of Recovery Capital (BARC-10)',
  code: { system: 'urn:waypoint:instrument', code: 'barc-10', display: 'BARC-10 total score' },
  source: 'Vilsaint 2017 [S19]',
  items: [
    ['priorities', 'More important things than using'],
    ['happy', 'Happy with my life'],
    ['energy', 'Enough energy for what I want to do'],
    ['community', 'Proud of and part of my community'],
    ['friends', 'Support from friends'],
    ['fulfilling', 'Life is challenging and fulfilling without using'],
    ['living_space', 'My living space helps my recovery'],
    ['responsibility', 'I take responsibility for my actions'],
    ['professionals', 'Comfortable dealing with professionals'],
    ['progress', 'Making good progress in my recovery'],
  ].map(([id, label]) => ({ id, label, answers: agreement })),
  bands: [],
};

export function scoreBarc10(answers: Record<string, unknown>, threshold = 47) {
  const score = scoreInstrument(barc10, answers);
  return { ...score, atOrAboveRemissionThreshold: score.total >= threshold, threshold };
}
