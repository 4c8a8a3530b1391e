import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { isUuid, requirePatient } from '../../platform/permissions/access';
import type { Action, Resource } from '../../platform/permissions/decision-table';
import { problems } from '../../platform/problems';

/**
 * A record looked up by id, returned only if its patient is in the user's scope for the action; a
 * malformed id, a missing record and an out-of-scope one all answer 404 alike.
 */
export async function inScope<T extends { patient_id: string }>(
  tx: Tx,
  ctx: RequestContext,
  id: string,
  find: (id: string) => Promise<T | undefined>,
  resource: Resource,
  action: Action,
  what: string,
) {
  const row = isUuid(id) ? await find(id) : undefined;
  if (!row) throw problems.notFound(what);
  const patient = await requirePatient(tx, ctx, row.patient_id, resource, action).catch(() => {
    throw problems.notFound(what);
  });
  return { row, patient };
}
