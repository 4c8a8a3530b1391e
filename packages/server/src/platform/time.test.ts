import { describe, expect, it } from 'vitest';
import { dayNumber, localDay } from './time';

describe('facility-local days', () => {
  it('turn over at the facility’s midnight, not UTC’s', () => {
    // 23:30 in New York on 1 March is 04:30 UTC on 2 March.
    const lateEvening = new Date('2026-03-02T04:30:00Z');
    expect(localDay(lateEvening, 'America/New_York')).toBe('2026-03-01');
    expect(localDay(lateEvening, 'UTC')).toBe('2026-03-02');
    expect(dayNumber(lateEvening, new Date('2026-03-02T06:00:00Z'), 'America/New_York')).toBe(2);
    expect(dayNumber(lateEvening, new Date('2026-03-02T06:00:00Z'), 'UTC')).toBe(1);
  });
  it('count across a daylight-saving change', () => {
    expect(dayNumber(new Date('2026-03-07T17:00:00Z'), new Date('2026-03-09T16:00:00Z'), 'America/New_York')).toBe(3);
  });
});
