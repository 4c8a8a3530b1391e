/**
 * Calendar days are the facility's (DESIGN.md principle 8): "day 3 in care" turns over at the
 * facility's midnight, daylight-saving changes included.
 */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Day number of `now` in a stay that began at `start` (the first calendar day is day 1). */
export function dayNumber(start: Date, now: Date, timeZone: string): number {
  const a = Date.parse(`${localDay(start, timeZone)}T00:00:00Z`);
  const b = Date.parse(`${localDay(now, timeZone)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000) + 1;
}
