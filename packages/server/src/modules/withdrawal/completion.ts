import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { HttpProblem, problems } from '../../platform/problems';
import type { RuleFinding } from '@waypoint/clinical/checks';
import { courseCompletion } from './view';
import { addEvent } from '../../platform/timeline';
import { raiseAlert, resolveAlerts } from '../alerts/raise';
import { levelLabels, nextLevelsAfterWithdrawal, type LevelOfCare } from '@waypoint/clinical/care/levels';
import { overdoseRiskAtTransition } from '@waypoint/clinical/transitions/overdose-risk';
import { courseDetail, requireCourse } from './courses';
import { assertCourseActive } from './service';
import { overdueKey } from './flowsheet';


export const completionRoutes = [
  route({
    method: 'POST',
    url: '/withdrawal/:id/complete',
    summary: 'Complete withdrawal management: outcome, and the move to the next level of care in one step',
    tags: ['withdrawal management'],
    access: { permission: { resource: 'withdrawal', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({
        outcome: z.enum(['completed', 'higher_level', 'against_advice']),
        nextLevel: z.enum(nextLevelsAfterWithdrawal).optional(),
        naloxoneGiven: z.boolean(),
        medicationOffered: z.boolean(),
        reason: z.string().trim().max(2000).optional(),
        completedAt: z.iso.datetime({ offset: true }).optional(),
      })
      .strict(),
    auditResource: 'withdrawal',
    handler: async ({ tx, ctx, params, body }) => {
      const course = await requireCourse(tx, ctx, params.id, 'update');
      assertCourseActive(course);
      if (body.outcome === 'completed' && !body.nextLevel) throw problems.invalid('nextLevel', 'required', 'nextLevel: say where the patient goes next.');
      const at = body.completedAt ? new Date(body.completedAt) : ctx.now;
      if (at < course.started_at || at.getTime() > ctx.now.getTime() + 5 * 60_000) throw problems.invalid('completedAt', 'within-course', 'completedAt: must be between the start and now.');
      if (body.outcome === 'completed') {
        const observations = await tx.selectFrom('wm_observations').selectAll().where('course_id', '=', course.id).where('observed_at', '>=', new Date(at.getTime() - 7 * 86_400_000)).orderBy('observed_at', 'desc').execute();
        const readiness = courseCompletion(course, observations, at);
        if (!readiness.ready && !body.reason) {
          const findings: RuleFinding[] = [{ ruleId: 'withdrawal.completion-criteria', severity: 'warning', message: `Completion criteria not met: ${readiness.reasons.join('; ')}. Record why it is complete now.`, overrideBy: ['nurse', 'prescriber'], source: 'Protocol completion criteria (local protocol)' }];
          throw new HttpProblem(409, 'Warning needs a reason', findings[0].message, { rule: 'warning-needs-reason', findings });
        }
      }
      const episode = await tx.selectFrom('episodes').selectAll().where('id', '=', course.episode_id).executeTakeFirstOrThrow();
      const facility = await tx.selectFrom('facilities').select(['name', 'levels_of_care']).where('id', '=', episode.facility_id).executeTakeFirstOrThrow();
      if (body.nextLevel && !facility.levels_of_care.includes(body.nextLevel)) {
        throw problems.invalid('nextLevel', 'offered-by-facility', `nextLevel: ${facility.name} offers ${facility.levels_of_care.map((l) => levelLabels[l as LevelOfCare]).join(', ')}.`);
      }
      await tx
        .updateTable('wm_courses')
        .set({ status: 'completed', completed_at: at, outcome: body.outcome, next_level: body.nextLevel ?? null, version: course.version + 1 })
        .where('id', '=', course.id)
        .where('version', '=', course.version)
        .execute();
      const days = Math.floor((at.getTime() - course.started_at.getTime()) / 86_400_000) + 1;
      const outcomeText = { completed: 'completed', higher_level: 'moved to a higher level of care', against_advice: 'left against advice' }[body.outcome];
      await addEvent(tx, ctx, { patientId: course.patient_id, episodeId: episode.id, kind: 'withdrawal.completed', summary: `Withdrawal management ${outcomeText} on day ${days}${body.reason ? `: ${body.reason}` : ''}`, occurredAt: at });

      if (body.nextLevel) {
        await tx.updateTable('episodes').set({ level_of_care: body.nextLevel, version: episode.version + 1, ...(body.naloxoneGiven && { naloxone_given: true }) }).where('id', '=', episode.id).execute();
        await tx.insertInto('level_of_care_changes').values({ organization_id: ctx.organizationId, id: uuidv7(), episode_id: episode.id, from_level: 'withdrawal_management', to_level: body.nextLevel, direction: 'step-down', reason: body.reason || 'Withdrawal management completed', changed_at: at, changed_by: ctx.userId }).execute();
        await addEvent(tx, ctx, { patientId: course.patient_id, episodeId: episode.id, kind: 'episode.step-down', summary: `Stepped down from Withdrawal management to ${levelLabels[body.nextLevel]}`, occurredAt: at });
      } else {
        // Leaving the program: against advice, or to a hospital (a higher level this program does not offer).
        const dischargeType = body.outcome === 'against_advice' ? 'against_advice' : 'transferred';
        await tx.updateTable('episodes').set({ status: 'discharged', discharged_at: at, discharge_type: dischargeType, discharge_reason: body.reason ?? null, naloxone_given: body.naloxoneGiven, bed: null, version: episode.version + 1 }).where('id', '=', episode.id).execute();
        await tx.updateTable('care_team_members').set({ removed_at: at }).where('episode_id', '=', episode.id).where('removed_at', 'is', null).execute();
        await addEvent(tx, ctx, { patientId: course.patient_id, episodeId: episode.id, kind: 'episode.discharged', summary: `Discharged (${dischargeType.replace('_', ' ')}) from Withdrawal management${body.naloxoneGiven ? '; naloxone given' : '; no naloxone given'}`, occurredAt: at });
      }
      const risk = overdoseRiskAtTransition({ fromLevel: 'withdrawal_management', toLevel: body.nextLevel ?? null, naloxoneGiven: body.naloxoneGiven, medicationOffered: body.medicationOffered });
      if (risk.flag) await raiseAlert(tx, ctx, { patientId: course.patient_id, episodeId: episode.id, kind: 'overdose-risk', severity: 'critical', message: risk.message!, dedupeKey: `overdose-risk:${episode.id}` });
      await resolveAlerts(tx, ctx.organizationId, course.patient_id, overdueKey(course.id), ctx.now);
      recordAudit(ctx, { patientId: course.patient_id, resourceType: 'withdrawal', resourceId: course.id, action: 'update' });
      return courseDetail(tx, ctx, course.id);
    },
  }),
];
