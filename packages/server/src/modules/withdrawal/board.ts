import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import { endDisplayTokens, issueDisplayToken } from '../../platform/auth/sessions';
import { newToken, tokenHash } from '../../platform/auth/tokens';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { isUuid, reachesFacility, requireFacility } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { presentAlert } from '../alerts/present';
import { courseStatusUnder, type CourseClock, type ObservationSummary } from './view';
import { courseProtocol, knownCourseProtocol } from './protocol-config';
import { reviveTimestamps } from '../../platform/json-rows';
import { boardSchema } from './schemas';

/**
 * The unit board: every withdrawal-management patient of a facility on one screen. ONE query whatever
 * the census (issue 13): the facility in scope, its active courses with patients, the latest two
 * observations of each (on the course index) and open alerts nested.
 */
export async function withdrawalBoard(tx: Tx, ctx: RequestContext, facilityId: string) {
  // requireFacility's scope rule, with the facility row read in the board's one query.
  const found =
    isUuid(facilityId) && reachesFacility(ctx, facilityId, 'withdrawal-board', 'read')
      ? await tx
          .selectFrom('facilities as f')
          .select(['f.id', 'f.name', 'f.time_zone'])
          .select(
            sql<unknown[]>`(select coalesce(json_agg(x), '[]') from (
              select c.id, c.patient_id, c.status, c.started_at, c.completed_at, c.first_dose_at, c.last_use_at, c.last_use_kind,
                p.legal_given_name, p.legal_family_name, p.preferred_name, p.mrn, e.bed, e.admitted_at, pr.name as protocol_name,
                (select coalesce(json_agg(o), '[]') from (
                  select w.observed_at, w.cows_total, w.cows_band, w.systolic, w.diastolic, w.heart_rate, w.respiratory_rate, w.temperature_c, w.spo2, w.pain
                  from wm_observations w where w.organization_id = c.organization_id and w.course_id = c.id
                  order by w.observed_at desc, w.id desc limit 2) o) as recent_json,
                (select coalesce(json_agg(a order by a.raised_at desc), '[]') from alerts a
                  where a.organization_id = c.organization_id and a.patient_id = c.patient_id and a.acknowledged_at is null and a.resolved_at is null) as alerts_json
              from wm_courses c
              join patients p on p.id = c.patient_id
              join episodes e on e.id = c.episode_id
              join wm_protocols pr on pr.id = c.protocol_id
              where c.organization_id = f.organization_id and c.facility_id = f.id and c.status = 'active') x)`.as('courses_json'),
          )
          .where('f.id', '=', facilityId)
          .where('f.organization_id', '=', ctx.organizationId)
          .executeTakeFirst()
      : undefined;
  if (!found) throw problems.notFound('Facility');
  const facility = { id: found.id, name: found.name, time_zone: found.time_zone };
  type BoardCourse = CourseClock & {
    id: string;
    patient_id: string;
    legal_given_name: string;
    legal_family_name: string;
    preferred_name: string | null;
    mrn: string;
    bed: string | null;
    admitted_at: Date;
    protocol_name: string;
    recent_json: ObservationSummary[];
    alerts_json: Parameters<typeof presentAlert>[0][];
  };
  const courses = reviveTimestamps<BoardCourse[]>(found.courses_json).map((c) => ({
    ...c,
    recent_json: reviveTimestamps<ObservationSummary[]>(c.recent_json),
    alerts_json: reviveTimestamps<Parameters<typeof presentAlert>[0][]>(c.alerts_json),
  }));
  // A course's protocol is a snapshot parsed once per process: read only those not parsed yet.
  const protocols = new Map(courses.map((c) => [c.id, knownCourseProtocol(c.id)]));
  const unknown = [...protocols].filter(([, p]) => !p).map(([id]) => id);
  if (unknown.length) {
    const stored = await tx
      .selectFrom('wm_courses')
      .select(['id', 'protocol'])
      .where('organization_id', '=', ctx.organizationId)
      .where('id', 'in', unknown)
      .execute();
    for (const c of stored) protocols.set(c.id, courseProtocol(c));
  }
  const rows = courses.map((c) => {
    const recent = c.recent_json;
    const status = courseStatusUnder(protocols.get(c.id)!, c, recent, ctx.now);
    const open = c.alerts_json;
    recordAudit(ctx, { patientId: c.patient_id, resourceType: 'withdrawal-board', resourceId: c.id, action: 'read' });
    return {
      courseId: c.id,
      patientId: c.patient_id,
      patientName: `${c.legal_family_name}, ${c.legal_given_name}${c.preferred_name ? ` (${c.preferred_name})` : ''}`,
      mrn: c.mrn,
      bed: c.bed,
      protocolName: c.protocol_name,
      ...status,
      hoursSinceAdmission: (ctx.now.getTime() - c.admitted_at.getTime()) / 3_600_000,
      inFirst72HoursOfAdmission: ctx.now.getTime() - c.admitted_at.getTime() < 72 * 3_600_000,
      alerts: open.map(presentAlert),
      overdoseRisk: open.some((a) => a.kind === 'overdose-risk'),
    };
  });
  // Most urgent first: overdue, then critical alerts, then next due.
  rows.sort((a, b) => urgency(b) - urgency(a) || (a.nextCheck?.dueAt.getTime() ?? 0) - (b.nextCheck?.dueAt.getTime() ?? 0));
  return { facility: { id: facility.id, name: facility.name, timeZone: facility.time_zone }, generatedAt: ctx.now, items: rows };
}

