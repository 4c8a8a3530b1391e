import type { Role } from '@waypoint/clinical/care/roles';
import { sql } from 'kysely';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { addEvent, timelineInsert } from '../../platform/timeline';

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
  audience?: Role[];
}

/**
 * An alert about a facility rather than a patient (a controlled-substance count that does not match
 * the ledger): shown to the audience whose alert scope reaches the facility.
 */
export interface FacilityAlertInput extends Omit<AlertInput, 'patientId' | 'episodeId'> {
  facilityId: string;
  patientId?: undefined;
}

/** Raises an alert on a patient's chart (or a facility's) and the boards that show it; every stage reuses this. */
export async function raiseAlert(
  tx: Tx,
  ctx: Pick<RequestContext, 'organizationId' | 'userId' | 'now'>,
  a: AlertInput | FacilityAlertInput,
): Promise<{ id: string; created: boolean }> {
  const patientId = a.patientId ?? null;
  const facilityId = 'facilityId' in a ? a.facilityId : null;
  if (a.dedupeKey) {
    let q = tx
      .selectFrom('alerts')
      .select('id')
      .where('organization_id', '=', ctx.organizationId)
      .where('dedupe_key', '=', a.dedupeKey)
      .where('resolved_at', 'is', null);
    q = patientId ? q.where('patient_id', '=', patientId) : q.where('patient_id', 'is', null).where('facility_id', '=', facilityId);
    const open = await q.executeTakeFirst();
    if (open) return { id: open.id, created: false };
  }
  const id = uuidv7();
  await tx
    .insertInto('alerts')
    .values({
      organization_id: ctx.organizationId,
      id,
      patient_id: patientId,
      facility_id: facilityId,
      episode_id: 'episodeId' in a ? a.episodeId : null,
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
  if (patientId && 'episodeId' in a)
    await addEvent(tx, ctx as RequestContext, { patientId, episodeId: a.episodeId, kind: `alert.${a.kind}`, summary: `Alert: ${a.message}` });
  return { id, created: true };
}

/** Closes a facility's open alert whose cause has gone (e.g. the count discrepancy was reviewed). */
export async function resolveFacilityAlerts(tx: Tx, organizationId: string, facilityId: string, dedupeKey: string, now: Date): Promise<void> {
  await tx
    .updateTable('alerts')
    .set({ resolved_at: now })
    .where('organization_id', '=', organizationId)
    .where('patient_id', 'is', null)
    .where('facility_id', '=', facilityId)
    .where('dedupe_key', '=', dedupeKey)
    .where('resolved_at', 'is', null)
    .execute();
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

/**
 * Raises and resolves a patient's alerts in ONE statement (issue 13: a flowsheet entry evaluates a
 * dozen causes; one round trip instead of one per cause). Same rules as raiseAlert/resolveAlerts:
 * a cause with an unresolved alert is not raised again; each alert raised gets its timeline line.
 * Raise and resolve keys are disjoint (a cause still present is not resolved).
 */
export async function applyAlerts(
  tx: Tx,
  ctx: Pick<RequestContext, 'organizationId' | 'userId' | 'now'>,
  change: { raise: AlertInput[]; resolve: { patientId: string; dedupeKeys: string[] } | null },
): Promise<{ id: string; input: AlertInput }[]> {
  if (change.raise.length === 0 && (!change.resolve || change.resolve.dedupeKeys.length === 0)) return [];
  const inputs = change.raise.map((a) => ({ id: uuidv7(), event_id: uuidv7(), a }));
  const rows = inputs.map(({ id, event_id, a }) => ({
    id,
    event_id,
    patient_id: a.patientId,
    episode_id: a.episodeId,
    kind: a.kind,
    severity: a.severity,
    message: a.message,
    dedupe_key: a.dedupeKey ?? null,
    audience: a.audience ?? [],
  }));
  const resolvePatient = change.resolve?.patientId ?? null;
  const resolveKeys = change.resolve?.dedupeKeys ?? [];
  const created = await sql<{ id: string }>`
    with resolved as (
      update alerts set resolved_at = ${ctx.now}
      where organization_id = ${ctx.organizationId} and patient_id = ${resolvePatient}::uuid
        and dedupe_key = any(${resolveKeys}::text[]) and resolved_at is null
      returning id
    ), v as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as v(id uuid, event_id uuid, patient_id uuid, episode_id uuid, kind text, severity text, message text, dedupe_key text, audience text[])
    ), ins as (
      insert into alerts (organization_id, id, patient_id, episode_id, kind, severity, message, raised_at, acknowledged_at, acknowledged_by, dedupe_key, audience)
      select ${ctx.organizationId}::uuid, v.id, v.patient_id, v.episode_id, v.kind, v.severity, v.message, ${ctx.now}::timestamptz, null, null, v.dedupe_key, v.audience
      from v
      where v.dedupe_key is null or not exists (
        select 1 from alerts a where a.organization_id = ${ctx.organizationId} and a.patient_id = v.patient_id and a.dedupe_key = v.dedupe_key and a.resolved_at is null)
      on conflict do nothing
      returning id
    ), ev as (
      ${timelineInsert(sql`select ${ctx.organizationId}::uuid, v.event_id, v.patient_id, v.episode_id, ${ctx.now}::timestamptz, 'alert.' || v.kind, 'Alert: ' || v.message, '{}'::jsonb, ${ctx.userId || null}::uuid
      from v join ins on ins.id = v.id`)}
    )
    select id from ins`.execute(tx);
  const made = new Set(created.rows.map((r) => r.id));
  return inputs.filter((i) => made.has(i.id)).map((i) => ({ id: i.id, input: i.a }));
}

/** Escalates an unacknowledged alert: critical, and addressed to the wider audience given. */
export async function escalateAlert(tx: Tx, organizationId: string, alertId: string, audience: Role[], now: Date): Promise<void> {
  await tx
    .updateTable('alerts')
    .set({ escalated_at: now, severity: 'critical', audience })
    .where('organization_id', '=', organizationId)
    .where('id', '=', alertId)
    .execute();
}
