import type { InstrumentDefinition } from './definition';

const yes1 = [
  { value: 0, label: 'No' },
  { value: 1, label: 'Yes' },
];
// Item 3 is reverse-scored: "No" (not always able to stop) scores 1.
const reversed = [
  { value: 1, label: 'No' },
  { value: 0, label: 'Yes' },
];

// DAST-10, Skinner, Addict Behav 1982;7:363-371; scoring per the Australian comorbidity guidelines [S18].
// LOINC panel 82666-9 / total 82667-7 are only partially verified: local code until confirmed.
export const dast10: InstrumentDefinition = {
  id: 'dast-10',
  name: 'Drug Abuse Screening Test (DAST-10)',
  code: { system: 'urn:waypoint:instrument', code: 'dast-10', display: 'DAST-10 total score' },
  source: 'Skinner 1982 [S18]',
  items: [
    ['nonmedical_use', 'Used drugs other than for medical reasons'],
    ['polydrug', 'Used more than one drug at a time'],
    ['able_to_stop', 'Always able to stop when you want'],
    ['blackouts', 'Blackouts or flashbacks'],
    ['guilt', 'Felt bad or guilty about use'],
    ['complaints', 'Spouse or parents complain'],
    ['neglect', 'Neglected family'],
    ['illegal_activities', 'Illegal activities to obtain drugs'],
    ['withdrawal', 'Withdrawal symptoms'],
    ['medical_problems', 'Medical problems from use'],
  ].map(([id, label]) => ({ id, label, answers: id === 'able_to_stop' ? reversed : yes1 })),
  bands: [
    { min: 0, max: 0, label: 'no problems reported' },
    { min: 1, max: 2, label: 'low' },
    { min: 3, max: 5, label: 'moderate' },
    { min: 6, max: 8, label: 'substantial' },
    { min: 9, max: 10, label: 'severe' },
  ],
};

/** From yes/no answers to item scores (item 3 reversed). */
export function dast10Scores(yes: Record<string, boolean>): Record<string, number> {
  return Object.fromEntries(Object.entries(yes).map(([k, v]) => [k, k === 'able_to_stop' ? (v ? 0 : 1) : v ? 1 : 0]));
}
