import { scale, scoreInstrument, type InstrumentDefinition } from './definition';

const amount = scale(['Not at all', 'A little bit', 'Moderately', 'Quite a bit', 'Extremely']);

// PCL-5, Weathers et al. 2013; National Center for PTSD [S14]. 20 items 0-4, total 0-80, no bands.
// LOINC for the panel and total is UNVERIFIED (public sources disagree): local code.
export const pcl5: InstrumentDefinition = {
  id: 'pcl-5',
  name: 'PTSD Checklist for DSM-5 (PCL-5)',
  code: { system: 'urn:waypoint:instrument', code: 'pcl-5', display: 'PCL-5 total score' },
  source: 'Weathers 2013; NCPTSD [S14]',
  items: [
    'Intrusive memories',
    'Nightmares',
    'Flashbacks',
    'Upset by reminders',
    'Physical reactions to reminders',
    'Avoiding memories or thoughts',
    'Avoiding external reminders',
    'Trouble remembering key parts',
    'Strong negative beliefs',
    'Blaming self or others',
    'Strong negative feelings',
    'Loss of interest',
    'Feeling distant or cut off',
    'Trouble feeling positive emotions',
    'Irritability or angry outbursts',
    'Risky or self-destructive behaviour',
    'Hypervigilance',
    'Easily startled',
    'Difficulty concentrating',
    'Trouble sleeping',
  ].map((label, i) => ({ id: `item${i + 1}`, label, answers: amount })),
  bands: [],
};

const clusters = { B: [1, 2, 3, 4, 5], C: [6, 7], D: [8, 9, 10, 11, 12, 13, 14], E: [15, 16, 17, 18, 19, 20] } as const;
const needed = { B: 1, C: 1, D: 2, E: 2 } as const;

export interface Pcl5Options {
  /** Probable PTSD at or above this total. NCPTSD now gives 31–33; older guidance 38. Default 33. */
  cutPoint: number;
}
export const defaultPcl5Options: Pcl5Options = { cutPoint: 33 };

/**
 * Total and the DSM-5 cluster rule (an item ≥ 2 counts as endorsed; ≥1 B, ≥1 C, ≥2 D, ≥2 E), reported
 * separately: the clusters can be met with a total below the cut-point.
 */
export function scorePcl5(answers: Record<string, unknown>, options: Pcl5Options = defaultPcl5Options) {
  const score = scoreInstrument(pcl5, answers);
  const endorsed = (n: number) => score.items[`item${n}`] >= 2;
  const counts = Object.fromEntries(Object.entries(clusters).map(([k, items]) => [k, items.filter(endorsed).length])) as Record<keyof typeof clusters, number>;
  const clusterRuleMet = (Object.keys(needed) as (keyof typeof needed)[]).every((k) => counts[k] >= needed[k]);
  return { ...score, clusterCounts: counts, clusterRuleMet, aboveCutPoint: score.total >= options.cutPoint, cutPoint: options.cutPoint };
}
