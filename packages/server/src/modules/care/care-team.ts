import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { isUuid, requireEpisode } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import type { Role } from '@waypoint/clinical/care/roles';
import { isStaff } from '../../platform/permissions/roles';
import { addEvent } from '../../platform/timeline';
import { careTeam, careTeamMemberSchema, teamRoles } from './schemas';
import { noContent } from '../../platform/http/wire';

export async function careTeamOf(tx: Tx, episodeId: string) {
  const rows = await tx
    .selectFrom('care_team_members as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.user_id', 'u.display_name', 'u.role', 'c.team_role', 'c.assigned_at'])
    .where('c.episode_id', '=', episodeId)
    .where('c.removed_at', 'is', null)
    .orderBy('c.assigned_at')
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, displayName: r.display_name, userRole: r.role, teamRole: r.team_role, assignedAt: r.assigned_at }));
}

const tags = ['care team'];
const episodeParams = z.object({ id: z.string() });

export const careTeamRoutes = [
  route({
    method: 'GET',
    url: '/episodes/:id/care-team',
    response: careTeam,
    summary: 'The care team of an episode',
    tags,
    access: { permission: { resource: 'care-team', action: 'read' } },
    params: episodeParams,
    auditResource: 'episode',
    handler: async ({ tx, ctx, params }) => {
      const { episode } = await requireEpisode(tx, ctx, params.id, 'care-team', 'read');
      recordAudit(ctx, { patientId: episode.patient_id, resourceType: 'care-team', resourceId: episode.id, action: 'read' });
      return { items: await careTeamOf(tx, episode.id) };
    },
  }),
  route({
    method: 'POST',
    url: '/episodes/:id/care-team',
    response: careTeamMemberSchema,
    summary: 'Assign a staff member to the care team',
    tags,
    access: { permission: { resource: 'care-team', action: 'update' } },
    params: episodeParams,
    body: z.object({ userId: z.uuid(), teamRole: z.enum(teamRoles) }).strict(),
    status: 201,
    idempotent: true,
    auditResource: 'episode',
    handler: async ({ tx, ctx, params, body }) => {
      const { episode } = await requireEpisode(tx, ctx, params.id, 'care-team', 'update');
      if (episode.status !== 'active') throw problems.conflict('episode-discharged', 'The episode has ended.');
      const user = await tx
        .selectFrom('users')
        .select(['id', 'role', 'display_name', 'active'])
        .where('id', '=', body.userId)
        .where('organization_id', '=', ctx.organizationId)
        .executeTakeFirst();
      if (!user || !user.active || !isStaff(user.role as Role))
        throw problems.invalid('userId', 'active-staff', 'userId: not an active staff member of this organization.');
      const existing = await tx
        .selectFrom('care_team_members')
        .select('id')
        .where('episode_id', '=', episode.id)
        .where('user_id', '=', user.id)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (existing) throw problems.conflict('already-on-team', `${user.display_name} is already on the care team.`);
      const id = uuidv7();
      await tx
        .insertInto('care_team_members')
        .values({
          organization_id: ctx.organizationId,
          id,
          episode_id: episode.id,
          user_id: user.id,
          team_role: body.teamRole,
          assigned_at: ctx.now,
          removed_at: null,
        })
        .execute();
      await addEvent(tx, ctx, {
        patientId: episode.patient_id,
        episodeId: episode.id,
        kind: 'care-team.assigned',
        summary: `${user.display_name} joined the care team (${body.teamRole.replace(/_/g, ' ')})`,
      });
      recordAudit(ctx, { patientId: episode.patient_id, resourceType: 'care-team', resourceId: id, action: 'create' });
      return { id, userId: user.id, displayName: user.display_name, userRole: user.role, teamRole: body.teamRole, assignedAt: ctx.now };
    },
  }),
  route({
    method: 'DELETE',
    url: '/episodes/:id/care-team/:memberId',
    response: noContent,
    summary: 'Remove a member from the care team',
    tags,
    access: { permission: { resource: 'care-team', action: 'update' } },
    params: z.object({ id: z.string(), memberId: z.string() }),
    status: 204,
    auditResource: 'episode',
    handler: async ({ tx, ctx, params }) => {
      const { episode } = await requireEpisode(tx, ctx, params.id, 'care-team', 'update');
      const removed = await tx
        .updateTable('care_team_members')
        .set({ removed_at: ctx.now })
        .where('episode_id', '=', episode.id)
        .where('id', '=', isUuid(params.memberId) ? params.memberId : '00000000-0000-0000-0000-000000000000')
        .where('removed_at', 'is', null)
        .returning('user_id')
        .executeTakeFirst();
      if (!removed) throw problems.notFound('Care team member');
      await addEvent(tx, ctx, { patientId: episode.patient_id, episodeId: episode.id, kind: 'care-team.removed', summary: 'A member left the care team' });
      recordAudit(ctx, { patientId: episode.patient_id, resourceType: 'care-team', resourceId: params.memberId, action: 'delete' });
      return undefined;
    },
  }),
];