function urgency(r: { nextCheck: { overdue: boolean } | null; alerts: { severity: string }[] }): number {
  return (r.nextCheck?.overdue ? 2 : 0) + (r.alerts.some((a) => a.severity === 'critical') ? 1 : 0);
}

export const boardRoutes = [
  route({
    method: 'GET',
    url: '/facilities/:id/withdrawal-board',
    response: boardSchema,
    summary: 'Unit board: bed, hours since start (72-hour window), last COWS and trend, vitals, next check, alerts, induction readiness',
    tags: ['withdrawal management'],
    access: { permission: { resource: 'withdrawal-board', action: 'read' } },
    params: z.object({ id: z.string() }),
    auditResource: 'facility',
    handler: ({ tx, ctx, params }) => withdrawalBoard(tx, ctx, params.id),
  }),
  route({
    method: 'POST',
    url: '/facilities/:id/display-credentials',
    summary: 'Issue a wall display’s credential: it reads this facility’s unit board and nothing else, and never times out',
    tags: ['withdrawal management'],
    access: { permission: { resource: 'api-token', action: 'create' } },
    params: z.object({ id: z.string() }),
    body: z.object({ name: z.string().trim().min(1).max(100) }).strict(),
    response: z.object({ token: z.string(), name: z.string(), facilityId: z.string(), url: z.string() }),
    status: 201,
    idempotent: true,
    auditResource: 'facility',
    handler: async ({ tx, ctx, params, body }) => {
      const facility = await requireFacility(tx, ctx, params.id, 'api-token', 'create');
      const token = newToken('wpd');
      await issueDisplayToken(tx, {
        tokenHash: tokenHash(token),
        organizationId: ctx.organizationId,
        userId: ctx.userId,
        facilityId: facility.id,
        name: body.name,
        now: ctx.now,
      });
      recordAudit(ctx, { patientId: null, resourceType: 'display-credential', resourceId: facility.id, action: 'create' });
      // The token rides in the fragment: never sent to the server with the page, never in its logs.
      return { token, name: body.name, facilityId: facility.id, url: `/withdrawal?display=wall&facility=${facility.id}#token=${token}` };
    },
  }),
  route({
    method: 'DELETE',
    url: '/facilities/:id/display-credentials',
    summary: 'End every wall display credential of this facility (they show the sign-in problem at their next refresh)',
    tags: ['withdrawal management'],
    access: { permission: { resource: 'api-token', action: 'create' } },
    params: z.object({ id: z.string() }),
    response: z.object({ ended: z.number() }),
    auditResource: 'facility',
    handler: async ({ tx, ctx, params }) => {
      const facility = await requireFacility(tx, ctx, params.id, 'api-token', 'create');
      const ended = await endDisplayTokens(tx, ctx.organizationId, facility.id, ctx.now);
      recordAudit(ctx, { patientId: null, resourceType: 'display-credential', resourceId: facility.id, action: 'update' });
      return { ended };
    },
  }),
];
