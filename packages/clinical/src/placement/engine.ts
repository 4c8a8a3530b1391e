import type { LevelOfCare } from '../care/levels';
import { ClinicalInputError } from '../errors';

/** The six assessment dimensions (names as in clinical.md §3.1), each rated 0 (none) to 4 (severe). */
export const dimensions = ['withdrawal', 'biomedical', 'emotional', 'readiness', 'relapse', 'environment'] as const;
export type Dimension = (typeof dimensions)[number];

export const dimensionLabels: Record<Dimension, string> = {
  withdrawal: 'Intoxication and withdrawal potential',
  biomedical: 'Biomedical conditions',
  emotional: 'Emotional, behavioural or cognitive conditions',
  readiness: 'Readiness to change',
  relapse: 'Relapse or continued-use potential',
  environment: 'Recovery and living environment',
};

export interface PlacementInput {
  ratings: Record<Dimension, number>;
  /** Opioid use disorder with medication wanted or under way: an OTP can deliver it at ambulatory levels. */
  medicationForOud?: 'methadone' | 'buprenorphine' | 'naltrexone' | null;
}

export interface PlacementSuggestion {
  level: LevelOfCare;
  reasons: string[];
  /** Needs beyond what this program offers (e.g. a hospital). */
  referBeyondProgram: string[];
  engine: string;
}

/** Any engine that turns the six ratings into a suggested level, so a licensed engine can replace ours. */
export interface PlacementEngine {
  id: string;
  description: string;
  suggest(input: PlacementInput): PlacementSuggestion;
}

export function validateRatings(ratings: Record<string, unknown>): Record<Dimension, number> {
  for (const d of dimensions) {
    const v = ratings[d];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 4) {
      throw new ClinicalInputError(`ratings.${d}`, 'rating-0-4', `ratings.${d}: a risk rating 0–4.`, [0, 1, 2, 3, 4]);
    }
  }
  return ratings as Record<Dimension, number>;
}
