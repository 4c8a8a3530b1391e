import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { problems } from '../../platform/problems';
import { levelsOfCare, type LevelOfCare } from '@waypoint/clinical/care/levels';
import { facilities, facilitySchema } from './schemas';

const tags = ['administration'];

export function presentFacility(f: { id: string; name: string; time_zone: string; bed_count: number; levels_of_care: LevelOfCare[] }) {
  return { id: f.id, name: f.name, timeZone: f.time_zone, bedCount: f.bed_count, levelsOfCare: f.levels_of_care };
}

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.includes('/') || tz === 'UTC';
  } catch {
    return false;
  }
}, 'an IANA time zone such as America/New_York');

const facilityBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    timeZone,
    bedCount: z.number().int().min(0).max(10_000),
    levelsOfCare: z
      .array(z.enum(levelsOfCare))
      .min(1)
      .refine((l) => new Set(l).size === l.length, 'no repeated levels'),
  })
  .strict();

export const facilityRoutes = [
  route({
    method: 'GET',
    url: '/facilities',
    response: facilities,
    summary: 'Facilities of the organization',
    tags,
    access: { permission: { resource: 'facility', action: 'read' } },
    handler: async ({ tx, ctx }) => {
      const rows = await tx.selectFrom('facilities').selectAll().where('organization_id', '=', ctx.organizationId).orderBy('name').execute();
      return { items: rows.map(presentFacility) };
    },
  }),
  route({
    method: 'POST',
    url: '/facilities',
    response: facilitySchema,
    summary: 'Add a facility',
    tags,
    access: { permission: { resource: 'facility', action: 'create' } },
    body: facilityBody,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, body }) => {
      const row = await tx
        .insertInto('facilities')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          name: body.name,
          time_zone: body.timeZone,
          bed_count: body.bedCount,
          levels_of_care: body.levelsOfCare,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: null, resourceType: 'facility', resourceId: row.id, action: 'create' });
      return presentFacility(row);
    },
  }),
  route({
    method: 'PATCH',
    url: '/facilities/:id',
    response: facilitySchema,
    summary: 'Edit a facility',
    tags,
    access: { permission: { resource: 'facility', action: 'update' } },
    params: z.object({ id: z.uuid() }),
    body: facilityBody.partial(),
    handler: async ({ tx, ctx, params, body }) => {
      if (Object.keys(body).length === 0) throw problems.emptyEdit();
      const row = await tx
        .updateTable('facilities')
        .set({
          ...(body.name !== undefined && { name: body.name }),
          ...(body.timeZone !== undefined && { time_zone: body.timeZone }),
          ...(body.bedCount !== undefined && { bed_count: body.bedCount }),
          ...(body.levelsOfCare !== undefined && { levels_of_care: body.levelsOfCare }),
        })
        .where('id', '=', params.id)
        .where('organization_id', '=', ctx.organizationId)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw problems.notFound('Facility');
      recordAudit(ctx, { patientId: null, resourceType: 'facility', resourceId: row.id, action: 'update' });
      return presentFacility(row);
    },
  }),
];
