import { z } from 'zod';
import { hoursFlag } from '@waypoint/clinical/therapy/hours';
import type { LevelOfCare } from '@waypoint/clinical/care/levels';
import type { Tx } from '../../db/schema';
import { localDay } from '../../platform/time';
import { hoursSchema } from './schemas';
import { addDays, attendedStatuses, loadSettings, weekStart } from './common';

export type HoursView = z.infer<typeof hoursSchema>;

const round = (h: number) => Math.round(h * 100) / 100;

/**
 * Clinical service hours per week over the patient's current (or last) episode: signed individual and
 * family sessions plus groups attended (present, late, left early; the minutes recorded, else the
 * group's length), against the level in force at the end of each week (Monday–Sunday, facility time).
 */
export async function weeklyHours(tx: Tx, organizationId: string, patientId: string, now: Date): Promise<HoursView> {
  const episode = await tx
    .selectFrom('episodes as e')
    .innerJoin('facilities as f', (j) => j.onRef('f.organization_id', '=', 'e.organization_id').onRef('f.id', '=', 'e.facility_id'))
    .select(['e.id', 'e.admitted_at', 'e.discharged_at', 'e.level_of_care', 'f.time_zone'])
    .where('e.organization_id', '=', organizationId)
    .where('e.patient_id', '=', patientId)
    .orderBy('e.admitted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!episode) return { episodeId: null, timeZone: null, weeks: [] };
  const zone = episode.time_zone;
  const end = episode.discharged_at ?? now;
  const settings = await loadSettings(tx, organizationId);
  const changes = await tx
    .selectFrom('level_of_care_changes')
    .select(['to_level', 'changed_at'])
    .where('organization_id', '=', organizationId)
    .where('episode_id', '=', episode.id)
    .orderBy('changed_at')
    .execute();
  const sessions = await tx
    .selectFrom('thr_sessions')
    .select(['starts_at', 'ends_at'])
    .where('organization_id', '=', organizationId)
    .where('patient_id', '=', patientId)
    .where('signed_at', 'is not', null)
    .where('starts_at', '>=', episode.admitted_at)
    .where('starts_at', '<=', end)
    .execute();
  const groups = await tx
    .selectFrom('thr_group_attendance as a')
    .innerJoin('thr_group_sessions as s', (j) => j.onRef('s.organization_id', '=', 'a.organization_id').onRef('s.id', '=', 'a.group_session_id'))
    .select(['s.starts_at', 's.ends_at', 'a.minutes'])
    .where('a.organization_id', '=', organizationId)
    .where('a.patient_id', '=', patientId)
    .where('a.status', 'in', [...attendedStatuses])
    .where('s.starts_at', '>=', episode.admitted_at)
    .where('s.starts_at', '<=', end)
    .execute();
  const first = weekStart(localDay(episode.admitted_at, zone));
  const last = weekStart(localDay(end, zone));
  const weeks = new Map<string, { individual: number; group: number }>();
  for (let w = first; w <= last; w = addDays(w, 7)) weeks.set(w, { individual: 0, group: 0 });
  for (const s of sessions) {
    const w = weeks.get(weekStart(localDay(s.starts_at, zone)));
    if (w) w.individual += (s.ends_at.getTime() - s.starts_at.getTime()) / 3_600_000;
  }
  for (const g of groups) {
    const w = weeks.get(weekStart(localDay(g.starts_at, zone)));
    if (w) w.group += g.minutes != null ? g.minutes / 60 : (g.ends_at.getTime() - g.starts_at.getTime()) / 3_600_000;
  }
  const endDay = localDay(end, zone);
  const admitDay = localDay(episode.admitted_at, zone);
  return {
    episodeId: episode.id,
    timeZone: zone,
    weeks: [...weeks].map(([start, w]) => {
      const weekEnd = addDays(start, 7);
      const inForce = [...changes].reverse().find((c) => localDay(c.changed_at, zone) < weekEnd)?.to_level ?? episode.level_of_care;
      const expected = settings.expectedHours[inForce as LevelOfCare] ?? { minimum: null, below: null };
      const hours = round(w.individual + w.group);
      return {
        weekStart: start,
        individualHours: round(w.individual),
        groupHours: round(w.group),
        hours,
        levelOfCare: inForce,
        minimum: expected.minimum,
        below: expected.below,
        flag: hoursFlag(hours, expected),
        // The admission week and the week in progress are not whole weeks.
        partial: admitDay > start || addDays(start, 6) >= endDay,
      };
    }),
  };
}
