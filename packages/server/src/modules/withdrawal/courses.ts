import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { recordLastUse } from '../care/service';
import { isUuid, patientScope, requireEpisode, requirePatient } from '../../platform/permissions/access';
import type { Action } from '../../platform/permissions/decision-table';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { ensureDefaultProtocols } from './protocols';
import { courseCompletion, courseStatus, presentCourse, presentObservation, recentObservations } from './view';
import { courseDetailSchema, holdCheckSchema, patientCourses, ruleFindingSchema } from './schemas';

const tags = ['withdrawal management'];
const instant = z.iso.datetime({ offset: true });

/** A course whose patient is in scope for the action; 404 otherwise. */
export async function requireCourse(tx: Tx, ctx: RequestContext, courseId: string, action: Action) {
  // The course and its patient's scope in one statement: out of scope is simply not found.
  const course = isUuid(courseId)
    ? await tx
        .selectFrom('wm_courses as c')
        .innerJoin('wm_protocols as pr', 'pr.id', 'c.protocol_id')
        .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'c.organization_id').onRef('p.id', '=', 'c.patient_id'))
        .selectAll('c')
        .select('pr.name as protocol_name')
        .where('c.id', '=', courseId)
        .where('c.organization_id', '=', ctx.organizationId)
        .where(patientScope(ctx, 'withdrawal', action))
        .executeTakeFirst()
    : undefined;
  if (!course) throw problems.notFound('Withdrawal-management course');
  return course;
}

