import { z } from 'zod';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { problems } from '../../platform/problems';
import { requireMedFacility, settingsOf } from './common';
import { settingsSchema } from './schemas';

export const settingsRoutes = [
  route({
    method: 'GET',
    url: '/facilities/:facilityId/medication-settings',
    summary: 'The program’s medication settings at a facility: jurisdiction (whose rule set applies), missed-dose limit, program take-home limit',
    tags: ['medication'],
    access: { permission: { resource: 'medication-settings', action: 'read' } },
    params: z.object({ facilityId: z.string() }),
    response: settingsSchema,
    handler: async ({ tx, ctx, params }) => {
      const f = await requireMedFacility(tx, ctx, params.facilityId, 'medication-settings', 'read');
      return { facilityId: f.id, ...(await settingsOf(tx, ctx.organizationId, f.id)) };
    },
  }),
  route({
    method: 'PUT',
    url: '/facilities/:facilityId/medication-settings',
    summary: 'Set the jurisdiction and the program’s local limits',
    tags: ['medication'],
    access: { permission: { resource: 'medication-settings', action: 'update' } },
    params: z.object({ facilityId: z.string() }),
    body: z
      .object({
        jurisdiction: z.enum(['federal', 'virginia']),
        missedDoseLimit: z.number().int().min(1).max(30),
        takeHomeProgramMax: z.number().int().min(0).max(28).nullable(),
        version: z.number().int().min(0),
      })
      .strict(),
    response: settingsSchema,
    handler: async ({ tx, ctx, params, body }) => {
      const f = await requireMedFacility(tx, ctx, params.facilityId, 'medication-settings', 'update');
      const current = await settingsOf(tx, ctx.organizationId, f.id);
      if (current.version !== body.version) throw problems.preconditionFailed();
      await tx
        .insertInto('med_settings')
        .values({
          organization_id: ctx.organizationId,
          facility_id: f.id,
          jurisdiction: body.jurisdiction,
          missed_dose_limit: body.missedDoseLimit,
          take_home_program_max: body.takeHomeProgramMax,
          version: current.version + 1,
        })
        .onConflict((oc) =>
          oc.columns(['organization_id', 'facility_id']).doUpdateSet({
            jurisdiction: body.jurisdiction,
            missed_dose_limit: body.missedDoseLimit,
            take_home_program_max: body.takeHomeProgramMax,
            version: current.version + 1,
          }),
        )
        .execute();
      recordAudit(ctx, { patientId: null, resourceType: 'medication-settings', resourceId: f.id, action: 'update' });
      return { facilityId: f.id, ...(await settingsOf(tx, ctx.organizationId, f.id)) };
    },
  }),
];
