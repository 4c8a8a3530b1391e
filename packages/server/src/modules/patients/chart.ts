import type { Role } from '@waypoint/clinical/care/roles';
import type { teamRoles } from '../care/schemas';
import type { LevelOfCare } from '@waypoint/clinical/care/levels';
import { z } from 'zod';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { isUuid, patientScope, requirePatient } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { reviveTimestamps } from '../../platform/json-rows';
import { sql } from 'kysely';
import { decodeCursor, page, pageQuery } from '../../platform/pagination';
import { presentAlert } from '../alerts/present';
import { chartAlertsVisible } from '../alerts/visibility';
import { ageOn } from './present';
import { idParams, storedAllergies } from './schemas';
import { chartHeaderSchema, timelinePage } from './schemas';

const tags = ['chart'];

/**
 * The chart header: who this is, where, at what level, what to watch for. ONE query (issue 13): the
 * patient in scope with the active episode, open alerts, home facility and care team nested.
 */
export async function chartHeader(tx: Tx, ctx: RequestContext, patientId: string) {
  if (!isUuid(patientId)) throw problems.notFound('Patient');
  const row = await tx
    .selectFrom('patients as p')
    .selectAll('p')
    .select([
      sql<Record<string, unknown> | null>`(select row_to_json(x) from (
        select e.id, e.level_of_care, e.admitted_at, e.bed, e.status, e.facility_id, f.name as facility_name
        from episodes e join facilities f on f.id = e.facility_id
        where e.organization_id = p.organization_id and e.patient_id = p.id and e.status = 'active' limit 1) x)`.as('episode_json'),
      sql<unknown[]>`(select coalesce(json_agg(x order by x.raised_at desc), '[]') from (
        select a.*, u.display_name as acknowledged_by_name from alerts a left join users u on u.id = a.acknowledged_by
        where a.organization_id = p.organization_id and a.patient_id = p.id and a.acknowledged_at is null and a.resolved_at is null and ${chartAlertsVisible(ctx)}
        order by a.raised_at desc limit 20) x)`.as('alerts_json'),
      sql<{ id: string; name: string } | null>`(select json_build_object('id', f.id, 'name', f.name) from facilities f where f.id = p.facility_id)`.as(
        'facility_json',
      ),
      sql<unknown[]>`(select coalesce(json_agg(x order by x.assigned_at), '[]') from (
        select c.id, c.user_id, u.display_name, u.role, c.team_role, c.assigned_at
        from episodes e join care_team_members c on c.organization_id = e.organization_id and c.episode_id = e.id join users u on u.id = c.user_id
        where e.organization_id = p.organization_id and e.patient_id = p.id and e.status = 'active' and c.removed_at is null) x)`.as('care_team_json'),
    ])
    .where('p.id', '=', patientId)
    .where(patientScope(ctx, 'patient', 'read'))
    .executeTakeFirst();
  if (!row) throw problems.notFound('Patient');
  const p = row;
  const episode = reviveTimestamps<{
    id: string;
    level_of_care: LevelOfCare;
    admitted_at: Date;
    bed: string | null;
    status: 'active' | 'discharged';
    facility_id: string;
    facility_name: string;
  } | null>(row.episode_json);
  const alerts = reviveTimestamps<Parameters<typeof presentAlert>[0][]>(row.alerts_json);
  const facility = row.facility_json;
  const careTeam = reviveTimestamps<
    { id: string; user_id: string; display_name: string; role: Role; team_role: (typeof teamRoles)[number]; assigned_at: Date }[]
  >(row.care_team_json).map((r) => ({
    id: r.id,
    userId: r.user_id,
    displayName: r.display_name,
    userRole: r.role,
    teamRole: r.team_role,
    assignedAt: r.assigned_at,
  }));
  recordAudit(ctx, { patientId: p.id, resourceType: 'patient', resourceId: p.id, action: 'read' });
  return {
    patient: {
      id: p.id,
      mrn: p.mrn,
      legalGivenName: p.legal_given_name,
      legalFamilyName: p.legal_family_name,
      preferredName: p.preferred_name,
      birthDate: p.birth_date,
      age: ageOn(p.birth_date, ctx.now),
      sexAtBirth: p.sex_at_birth,
      genderIdentity: p.gender_identity,
      photo: p.photo,
      allergies: storedAllergies.parse(p.allergies),
      activeEpisode: episode
        ? {
            id: episode.id,
            levelOfCare: episode.level_of_care,
            facilityId: episode.facility_id,
            facilityName: episode.facility_name,
            admittedAt: episode.admitted_at,
            bed: episode.bed,
          }
        : null,
    },
    facility: episode ? { id: episode.facility_id, name: episode.facility_name } : (facility ?? null),
    episode: episode ? { id: episode.id, levelOfCare: episode.level_of_care, admittedAt: episode.admitted_at, bed: episode.bed, status: episode.status } : null,
    alerts: alerts.map(presentAlert),
    careTeam,
  };
}

export const chartRoutes = [
  route({
    method: 'GET',
    url: '/patients/:id/header',
    response: chartHeaderSchema,
    summary: 'Chart header: name, age, MRN, photo, facility, level of care, allergies, active alerts',
    tags,
    access: { permission: { resource: 'patient', action: 'read' } },
    params: idParams,
    auditResource: 'patient',
    handler: ({ tx, ctx, params }) => chartHeader(tx, ctx, params.id),
  }),
  route({
    method: 'GET',
    url: '/patients/:id/timeline',
    response: timelinePage,
    summary: 'Everything that happened to the patient, newest first',
    tags,
    access: { permission: { resource: 'patient', action: 'read' } },
    params: idParams,
    query: z.object(pageQuery),
    auditResource: 'patient',
    handler: async ({ tx, ctx, params, query }) => {
      const p = await requirePatient(tx, ctx, params.id, 'patient', 'read');
      const after = decodeCursor<[string, string]>(query.cursor, ['instant', 'uuid']);
      let q = tx
        .selectFrom('patient_events as ev')
        .leftJoin('users as u', 'u.id', 'ev.actor_id')
        .select(['ev.id', 'ev.occurred_at', 'ev.kind', 'ev.summary', 'ev.episode_id', 'u.display_name as actor_name'])
        .where('ev.organization_id', '=', ctx.organizationId)
        .where('ev.patient_id', '=', p.id);
      if (after) q = q.where((eb) => eb(eb.refTuple('ev.occurred_at', 'ev.id'), '<', eb.tuple(after[0] as never, after[1])));
      const rows = await q
        .orderBy('ev.occurred_at', 'desc')
        .orderBy('ev.id', 'desc')
        .limit(query.limit + 1)
        .execute();
      recordAudit(ctx, { patientId: p.id, resourceType: 'timeline', resourceId: p.id, action: 'read' });
      const { items, nextCursor } = page(rows, query.limit, (r) => [r.occurred_at.toISOString(), r.id]);
      return {
        items: items.map((r) => ({ id: r.id, occurredAt: r.occurred_at, kind: r.kind, summary: r.summary, episodeId: r.episode_id, actorName: r.actor_name })),
        nextCursor,
      };
    },
  }),
];
