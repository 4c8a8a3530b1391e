import { ClinicalInputError } from '../errors';

/**
 * Petry prize-based ("fishbowl") CM [S34]. The 500-slip table is the commonly described one, UNVERIFIED
 * in primary text; draw escalation (+1 per consecutive negative week, capped) is configurable.
 */
export interface Slip {
  kind: 'none' | 'small' | 'large' | 'jumbo';
  count: number;
  /** Cash-equivalent value, for the yearly cap. */
  value: number;
}

export const petrySlips: Slip[] = [
  { kind: 'none', count: 250, value: 0 },
  { kind: 'small', count: 209, value: 1 },
  { kind: 'large', count: 40, value: 20 },
  { kind: 'jumbo', count: 1, value: 100 },
];

export interface DrawRule {
  startDraws: number;
  perCleanWeek: number;
  maxDraws: number;
}
export const defaultDrawRule: DrawRule = { startDraws: 1, perCleanWeek: 1, maxDraws: 15 };

/** Draws for a negative sample after `cleanWeeks` consecutive negative weeks; a positive or missed sample resets to the start. */
export function drawsFor(rule: DrawRule, cleanWeeks: number, result: 'negative' | 'positive' | 'missed'): number {
  if (!Number.isInteger(cleanWeeks) || cleanWeeks < 0) throw new ClinicalInputError('cleanWeeks', 'non-negative', 'cleanWeeks: whole weeks, 0 or more.');
  if (result !== 'negative') return 0;
  return Math.min(rule.maxDraws, rule.startDraws + rule.perCleanWeek * cleanWeeks);
}

/** mulberry32: a small seeded generator, so a draw is reproducible and auditable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws with replacement (each slip goes back in the bowl). */
export function draw(slips: Slip[], random: () => number, n: number): Slip[] {
  const total = slips.reduce((s, x) => s + x.count, 0);
  if (total <= 0) throw new ClinicalInputError('slips', 'non-empty', 'slips: the bowl is empty.');
  const out: Slip[] = [];
  for (let i = 0; i < n; i++) {
    let pick = Math.floor(random() * total);
    for (const slip of slips) {
      if (pick < slip.count) {
        out.push(slip);
        break;
      }
      pick -= slip.count;
    }
  }
  return out;
}