export async function courseDetail(tx: Tx, ctx: RequestContext, courseId: string) {
  const course = await requireCourse(tx, ctx, courseId, 'read');
  const observations = await tx
    .selectFrom('wm_observations as o')
    .leftJoin('users as u', 'u.id', 'o.recorded_by')
    .selectAll('o')
    .select('u.display_name as recorded_by_name')
    .where('o.organization_id', '=', ctx.organizationId)
    .where('o.course_id', '=', course.id)
    .orderBy('o.observed_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(500)
    .execute();
  const medications = await tx
    .selectFrom('wm_medication_events as m')
    .leftJoin('users as u', 'u.id', 'm.recorded_by')
    .selectAll('m')
    .select('u.display_name as recorded_by_name')
    .select((eb) => [
      eb
        .selectFrom('wm_reassessments as r')
        .select('r.effect')
        .whereRef('r.medication_event_id', '=', 'm.id')
        .orderBy('r.recorded_at', 'desc')
        .limit(1)
        .as('effect'),
      eb
        .selectFrom('wm_reassessments as r')
        .select('r.recorded_at')
        .whereRef('r.medication_event_id', '=', 'm.id')
        .orderBy('r.recorded_at', 'desc')
        .limit(1)
        .as('reassessed_at'),
    ])
    .where('m.organization_id', '=', ctx.organizationId)
    .where('m.course_id', '=', course.id)
    .orderBy('m.occurred_at', 'desc')
    .limit(500)
    .execute();
  recordAudit(ctx, { patientId: course.patient_id, resourceType: 'withdrawal', resourceId: course.id, action: 'read' });
  return {
    course: presentCourse(course),
    status: courseStatus(course, observations.slice(0, 2), ctx.now),
    completion: courseCompletion(course, observations, ctx.now),
    observations: observations.map(presentObservation),
    medications: medications.map((m) => ({
      id: m.id,
      medication: m.medication,
      doseMg: m.dose_mg === null ? null : Number(m.dose_mg),
      outcome: m.outcome,
      reason: m.reason,
      holdCheck: holdCheckSchema.parse(m.hold_check),
      firstDose: m.first_dose,
      basisObservationId: m.basis_observation_id,
      findings: z.array(ruleFindingSchema).parse(m.findings),
      overrideReason: m.override_reason,
      occurredAt: m.occurred_at,
      recordedByName: m.recorded_by_name,
      reassessDueAt: m.reassess_due_at,
      reassessedAt: m.reassessed_at,
      effect: m.effect,
    })),
  };
}

export const courseRoutes = [
  route({
    method: 'POST',
    url: '/episodes/:id/withdrawal',
    response: courseDetailSchema,
    summary: 'Start withdrawal management on a protocol (at admission or later)',
    tags,
    access: { permission: { resource: 'withdrawal', action: 'create' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({
        protocolId: z.uuid(),
        startedAt: instant.optional(),
        lastUseAt: instant.nullish(),
        lastUseKind: z.enum(['short_acting', 'long_acting', 'unknown']),
      })
      .strict(),
    status: 201,
    idempotent: true,
    auditResource: 'episode',
    handler: async ({ tx, ctx, params, body }) => {
      const { episode } = await requireEpisode(tx, ctx, params.id, 'withdrawal', 'create');
      if (episode.status !== 'active') throw problems.conflict('episode-discharged', 'The episode has ended.');
      if (episode.level_of_care !== 'withdrawal_management') {
        throw problems.invalid('id', 'level-withdrawal-management', 'The episode is not at the withdrawal-management level: change its level of care first.');
      }
      await ensureDefaultProtocols(tx, ctx.organizationId);
      const protocol = await tx
        .selectFrom('wm_protocols')
        .selectAll()
        .where('id', '=', body.protocolId)
        .where('organization_id', '=', ctx.organizationId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!protocol) throw problems.invalid('protocolId', 'active-protocol', 'protocolId: not an active protocol of this program.');
      const running = await tx.selectFrom('wm_courses').select('id').where('episode_id', '=', episode.id).where('status', '=', 'active').executeTakeFirst();
      if (running) throw problems.conflict('one-active-course', 'Withdrawal management is already under way for this episode.', { courseId: running.id });
      const startedAt = body.startedAt ? new Date(body.startedAt) : ctx.now;
      if (startedAt.getTime() > ctx.now.getTime() + 5 * 60_000) throw problems.invalid('startedAt', 'not-in-future', 'startedAt: cannot be in the future.');
      if (startedAt < episode.admitted_at) throw problems.invalid('startedAt', 'after-admission', 'startedAt: must be after admission.');
      // Last use recorded at admission is the default; a later, better history replaces it.
      const lastUse = body.lastUseAt !== undefined ? (body.lastUseAt ? new Date(body.lastUseAt) : null) : episode.last_opioid_use_at;
      if (lastUse && lastUse > startedAt) throw problems.invalid('lastUseAt', 'before-start', 'lastUseAt: must be before the start of withdrawal management.');
      const id = uuidv7();
      await tx
        .insertInto('wm_courses')
        .values({
          organization_id: ctx.organizationId,
          id,
          episode_id: episode.id,
          patient_id: episode.patient_id,
          facility_id: episode.facility_id,
          protocol_id: protocol.id,
          protocol: JSON.stringify(protocol.config),
          started_at: startedAt,
          last_use_at: lastUse,
          last_use_kind: body.lastUseKind,
          status: 'active',
          completed_at: null,
          outcome: null,
          next_level: null,
          first_dose_at: null,
          started_by: ctx.userId,
        })
        .execute();
      if (body.lastUseAt !== undefined) await recordLastUse(tx, ctx, episode.id, lastUse);
      await addEvent(tx, ctx, {
        patientId: episode.patient_id,
        episodeId: episode.id,
        kind: 'withdrawal.started',
        summary: `Withdrawal management started: ${protocol.name}`,
        occurredAt: startedAt,
      });
      recordAudit(ctx, { patientId: episode.patient_id, resourceType: 'withdrawal', resourceId: id, action: 'create' });
      return courseDetail(tx, ctx, id);
    },
  }),
  route({
    method: 'GET',
    url: '/withdrawal/:id',
    response: courseDetailSchema,
    summary: 'A withdrawal-management course: status (clock, trend, readiness), flowsheet, medications',
    tags,
    access: { permission: { resource: 'withdrawal', action: 'read' } },
    params: z.object({ id: z.string() }),
    handler: ({ tx, ctx, params }) => courseDetail(tx, ctx, params.id),
  }),
  route({
    method: 'GET',
    url: '/patients/:id/withdrawal',
    response: patientCourses,
    summary: 'The patient’s withdrawal-management courses, newest first',
    tags,
    access: { permission: { resource: 'withdrawal', action: 'read' } },
    params: z.object({ id: z.string() }),
    auditResource: 'patient',
    handler: async ({ tx, ctx, params }) => {
      const p = await requirePatient(tx, ctx, params.id, 'withdrawal', 'read');
      const rows = await tx
        .selectFrom('wm_courses as c')
        .innerJoin('wm_protocols as p', 'p.id', 'c.protocol_id')
        .selectAll('c')
        .select('p.name as protocol_name')
        .where('c.organization_id', '=', ctx.organizationId)
        .where('c.patient_id', '=', p.id)
        .orderBy('c.started_at', 'desc')
        .execute();
      recordAudit(ctx, { patientId: p.id, resourceType: 'withdrawal', resourceId: null, action: 'read' });
      const items = [];
      for (const c of rows)
        items.push({ ...presentCourse(c), status: c.status, current: courseStatus(c, await recentObservations(tx, ctx.organizationId, c.id), ctx.now) });
      return { items };
    },
  }),
];
