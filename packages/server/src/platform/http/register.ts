import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/schema';
import { sql } from 'kysely';
import { auditInsert, scheduleAuditChain, writeAudit } from '../audit';
import { authenticate, displayRefused, type Session } from '../auth/sessions';
import type { RequestContext } from '../context';
import { isDeclared, rolesWith, scopeIn, type DecisionTable } from '../permissions/decision-table';
import { HttpProblem, problems } from '../problems';
import type { RouteSpec } from './route';

export interface RouteDeps {
  db: Db;
  clock: () => Date;
  /** The decision table composed from the stages' grants. */
  table: DecisionTable;
}

/**
 * Mounts routes with the one request pipeline: authenticate → MFA gate → decision table → one
 * transaction (handler, idempotency record, audit) → response. Denials are audited too.
 */
export function registerRoutes(app: FastifyInstance, deps: RouteDeps, specs: RouteSpec[], prefix = '/api/v1'): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const spec of specs) {
    if ('permission' in spec.access && !isDeclared(deps.table, spec.access.permission.resource, spec.access.permission.action)) {
      throw new Error(`${spec.method} ${spec.url} needs ${spec.access.permission.resource}.${spec.access.permission.action}, which no stage grants.`);
    }
    typed.route({
      method: spec.method,
      url: `${prefix}${spec.url}`,
      schema: {
        summary: spec.summary,
        tags: spec.tags,
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { querystring: spec.query } : {}),
        ...(spec.body ? { body: spec.body } : {}),
        response: { [spec.status ?? 200]: spec.response },
      },
      // Who and whether, before the body is validated: an unauthorized caller learns nothing from a 400.
      preValidation: (req) => admit(spec, deps, req),
      handler: (req, reply) => run(spec, deps, req, reply),
    });
  }
}

type WithSession = FastifyRequest & { session?: Session | null; ctx?: RequestContext };

async function admit(spec: RouteSpec, deps: RouteDeps, req: FastifyRequest): Promise<void> {
  const now = deps.clock();
  const access = spec.access;
  let session: Session | null = null;
  if (!('public' in access)) {
    session = await authenticate(deps.db, req, now, { display: true });
    if ('permission' in access && session.mfaRequired && !session.mfaVerified) {
      throw new HttpProblem(403, 'MFA required', 'Verify your second factor first.', { rule: 'mfa-required' });
    }
  }
  const role = session?.role ?? 'patient';
  const ctx: RequestContext = {
    organizationId: session?.organizationId ?? '',
    userId: session?.userId ?? '',
    role,
    displayName: session?.displayName ?? '',
    facilityIds: session?.facilityIds ?? [],
    patientId: session?.patientId ?? null,
    requestId: String(req.id),
    ip: req.ip,
    now,
    audit: [],
    scopeFor: (resource, action) => scopeIn(deps.table, role, resource, action),
    rolesWith: (resource, action) => rolesWith(deps.table, resource, action),
  };
  (req as WithSession).session = session;
  (req as WithSession).ctx = ctx;
  // A bearer token acts only within its scopes, on top of its user's role; session-only routes are for people.
  if (session?.scopes && !('public' in access)) {
    const wanted = 'permission' in access ? `${access.permission.resource}.${access.permission.action}` : null;
    if (!wanted || !session.scopes.includes(wanted)) {
      await auditDenial(deps.db, ctx, spec, req);
      throw new HttpProblem(403, 'Forbidden', `This API token is not scoped for ${wanted ?? 'this route'}.`, { rule: 'token-scope' });
    }
  }
  if (session?.kind === 'display') {
    if (!displayMay(spec, req)) {
      await auditDenial(deps.db, ctx, spec, req);
      throw displayRefused();
    }
    ctx.displayName = 'Wall display';
    ctx.scopeFor = (resource, action) => (resource === displayAccess.resource && action === displayAccess.action ? 'facility' : undefined);
  }
  if ('permission' in access) {
    const { resource, action } = access.permission;
    if (!ctx.scopeFor(resource, action)) {
      await auditDenial(deps.db, ctx, spec, req);
      throw problems.forbidden();
    }
  }
}

/**
 * A display credential reads its one facility's unit board (GET, withdrawal-board.read) and nothing
 * else: every other route, session-only ones included, is refused before the handler runs.
 */
export const displayAccess = { resource: 'withdrawal-board', action: 'read' } as const;

function displayMay(spec: RouteSpec, req: FastifyRequest): boolean {
  const access = spec.access;
  return (
    req.method === 'GET' && 'permission' in access && access.permission.resource === displayAccess.resource && access.permission.action === displayAccess.action
  );
}

