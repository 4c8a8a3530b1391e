import { z } from 'zod';
import { route } from '../../platform/http/route';
import { staffRoles } from '../../platform/permissions/roles';
import type { Action } from '../../platform/permissions/decision-table';
import { staffDirectory } from './schemas';

export const staffRoutes = [
  route({
    method: 'GET',
    url: '/staff',
    response: staffDirectory,
    summary: 'Active staff (names and roles) for pickers: care teams, or (may=resource.action) those whose role is granted a permission',
    tags: ['staff'],
    access: { permission: { resource: 'staff-directory', action: 'read' } },
    query: z.object({
      facilityId: z.uuid().optional(),
      /** Only staff whose role is granted this permission, e.g. `medication-order-sign.create` (who may sign an order). */
      may: z
        .string()
        .regex(/^[a-z][a-z0-9-]*\.(read|create|update|admin)$/, 'a permission as resource.action')
        .optional(),
    }),
    handler: async ({ tx, ctx, query }) => {
      const [resource, action] = (query.may?.split('.') ?? []) as [string, Action];
      const granted = query.may ? ctx.rolesWith(resource, action) : null;
      let q = tx
        .selectFrom('users as u')
        .select(['u.id', 'u.display_name', 'u.role'])
        .where('u.organization_id', '=', ctx.organizationId)
        .where('u.active', '=', true)
        .where('u.role', 'in', [...staffRoles]);
      if (granted) {
        if (granted.length === 0) return { items: [] };
        q = q.where('u.role', 'in', granted);
      }
      if (query.facilityId) {
        q = q.where((eb) =>
          eb.exists(
            eb.selectFrom('user_facilities as uf').select('uf.user_id').whereRef('uf.user_id', '=', 'u.id').where('uf.facility_id', '=', query.facilityId!),
          ),
        );
      }
      const rows = await q.orderBy('u.display_name').limit(500).execute();
      return { items: rows.map((r) => ({ id: r.id, displayName: r.display_name, role: r.role })) };
    },
  }),
];
