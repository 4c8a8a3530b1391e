import * as rruleNs from 'rrule';
import { addDays } from './common';
import { zonedInstant } from '../../platform/time';

type RRuleModule = typeof import('rrule');
// rrule ships CommonJS: under Node's ESM loader its exports sit on the default export.
const rrule: RRuleModule = (
  (rruleNs as unknown as { default?: RRuleModule }).default?.RRule ? (rruleNs as unknown as { default: RRuleModule }).default : rruleNs
) as RRuleModule;

/** How far ahead recurring groups are put on the calendar (a daily job keeps the horizon). */
export const horizonDays = 84;
const maxOccurrences = 200;

export class RecurrenceError extends Error {}

/** Parses an RFC 5545 RRULE (without DTSTART): daily, weekly or monthly, from the maintained `rrule` library. */
export function parseRule(text: string) {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (/DTSTART|TZID/i.test(body)) throw new RecurrenceError('give the first date and time separately, not DTSTART.');
  let options;
  try {
    options = rrule.RRule.parseString(body);
  } catch (e) {
    throw new RecurrenceError((e as Error).message);
  }
  if (options.freq === undefined || ![rrule.RRule.DAILY, rrule.RRule.WEEKLY, rrule.RRule.MONTHLY].includes(options.freq)) {
    throw new RecurrenceError('FREQ must be DAILY, WEEKLY or MONTHLY.');
  }
  return options;
}

/**
 * The occurrences of a rule from a first local date and time up to `until` (a local date), as UTC
 * instants in the facility's zone. The rule runs on wall-clock time ("floating"), then each wall-clock
 * time is placed in the zone, so a 10:00 group stays at 10:00 across daylight-saving changes.
 */
export function occurrences(ruleText: string, firstDate: string, startTime: string, timeZone: string, fromDate: string, untilDate: string): Date[] {
  const options = parseRule(ruleText);
  const [y, m, d] = firstDate.split('-').map(Number);
  const [hh, mm] = startTime.split(':').map(Number);
  const rule = new rrule.RRule({ ...options, dtstart: new Date(Date.UTC(y, m - 1, d, hh, mm)) });
  const from = new Date(`${fromDate}T00:00:00Z`);
  const until = new Date(`${addDays(untilDate, 1)}T00:00:00Z`);
  const floating = rule.between(from, until, true, (_, i) => i < maxOccurrences);
  return floating.map((f) => zonedInstant(f.toISOString().slice(0, 10), f.toISOString().slice(11, 16), timeZone));
}
