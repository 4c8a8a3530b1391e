import { sql, type Expression, type SqlBool } from 'kysely';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { isUuid } from '../../platform/permissions/access';
import type { Action, Resource } from '../../platform/permissions/decision-table';
import { problems } from '../../platform/problems';

/**
 * Records kept before there is a patient (inquiries, scheduled admissions) are scoped by their
 * facility: organization scope sees all; facility scope sees the user's facilities; anything narrower
 * (care team, self) sees none, since no care team exists yet.
 */
export function facilityIdsInScope(ctx: RequestContext, resource: Resource, action: Action): string[] | 'all' {
  const scope = ctx.scopeFor(resource, action);
  if (scope === 'organization') return 'all';
  if (scope === 'facility') return ctx.facilityIds;
  return [];
}

/** A where-clause on a facility_id column for the user's scope. */
export function facilityWhere(ctx: RequestContext, resource: Resource, action: Action, column: Expression<string>): Expression<SqlBool> {
  const ids = facilityIdsInScope(ctx, resource, action);
  if (ids === 'all') return sql<SqlBool>`true`;
  if (ids.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`${column} in (${sql.join(ids)})`;
}

/** A facility of the organization that the user may act at for this resource; 422 naming the field otherwise. */
export async function facilityForAction(tx: Tx, ctx: RequestContext, facilityId: string, resource: Resource, action: Action, field = 'facilityId') {
  const ids = facilityIdsInScope(ctx, resource, action);
  const facility = isUuid(facilityId)
    ? await tx.selectFrom('facilities').selectAll().where('id', '=', facilityId).where('organization_id', '=', ctx.organizationId).executeTakeFirst()
    : undefined;
  if (!facility || (ids !== 'all' && !ids.includes(facility.id))) throw problems.invalid(field, 'facility-in-scope', `${field}: not a facility you work at.`);
  return facility;
}

/** An inquiry in scope, or 404 as if it did not exist. */
export async function requireInquiry(tx: Tx, ctx: RequestContext, id: string, action: Action) {
  if (!isUuid(id)) throw problems.notFound('Inquiry');
  const row = await tx
    .selectFrom('adm_inquiries as i')
    .selectAll('i')
    .where('i.organization_id', '=', ctx.organizationId)
    .where('i.id', '=', id)
    .where((eb) => facilityWhere(ctx, 'admissions-inquiry', action, eb.ref('i.facility_id')))
    .executeTakeFirst();
  if (!row) throw problems.notFound('Inquiry');
  return row;
}
