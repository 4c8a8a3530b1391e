import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { requireFacility } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { presentAlert } from '../alerts/present';
import type { ObservationRow } from './view';
import { courseStatus, type CourseRow } from './view';

/**
 * The unit board: every withdrawal-management patient of a facility on one screen. Three queries
 * whatever the census: courses with patients, the latest two observations of each (lateral, on the
 * course index), and open alerts.
 */
export async function withdrawalBoard(tx: Tx, ctx: RequestContext, facilityId: string) {
  const facility = await requireFacility(tx, ctx, facilityId, 'withdrawal-board', 'read');
  const courses = await tx
    .selectFrom('wm_courses as c')
    .innerJoin('patients as p', 'p.id', 'c.patient_id')
    .innerJoin('episodes as e', 'e.id', 'c.episode_id')
    .innerJoin('wm_protocols as pr', 'pr.id', 'c.protocol_id')
    .selectAll('c')
    .select(['p.legal_given_name', 'p.legal_family_name', 'p.preferred_name', 'p.mrn', 'e.bed', 'e.admitted_at', 'pr.name as protocol_name'])
    .where('c.organization_id', '=', ctx.organizationId)
    .where('c.facility_id', '=', facility.id)
    .where('c.status', '=', 'active')
    .execute();
  const ids = courses.map((c) => c.id);
  const observations = ids.length
    ? (
        await sql<ObservationRow>`
          select o.* from unnest(${sql.val(ids)}::uuid[]) as c(id)
          cross join lateral (
            select * from wm_observations w
            where w.organization_id = ${ctx.organizationId} and w.course_id = c.id
            order by w.observed_at desc, w.id desc limit 2
          ) o`.execute(tx)
      ).rows
    : [];
  const patientIds = courses.map((c) => c.patient_id);
  const alerts = patientIds.length
    ? await tx
        .selectFrom('alerts')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', 'in', patientIds)
        .where('acknowledged_at', 'is', null)
        .where('resolved_at', 'is', null)
        .orderBy('raised_at', 'desc')
        .execute()
    : [];
  const rows = courses.map((c) => {
    const recent = observations.filter((o) => o.course_id === c.id).sort((a, b) => b.observed_at.getTime() - a.observed_at.getTime());
    const status = courseStatus(c as CourseRow, recent, ctx.now);
    const open = alerts.filter((a) => a.patient_id === c.patient_id);
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
    summary: 'Unit board: bed, hours since start (72-hour window), last COWS and trend, vitals, next check, alerts, induction readiness',
    tags: ['withdrawal management'],
    access: { permission: { resource: 'withdrawal-board', action: 'read' } },
    params: z.object({ id: z.string() }),
    auditResource: 'facility',
    handler: ({ tx, ctx, params }) => withdrawalBoard(tx, ctx, params.id),
  }),
];
