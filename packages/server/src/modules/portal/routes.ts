import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { problems } from '../../platform/problems';
import { careTeamOf } from '../care/care-team';
import { accessLog, portalMeSchema } from './schemas';

export const portalRoutes = [
  route({
    method: 'GET',
    url: '/portal/access-log',
    response: accessLog,
    summary: 'Who looked at my record: staff access to the signed-in patient’s record, newest first',
    tags: ['portal'],
    access: { permission: { resource: 'portal', action: 'read' } },
    handler: async ({ tx, ctx }) => {
      if (!ctx.patientId) throw problems.notFound('Patient record');
      const rows = await tx
        .selectFrom('audit_log as a')
        .leftJoin('users as u', 'u.id', 'a.user_id')
        .select(['a.occurred_at', 'a.action', 'a.resource_type', 'a.role', 'u.display_name'])
        .where('a.organization_id', '=', ctx.organizationId)
        .where('a.patient_id', '=', ctx.patientId)
        .where('a.user_id', '!=', ctx.userId)
        .where('a.outcome', '=', 'success')
        .orderBy('a.occurred_at', 'desc')
        .limit(200)
        .execute();
      recordAudit(ctx, { patientId: ctx.patientId, resourceType: 'access-log', resourceId: ctx.patientId, action: 'read' });
      return { items: rows.map((r) => ({ at: r.occurred_at, who: r.display_name ?? 'Unknown', role: r.role, action: r.action, what: r.resource_type })) };
    },
  }),
  route({
    method: 'GET',
    url: '/portal/me',
    response: portalMeSchema,
    summary: 'The signed-in patient’s own profile, current episode and care team',
    tags: ['portal'],
    access: { permission: { resource: 'portal', action: 'read' } },
    handler: async ({ tx, ctx }) => {
      if (!ctx.patientId) throw problems.notFound('Patient record');
      const p = await tx
        .selectFrom('patients')
        .selectAll()
        .where('id', '=', ctx.patientId)
        .where('organization_id', '=', ctx.organizationId)
        .executeTakeFirstOrThrow();
      const e = await tx
        .selectFrom('episodes as e')
        .innerJoin('facilities as f', 'f.id', 'e.facility_id')
        .select(['e.id', 'e.level_of_care', 'e.admitted_at', 'e.status', 'f.name as facility_name'])
        .where('e.patient_id', '=', p.id)
        .orderBy('e.admitted_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      recordAudit(ctx, { patientId: p.id, resourceType: 'portal', resourceId: p.id, action: 'read' });
      const team = e && e.status === 'active' ? await careTeamOf(tx, e.id) : [];
      return {
        patient: {
          mrn: p.mrn,
          preferredName: p.preferred_name,
          legalGivenName: p.legal_given_name,
          legalFamilyName: p.legal_family_name,
          birthDate: p.birth_date,
          phone: p.phone,
          email: p.email,
          preferredLanguage: p.preferred_language,
        },
        episode: e ? { levelOfCare: e.level_of_care, facilityName: e.facility_name, admittedAt: e.admitted_at, status: e.status } : null,
        careTeam: team.map((m) => ({ displayName: m.displayName, teamRole: m.teamRole })),
      };
    },
  }),
];
