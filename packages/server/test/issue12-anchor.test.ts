import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useAuditAnchorFile, writeAuditAnchors } from '../src/platform/audit-anchor';
import { buildOrganization, registerPatient } from './factories';
import { startServer, type TestServer } from './harness';

// Issue 12 item 4: the anchor writer refuses a head that does not extend the previous anchor.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('the audit anchor writer', () => {
  it('keeps the old anchor (and says so loudly) when the newest rows were deleted, so verification still reports the break', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    for (let i = 0; i < 3; i++) await nurse.get(`/patients/${p.id}`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wp-anchor-')), 'audit-anchors.json');
    useAuditAnchorFile(file);
    const loud = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect((await writeAuditAnchors(server.db, new Date())).refused).toEqual([]);
      const head = Number(
        (
          await server.db
            .selectFrom('audit_log')
            .select('seq')
            .where('organization_id', '=', org.organizationId)
            .orderBy('seq', 'desc')
            .executeTakeFirstOrThrow()
        ).seq,
      );
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(server.db);
      try {
        await sql`delete from audit_log where organization_id = ${org.organizationId} and seq >= ${head - 1}`.execute(server.db);
      } finally {
        await sql`alter table audit_log enable trigger audit_log_no_update`.execute(server.db);
      }
      // A minute later the writer runs again, and new rows may have been appended meanwhile.
      await nurse.get(`/patients/${p.id}`);
      const second = await writeAuditAnchors(server.db, new Date());
      expect(second.refused).toContain(org.organizationId);
      expect(loud.mock.calls.flat().join(' ')).toMatch(/AUDIT CHAIN BROKEN/);
      const anchors = JSON.parse(fs.readFileSync(file, 'utf8')).anchors;
      expect(Number(anchors[org.organizationId].seq)).toBe(head);
      const verify = (await admin.post('/audit/verify')).body;
      expect(verify.ok).toBe(false);
      expect(verify.anchorMismatch.anchoredSeq).toBe(head);
      // Still reported a run later.
      await writeAuditAnchors(server.db, new Date());
      expect((await admin.post('/audit/verify')).body.ok).toBe(false);
    } finally {
      loud.mockRestore();
      useAuditAnchorFile(null);
    }
  });
});
