import type { Tx } from '../../db/schema';

/**
 * Medical record numbers are per organization, sequential, never reused. The counter row is locked
 * by the update, so two registrations at once get different numbers.
 */
export async function nextMrn(tx: Tx, organizationId: string): Promise<string> {
  const row = await tx
    .insertInto('mrn_counters')
    .values({ organization_id: organizationId, next_value: 2 })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet((eb) => ({ next_value: eb('mrn_counters.next_value', '+', 1) })))
    .returning('next_value')
    .executeTakeFirstOrThrow();
  return `W${String(row.next_value - 1).padStart(7, '0')}`;
}
