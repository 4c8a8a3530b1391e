import { scale, type InstrumentDefinition } from './definition';

const severity = scale(['None', 'Mild', 'Moderate', 'Severe']);

// Short Opiate Withdrawal Scale, Gossop, Addict Behav 1990;15(5):487-490 (clinical.md §1.3): 10 items
// 0–3, total 0–30, no official bands. A distinct instrument with a distinct code from Handelsman's SOWS.
export const sowsGossop: InstrumentDefinition = {
  id: 'sows-gossop',
  name: 'Short Opiate Withdrawal Scale (Gossop)',
  code: { system: 'urn:waypoint:instrument', code: 'sows-gossop', display: 'Short Opiate Withdrawal Scale (Gossop) total' },
  source: 'Gossop 1990 [S5]',
  items: [
    ['feeling_sick', 'Feeling sick'],
    ['stomach_cramps', 'Stomach cramps'],
    ['muscle_spasms', 'Muscle spasms or twitching'],
    ['feeling_cold', 'Feeling of coldness'],
    ['heart_pounding', 'Heart pounding'],
    ['muscular_tension', 'Muscular tension'],
    ['aches', 'Aches and pains'],
    ['yawning', 'Yawning'],
    ['runny_eyes', 'Runny eyes'],
    ['insomnia', 'Problems sleeping'],
  ].map(([id, label]) => ({ id, label, answers: severity })),
  bands: [],
};
