/**
 * Calendar days are the facility's (DESIGN.md principle 8): "day 3 in care" turns over at the
 * facility's midnight, daylight-saving changes included.
 */
export function localDay(at: Date, timeZone: string): string {
  return formatter(dayFormatters, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA').format(at);
}

// Building an Intl.DateTimeFormat costs tens of microseconds; a census page or a MAR asks hundreds of
// times per request, so each zone's formatter is made once (a program has a handful of zones).
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const clockFormatters = new Map<string, Intl.DateTimeFormat>();
function formatter(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions, locale = 'en-US') {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    if (cache.size > 500) cache.clear();
    cache.set(timeZone, f);
  }
  return f;
}

/** Milliseconds the zone is ahead of UTC at an instant. */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = formatter(clockFormatters, timeZone, {
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of a wall-clock time (HH:MM) on a local day in a zone; a time skipped by DST moves forward. */
export function zonedInstant(day: string, time: string, timeZone: string): Date {
  const guess = Date.parse(`${day}T${time}:00Z`);
  // The zone's offset at the guess, applied twice to settle across a transition.
  let t = guess;
  for (let i = 0; i < 2; i++) t = guess - zoneOffsetMs(new Date(t), timeZone);
  return new Date(t);
}

/** Day number of `now` in a stay that began at `start` (the first calendar day is day 1). */
export function dayNumber(start: Date, now: Date, timeZone: string): number {
  const a = Date.parse(`${localDay(start, timeZone)}T00:00:00Z`);
  const b = Date.parse(`${localDay(now, timeZone)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000) + 1;
}
