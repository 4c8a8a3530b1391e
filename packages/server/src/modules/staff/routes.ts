import { z } from 'zod';
import { route } from '../../platform/http/route';
import { staffRoles } from '../../platform/permissions/roles';
import { staffDirectory } from './schemas';

export const staffRoutes = [
  route({
    method: 'GET',
    url: '/staff',
    response: staffDirectory,
    summary: 'Active staff (names and roles) for care-team pickers',
    tags: ['staff'],
    access: { permission: { resource: 'staff-directory', action: 'read' } },
    query: z.object({ facilityId: z.uuid().optional() }),
    handler: async ({ tx, ctx, query }) => {
      let q = tx
        .selectFrom('users as u')
        .select(['u.id', 'u.display_name', 'u.role'])
        .where('u.organization_id', '=', ctx.organizationId)
        .where('u.active', '=', true)
        .where('u.role', 'in', [...staffRoles]);
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
