import { z } from 'zod';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { HttpProblem, problems } from '../../platform/problems';
import type { RuleFinding } from '@waypoint/clinical/checks';
import { courseCompletion } from './view';
import { addEvent } from '../../platform/timeline';
import { resolveAlerts } from '../alerts/service';
import { changeLevelOfCare, dischargeEpisode } from '../care/service';
import { levelLabels, nextLevelsAfterWithdrawal, type LevelOfCare } from '@waypoint/clinical/care/levels';
import { courseDetail, requireCourse } from './courses';
import { assertCourseActive } from './service';
import { overdueKey } from './flowsheet';
import { courseDetailSchema } from './schemas';

export const completionRoutes = [
  route({
    method: 'POST',
    url: '/withdrawal/:id/complete',
    response: courseDetailSchema,
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
      if (at < course.started_at || at.getTime() > ctx.now.getTime() + 5 * 60_000)
        throw problems.invalid('completedAt', 'within-course', 'completedAt: must be between the start and now.');
      if (body.outcome === 'completed') {
        const observations = await tx
          .selectFrom('wm_observations')
          .selectAll()
          .where('course_id', '=', course.id)
          .where('observed_at', '>=', new Date(at.getTime() - 7 * 86_400_000))
          .orderBy('observed_at', 'desc')
          .execute();
        const readiness = courseCompletion(course, observations, at);
        if (!readiness.ready && !body.reason) {
          const findings: RuleFinding[] = [
            {
              ruleId: 'withdrawal.completion-criteria',
              severity: 'warning',
              message: `Completion criteria not met: ${readiness.reasons.join('; ')}. Record why it is complete now.`,
              overrideBy: ['nurse', 'prescriber'],
              source: 'Protocol completion criteria (local protocol)',
            },
          ];
          throw new HttpProblem(409, 'Warning needs a reason', findings[0].message, { rule: 'warning-needs-reason', findings });
        }
      }
      const episode = await tx
        .selectFrom('episodes')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', course.episode_id)
        .executeTakeFirstOrThrow();
      const facility = await tx.selectFrom('facilities').select(['name', 'levels_of_care']).where('id', '=', episode.facility_id).executeTakeFirstOrThrow();
      if (body.nextLevel && !facility.levels_of_care.includes(body.nextLevel)) {
        throw problems.invalid(
          'nextLevel',
          'offered-by-facility',
          `nextLevel: ${facility.name} offers ${facility.levels_of_care.map((l) => levelLabels[l as LevelOfCare]).join(', ')}.`,
        );
      }
      await tx
        .updateTable('wm_courses')
        .set({ status: 'completed', completed_at: at, outcome: body.outcome, next_level: body.nextLevel ?? null, version: course.version + 1 })
        .where('id', '=', course.id)
        .where('version', '=', course.version)
        .execute();
      const days = Math.floor((at.getTime() - course.started_at.getTime()) / 86_400_000) + 1;
      const outcomeText = { completed: 'completed', higher_level: 'moved to a higher level of care', against_advice: 'left against advice' }[body.outcome];
      await addEvent(tx, ctx, {
        patientId: course.patient_id,
        episodeId: episode.id,
        kind: 'withdrawal.completed',
        summary: `Withdrawal management ${outcomeText} on day ${days}${body.reason ? `: ${body.reason}` : ''}`,
        occurredAt: at,
      });

      if (body.nextLevel) {
        await changeLevelOfCare(tx, ctx, {
          episode,
          toLevel: body.nextLevel,
          reason: body.reason || 'Withdrawal management completed',
          at,
          naloxoneGiven: body.naloxoneGiven,
          medicationOffered: body.medicationOffered,
          field: 'nextLevel',
        });
      } else {
        // Leaving the program: against advice, or to a hospital (a higher level this program does not offer).
        await dischargeEpisode(tx, ctx, {
          episode,
          type: body.outcome === 'against_advice' ? 'against_advice' : 'transferred',
          reason: body.reason ?? null,
          at,
          naloxoneGiven: body.naloxoneGiven,
          medicationOffered: body.medicationOffered,
        });
      }
      await resolveAlerts(tx, ctx.organizationId, course.patient_id, overdueKey(course.id), ctx.now);
      recordAudit(ctx, { patientId: course.patient_id, resourceType: 'withdrawal', resourceId: course.id, action: 'update' });
      return courseDetail(tx, ctx, course.id);
    },
  }),
];
