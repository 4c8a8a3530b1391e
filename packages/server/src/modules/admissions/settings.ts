import { z } from 'zod';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { authWarning } from './authorization-alerts';
import { admissionsSettingsSchema } from './schemas';

export const settingsRoutes = [
  route({
    method: 'GET',
    url: '/admissions/settings',
    summary: 'When prior authorizations alert (days before the end, units or days left)',
    tags: ['admissions'],
    access: { permission: { resource: 'coverage', action: 'read' } },
    response: admissionsSettingsSchema,
    handler: async ({ tx, ctx }) => {
      const w = await authWarning(tx, ctx.organizationId);
      return { authWarnDays: w.days, authWarnRemaining: w.remaining };
    },
  }),
  route({
    method: 'PUT',
    url: '/admissions/settings',
    summary: 'Set when prior authorizations alert (program setting)',
    tags: ['admissions'],
    access: { permission: { resource: 'organization', action: 'update' } },
    body: z.object({ authWarnDays: z.number().int().min(0).max(90), authWarnRemaining: z.number().int().min(0).max(100) }).strict(),
    response: admissionsSettingsSchema,
    handler: async ({ tx, ctx, body }) => {
      await tx
        .insertInto('adm_settings')
        .values({ organization_id: ctx.organizationId, auth_warn_days: body.authWarnDays, auth_warn_remaining: body.authWarnRemaining })
        .onConflict((oc) =>
          oc.column('organization_id').doUpdateSet((eb) => ({
            auth_warn_days: body.authWarnDays,
            auth_warn_remaining: body.authWarnRemaining,
            version: eb('adm_settings.version', '+', 1),
          })),
        )
        .execute();
      recordAudit(ctx, { patientId: null, resourceType: 'admissions-settings', resourceId: null, action: 'update' });
      return body;
    },
  }),
];
