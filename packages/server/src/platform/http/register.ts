import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../db/schema';
import { scheduleAuditChain, writeAudit } from '../audit';
import { authenticate, type Session } from '../auth/sessions';
import type { RequestContext } from '../context';
import { isDeclared, scopeIn, type DecisionTable } from '../permissions/decision-table';
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
        ...(spec.response ? { response: { [spec.status ?? 200]: spec.response } } : {}),
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
    session = await authenticate(deps.db, req, now);
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
  };
  (req as WithSession).session = session;
  (req as WithSession).ctx = ctx;
  if ('permission' in access) {
    const { resource, action } = access.permission;
    if (!ctx.scopeFor(resource, action)) {
      await auditDenial(deps.db, ctx, spec, req);
      throw problems.forbidden();
    }
  }
}

async function run(spec: RouteSpec, deps: RouteDeps, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const session = (req as WithSession).session ?? null;
  const ctx = (req as WithSession).ctx!;
  try {
    const key = spec.idempotent && session ? idempotencyKey(req) : undefined;
    const requestHash = key ? hashRequest(req) : '';
    // No look-up before the transaction: claiming the key is the replay check (a used key conflicts
    // at once and is answered from its stored response below).
    const result = await deps.db.transaction().execute(async (tx) => {
      if (key && session) {
        // Claimed first: a concurrent retry with the same key waits on this row, then replays.
        await tx
          .insertInto('idempotency_keys')
          .values({ organization_id: session.organizationId, user_id: session.userId, key, method: req.method, path: req.url, request_hash: requestHash, status: 0, body: 'null' })
          .execute();
      }
      const out = await spec.handler({ tx, ctx, params: req.params, query: req.query, body: req.body, req, reply });
      if (key && session) {
        await tx
          .updateTable('idempotency_keys')
          .set({ status: spec.status ?? 200, body: JSON.stringify(out ?? null) })
          .where('organization_id', '=', session.organizationId)
          .where('user_id', '=', session.userId)
          .where('key', '=', key)
          .execute();
      }
      if (session) await writeAudit(tx, ctx, ctx.audit);
      return out;
    });
    if (session && ctx.audit.length) scheduleAuditChain(deps.db, ctx.organizationId, (err) => req.log.error({ err }, 'audit chaining failed'));
    if (reply.sent) return reply;
    reply.code(spec.status ?? 200);
    return result === undefined ? reply.send() : result;
  } catch (err) {
    const pg = err as { code?: string; constraint?: string };
    if (session && pg.code === '23505' && pg.constraint === 'idempotency_keys_pkey') {
      const key = idempotencyKey(req)!;
      const replay = await findReplay(deps.db, session, key, hashRequest(req));
      if (replay) return reply.code(replay.status).header('idempotent-replay', 'true').send(replay.body);
    }
    if (session && err instanceof HttpProblem && (err.status === 403 || err.status === 404)) {
      await auditDenial(deps.db, ctx, spec, req);
    }
    throw err;
  }
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
  return createHash('sha256').update(`${req.method} ${req.url} ${JSON.stringify(req.body ?? null)}`).digest('hex');
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
        resourceId: params.id ?? params.patientId ?? null,
        action: spec.method === 'GET' ? 'read' : 'update',
        outcome: 'denied',
      },
    ]),
  );
  scheduleAuditChain(db, ctx.organizationId, (err) => req.log.error({ err }, 'audit chaining failed'));
}
