import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { resolveAlertsMatching } from '../alerts/service';

/**
 * What withdrawal management lets other stages do. Discharge (care) ends the episode's running course:
 * the patient leaves the unit board, overdue checks stop, and the flowsheet refuses new entries.
 */
export async function endCourseForDischarge(tx: Tx, ctx: RequestContext, episodeId: string, at: Date): Promise<void> {
  const course = await tx
    .updateTable('wm_courses')
    .set((eb) => ({ status: 'completed', completed_at: at, outcome: 'discharged', version: eb('version', '+', 1) }))
    .where('organization_id', '=', ctx.organizationId)
    .where('episode_id', '=', episodeId)
    .where('status', '=', 'active')
    .returning(['id', 'patient_id'])
    .executeTakeFirst();
  if (!course) return;
  await resolveAlertsMatching(tx, ctx.organizationId, course.patient_id, `wm-%:${course.id}%`, at);
  await addEvent(tx, ctx, {
    patientId: course.patient_id,
    episodeId,
    kind: 'withdrawal.ended',
    summary: 'Withdrawal management ended by discharge',
    occurredAt: at,
  });
}

/** Charting, dosing and completing need a running course; an ended one answers 409 naming why. */
export function assertCourseActive(course: { status: string; outcome: string | null }): void {
  if (course.status === 'active') return;
  if (course.outcome === 'discharged') {
    throw problems.conflict('course-completed', 'The patient was discharged: this withdrawal-management course has ended.');
  }
  throw problems.conflict('course-completed', 'This withdrawal-management course has been completed.');
}
