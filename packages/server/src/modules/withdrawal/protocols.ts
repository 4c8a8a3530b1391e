import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { problems } from '../../platform/problems';
import { defaultProtocols, parseProtocol, protocolConfig, protocolKinds } from './protocol-config';
import { protocolSchema, protocols } from './schemas';

const tags = ['withdrawal management'];

export function presentProtocol(p: { id: string; name: string; kind: (typeof protocolKinds)[number]; config: unknown; active: boolean; version: number }) {
  return { id: p.id, name: p.name, kind: p.kind, config: parseProtocol(p.config), active: p.active, version: p.version };
}

/** A program starts from the four templates; they are theirs to edit. */
export async function ensureDefaultProtocols(tx: Tx, organizationId: string): Promise<void> {
  const any = await tx.selectFrom('wm_protocols').select('id').where('organization_id', '=', organizationId).limit(1).executeTakeFirst();
  if (any) return;
  await tx
    .insertInto('wm_protocols')
    .values(defaultProtocols().map((p) => ({ organization_id: organizationId, id: uuidv7(), name: p.name, kind: p.kind, config: JSON.stringify(p.config) })))
    .execute();
}

export const protocolRoutes = [
  route({
    method: 'GET',
    url: '/wm/protocols',
    response: protocols,
    summary: 'Withdrawal-management protocols of the program',
    tags,
    access: { permission: { resource: 'wm-protocol', action: 'read' } },
    handler: async ({ tx, ctx }) => {
      await ensureDefaultProtocols(tx, ctx.organizationId);
      const rows = await tx.selectFrom('wm_protocols').selectAll().where('organization_id', '=', ctx.organizationId).orderBy('name').execute();
      return { items: rows.map(presentProtocol) };
    },
  }),
  route({
    method: 'POST',
    url: '/wm/protocols',
    response: protocolSchema,
    summary: 'Add a protocol (observation schedule, thresholds, standing and as-needed medications)',
    tags,
    access: { permission: { resource: 'wm-protocol', action: 'create' } },
    body: z.object({ name: z.string().trim().min(1).max(100), kind: z.enum(protocolKinds), config: protocolConfig }).strict(),
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, body }) => {
      const row = await tx
        .insertInto('wm_protocols')
        .values({ organization_id: ctx.organizationId, id: uuidv7(), name: body.name, kind: body.kind, config: JSON.stringify(body.config) })
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: null, resourceType: 'wm-protocol', resourceId: row.id, action: 'create' });
      return presentProtocol(row);
    },
  }),
  route({
    method: 'PATCH',
    url: '/wm/protocols/:id',
    response: protocolSchema,
    summary: 'Edit a protocol; running courses keep the version they started with',
    tags,
    access: { permission: { resource: 'wm-protocol', action: 'update' } },
    params: z.object({ id: z.uuid() }),
    body: z
      .object({ name: z.string().trim().min(1).max(100), config: protocolConfig, active: z.boolean() })
      .partial()
      .strict(),
    handler: async ({ tx, ctx, params, body }) => {
      if (Object.keys(body).length === 0) throw problems.emptyEdit();
      const row = await tx
        .updateTable('wm_protocols')
        .set((eb) => ({
          ...(body.name !== undefined && { name: body.name }),
          ...(body.config !== undefined && { config: JSON.stringify(body.config) }),
          ...(body.active !== undefined && { active: body.active }),
          version: eb('version', '+', 1),
        }))
        .where('id', '=', params.id)
        .where('organization_id', '=', ctx.organizationId)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw problems.notFound('Protocol');
      recordAudit(ctx, { patientId: null, resourceType: 'wm-protocol', resourceId: row.id, action: 'update' });
      return presentProtocol(row);
    },
  }),
];
