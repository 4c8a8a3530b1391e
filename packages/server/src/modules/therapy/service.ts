import type { Db, Tx } from '../../db/schema';
import { localDay } from '../../platform/time';
import { raiseAlert } from '../alerts/service';
import { overdueNoteKey } from './common';
import { materializeSeries } from './groups';
import { weeklyHours } from './hours';

/**
 * What other stages may ask of therapy. They never read or write thr_* tables themselves.
 * - weeklyHours: clinical service hours per week over the episode, against the level's expected hours
 *   (outcomes, utilization review, the planning stage's reviews).
 */
export { weeklyHours };

/** Keeps every active recurring group on the calendar for the next twelve weeks (idempotent). */
export async function extendGroupSeries(db: Db, now: Date): Promise<number> {
  const series = await db
    .selectFrom('thr_group_series as r')
    .innerJoin('facilities as f', (j) => j.onRef('f.organization_id', '=', 'r.organization_id').onRef('f.id', '=', 'r.facility_id'))
    .select(['r.organization_id', 'r.id', 'r.facility_id', 'r.leader_id', 'r.rrule', 'r.first_starts_at', 'r.duration_minutes', 'f.time_zone'])
    .where('r.active', '=', true)
    .execute();
  let created = 0;
  for (const s of series) {
    created += await db.transaction().execute((tx: Tx) => materializeSeries(tx, s.organization_id, s, s.time_zone, localDay(now, s.time_zone)));
  }
  return created;
}

/**
 * Raises an alert for the author's role when a session note is still unsigned past the program's
 * deadline (one per note; resolved when the note is signed). Looks back 30 days.
 */
export async function sweepOverdueNotes(db: Db, now: Date): Promise<number> {
  let raised = 0;
  await db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('thr_sessions as s')
      .leftJoin('thr_settings as t', 't.organization_id', 's.organization_id')
      .select(['s.id', 's.organization_id', 's.patient_id', 's.episode_id', 's.ends_at', 't.note_deadline_hours'])
      .where('s.signed_at', 'is', null)
      .where('s.ends_at', '>', new Date(now.getTime() - 30 * 86_400_000))
      .where('s.ends_at', '<', new Date(now.getTime() - 3_600_000))
      .execute();
    for (const r of rows) {
      const hours = r.note_deadline_hours ?? 24;
      if (now.getTime() < r.ends_at.getTime() + hours * 3_600_000) continue;
      const res = await raiseAlert(
        tx,
        { organizationId: r.organization_id, userId: '', now },
        {
          patientId: r.patient_id,
          episodeId: r.episode_id,
          kind: 'therapy-note-overdue',
          severity: 'warning',
          message: `Session note not signed within the program's ${hours} hours`,
          dedupeKey: overdueNoteKey(r.id),
          audience: ['counselor'],
        },
      );
      if (res.created) raised++;
    }
  });
  return raised;
}
