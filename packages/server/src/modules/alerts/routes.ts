import { z } from 'zod';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { sql } from 'kysely';
import { patientScope, requirePatient } from '../../platform/permissions/access';
import { HttpProblem, problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { addresseeOnly } from './grants';
import { actionRequired, presentAlert } from './present';
import { alertSchema, myAlerts } from './schemas';
import { audienceSees } from './visibility';

export const alertRoutes = [
  route({
    method: 'GET',
    url: '/alerts',
    response: myAlerts,
    summary:
      'Open alerts for me: patients in my scope whose alert names my role (or everyone, except for roles granted only their own alerts), most severe first',
    tags: ['alerts'],
    access: { permission: { resource: 'alert', action: 'read' } },
    query: z.object({ facilityId: z.uuid().optional() }),
    handler: async ({ tx, ctx, query }) => {
      // A facility's own alerts (no patient) reach whoever's alert scope reaches the facility.
      const scope = ctx.scopeFor('alert', 'read');
      const facilities = scope === 'organization' ? null : scope === 'facility' ? ctx.facilityIds : [];
      let q = tx
        .selectFrom('alerts as a')
        .leftJoin('patients as p', 'p.id', 'a.patient_id')
        .leftJoin('episodes as e', 'e.id', 'a.episode_id')
        .leftJoin('facilities as f', 'f.id', 'a.facility_id')
        .selectAll('a')
        .select(['p.legal_given_name', 'p.legal_family_name', 'p.mrn', 'e.bed', 'f.name as facility_name'])
        .where('a.organization_id', '=', ctx.organizationId)
        .where('a.acknowledged_at', 'is', null)
        .where('a.resolved_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb.and([eb('a.patient_id', 'is not', null), patientScope(ctx, 'alert', 'read')(eb as never)]),
            facilities === null
              ? eb('a.patient_id', 'is', null)
              : facilities.length
                ? eb.and([eb('a.patient_id', 'is', null), eb('a.facility_id', 'in', facilities)])
                : sql<boolean>`false`,
          ]),
        )
        .where(audienceSees(ctx, 'read'));
      if (query.facilityId) q = q.where((eb) => eb.or([eb('e.facility_id', '=', query.facilityId!), eb('a.facility_id', '=', query.facilityId!)]));
      const rows = await q
        .orderBy(sql`case a.severity when 'critical' then 0 when 'warning' then 1 else 2 end`)
        .orderBy('a.raised_at', 'desc')
        .limit(200)
        .execute();
      for (const r of rows) recordAudit(ctx, { patientId: r.patient_id, resourceType: 'alert', resourceId: r.id, action: 'read' });
      return {
        items: rows.map((r) => ({
          ...presentAlert(r),
          patientName: r.patient_id ? `${r.legal_family_name}, ${r.legal_given_name}` : null,
          mrn: r.mrn,
          bed: r.bed,
          facilityName: r.facility_name,
        })),
      };
    },
  }),
  route({
    method: 'POST',
    url: '/alerts/:id/acknowledge',
    response: alertSchema,
    summary: 'Acknowledge an alert (records who, when and the action taken; suicide-risk and authorization alerts need the action)',
    tags: ['alerts'],
    access: { permission: { resource: 'alert', action: 'update' } },
    params: z.object({ id: z.uuid() }),
    body: z
      .object({ action: z.string().trim().min(3).max(2000).optional() })
      .strict()
      .optional(),
    auditResource: 'alert',
    handler: async ({ tx, ctx, params, body }) => {
      const alert = await tx.selectFrom('alerts').selectAll().where('id', '=', params.id).where('organization_id', '=', ctx.organizationId).executeTakeFirst();
      if (!alert) throw problems.notFound('Alert');
      if (alert.patient_id)
        await requirePatient(tx, ctx, alert.patient_id, 'alert', 'update').catch(() => {
          throw problems.notFound('Alert');
        });
      else {
        const scope = ctx.scopeFor('alert', 'update');
        if (!(scope === 'organization' || (scope === 'facility' && ctx.facilityIds.includes(alert.facility_id!)))) throw problems.notFound('Alert');
      }
      // A role granted only its own alerts does not learn that any other alert exists.
      if (addresseeOnly(ctx, 'update') && !alert.audience.includes(ctx.role)) throw problems.notFound('Alert');
      // An alert addressed to some roles is theirs to acknowledge (empty audience = everyone who sees the patient).
      if (alert.audience.length > 0 && !alert.audience.includes(ctx.role)) {
        throw new HttpProblem(403, 'Forbidden', `This alert is addressed to ${alert.audience.join(', ')}; your role cannot acknowledge it.`, {
          rule: 'alert.audience',
        });
      }
      const action = body?.action ?? null;
      if (!alert.acknowledged_at && actionRequired(alert.kind) && !action) {
        throw alert.kind === 'suicide-risk'
          ? problems.invalid(
              'action',
              'suicide-risk.action-required',
              'action: record the action taken (safety assessment, observation, referral) to acknowledge a suicide-risk alert.',
            )
          : problems.invalid('action', 'alert.action-required', 'action: record the action taken (e.g. re-authorization requested, reference number).');
      }
      const row = alert.acknowledged_at
        ? alert
        : await tx
            .updateTable('alerts')
            .set({ acknowledged_at: ctx.now, acknowledged_by: ctx.userId, action_taken: action })
            .where('id', '=', alert.id)
            .returningAll()
            .executeTakeFirstOrThrow();
      if (!alert.acknowledged_at && row.patient_id) {
        await addEvent(tx, ctx, {
          patientId: row.patient_id,
          episodeId: row.episode_id,
          kind: 'alert.acknowledged',
          summary: `Alert acknowledged: ${row.message}${action ? ` — action taken: ${action}` : ''}`,
        });
      }
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'alert', resourceId: row.id, action: 'update' });
      const by = await tx.selectFrom('users').select('display_name').where('id', '=', row.acknowledged_by!).executeTakeFirst();
      return presentAlert({ ...row, acknowledged_by_name: by?.display_name });
    },
  }),
];
