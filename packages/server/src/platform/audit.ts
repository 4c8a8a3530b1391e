import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { uuidv7 } from '../db/ids';
import type { Db, Tx } from '../db/schema';
import type { RequestContext } from './context';

export interface AuditEntry {
  patientId: string | null;
  resourceType: string;
  resourceId: string | null;
  action: 'read' | 'create' | 'update' | 'delete' | 'search' | 'sign-in' | 'sign-out' | 'export';
  outcome?: 'success' | 'denied' | 'failure';
}

export interface AuditRow {
  organization_id: string;
  seq: number;
  id: string;
  occurred_at: Date;
  user_id: string | null;
  role: string | null;
  patient_id: string | null;
  resource_type: string;
  resource_id: string | null;
  action: string;
  outcome: 'success' | 'denied' | 'failure';
  source_ip: string | null;
  request_id: string | null;
  prev_hash: string;
}

const genesis = '0'.repeat(64);

/**
 * The chain is keyed (HMAC-SHA-256) with a secret kept outside the database, so someone who can edit
 * the table cannot recompute a consistent chain after tampering (security.md G.62). Development and
 * tests use a fixed key; `main.ts` sets the real one at start.
 */
let chainKey = 'waypoint-development-audit-key';
export function useAuditKey(key: string): void {
  chainKey = key;
}

/** Signs a piece of text with the chain key (used for the anchors kept outside the database). */
export function signWithAuditKey(text: string): string {
  return createHmac('sha256', chainKey).update(text).digest('hex');
}

/** The keyed hash covers every field and the previous row's hash, so an edit or a deletion breaks the chain. */
export function auditHash(row: AuditRow): string {
  return createHmac('sha256', chainKey).update(auditCanonical(row)).digest('hex');
}

/** The exact bytes a chain hash covers. */
export function auditCanonical(row: AuditRow): string {
  return JSON.stringify([
    row.organization_id,
    row.seq,
    row.id,
    row.occurred_at.toISOString(),
    row.user_id,
    row.role,
    row.patient_id,
    row.resource_type,
    row.resource_id,
    row.action,
    row.outcome,
    row.source_ip,
    row.request_id,
    row.prev_hash,
  ]);
}

export function recordAudit(ctx: RequestContext, entry: AuditEntry): void {
  ctx.audit.push(entry);
}

/**
 * Appends entries to the organization's chain inside the caller's transaction. The advisory lock
 * serializes appenders of one organization for the few microseconds of the append (taken last,
 * just before commit), so sequence numbers never fork.
 */
export async function writeAudit(
  tx: Tx,
  who: { organizationId: string; userId: string | null; role: string | null; ip: string | null; requestId: string | null; now: Date },
  entries: AuditEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${who.organizationId}, 7))`.execute(tx);
  const last = await tx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .where('organization_id', '=', who.organizationId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? genesis;
  const rows = entries.map((e) => {
    const row: AuditRow = {
      organization_id: who.organizationId,
      seq: ++seq,
      id: uuidv7(),
      occurred_at: who.now,
      user_id: who.userId,
      role: who.role,
      patient_id: e.patientId,
      resource_type: e.resourceType,
      resource_id: e.resourceId,
      action: e.action,
      outcome: e.outcome ?? 'success',
      source_ip: who.ip,
      request_id: who.requestId,
      prev_hash: prev,
    };
    prev = auditHash(row);
    return { ...row, hash: prev };
  });
  await tx.insertInto('audit_log').values(rows).execute();
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  /** Set when the chain is intact but shorter than, or different from, the anchor kept outside the database. */
  anchorMismatch?: { anchoredSeq: number; anchoredAt: string };
}

export interface AuditAnchor {
  seq: number;
  hash: string;
  at: string;
}

/** Walks an organization's chain in order; a changed, inserted or deleted row breaks it. */
export async function verifyAuditChain(db: Db, organizationId: string, anchor?: AuditAnchor): Promise<ChainVerification> {
  const result = await walkChain(db, organizationId);
  if (!result.ok || !anchor) return result;
  // Rows deleted from the end leave a shorter chain that is still consistent: the anchor catches it.
  const row = await db.selectFrom('audit_log').select('hash').where('organization_id', '=', organizationId).where('seq', '=', anchor.seq).executeTakeFirst();
  if (!row || row.hash !== anchor.hash) {
    return { ok: false, checked: result.checked, firstBrokenSeq: Math.min(anchor.seq, result.checked + 1), anchorMismatch: { anchoredSeq: anchor.seq, anchoredAt: anchor.at } };
  }
  return result;
}

async function walkChain(db: Db, organizationId: string): Promise<ChainVerification> {
  let prev = genesis;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (rows.length === 0) return { ok: true, checked, firstBrokenSeq: null };
    for (const r of rows) {
      const { hash, ...rest } = r;
      if (r.seq !== expectedSeq || r.prev_hash !== prev || auditHash(rest as AuditRow) !== hash) {
        return { ok: false, checked, firstBrokenSeq: expectedSeq };
      }
      prev = hash;
      expectedSeq++;
      checked++;
    }
  }
}
