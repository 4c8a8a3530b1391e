import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
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
  seq: number | null;
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
  prev_hash: string | null;
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

/** The bytes a row's own MAC covers: every field the request wrote (not its place in the chain). */
export function auditMacCanonical(row: Omit<AuditRow, 'seq' | 'prev_hash'>): string {
  return JSON.stringify([
    'mac',
    row.organization_id,
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
  ]);
}

export function auditMac(row: Omit<AuditRow, 'seq' | 'prev_hash'>): string {
  return createHmac('sha256', chainKey).update(auditMacCanonical(row)).digest('hex');
}

/**
 * Appends entries inside the caller's transaction, in ONE statement, with no lock and no read of the
 * chain's head: requests never wait on each other for the audit (issue 13). Each row carries a keyed
 * MAC of its content, so it is tamper-evident from its commit; the chainer (below) links it into the
 * organization's hash chain right after.
 */
export async function writeAudit(tx: Tx, who: AuditWho, entries: AuditEntry[]): Promise<void> {
  await auditInsert(who, entries)?.execute(tx);
}

type AuditWho = { organizationId: string; userId: string | null; role: string | null; ip: string | null; requestId: string | null; now: Date };

/**
 * The insert of a request's audit rows as one statement (null when there are none), for a caller that
 * sends it together with its own last write (the request pipeline stores the idempotent response in
 * the same statement).
 */
export function auditInsert(who: AuditWho, entries: AuditEntry[]): RawBuilder<unknown> | null {
  if (entries.length === 0) return null;
  const rows = entries.map((e) => {
    const row = {
      organization_id: who.organizationId,
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
    };
    return { ...row, mac: auditMac(row) };
  });
  // Per-request columns once, per-row columns as arrays: ten parameters however many patients a
  // board or search shows (a 40-row multi-VALUES insert was 640 parameters to build, send and parse).
  const { organizationId, userId, role, ip, requestId, now } = who;
  return sql`
    insert into audit_log (organization_id, id, occurred_at, user_id, role, patient_id, resource_type, resource_id, action, outcome, source_ip, request_id, mac)
    select ${organizationId}::uuid, r.id, ${now}::timestamptz, ${userId}::uuid, ${role}::text, r.patient_id, r.resource_type, r.resource_id, r.action, r.outcome, ${ip}::text, ${requestId}::text, r.mac
    from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.patient_id)}::uuid[], ${rows.map((r) => r.resource_type)}::text[],
                ${rows.map((r) => r.resource_id)}::text[], ${rows.map((r) => r.action)}::text[], ${rows.map((r) => r.outcome)}::text[], ${rows.map((r) => r.mac)}::text[])
      as r(id, patient_id, resource_type, resource_id, action, outcome, mac)`;
}

// ---- The chainer: one writer per organization links committed rows into the chain -----------------

const chainLockSpace = 8;
// How long the chainer gathers commits before linking them: each run is a transaction of its own with
// a synchronous commit, so under a busy dosing window one run per quarter second, not one per request.
// A row is tamper-evident from its own commit (its MAC); only its place in the chain waits.
const chainBatchMs = 250;
const chainers = new WeakMap<Db, { running: Promise<void> | null; pending: Set<string> }>();

/**
 * Links every committed, unchained row of one organization into its chain, in one short transaction
 * of its own. The organization's chain lock makes the chainer the single writer of the chain (across
 * server processes too); `wait: false` skips an organization another chainer is already working on.
 * Returns the number of rows chained.
 */
export async function chainAudit(db: Db, organizationId: string, opts: { wait?: boolean } = {}): Promise<number> {
  return auditChainerScope.run(true, () => db.transaction().execute(async (tx) => chainAuditIn(tx, organizationId, opts)));
}

/** Set while the chainer runs: its statements are its own, not a request's (statement-count tests). */
export const auditChainerScope = new AsyncLocalStorage<true>();

