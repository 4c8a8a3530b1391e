import type { LevelOfCare } from '@waypoint/clinical/care/levels';
import { sql } from 'kysely';
import type { Tx } from '../../db/schema';

/** Levels of care where a patient sleeps at the facility, so an admission needs a free bed. */
export const bedLevels = ['withdrawal_management', 'residential'] as const;
export function needsBed(level: string): boolean {
  return (bedLevels as readonly string[]).includes(level);
}

export interface DayAvailability {
  date: string;
  capacity: number;
  occupied: number;
  scheduled: number;
  free: number;
}

/**
 * Free beds of a level at a facility on each day of a range. The rule (named `bed-available`):
 * capacity is the facility's beds for that level (adm_bed_capacity), or when the facility sets no
 * beds for the level, the facility's bed count left after the levels that do, shared by every
 * bed-based level without its own count. Taken on a day = patients in care now at those levels (no
 * discharge date is known ahead, so they count on every later day) + admissions scheduled on or
 * before that day and not yet admitted or cancelled.
 */
export async function bedAvailability(
  tx: Tx,
  organizationId: string,
  facility: { id: string; bed_count: number },
  level: string,
  from: string,
  days: number,
  exceptScheduledId?: string,
): Promise<DayAvailability[]> {
  const dates = Array.from({ length: days }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
  if (!needsBed(level)) return dates.map((date) => ({ date, capacity: -1, occupied: 0, scheduled: 0, free: -1 }));
  const rows = await tx
    .selectFrom('adm_bed_capacity')
    .select(['level_of_care', 'beds'])
    .where('organization_id', '=', organizationId)
    .where('facility_id', '=', facility.id)
    .execute();
  const own = rows.find((r) => r.level_of_care === level);
  const group = own ? [level] : bedLevels.filter((l) => !rows.some((r) => r.level_of_care === l));
  const capacity = own ? own.beds : Math.max(0, facility.bed_count - rows.filter((r) => needsBed(r.level_of_care)).reduce((n, r) => n + r.beds, 0));
  const last = dates[dates.length - 1];
  // Reads the care stage's census (active episodes) by facility and level; never writes it.
  const occupied = await tx
    .selectFrom('episodes')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('organization_id', '=', organizationId)
    .where('facility_id', '=', facility.id)
    .where('status', '=', 'active')
    .where('level_of_care', 'in', group as LevelOfCare[])
    .executeTakeFirstOrThrow();
  const scheduled = await tx
    .selectFrom('adm_scheduled_admissions')
    .select(['scheduled_on', sql<number>`count(*)::int`.as('n')])
    .where('organization_id', '=', organizationId)
    .where('facility_id', '=', facility.id)
    .where('status', '=', 'scheduled')
    .where('level_of_care', 'in', group)
    .where('scheduled_on', '<=', last)
    .$if(!!exceptScheduledId, (q) => q.where('id', '!=', exceptScheduledId!))
    .groupBy('scheduled_on')
    .execute();
  return dates.map((date) => {
    const booked = scheduled.filter((s) => toDate(s.scheduled_on) <= date).reduce((n, s) => n + Number(s.n), 0);
    return { date, capacity, occupied: occupied.n, scheduled: booked, free: capacity - occupied.n - booked };
  });
}

function toDate(d: string | Date): string {
  return typeof d === 'string' ? d : d.toISOString().slice(0, 10);
}
