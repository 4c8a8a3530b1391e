import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { addEvent } from '../../platform/timeline';

/** Raises an alert on a patient's chart (and the boards that show it); later stages reuse this. */
export async function raiseAlert(
  tx: Tx,
  ctx: RequestContext,
  a: { patientId: string; episodeId: string | null; kind: string; severity: 'info' | 'warning' | 'critical'; message: string },
): Promise<string> {
  const id = uuidv7();
  await tx
    .insertInto('alerts')
    .values({
      organization_id: ctx.organizationId,
      id,
      patient_id: a.patientId,
      episode_id: a.episodeId,
      kind: a.kind,
      severity: a.severity,
      message: a.message,
      raised_at: ctx.now,
      acknowledged_at: null,
      acknowledged_by: null,
    })
    .execute();
  await addEvent(tx, ctx, { patientId: a.patientId, episodeId: a.episodeId, kind: `alert.${a.kind}`, summary: `Alert: ${a.message}` });
  return id;
}