export async function chainAuditIn(tx: Tx, organizationId: string, opts: { wait?: boolean } = {}): Promise<number> {
  if (opts.wait === false) {
    const got = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${organizationId}, ${chainLockSpace})) as ok`.execute(tx);
    if (!got.rows[0]?.ok) return 0;
  } else {
    await sql`select pg_advisory_xact_lock(hashtextextended(${organizationId}, ${chainLockSpace}))`.execute(tx);
  }
  const head = await tx.selectFrom('audit_chain_heads').select(['seq', 'hash']).where('organization_id', '=', organizationId).executeTakeFirst();
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? genesis;
  let total = 0;
  // In id order (UUIDv7: the order the rows were made), resuming after the last id seen.
  let after: string | null = null;
  for (;;) {
    let q = tx.selectFrom('audit_log').selectAll().where('organization_id', '=', organizationId).where('seq', 'is', null);
    if (after) q = q.where('id', '>', after);
    const rows = await q.orderBy('id').limit(2000).execute();
    if (rows.length === 0) return total;
    after = rows[rows.length - 1].id;
    const ids: string[] = [];
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const r of rows) {
      // A row without a valid MAC of its own (edited, or inserted by hand) is never given a place in
      // the chain: it stays unchained, and verification reports it.
      if (r.mac === null || auditMac(r as unknown as AuditRow) !== r.mac) continue;
      const row: AuditRow = { ...r, seq: ++seq, prev_hash: prev };
      ids.push(r.id);
      seqs.push(seq);
      prevs.push(prev);
      prev = auditHash(row);
      hashes.push(prev);
    }
    if (ids.length === 0) continue;
    // The rows' places and the new head in one statement.
    await sql`
      with linked as (
        update audit_log a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
        from unnest(${ids}::uuid[], ${seqs}::bigint[], ${prevs}::text[], ${hashes}::text[]) as v(id, seq, prev_hash, hash)
        where a.organization_id = ${organizationId} and a.id = v.id and a.seq is null)
      insert into audit_chain_heads (organization_id, seq, hash) values (${organizationId}, ${seq}, ${prev})
      on conflict (organization_id) do update set seq = excluded.seq, hash = excluded.hash`.execute(tx);
    total += ids.length;
  }
}

/** Chains every organization with unchained rows (start-up after a crash, the periodic sweep, anchors). */
export async function chainAllAudit(db: Db): Promise<number> {
  const orgs = await auditChainerScope.run(true, () =>
    sql<{ organization_id: string }>`select distinct organization_id from audit_log where seq is null`.execute(db),
  );
  let n = 0;
  for (const o of orgs.rows) n += await chainAudit(db, o.organization_id);
  return n;
}

/**
 * Called after a transaction that wrote audit rows has committed: chains them in the background,
 * one run at a time per database, coalescing bursts (a run starts 250 ms after the first commit
 * waiting for it). Never on the request's path.
 */
export function scheduleAuditChain(db: Db, organizationId: string, onError: (err: unknown) => void = () => {}): void {
  let state = chainers.get(db);
  if (!state) chainers.set(db, (state = { running: null, pending: new Set() }));
  state.pending.add(organizationId);
  if (state.running) return;
  const s = state;
  s.running = (async () => {
    // A short pause gathers the rows of the requests committing meanwhile into one chain transaction.
    await new Promise((r) => setTimeout(r, chainBatchMs));
    while (s.pending.size > 0) {
      const orgs = [...s.pending];
      s.pending.clear();
      for (const org of orgs) {
        try {
          await chainAudit(db, org);
        } catch (err) {
          onError(err);
        }
      }
    }
    s.running = null;
  })();
}

/** Waits for the background chainer (server shutdown, tests). */
export async function drainAuditChain(db: Db): Promise<void> {
  while (chainers.get(db)?.running) await chainers.get(db)!.running;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  /** Set when the chain is intact but shorter than, or different from, the anchor kept outside the database. */
  anchorMismatch?: { anchoredSeq: number; anchoredAt: string };
  /** Rows committed but not yet linked into the chain (each checked against its own MAC). */
  unchained?: number;
  /** An unchained row whose MAC fails: edited, or inserted by hand. */
  brokenUnchainedId?: string;
}

export interface AuditAnchor {
  seq: number;
  hash: string;
  at: string;
}

/** Walks an organization's chain in order; a changed, inserted or deleted row breaks it. */
export async function verifyAuditChain(db: Db, organizationId: string, anchor?: AuditAnchor): Promise<ChainVerification> {
  const result = await walkChain(db, organizationId);
  if (!anchor) return result;
  // Rows deleted from the end leave a shorter chain that is still consistent until the chainer links
  // the next rows after the gap (its head is kept apart): the anchor catches it either way, and says so.
  const row = await db.selectFrom('audit_log').select('hash').where('organization_id', '=', organizationId).where('seq', '=', anchor.seq).executeTakeFirst();
  if (!row || row.hash !== anchor.hash) {
    return {
      ok: false,
      checked: result.checked,
      firstBrokenSeq: Math.min(anchor.seq, result.firstBrokenSeq ?? result.checked + 1),
      anchorMismatch: { anchoredSeq: anchor.seq, anchoredAt: anchor.at },
    };
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
    if (rows.length === 0) break;
    for (const r of rows) {
      const { hash, mac, ...rest } = r;
      if (r.seq !== expectedSeq || r.prev_hash !== prev || auditHash(rest as AuditRow) !== hash || (mac !== null && auditMac(rest as AuditRow) !== mac)) {
        return { ok: false, checked, firstBrokenSeq: expectedSeq };
      }
      prev = hash!;
      expectedSeq++;
      checked++;
    }
  }
  // Rows not yet chained (the chainer runs right after each commit): each must carry a valid MAC, so
  // an edited or forged row is caught before it has its place in the chain.
  let unchained = 0;
  let afterId = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('seq', 'is', null)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.mac === null || r.hash !== null || r.prev_hash !== null || auditMac(r as unknown as AuditRow) !== r.mac) {
        return { ok: false, checked, firstBrokenSeq: expectedSeq, unchained, brokenUnchainedId: r.id };
      }
      unchained++;
      afterId = r.id;
    }
  }
  return { ok: true, checked, firstBrokenSeq: null, ...(unchained ? { unchained } : {}) };
}
