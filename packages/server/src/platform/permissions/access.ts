import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Database, Tx } from '../../db/schema';
import type { RequestContext } from '../context';
import { problems } from '../problems';
import type { Action, Resource } from './decision-table';

type PatientEb = ExpressionBuilder<Database & { p: Database['patients'] }, 'p'>;

/**
 * The rows of `patients as p` this user may see for this resource and action. Out-of-scope rows are
 * simply absent, so a request for one answers 404, never 403 (security.md C).
 */
export function patientScope(ctx: RequestContext, resource: Resource, action: Action) {
  const scope = ctx.scopeFor(resource, action);
  return (eb: PatientEb): Expression<SqlBool> => {
    const inOrg = eb('p.organization_id', '=', ctx.organizationId);
    switch (scope) {
      case 'organization':
        return inOrg;
      case 'facility': {
        if (ctx.facilityIds.length === 0) return sql<SqlBool>`false`;
        return eb.and([
          inOrg,
          eb.or([
            eb('p.facility_id', 'in', ctx.facilityIds),
            // The patient's organization too (an episode's always is): the probe is then one look-up
            // in the active-episode index, and priced as one, instead of a scan of the facilities'
            // active episodes that made the planner walk whole tables around it (issue 13).
            eb.exists(
              eb
                .selectFrom('episodes as e')
                .select(sql`1`.as('one'))
                .whereRef('e.organization_id', '=', 'p.organization_id')
                .whereRef('e.patient_id', '=', 'p.id')
                .where('e.status', '=', 'active')
                .where('e.facility_id', 'in', ctx.facilityIds),
            ),
          ]),
        ]);
      }
      case 'care-team':
        return eb.and([
          inOrg,
          eb.exists(
            eb
              .selectFrom('care_team_members as c')
              .innerJoin('episodes as e', (j) => j.onRef('e.organization_id', '=', 'c.organization_id').onRef('e.id', '=', 'c.episode_id'))
              .select(sql`1`.as('one'))
              // The organization carried into both tables: their indexes lead with it (tenancy keys, 0007).
              .whereRef('c.organization_id', '=', 'p.organization_id')
              .whereRef('e.patient_id', '=', 'p.id')
              .where('e.status', '=', 'active')
              .where('c.user_id', '=', ctx.userId)
              .where('c.removed_at', 'is', null),
          ),
        ]);
      case 'self':
        return eb.and([inOrg, eb('p.user_id', '=', ctx.userId)]);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

type EpisodeEb = ExpressionBuilder<Database & { e: Database['episodes'] }, 'e'>;

/**
 * For a work list of episodes (`episodes as e`): with a facility-wide scope, only episodes at the
 * user's facilities. Beside patientScope it lets the census index drive the list, instead of walking
 * every active episode of the organization (the counselor's list at network scale).
 */
export function episodesInReach(ctx: RequestContext, resource: Resource, action: Action) {
  const scope = ctx.scopeFor(resource, action);
  return (eb: EpisodeEb): Expression<SqlBool> =>
    scope !== 'facility' ? sql<SqlBool>`true` : ctx.facilityIds.length ? eb('e.facility_id', 'in', ctx.facilityIds) : sql<SqlBool>`false`;
}

/** The patient, if in scope; otherwise 404 as if it did not exist. */
export async function requirePatient(tx: Tx, ctx: RequestContext, patientId: string, resource: Resource, action: Action) {
  if (!isUuid(patientId)) throw problems.notFound('Patient');
  const row = await tx
    .selectFrom('patients as p')
    .selectAll('p')
    .where('p.id', '=', patientId)
    .where(patientScope(ctx, resource, action))
    .executeTakeFirst();
  if (!row) throw problems.notFound('Patient');
  return row;
}

/** An episode whose patient is in scope; 404 otherwise. */
export async function requireEpisode(tx: Tx, ctx: RequestContext, episodeId: string, resource: Resource, action: Action) {
  if (!isUuid(episodeId)) throw problems.notFound('Episode');
  const row = await tx.selectFrom('episodes').selectAll().where('id', '=', episodeId).where('organization_id', '=', ctx.organizationId).executeTakeFirst();
  if (!row) throw problems.notFound('Episode');
  const patient = await requirePatient(tx, ctx, row.patient_id, resource, action).catch(() => {
    throw problems.notFound('Episode');
  });
  return { episode: row, patient };
}

/**
 * A facility addressed by a route (a board, a census, a schedule), if the user's scope for this
 * resource reaches it: organization scope reaches every facility of the organization, facility scope
 * only the user's own. Anything else answers 404, as if it did not exist.
 */
export function reachesFacility(ctx: RequestContext, facilityId: string, resource: Resource, action: Action): boolean {
  const scope = ctx.scopeFor(resource, action);
  return scope === 'organization' || (scope === 'facility' && ctx.facilityIds.includes(facilityId));
}

export async function requireFacility(tx: Tx, ctx: RequestContext, facilityId: string, resource: Resource, action: Action) {
  if (!isUuid(facilityId) || !reachesFacility(ctx, facilityId, resource, action)) throw problems.notFound('Facility');
  const row = await tx.selectFrom('facilities').selectAll().where('id', '=', facilityId).where('organization_id', '=', ctx.organizationId).executeTakeFirst();
  if (!row) throw problems.notFound('Facility');
  return row;
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
