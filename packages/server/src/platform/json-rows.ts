/**
 * Rows nested as JSON (json_agg / row_to_json, to answer a screen in one round trip) come back with
 * timestamps as text: turn every `*_at` field holding an ISO timestamp back into a Date, as the
 * driver does for top-level columns.
 */
const isoTimestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/;

export function reviveTimestamps<T>(value: unknown): T {
  if (Array.isArray(value)) return value.map((v) => reviveTimestamps(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (k.endsWith('_at') && typeof v === 'string' && isoTimestamp.test(v)) o[k] = new Date(v);
    }
  }
  return value as T;
}
