import type { Tx } from '../../db/schema';
import { sweepMissedDoses } from './mar';
import { presentOrder } from './present';

/**
 * What the medication stage lets other stages do. Leaving a level of care never stops an order:
 * discharge and aftercare read the patient's medications here to carry them forward.
 */
export async function medicationsForAftercare(tx: Tx, organizationId: string, patientId: string) {
  const rows = await tx
    .selectFrom('med_orders')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('patient_id', '=', patientId)
    .where('status', '<>', 'stopped')
    .orderBy('created_at')
    .execute();
  const last = await tx
    .selectFrom('med_doses')
    .select(['medication', 'dose_mg', 'dosing_day', 'kind'])
    .where('organization_id', '=', organizationId)
    .where('patient_id', '=', patientId)
    .where('kind', 'in', ['regular', 'take_home', 'outside'])
    .orderBy('dosing_day', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    orders: rows.map(presentOrder),
    lastDose: last
      ? { medication: last.medication, doseMg: last.dose_mg === null ? null : Number(last.dose_mg), dosingDay: last.dosing_day, kind: last.kind }
      : null,
  };
}

export { sweepMissedDoses };
