import { ClinicalInputError } from '../errors';
import type { InstrumentDefinition } from './definition';

const yesNo = [
  { value: 0, label: 'No' },
  { value: 1, label: 'Yes' },
];

// C-SSRS Screen Version – Recent, Posner et al., Am J Psychiatry 2011;168:1266-1277; Columbia triage [S15].
// Q1–Q5 cover the past month; Q6 is lifetime, with "within the past 3 months" asked when yes.
export const cssrs: InstrumentDefinition = {
  id: 'c-ssrs-screen',
  name: 'Columbia Suicide Severity Rating Scale, screener (C-SSRS)',
  code: { system: 'urn:waypoint:instrument', code: 'c-ssrs-screen', display: 'C-SSRS screener risk level' },
  source: 'Posner 2011; Columbia triage guidelines [S15]',
  items: [
    { id: 'wish_dead', label: 'Wished to be dead or not wake up (past month)', answers: yesNo },
    { id: 'suicidal_thoughts', label: 'Thoughts of killing yourself (past month)', answers: yesNo },
    { id: 'method', label: 'Thought about how (past month)', answers: yesNo },
    { id: 'intent', label: 'Intention to act (past month)', answers: yesNo },
    { id: 'plan', label: 'Worked out a plan and intend to carry it out (past month)', answers: yesNo },
    { id: 'behavior', label: 'Ever done, started or prepared anything to end your life', answers: yesNo },
    { id: 'behavior_recent', label: 'Was that within the past 3 months?', answers: yesNo },
  ],
  bands: [],
};

export type CssrsRisk = 'none' | 'low' | 'moderate' | 'high';

export interface CssrsAnswers {
  wish_dead: boolean;
  suicidal_thoughts: boolean;
  /** Asked only when suicidal_thoughts is yes. */
  method?: boolean;
  intent?: boolean;
  plan?: boolean;
  behavior: boolean;
  /** Asked only when behavior is yes. */
  behavior_recent?: boolean;
}

/**
 * Risk level from the answers: the most severe "yes" sets it. High: Q4 or Q5, or behaviour in the
 * past 3 months. Moderate: Q3, or lifetime-only behaviour. Low: Q1/Q2 only. Exactly three levels.
 */
export function screenCssrs(a: CssrsAnswers): { risk: CssrsRisk; reasons: string[] } {
  for (const k of ['wish_dead', 'suicidal_thoughts', 'behavior'] as const) {
    if (typeof a[k] !== 'boolean') throw new ClinicalInputError(k, 'required', `${k}: answer yes or no.`, ['yes', 'no']);
  }
  if (a.suicidal_thoughts) {
    for (const k of ['method', 'intent', 'plan'] as const) {
      if (typeof a[k] !== 'boolean')
        throw new ClinicalInputError(k, 'required', `${k}: asked when there are suicidal thoughts; answer yes or no.`, ['yes', 'no']);
    }
  } else if (a.method || a.intent || a.plan) {
    throw new ClinicalInputError('suicidal_thoughts', 'skip-logic', 'Questions 3–5 are skipped when question 2 is no.');
  }
  if (a.behavior && typeof a.behavior_recent !== 'boolean') {
    throw new ClinicalInputError('behavior_recent', 'required', 'behavior_recent: ask whether it was within the past 3 months.', ['yes', 'no']);
  }
  const reasons: string[] = [];
  if (a.intent) reasons.push('Intent to act (past month)');
  if (a.plan) reasons.push('Plan with intent (past month)');
  if (a.behavior && a.behavior_recent) reasons.push('Suicidal behaviour within 3 months');
  if (reasons.length) return { risk: 'high', reasons };
  if (a.method) reasons.push('Thought about a method (past month)');
  if (a.behavior) reasons.push('Suicidal behaviour, lifetime (not in the past 3 months)');
  if (reasons.length) return { risk: 'moderate', reasons };
  if (a.wish_dead) reasons.push('Wished to be dead (past month)');
  if (a.suicidal_thoughts) reasons.push('Suicidal thoughts (past month)');
  if (reasons.length) return { risk: 'low', reasons };
  return { risk: 'none', reasons: [] };
}
