import { z } from 'zod';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { requirePatient } from '../../platform/permissions/access';
import { decodeCursor, page, pageQuery } from '../../platform/pagination';
import { presentAlert } from '../alerts/present';
import { careTeamOf } from '../care/care-team';
import { ageOn } from './present';
import { idParams } from './schemas';

const tags = ['chart'];

/** The chart header: who this is, where, at what level, what to watch for. One round trip. */
export async function chartHeader(tx: Tx, ctx: RequestContext, patientId: string) {
  const p = await requirePatient(tx, ctx, patientId, 'patient', 'read');
  const [episode, alerts, facility] = await Promise.all([
    tx.selectFrom('episodes as e').innerJoin('facilities as f', 'f.id', 'e.facility_id')
      .select(['e.id', 'e.level_of_care', 'e.admitted_at', 'e.bed', 'e.status', 'e.facility_id', 'f.name as facility_name'])
      .where('e.patient_id', '=', p.id).where('e.status', '=', 'active').executeTakeFirst(),
    tx.selectFrom('alerts as a').leftJoin('users as u', 'u.id', 'a.acknowledged_by').selectAll('a').select('u.display_name as acknowledged_by_name')
      .where('a.organization_id', '=', ctx.organizationId).where('a.patient_id', '=', p.id).where('a.acknowledged_at', 'is', null).where('a.resolved_at', 'is', null)
      .orderBy('a.raised_at', 'desc').limit(20).execute(),
    tx.selectFrom('facilities').select(['id', 'name']).where('id', '=', p.facility_id).executeTakeFirst(),
  ]);
  const careTeam = episode ? await careTeamOf(tx, episode.id) : [];
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
      allergies: p.allergies,
      activeEpisode: episode
        ? { id: episode.id, levelOfCare: episode.level_of_care, facilityId: episode.facility_id, facilityName: episode.facility_name, admittedAt: episode.admitted_at, bed: episode.bed }
        : null,
    },
    facility: episode ? { id: episode.facility_id, name: episode.facility_name } : facility ?? null,
    episode: episode ? { id: episode.id, levelOfCare: episode.level_of_care, admittedAt: episode.admitted_at, bed: episode.bed, status: episode.status } : null,
    alerts: alerts.map(presentAlert),
    careTeam,
  };
}

export const chartRoutes = [
  route({
    method: 'GET',
    url: '/patients/:id/header',
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
      const rows = await q.orderBy('ev.occurred_at', 'desc').orderBy('ev.id', 'desc').limit(query.limit + 1).execute();
      recordAudit(ctx, { patientId: p.id, resourceType: 'timeline', resourceId: p.id, action: 'read' });
      const { items, nextCursor } = page(rows, query.limit, (r) => [r.occurred_at.toISOString(), r.id]);
      return {
        items: items.map((r) => ({ id: r.id, occurredAt: r.occurred_at, kind: r.kind, summary: r.summary, episodeId: r.episode_id, actorName: r.actor_name })),
        nextCursor,
      };
    },
  }),
];