async function run(spec: RouteSpec, deps: RouteDeps, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const session = (req as WithSession).session ?? null;
  const ctx = (req as WithSession).ctx!;
  let key: string | undefined;
  let requestHash = '';
  try {
    refuseNul(req);
    key = spec.idempotent && session ? idempotencyKey(req) : undefined;
    requestHash = key ? hashRequest(req) : '';
    // No look-up first: storing the key with the response, in the transaction's last statement, is the
    // replay check. A retry of a committed request conflicts there and is answered from the stored
    // response below, its own work rolled back; one racing the first request waits there on the
    // first's key (or, for a dose, on the one-dose-a-day index), then replays.
    const result = await deps.db.transaction().execute(async (tx) => {
      const out = await spec.handler({ tx, ctx, params: req.params, query: req.query, body: req.body, req, reply });
      // The stored response and the audit rows in one statement: one round trip fewer per write.
      const audit = session ? auditInsert(ctx, ctx.audit) : null;
      if (key && session) {
        const stored = sql`insert into idempotency_keys (organization_id, user_id, key, method, path, request_hash, status, body)
          values (${session.organizationId}, ${session.userId}, ${key}, ${req.method}, ${req.url}, ${requestHash}, ${spec.status ?? 200}, ${JSON.stringify(out ?? null)}::jsonb)`;
        await (audit ? sql`with stored as (${stored}) ${audit}` : stored).execute(tx);
      } else if (audit) await audit.execute(tx);
      return out;
    });
    if (session && ctx.audit.length) scheduleAuditChain(deps.db, ctx.organizationId, (err) => req.log.error({ err }, 'audit chaining failed'));
    if (reply.sent) return reply;
    reply.code(spec.status ?? 200);
    return result === undefined ? reply.send() : result;
  } catch (err) {
    // A refused retry (its key already stored, or its work refused because the first request did it:
    // a dose already given today) answers with the first request's response.
    if (key && session) {
      const replay = await findReplay(deps.db, session, key, requestHash);
      if (replay) return reply.code(replay.status).header('idempotent-replay', 'true').send(replay.body);
    }
    if (session && err instanceof HttpProblem && (err.status === 403 || err.status === 404)) {
      await auditDenial(deps.db, ctx, spec, req);
    }
    // What a refused request still read or disclosed (e.g. duplicate candidates in a 409) is audited
    // in its own transaction: the request's own was rolled back with the refusal.
    if (session && err instanceof HttpProblem && err.status < 500 && ctx.audit.length > 0) {
      await deps.db.transaction().execute((tx) => writeAudit(tx, ctx, ctx.audit));
    }
    throw err;
  }
}

/**
 * A NUL character is never valid input (PostgreSQL cannot store it in text): refused before the
 * database, naming the field. In a path id it names no record, so it is not found (and audited as such).
 */
function refuseNul(req: FastifyRequest): void {
  for (const [name, value] of Object.entries((req.params ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' && value.includes('\u0000')) throw problems.notFound(name === 'id' ? 'Record' : name);
  }
  const field = findNul(req.query, '') ?? findNul(req.body, '');
  if (field !== undefined) {
    const name = field || 'body';
    throw new HttpProblem(400, 'Invalid request', `${name}: must not contain a NUL character.`, {
      errors: [{ field: name, rule: 'no-nul-character', message: `${name}: must not contain a NUL character.` }],
    });
  }
}

function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const here = path ? `${path}.${k}` : k;
    // eslint-disable-next-line no-control-regex -- finding the NUL character is the point
    if (k.includes('\u0000')) return here.replace(/\u0000/g, '\\0');
    const found = findNul(v, here, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** What a denial's audit row may say about the id asked for: printable, bounded. */
function auditableId(value: string | undefined): string | null {
  if (value === undefined) return null;
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  return value.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 100);
}

function idempotencyKey(req: FastifyRequest): string | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length < 8 || key.length > 200) {
    throw new HttpProblem(400, 'Invalid request', 'Idempotency-Key must be 8 to 200 characters.', {
      errors: [{ field: 'Idempotency-Key', rule: 'length', message: 'Idempotency-Key must be 8 to 200 characters.' }],
    });
  }
  return key;
}

function hashRequest(req: FastifyRequest): string {
  return createHash('sha256')
    .update(`${req.method} ${req.url} ${JSON.stringify(req.body ?? null)}`)
    .digest('hex');
}

async function findReplay(db: Db, session: Session, key: string, requestHash: string) {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['status', 'body', 'request_hash'])
    .where('organization_id', '=', session.organizationId)
    .where('user_id', '=', session.userId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || row.status === 0) return undefined;
  if (row.request_hash !== requestHash) {
    throw new HttpProblem(422, 'Idempotency key reused', 'This Idempotency-Key was used for a different request.', {
      rule: 'idempotency-key-reuse',
    });
  }
  return row;
}

async function auditDenial(db: Db, ctx: RequestContext, spec: RouteSpec, req: FastifyRequest): Promise<void> {
  const params = (req.params ?? {}) as Record<string, string>;
  const resourceType = spec.auditResource ?? ('permission' in spec.access ? spec.access.permission.resource : 'session');
  await db.transaction().execute((tx) =>
    writeAudit(tx, ctx, [
      {
        patientId: null,
        resourceType,
        resourceId: auditableId(params.id ?? params.patientId),
        action: spec.method === 'GET' ? 'read' : 'update',
        outcome: 'denied',
      },
    ]),
  );
  scheduleAuditChain(db, ctx.organizationId, (err) => req.log.error({ err }, 'audit chaining failed'));
}
