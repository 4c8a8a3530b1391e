import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { addEvent } from '../../platform/timeline';

export interface AlertInput {
  patientId: string;
  episodeId: string | null;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  /**
   * One alert per cause: while an alert with this key is unresolved (open, or acknowledged but its
   * cause still there) raising it again does nothing. Resolving it (the check done, the value back in
   * range) lets the next occurrence alert again.
   */
  dedupeKey?: string;
  /** Roles who are alerted (and escalated to). Empty = everyone who can see the patient. */
  audience?: string[];
}

/** Raises an alert on a patient's chart and the boards that show it; every stage reuses this. */
export async function raiseAlert(tx: Tx, ctx: Pick<RequestContext, 'organizationId' | 'userId' | 'now'>, a: AlertInput): Promise<{ id: string; created: boolean }> {
  if (a.dedupeKey) {
    const open = await tx
      .selectFrom('alerts')
      .select('id')
      .where('organization_id', '=', ctx.organizationId)
      .where('patient_id', '=', a.patientId)
      .where('dedupe_key', '=', a.dedupeKey)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    if (open) return { id: open.id, created: false };
  }
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
      dedupe_key: a.dedupeKey ?? null,
      audience: a.audience ?? [],
    })
    .execute();
  await addEvent(tx, ctx as RequestContext, { patientId: a.patientId, episodeId: a.episodeId, kind: `alert.${a.kind}`, summary: `Alert: ${a.message}` });
  return { id, created: true };
}

/** Closes open alerts whose cause has gone (e.g. the overdue check was done). */
export async function resolveAlerts(tx: Tx, organizationId: string, patientId: string, dedupeKey: string, now: Date): Promise<void> {
  await resolve(tx, organizationId, patientId, '=', dedupeKey, now);
}

/** Resolves every open alert of a patient whose dedupe key matches a LIKE pattern (e.g. all of one course's). */
export async function resolveAlertsMatching(tx: Tx, organizationId: string, patientId: string, keyPattern: string, now: Date): Promise<void> {
  await resolve(tx, organizationId, patientId, 'like', keyPattern, now);
}

async function resolve(tx: Tx, organizationId: string, patientId: string, op: '=' | 'like', key: string, now: Date): Promise<void> {
  await tx
    .updateTable('alerts')
    .set({ resolved_at: now })
    .where('organization_id', '=', organizationId)
    .where('patient_id', '=', patientId)
    .where('dedupe_key', op, key)
    .where('resolved_at', 'is', null)
    .execute();
}

/** Escalates an unacknowledged alert: critical, and addressed to the wider audience given. */
export async function escalateAlert(tx: Tx, organizationId: string, alertId: string, audience: string[], now: Date): Promise<void> {
  await tx.updateTable('alerts').set({ escalated_at: now, severity: 'critical', audience }).where('organization_id', '=', organizationId).where('id', '=', alertId).execute();
}
