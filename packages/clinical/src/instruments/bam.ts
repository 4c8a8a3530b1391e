import { ClinicalInputError } from '../errors';
import type { InstrumentDefinition } from './definition';

// VA Brief Addiction Monitor, Cacciola et al., J Subst Abuse Treat 2013;44:256-263; VA BAM manual [S20].
// 17 items over the past 30 days. Item 7 (drug classes) is elaboration only; item 17 stands alone.
export const bamSource = 'Cacciola 2013; VA BAM manual [S20]';

const dayItems = [2, 3, 4, 5, 6, 10, 11, 13, 15, 16] as const;
const ratingItems = [1, 8, 9, 12, 14, 17] as const;

const dayAnswers = Array.from({ length: 31 }, (_, value) => ({ value, label: `${value} days` }));
const rating = ['Not at all', 'Slightly', 'Moderately', 'Considerably', 'Extremely'].map((label, value) => ({ value, label }));
const itemLabels = [
  'Overall physical health',
  'Nights with trouble sleeping',
  'Days feeling depressed, anxious, angry or very upset',
  'Days of any alcohol',
  'Days of heavy drinking',
  'Days of illegal or street drugs, or misused prescriptions',
  'Days of each drug class (not scored)',
  'Bothered by cravings',
  'Confidence in staying abstinent',
  'Days at self-help meetings',
  'Days in risky situations',
  'Religion or spirituality supports recovery',
  'Days in work, school or volunteering',
  'Enough income for necessities',
  'Days of serious conflict with family or friends',
  'Days with supportive family or friends',
  'Satisfaction with progress toward recovery',
];

/** The form (FHIR Questionnaire, labels); scoring is `scoreBam`, three subscales rather than a sum. */
export const bam: InstrumentDefinition = {
  id: 'bam',
  name: 'Brief Addiction Monitor (BAM)',
  code: { system: 'urn:waypoint:instrument', code: 'bam', display: 'Brief Addiction Monitor' },
  source: bamSource,
  items: itemLabels.map((label, i) => ({ id: `item${i + 1}`, label, answers: [1, 8, 9, 12, 14, 17].includes(i + 1) ? rating : dayAnswers })),
  bands: [],
};

export const bamSubscales = {
  use: [4, 5, 6],
  risk: [1, 2, 3, 8, 11, 15],
  protective: [9, 10, 12, 13, 14, 16],
} as const;

export interface BamOptions {
  /**
   * How a 0–4 rating item is put on the 0–30 scale for the continuous subscales. The exact VA
   * conversion is UNVERIFIED: configurable, default 7.5 points per step (0, 7.5, 15, 22.5, 30).
   */
  ratingToDays: (rating: number) => number;
  version: 'BAM' | 'BAM-R';
}
export const defaultBamOptions: BamOptions = { ratingToDays: (r) => r * 7.5, version: 'BAM' };

/** Answers keyed item1..item17 (item7 optional, not scored): day counts 0–30, ratings 0–4. */
export function scoreBam(answers: Record<string, unknown>, options: BamOptions = defaultBamOptions) {
  const value = (n: number): number => {
    const v = answers[`item${n}`];
    const isDays = (dayItems as readonly number[]).includes(n);
    const max = isDays ? 30 : 4;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
      throw new ClinicalInputError(
        `item${n}`,
        isDays ? 'days-0-30' : 'rating-0-4',
        `item${n}: ${isDays ? 'a number of days, 0–30' : 'a rating, 0–4'}.`,
        isDays ? '0-30' : '0-4',
      );
    }
    return v;
  };
  const onScale = (n: number) => ((ratingItems as readonly number[]).includes(n) ? options.ratingToDays(value(n)) : value(n));
  const sum = (items: readonly number[]) => items.reduce((s, n) => s + onScale(n), 0);
  value(17);
  return {
    version: options.version,
    use: sum(bamSubscales.use),
    risk: sum(bamSubscales.risk),
    protective: sum(bamSubscales.protective),
    satisfaction: value(17),
  };
}
