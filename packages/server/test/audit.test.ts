import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { auditCanonical } from '../src/platform/audit';
import { useAuditAnchorFile, writeAuditAnchors } from '../src/platform/audit-anchor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, registerPatient } from './factories';
import { startServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('audit', () => {
  it('records every read with user, role, patient, resource, action, outcome, address and request id', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    const res = await nurse.get(`/patients/${p.id}`);
    const row = await server.db.selectFrom('audit_log').selectAll().where('organization_id', '=', org.organizationId).where('patient_id', '=', p.id).where('action', '=', 'read').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: org.users.nurse.id, role: 'nurse', resource_type: 'patient', resource_id: p.id, outcome: 'success', source_ip: '127.0.0.1' });
    expect(row.request_id).toBeTruthy();
    expect(res.status).toBe(200);
  });

  it('records a denied out-of-scope request, and one row per patient a search shows', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const a = await registerPatient(nurse, org.facilityIds[0], { legalFamilyName: 'Auditsearchone' });
    await registerPatient(nurse, org.facilityIds[0], { legalFamilyName: 'Auditsearchtwo' });
    const other = await org.signIn('otherNurse', server.baseUrl);
    expect((await other.get(`/patients/${a.id}`)).status).toBe(404);
    const denied = await server.db.selectFrom('audit_log').selectAll().where('organization_id', '=', org.organizationId).where('user_id', '=', org.otherNurse.id).where('outcome', '=', 'denied').execute();
    expect(denied).toHaveLength(1);
    expect(denied[0].resource_id).toBe(a.id);
    await nurse.get('/patients?q=auditsearch');
    const searches = await server.db.selectFrom('audit_log').select('patient_id').where('organization_id', '=', org.organizationId).where('action', '=', 'search').execute();
    expect(searches).toHaveLength(2);
  });

  it('has an administrator view filtered by user, patient and time, paged by cursor', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    for (let i = 0; i < 3; i++) await nurse.get(`/patients/${p.id}`);
    const byPatient = (await admin.get(`/audit?patientId=${p.id}`)).body.items;
    expect(byPatient.length).toBe(4);
    expect(byPatient[0]).toMatchObject({ userName: expect.stringContaining('nurse'), patientId: p.id, action: 'read' });
    const byUser = (await admin.get(`/audit?userId=${org.users.nurse.id}&limit=2`)).body;
    expect(byUser.items).toHaveLength(2);
    const next = (await admin.get(`/audit?userId=${org.users.nurse.id}&limit=2&cursor=${byUser.nextCursor}`)).body.items;
    expect(next[0].seq).toBeLessThan(byUser.items[1].seq);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await admin.get(`/audit?from=${encodeURIComponent(future)}`)).body.items).toEqual([]);
    expect((await nurse.get('/audit')).status).toBe(403);
  });

  it('detects a changed or deleted row with the verify command', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    for (let i = 0; i < 4; i++) await nurse.get(`/patients/${p.id}`);
    // The application cannot change history: the table refuses updates and deletes.
    await expect(sql`update audit_log set action = 'x' where organization_id = ${org.organizationId} and seq = 1`.execute(server.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where organization_id = ${org.organizationId}`.execute(server.db)).rejects.toThrow(/append-only/);
    // Someone with the power to drop the guard (a database owner) can; the chain still shows it.
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(server.db);
    try {
    const ok = (await admin.post('/audit/verify')).body;
    expect(ok.ok).toBe(true);
    expect(ok.checked).toBeGreaterThan(5);
    await sql`update audit_log set action = 'create' where organization_id = ${org.organizationId} and seq = 4`.execute(server.db);
    expect((await admin.post('/audit/verify')).body).toMatchObject({ ok: false, firstBrokenSeq: 4 });
    await sql`update audit_log set action = 'read' where organization_id = ${org.organizationId} and seq = 4`.execute(server.db);
    expect((await admin.post('/audit/verify')).body.ok).toBe(true);
    await sql`delete from audit_log where organization_id = ${org.organizationId} and seq = 3`.execute(server.db);
    expect((await admin.post('/audit/verify')).body).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    } finally {
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(server.db);
    }
  });

  it('detects rows deleted from the end, against the signed anchor kept outside the database', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    for (let i = 0; i < 3; i++) await nurse.get(`/patients/${p.id}`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wp-anchor-')), 'audit-anchors.json');
    useAuditAnchorFile(file);
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(server.db);
    try {
      await writeAuditAnchors(server.db, new Date());
      const head = (await server.db.selectFrom('audit_log').select(({ fn }) => fn.max('seq').as('m')).where('organization_id', '=', org.organizationId).executeTakeFirstOrThrow()).m as number;
      await sql`delete from audit_log where organization_id = ${org.organizationId} and seq >= ${head - 1}`.execute(server.db);
      const r = (await admin.post('/audit/verify')).body;
      expect(r.ok).toBe(false);
      expect(r.anchorMismatch.anchoredSeq).toBe(head);
      // An edited anchor file is refused, not trusted.
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      doc.anchors[org.organizationId].seq = 1;
      fs.writeFileSync(file, JSON.stringify(doc));
      expect((await admin.post('/audit/verify')).body.anchorAltered).toMatch(/altered/);
    } finally {
      useAuditAnchorFile(null);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(server.db);
    }
  });

  it('detects a full re-hash of the chain by someone without the key', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    await nurse.get(`/patients/${p.id}`);
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(server.db);
    try {
      // The attacker hides a read and recomputes every hash, with SHA-256 or any key but ours.
      await sql`update audit_log set action = 'create' where organization_id = ${org.organizationId} and action = 'read'`.execute(server.db);
      const rows = await server.db.selectFrom('audit_log').selectAll().where('organization_id', '=', org.organizationId).orderBy('seq').execute();
      let prev = '0'.repeat(64);
      for (const r of rows) {
        const { hash: _old, ...rest } = r;
        const hash = createHmac('sha256', 'attacker-guess').update(auditCanonical({ ...rest, prev_hash: prev })).digest('hex');
        await sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where organization_id = ${org.organizationId} and seq = ${r.seq}`.execute(server.db);
        prev = hash;
      }
      expect((await admin.post('/audit/verify')).body).toMatchObject({ ok: false, firstBrokenSeq: 1 });
    } finally {
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(server.db);
    }
  });
});
