import { z } from 'zod';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { requirePatient } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { presentAlert } from './present';

export const alertRoutes = [
  route({
    method: 'POST',
    url: '/alerts/:id/acknowledge',
    summary: 'Acknowledge an alert (records who and when)',
    tags: ['alerts'],
    access: { permission: { resource: 'alert', action: 'update' } },
    params: z.object({ id: z.uuid() }),
    auditResource: 'alert',
    handler: async ({ tx, ctx, params }) => {
      const alert = await tx.selectFrom('alerts').selectAll().where('id', '=', params.id).where('organization_id', '=', ctx.organizationId).executeTakeFirst();
      if (!alert) throw problems.notFound('Alert');
      await requirePatient(tx, ctx, alert.patient_id, 'alert', 'update').catch(() => {
        throw problems.notFound('Alert');
      });
      const row =
        alert.acknowledged_at
          ? alert
          : await tx.updateTable('alerts').set({ acknowledged_at: ctx.now, acknowledged_by: ctx.userId }).where('id', '=', alert.id).returningAll().executeTakeFirstOrThrow();
      if (!alert.acknowledged_at) {
        await addEvent(tx, ctx, { patientId: row.patient_id, episodeId: row.episode_id, kind: 'alert.acknowledged', summary: `Alert acknowledged: ${row.message}` });
      }
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'alert', resourceId: row.id, action: 'update' });
      const by = await tx.selectFrom('users').select('display_name').where('id', '=', row.acknowledged_by!).executeTakeFirst();
      return presentAlert({ ...row, acknowledged_by_name: by?.display_name });
    },
  }),
];
