import { scale, type InstrumentDefinition } from './definition';

const handelsman = scale(['Not at all', 'A little', 'Moderately', 'Quite a bit', 'Extremely']);

// Subjective Opiate Withdrawal Scale, Handelsman et al., Am J Drug Alcohol Abuse 1987;13(3):293-308
// (clinical.md §1.2): 16 items 0–4, total 0–64, no official bands. Local code: no LOINC confirmed.
export const sows: InstrumentDefinition = {
  id: 'sows',
  name: 'Subjective Opiate Withdrawal Scale (SOWS, Handelsman)',
  code: { system: 'urn:waypoint:instrument', code: 'sows-handelsman', display: 'Subjective Opiate Withdrawal Scale (Handelsman) total' },
  source: 'Handelsman 1987 [S4]',
  items: [
    ['anxious', 'Anxious'],
    ['yawning', 'Feel like yawning'],
    ['perspiring', 'Perspiring'],
    ['eyes_tearing', 'Eyes tearing'],
    ['nose_running', 'Nose running'],
    ['goosebumps', 'Goosebumps'],
    ['shaking', 'Shaking'],
    ['hot_flushes', 'Hot flushes'],
    ['cold_flushes', 'Cold flushes'],
    ['aches', 'Bones and muscles ache'],
    ['restless', 'Restless'],
    ['nauseous', 'Nauseous'],
    ['vomiting', 'Feel like vomiting'],
    ['muscles_twitch', 'Muscles twitch'],
    ['stomach_cramps', 'Stomach cramps'],
    ['craving', 'Feel like using now'],
  ].map(([id, label]) => ({ id, label, answers: handelsman })),
  bands: [],
};
