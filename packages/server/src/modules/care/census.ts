import { z } from 'zod';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { requireFacility } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { presentFacility } from '../admin/facilities';
import { dayNumber } from '../../platform/time';

export const censusRoutes = [
  route({
    method: 'GET',
    url: '/facilities/:id/census',
    summary: 'Census board: who is here, at what level, since when, which bed',
    tags: ['census'],
    access: { permission: { resource: 'census', action: 'read' } },
    params: z.object({ id: z.string() }),
    auditResource: 'census',
    handler: async ({ tx, ctx, params }) => {
      const facility = await requireFacility(tx, ctx, params.id, 'census', 'read');
      const rows = await tx
        .selectFrom('episodes as e')
        .innerJoin('patients as p', 'p.id', 'e.patient_id')
        .select(['e.id', 'e.patient_id', 'p.legal_given_name', 'p.legal_family_name', 'p.preferred_name', 'p.mrn', 'e.level_of_care', 'e.admitted_at', 'e.bed'])
        .where('e.organization_id', '=', ctx.organizationId)
        .where('e.facility_id', '=', facility.id)
        .where('e.status', '=', 'active')
        .orderBy('e.bed')
        .orderBy('p.legal_family_name')
        .execute();
      for (const r of rows) recordAudit(ctx, { patientId: r.patient_id, resourceType: 'census', resourceId: r.id, action: 'read' });
      return {
        facility: presentFacility(facility),
        occupiedBeds: rows.filter((r) => r.bed).length,
        items: rows.map((r) => ({
          episodeId: r.id,
          patientId: r.patient_id,
          patientName: `${r.legal_family_name}, ${r.legal_given_name}${r.preferred_name ? ` (${r.preferred_name})` : ''}`,
          mrn: r.mrn,
          levelOfCare: r.level_of_care,
          admittedAt: r.admitted_at,
          bed: r.bed,
          daysInCare: dayNumber(r.admitted_at, ctx.now, facility.time_zone),
        })),
      };
    },
  }),
];
