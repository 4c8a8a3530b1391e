import { z } from 'zod';
import { sql } from 'kysely';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { requireFacility } from '../../platform/permissions/access';
import { presentFacility } from '../admin/facilities';
import { dayNumber } from '../../platform/time';
import { censusSchema } from './schemas';

export const censusRoutes = [
  route({
    method: 'GET',
    url: '/facilities/:id/census',
    response: censusSchema,
    summary: 'Census board: who is here, at what level, since when, which bed',
    tags: ['census'],
    access: { permission: { resource: 'census', action: 'read' } },
    params: z.object({ id: z.string() }),
    query: z.object({
      level: z.enum(levelsOfCare).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: z.string().max(100).optional(),
    }),
    auditResource: 'census',
    handler: async ({ tx, ctx, params, query }) => {
      const facility = await requireFacility(tx, ctx, params.id, 'census', 'read');
      // A census page, not the whole facility: a 1,000-patient outpatient program is 1,000 audited
      // disclosures per refresh otherwise. Counts by level are not disclosures (no one is named).
      const [offset] = decodeCursor<[number]>(query.cursor, ['integer']) ?? [0];
      const counts = await tx
        .selectFrom('episodes')
        .select(['level_of_care', (eb) => eb.fn.countAll<string>().as('in_care'), (eb) => eb.fn.count<string>('bed').as('in_bed')])
        .where('organization_id', '=', ctx.organizationId)
        .where('facility_id', '=', facility.id)
        .where('status', '=', 'active')
        .groupBy('level_of_care')
        .execute();
      let rowsQuery = tx
        .selectFrom('episodes as e')
        .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'e.organization_id').onRef('p.id', '=', 'e.patient_id'))
        .select(['e.id', 'e.patient_id', 'p.legal_given_name', 'p.legal_family_name', 'p.preferred_name', 'p.mrn', 'e.level_of_care', 'e.admitted_at', 'e.bed'])
        .where('e.organization_id', '=', ctx.organizationId)
        .where('e.facility_id', '=', facility.id)
        .where('e.status', '=', 'active');
      if (query.level) rowsQuery = rowsQuery.where('e.level_of_care', '=', query.level);
      // Beds in the ward's order ("R2" before "R10": letters, then the number), no bed last, then name.
      const rows = await rowsQuery
        .orderBy(sql`e.bed is null`)
        .orderBy(sql`regexp_replace(e.bed, '[0-9]+', '', 'g')`)
        .orderBy(sql`nullif(regexp_replace(e.bed, '[^0-9]', '', 'g'), '')::numeric`)
        .orderBy('e.bed')
        .orderBy('p.legal_family_name')
        .orderBy('e.id')
        .offset(offset)
        .limit(query.limit + 1)
        .execute();
      const items = rows.slice(0, query.limit);
      for (const r of items) recordAudit(ctx, { patientId: r.patient_id, resourceType: 'census', resourceId: r.id, action: 'read' });
      const byLevel = counts.map((c) => ({ levelOfCare: c.level_of_care, inCare: Number(c.in_care) }));
      return {
        facility: presentFacility(facility),
        occupiedBeds: counts.reduce((n, c) => n + Number(c.in_bed), 0),
        byLevel,
        total: query.level ? (byLevel.find((l) => l.levelOfCare === query.level)?.inCare ?? 0) : byLevel.reduce((n, l) => n + l.inCare, 0),
        items: items.map((r) => ({
          episodeId: r.id,
          patientId: r.patient_id,
          patientName: `${r.legal_family_name}, ${r.legal_given_name}${r.preferred_name ? ` (${r.preferred_name})` : ''}`,
          mrn: r.mrn,
          levelOfCare: r.level_of_care,
          admittedAt: r.admitted_at,
          bed: r.bed,
          daysInCare: dayNumber(r.admitted_at, ctx.now, facility.time_zone),
        })),
        nextCursor: rows.length > query.limit ? encodeCursor([offset + query.limit]) : null,
      };
    },
  }),
];
