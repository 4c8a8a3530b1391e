import { z } from 'zod';
import { route } from '../../platform/http/route';
import { recordAudit } from '../../platform/audit';
import { problems } from '../../platform/problems';
import { organizationSchema } from './schemas';

const tags = ['administration'];

function present(o: { id: string; name: string; mfa_required: boolean; idle_timeout_minutes: number }) {
  return { id: o.id, name: o.name, mfaRequired: o.mfa_required, idleTimeoutMinutes: o.idle_timeout_minutes };
}

export const organizationRoutes = [
  route({
    method: 'GET',
    url: '/organization',
    response: organizationSchema,
    summary: 'Organization settings',
    tags,
    access: { permission: { resource: 'organization', action: 'read' } },
    handler: async ({ tx, ctx }) => present(await tx.selectFrom('organizations').selectAll().where('id', '=', ctx.organizationId).executeTakeFirstOrThrow()),
  }),
  route({
    method: 'PATCH',
    url: '/organization',
    response: organizationSchema,
    summary: 'Change organization settings (MFA policy, idle time-out)',
    tags,
    access: { permission: { resource: 'organization', action: 'update' } },
    body: z
      .object({ name: z.string().trim().min(1).max(200), mfaRequired: z.boolean(), idleTimeoutMinutes: z.number().int().min(1).max(720) })
      .partial()
      .strict(),
    handler: async ({ tx, ctx, body }) => {
      if (Object.keys(body).length === 0) throw problems.emptyEdit();
      const row = await tx
        .updateTable('organizations')
        .set({
          ...(body.name !== undefined && { name: body.name }),
          ...(body.mfaRequired !== undefined && { mfa_required: body.mfaRequired }),
          ...(body.idleTimeoutMinutes !== undefined && { idle_timeout_minutes: body.idleTimeoutMinutes }),
        })
        .where('id', '=', ctx.organizationId)
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: null, resourceType: 'organization', resourceId: row.id, action: 'update' });
      return present(row);
    },
  }),
];
