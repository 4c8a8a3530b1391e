import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { resolveAlertsByKeyPrefix } from '../alerts/raise';

/** What other stages may call on withdrawal management. */

/** The alert keys a course raises all end in its id (see flowsheet.ts, sweeper.ts). */
const courseAlertPrefixes = (courseId: string) => ['wm-overdue:', 'wm-cows-severe:', 'wm-cows-rising:', 'wm-vitals:', 'wm-ready:'].map((p) => `${p}${courseId}`);

/**
 * The episode is being discharged: its active course ends with outcome 'discharged' (off the unit
 * board, no more overdue checks, nothing more charted) and the course's open alerts are resolved.
 * Returns the ended course's id, or null when there was none.
 */
export async function endCourseForDischarge(tx: Tx, ctx: Pick<RequestContext, 'organizationId' | 'userId' | 'now'>, episodeId: string, at: Date): Promise<string | null> {
  const course = await tx
    .selectFrom('wm_courses')
    .select(['id', 'patient_id', 'episode_id', 'version', 'started_at'])
    .where('organization_id', '=', ctx.organizationId)
    .where('episode_id', '=', episodeId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!course) return null;
  const endedAt = at < course.started_at ? course.started_at : at;
  await tx
    .updateTable('wm_courses')
    .set({ status: 'completed', completed_at: endedAt, outcome: 'discharged', version: course.version + 1 })
    .where('id', '=', course.id)
    .where('organization_id', '=', ctx.organizationId)
    .execute();
  await resolveAlertsByKeyPrefix(tx, ctx.organizationId, course.patient_id, courseAlertPrefixes(course.id), ctx.now);
  await addEvent(tx, ctx as RequestContext, { patientId: course.patient_id, episodeId, kind: 'withdrawal.ended', summary: 'Withdrawal management ended: the patient was discharged', occurredAt: endedAt });
  return course.id;
}

/** Charting, dosing and completing need a running course; an ended one answers 409 naming why. */
export function assertCourseActive(course: { status: string; outcome: string | null }): void {
  if (course.status === 'active') return;
  if (course.outcome === 'discharged') {
    throw problems.conflict('course-ended-by-discharge', 'The patient was discharged: this withdrawal-management course has ended.');
  }
  throw problems.conflict('course-completed', 'This withdrawal-management course has been completed.');
}
