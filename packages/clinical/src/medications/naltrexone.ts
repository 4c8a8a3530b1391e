import type { RuleFinding } from '../checks';
import { ClinicalInputError } from '../errors';

export interface NaltrexoneOptions {
  /** Opioid-free days before naltrexone: 7–10 after short-acting, about 14 after methadone or buprenorphine [S28]. */
  minDaysAfterShortActing: number;
  minDaysAfterLongActing: number;
}
export const defaultNaltrexoneOptions: NaltrexoneOptions = { minDaysAfterShortActing: 7, minDaysAfterLongActing: 14 };

/** Starting naltrexone too soon precipitates withdrawal; when in doubt, a naloxone challenge. */
export function checkNaltrexoneStart(
  lastOpioid: { at: Date; kind: 'short_acting' | 'long_acting' },
  start: Date,
  options: NaltrexoneOptions = defaultNaltrexoneOptions,
): RuleFinding[] {
  if (lastOpioid.at > start) throw new ClinicalInputError('lastOpioid.at', 'before-start', 'lastOpioid.at: must be before the start.');
  const days = (start.getTime() - lastOpioid.at.getTime()) / 86_400_000;
  const needed = lastOpioid.kind === 'short_acting' ? options.minDaysAfterShortActing : options.minDaysAfterLongActing;
  if (days >= needed) return [];
  return [
    {
      ruleId: 'naltrexone.opioid-free-days',
      severity: 'hard-stop',
      message: `${Math.floor(days)} opioid-free days; ${needed} needed after ${lastOpioid.kind === 'short_acting' ? 'short-acting opioids' : 'methadone or buprenorphine'}. If in doubt, do a naloxone challenge first.`,
      overrideBy: ['prescriber'],
      source: 'Naltrexone label; ASAM 2020 [S28, S23]',
    },
  ];
}
