import { recordAudit } from '../../platform/audit';
import { z } from 'zod';
import { chainAuditIn, verifyAuditChain } from '../../platform/audit';
import { readAuditAnchors } from '../../platform/audit-anchor';
import { route } from '../../platform/http/route';
import { decodeCursor, pageQuery } from '../../platform/pagination';
import { auditPage, chainVerification } from './schemas';

const tags = ['audit'];

export const auditRoutes = [
  route({
    method: 'GET',
    url: '/audit',
    response: auditPage,
    summary: 'Audit log, newest first, filtered by user, patient and time',
    tags,
    access: { permission: { resource: 'audit', action: 'read' } },
    query: z.object({
      userId: z.uuid().optional(),
      patientId: z.uuid().optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      ...pageQuery,
    }),
    handler: async ({ tx, ctx, query }) => {
      // Newest first by time (rows get their chain number just after commit; seq is null until then).
      const after = decodeCursor<[string, string]>(query.cursor, ['instant', 'uuid']);
      let q = tx
        .selectFrom('audit_log as a')
        .leftJoin('users as u', 'u.id', 'a.user_id')
        .leftJoin('patients as p', 'p.id', 'a.patient_id')
        .select([
          'a.seq',
          'a.id',
          'a.occurred_at',
          'a.user_id',
          'u.display_name as user_name',
          'a.role',
          'a.patient_id',
          'p.legal_given_name',
          'p.legal_family_name',
          'a.resource_type',
          'a.resource_id',
          'a.action',
          'a.outcome',
          'a.source_ip',
          'a.request_id',
        ])
        .where('a.organization_id', '=', ctx.organizationId);
      if (query.userId) q = q.where('a.user_id', '=', query.userId);
      if (query.patientId) q = q.where('a.patient_id', '=', query.patientId);
      if (query.from) q = q.where('a.occurred_at', '>=', new Date(query.from));
      if (query.to) q = q.where('a.occurred_at', '<', new Date(query.to));
      if (after)
        q = q.where((eb) =>
          eb.or([eb('a.occurred_at', '<', new Date(after[0])), eb.and([eb('a.occurred_at', '=', new Date(after[0])), eb('a.id', '<', after[1])])]),
        );
      const rows = await q
        .orderBy('a.occurred_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(query.limit + 1)
        .execute();
      // Reading who looked at a record is itself an access to that record's history: audited.
      recordAudit(ctx, {
        patientId: query.patientId ?? null,
        resourceType: query.patientId ? 'access-log' : 'audit',
        resourceId: query.patientId ?? null,
        action: 'read',
      });
      const items = rows.slice(0, query.limit);
      return {
        items: items.map((r) => ({
          seq: r.seq,
          id: r.id,
          occurredAt: r.occurred_at,
          userId: r.user_id,
          userName: r.user_name,
          role: r.role,
          patientId: r.patient_id,
          patientName: r.legal_given_name ? `${r.legal_given_name} ${r.legal_family_name}` : null,
          resourceType: r.resource_type,
          resourceId: r.resource_id,
          action: r.action,
          outcome: r.outcome,
          sourceIp: r.source_ip,
          requestId: r.request_id,
        })),
        nextCursor:
          rows.length > query.limit
            ? Buffer.from(JSON.stringify([items[items.length - 1].occurred_at.toISOString(), items[items.length - 1].id])).toString('base64url')
            : null,
      };
    },
  }),
  route({
    method: 'POST',
    url: '/audit/verify',
    response: chainVerification,
    summary: 'Verify the hash chain of the organization’s audit log',
    tags,
    access: { permission: { resource: 'audit', action: 'read' } },
    handler: async ({ tx, ctx }) => {
      let anchor;
      try {
        anchor = readAuditAnchors()[ctx.organizationId];
      } catch (err) {
        return { ok: false, checked: 0, firstBrokenSeq: null, anchorAltered: (err as Error).message };
      }
      // Link whatever is still waiting first, so the answer covers every committed row.
      await chainAuditIn(tx, ctx.organizationId);
      return verifyAuditChain(tx, ctx.organizationId, anchor);
    },
  }),
];
