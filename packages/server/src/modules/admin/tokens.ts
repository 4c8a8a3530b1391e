import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import { issueApiToken, revokeApiToken } from '../../platform/auth/sessions';
import { newToken, tokenHash } from '../../platform/auth/tokens';
import type { Action } from '../../platform/permissions/decision-table';
import { route } from '../../platform/http/route';
import { isUuid } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';

const tags = ['administration'];
const dayMs = 86_400_000;
/** Tokens last 90 days unless asked otherwise, and never more than a year. */
export const tokenLifetime = { defaultDays: 90, maxDays: 365 };

const presentToken = z.object({
  id: z.string(),
  name: z.string().nullable(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string(),
  revokedAt: z.string().nullable(),
  issuedBy: z.string(),
  active: z.boolean(),
});

async function listTokens(tx: Tx, organizationId: string, now: Date, id?: string) {
  let q = tx
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.token_id', 's.name', 's.scopes', 's.created_at', 's.expires_at', 's.last_seen_at', 's.ended_at', 'u.display_name'])
    .where('s.organization_id', '=', organizationId)
    .where('s.kind', '=', 'api-token')
    .where('s.token_id', 'is not', null);
  if (id) q = q.where('s.token_id', '=', id);
  const rows = await q.orderBy('s.created_at', 'desc').limit(500).execute();
  return rows.map((r) => ({
    id: r.token_id!,
    name: r.name,
    scopes: r.scopes ?? [],
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    lastUsedAt: r.last_seen_at.toISOString(),
    revokedAt: r.ended_at?.toISOString() ?? null,
    issuedBy: r.display_name,
    active: !r.ended_at && !!r.expires_at && r.expires_at > now,
  }));
}

/** Bearer tokens for integrations: scoped to named "resource.action" pairs, expiring, revocable. */
export const tokenRoutes = [
  route({
    method: 'POST',
    url: '/auth/tokens',
    summary: 'Issue a bearer token for an integration: acts as the calling administrator, only within its scopes, until it expires',
    tags,
    access: { permission: { resource: 'api-token', action: 'create' } },
    body: z
      .object({
        name: z.string().trim().min(1).max(100),
        scopes: z
          .array(z.string().regex(/^[a-z-]+\.[a-z]+$/, 'resource.action'))
          .min(1)
          .max(100),
        expiresInDays: z.number().int().min(1).max(tokenLifetime.maxDays).default(tokenLifetime.defaultDays),
      })
      .strict(),
    response: z.object({ token: z.string(), id: z.string(), name: z.string(), scopes: z.array(z.string()), expiresAt: z.string() }),
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, body }) => {
      const scopes = [...new Set(body.scopes)];
      const outside = scopes.filter((s) => {
        const [resource, action] = s.split('.');
        return !ctx.scopeFor(resource, action as Action);
      });
      if (outside.length) throw problems.invalid('scopes', 'scope-granted', `scopes: ${outside.join(', ')} — not something your role may do.`);
      const token = newToken('wpt');
      const id = uuidv7();
      const expiresAt = new Date(ctx.now.getTime() + body.expiresInDays * dayMs);
      await issueApiToken(tx, {
        tokenHash: tokenHash(token),
        tokenId: id,
        scopes,
        expiresAt,
        organizationId: ctx.organizationId,
        userId: ctx.userId,
        name: body.name,
        now: ctx.now,
      });
      recordAudit(ctx, { patientId: null, resourceType: 'api-token', resourceId: id, action: 'create' });
      return { token, id, name: body.name, scopes, expiresAt: expiresAt.toISOString() };
    },
  }),
  route({
    method: 'GET',
    url: '/auth/tokens',
    summary: 'The organization’s API tokens (never the secret): scopes, expiry, last use, revocation',
    tags,
    access: { permission: { resource: 'api-token', action: 'read' } },
    response: z.object({ items: z.array(presentToken) }),
    handler: async ({ tx, ctx }) => {
      recordAudit(ctx, { patientId: null, resourceType: 'api-token', resourceId: null, action: 'read' });
      return { items: await listTokens(tx, ctx.organizationId, ctx.now) };
    },
  }),
  route({
    method: 'POST',
    url: '/auth/tokens/:id/revoke',
    summary: 'Revoke an API token: it stops working at once',
    tags,
    access: { permission: { resource: 'api-token', action: 'update' } },
    params: z.object({ id: z.string() }),
    response: presentToken,
    auditResource: 'api-token',
    handler: async ({ tx, ctx, params }) => {
      if (!isUuid(params.id)) throw problems.notFound('API token');
      const [current] = await listTokens(tx, ctx.organizationId, ctx.now, params.id);
      if (!current) throw problems.notFound('API token');
      if (!current.revokedAt) {
        await revokeApiToken(tx, { organizationId: ctx.organizationId, tokenId: params.id, by: ctx.userId, now: ctx.now });
      }
      recordAudit(ctx, { patientId: null, resourceType: 'api-token', resourceId: params.id, action: 'update' });
      const [after] = await listTokens(tx, ctx.organizationId, ctx.now, params.id);
      return after;
    },
  }),
];
