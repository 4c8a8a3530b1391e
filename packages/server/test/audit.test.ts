import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { auditCanonical, chainAllAudit, writeAudit } from '../src/platform/audit';
import { useAuditAnchorFile, writeAuditAnchors } from '../src/platform/audit-anchor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, randomName, registerPatient, type TestOrganization } from './factories';
import { startServer, type TestServer } from './harness';

// Audit completeness and tamper evidence (security.md G). Every test builds its own organization:
// each organization has its own hash chain, so tampering with one never disturbs another file's.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const auditRows = (org: TestOrganization) => server.db.selectFrom('audit_log').selectAll().where('organization_id', '=', org.organizationId);

/**
 * Tampering needs the power to drop the append-only guard (a database owner); the guard is restored
 * whatever happens. On a shared PostgreSQL only rows of the test's own organization are touched.
 */
async function asDatabaseOwner(fn: () => Promise<void>): Promise<void> {
  await sql`alter table audit_log disable trigger audit_log_no_update`.execute(server.db);
  try {
    await fn();
  } finally {
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(server.db);
  }
}

describe('what is recorded', () => {
  it('a read of a patient: user, role, patient, resource, action, outcome, address and request id', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    const before = server.clock.now().getTime();
    const res = await nurse.get(`/patients/${p.id}`);
    expect(res.status).toBe(200);
    const rows = await auditRows(org).where('patient_id', '=', p.id).where('action', '=', 'read').execute();
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({
      user_id: org.users.nurse.id,
      role: 'nurse',
      patient_id: p.id,
      resource_type: 'patient',
      resource_id: p.id,
      action: 'read',
      outcome: 'success',
      source_ip: '127.0.0.1',
    });
    expect(row.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.occurred_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.occurred_at.getTime()).toBeLessThanOrEqual(server.clock.now().getTime());
    // The registration before it was recorded as a create, by a different request.
    const create = await auditRows(org).where('patient_id', '=', p.id).where('action', '=', 'create').executeTakeFirstOrThrow();
    expect(create.request_id).not.toBe(row.request_id);
    // Linked into the chain in commit order by the chainer, right after each commit.
    await chainAllAudit(server.db);
    const chained = await auditRows(org).where('id', 'in', [create.id, row.id]).execute();
    const seqOf = (id: string) => Number(chained.find((r) => r.id === id)!.seq);
    expect(seqOf(create.id)).toBeLessThan(seqOf(row.id));
    // Each request has its own id; two reads are two rows.
    await nurse.get(`/patients/${p.id}`);
    const reads = await auditRows(org).where('patient_id', '=', p.id).where('action', '=', 'read').execute();
    expect(new Set(reads.map((r) => r.request_id)).size).toBe(2);
  });

  it('a denied out-of-scope request (404) and a denied role (403), with outcome denied', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const a = await registerPatient(nurse, org.facilityIds[0]);
    const other = await org.signIn('otherNurse', server.baseUrl);
    expect((await other.get(`/patients/${a.id}`)).status).toBe(404);
    const denied = await auditRows(org).where('user_id', '=', org.otherNurse.id).where('outcome', '=', 'denied').execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ resource_type: 'patient', resource_id: a.id, action: 'read', role: 'nurse', source_ip: '127.0.0.1' });
    expect(denied[0].request_id).toBeTruthy();
    expect(await auditRows(org).where('user_id', '=', org.otherNurse.id).where('outcome', '=', 'success').where('action', '=', 'read').execute()).toEqual([]);
    expect((await nurse.get('/audit')).status).toBe(403);
    const forbidden = await auditRows(org).where('user_id', '=', org.users.nurse.id).where('outcome', '=', 'denied').execute();
    expect(forbidden).toHaveLength(1);
    expect(forbidden[0]).toMatchObject({ resource_type: 'audit', action: 'read' });
  });

  it('a search: one row per patient shown, none for patients not shown', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const family = `Auditsearch${randomName(5).toLowerCase()}`;
    const shown = [];
    for (const suffix of ['a', 'b', 'c'])
      shown.push(await registerPatient(nurse, org.facilityIds[0], { legalFamilyName: `${family}${suffix}`, confirmNotDuplicate: true }));
    const notShown = await registerPatient(nurse, org.facilityIds[0]);
    const res = await nurse.get(`/patients?q=${family}`);
    expect(res.body.items).toHaveLength(3);
    const searches = await auditRows(org).where('action', '=', 'search').execute();
    expect(searches.map((r) => r.patient_id).sort()).toEqual(shown.map((p) => p.id).sort());
    expect(searches.every((r) => r.user_id === org.users.nurse.id && r.outcome === 'success')).toBe(true);
    expect(new Set(searches.map((r) => r.request_id)).size).toBe(1);
    expect(searches.map((r) => r.patient_id)).not.toContain(notShown.id);
    // A page of one shows one patient: one row.
    await nurse.get(`/patients?q=${family}&limit=1`);
    expect(await auditRows(org).where('action', '=', 'search').execute()).toHaveLength(4);
  });
});

describe('the administrator’s audit view', () => {
  it('filters by user, patient and time, and pages by cursor without repeats', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const counselor = await org.signIn('counselor', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    const q = await registerPatient(nurse, org.facilityIds[0]);
    for (let i = 0; i < 3; i++) await nurse.get(`/patients/${p.id}`);
    await counselor.get(`/patients/${p.id}`);
    await nurse.get(`/patients/${q.id}`);
    const cut = new Date(server.clock.now().getTime() + 30_000);
    server.clock.advanceMinutes(10);
    await nurse.get(`/patients/${p.id}`);

    await chainAllAudit(server.db);
    const byPatient = await admin.get(`/audit?patientId=${p.id}`);
    expect(byPatient.status).toBe(200);
    expect(byPatient.body.items.map((e: { action: string }) => e.action)).toEqual(['read', 'read', 'read', 'read', 'read', 'create']);
    expect(byPatient.body.items.every((e: { patientId: string }) => e.patientId === p.id)).toBe(true);
    expect(byPatient.body.items[0]).toMatchObject({
      userId: org.users.nurse.id,
      userName: expect.stringContaining('nurse'),
      role: 'nurse',
      patientId: p.id,
      resourceType: 'patient',
      resourceId: p.id,
      action: 'read',
      outcome: 'success',
      sourceIp: '127.0.0.1',
    });
    expect(byPatient.body.items[0].patientName).toBeTruthy();
    expect(byPatient.body.items[0].requestId).toBeTruthy();
    // Newest first.
    const seqs = byPatient.body.items.map((e: { seq: number }) => Number(e.seq));
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));

    const byCounselor = (await admin.get(`/audit?userId=${org.users.counselor.id}`)).body.items;
    expect(byCounselor.every((e: { userId: string }) => e.userId === org.users.counselor.id)).toBe(true);
    expect(byCounselor.map((e: { action: string; patientId: string | null }) => [e.action, e.patientId])).toEqual([
      ['read', p.id],
      ['sign-in', null],
    ]);
    const both = (await admin.get(`/audit?userId=${org.users.nurse.id}&patientId=${q.id}`)).body.items;
    expect(both.map((e: { action: string }) => e.action)).toEqual(['read', 'create']);

    // Time window: [from, to).
    // (The administrator's own reads of this history are audited too, as access-log rows: left out here.)
    const after = (await admin.get(`/audit?patientId=${p.id}&from=${encodeURIComponent(cut.toISOString())}`)).body.items.filter(
      (e: { resourceType: string }) => e.resourceType !== 'access-log',
    );
    expect(after).toHaveLength(1);
    expect(Date.parse(after[0].occurredAt)).toBeGreaterThanOrEqual(cut.getTime());
    const beforeCut = (await admin.get(`/audit?patientId=${p.id}&to=${encodeURIComponent(cut.toISOString())}`)).body.items;
    expect(beforeCut).toHaveLength(5);
    expect(beforeCut.every((e: { occurredAt: string }) => Date.parse(e.occurredAt) < cut.getTime())).toBe(true);
    const future = new Date(server.clock.now().getTime() + 3_600_000).toISOString();
    expect((await admin.get(`/audit?from=${encodeURIComponent(future)}`)).body.items).toEqual([]);
    expect((await admin.get('/audit?from=yesterday')).status).toBe(400);
    expect((await admin.get('/audit?userId=not-a-uuid')).status).toBe(400);

    // Walk the nurse's entries two at a time: every entry once, in order.
    const expected = await auditRows(org).where('user_id', '=', org.users.nurse.id).execute();
    const walked: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { seq: number }[]; nextCursor: string | null } } = await admin.get(
        `/audit?userId=${org.users.nurse.id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      walked.push(...page.body.items.map((e) => Number(e.seq)));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(walked).toHaveLength(expected.length);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual([...walked].sort((x, y) => y - x));

    // Only the organization's own log, and only for administrators.
    const foreign = await buildOrganization(server.db);
    expect((await (await foreign.signIn('administrator', server.baseUrl)).get(`/audit?patientId=${p.id}`)).body.items).toEqual([]);
    expect((await nurse.get('/audit')).status).toBe(403);
    expect((await nurse.post('/audit/verify')).status).toBe(403);
  });
});

describe('tamper evidence', () => {
  it('refuses updates and deletes from the application', async () => {
    const org = await buildOrganization(server.db);
    await org.signIn('nurse', server.baseUrl);
    await expect(sql`update audit_log set action = 'x' where organization_id = ${org.organizationId}`.execute(server.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where organization_id = ${org.organizationId}`.execute(server.db)).rejects.toThrow(/append-only/);
    expect(await auditRows(org).execute()).toHaveLength(1);
  });

  it('verifies an intact chain, then finds an edited row and a deleted middle row', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    for (let i = 0; i < 4; i++) await nurse.get(`/patients/${p.id}`);
    const ok = await admin.post('/audit/verify');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, firstBrokenSeq: null });
    const total = (await auditRows(org).execute()).length;
    expect(ok.body.checked).toBe(total);
    expect(total).toBeGreaterThanOrEqual(7);

    await asDatabaseOwner(async () => {
      // An edited field.
      await sql`update audit_log set action = 'x' where organization_id = ${org.organizationId} and seq = 4`.execute(server.db);
      expect((await admin.post('/audit/verify')).body).toMatchObject({ ok: false, firstBrokenSeq: 4 });
      await sql`update audit_log set action = 'read' where organization_id = ${org.organizationId} and seq = 4`.execute(server.db);
      expect((await admin.post('/audit/verify')).body.ok).toBe(true);
      // A different user or address is caught the same way.
      await sql`update audit_log set source_ip = '10.0.0.9' where organization_id = ${org.organizationId} and seq = 5`.execute(server.db);
      expect((await admin.post('/audit/verify')).body).toMatchObject({ ok: false, firstBrokenSeq: 5 });
      await sql`update audit_log set source_ip = '127.0.0.1' where organization_id = ${org.organizationId} and seq = 5`.execute(server.db);
      // A deleted row in the middle.
      await sql`delete from audit_log where organization_id = ${org.organizationId} and seq = 3`.execute(server.db);
      expect((await admin.post('/audit/verify')).body).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    });
    // Another organization's chain is untouched by all this.
    const bystander = await buildOrganization(server.db);
    const bystanderAdmin = await bystander.signIn('administrator', server.baseUrl);
    expect((await bystanderAdmin.post('/audit/verify')).body.ok).toBe(true);
  });

  it('finds a forged row inserted into the chain', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    await registerPatient(nurse, org.facilityIds[0]);
    await chainAllAudit(server.db);
    const head = Number((await auditRows(org).orderBy('seq', 'desc').executeTakeFirstOrThrow()).seq);
    // A row appended by hand with a plausible but unkeyed hash.
    await sql`insert into audit_log (organization_id, seq, id, occurred_at, user_id, role, patient_id, resource_type, resource_id, action, outcome, source_ip, request_id, prev_hash, hash)
      select organization_id, seq + 1, gen_random_uuid(), occurred_at, user_id, role, patient_id, resource_type, resource_id, 'read', outcome, source_ip, request_id, hash, repeat('a', 64)
      from audit_log where organization_id = ${org.organizationId} and seq = ${head}`.execute(server.db);
    expect((await admin.post('/audit/verify')).body).toMatchObject({ ok: false, firstBrokenSeq: head + 1 });
  });

  it('detects rows deleted from the end, against the signed anchor kept outside the database', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    for (let i = 0; i < 3; i++) await nurse.get(`/patients/${p.id}`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wp-anchor-')), 'audit-anchors.json');
    useAuditAnchorFile(file);
    try {
      await writeAuditAnchors(server.db, new Date());
      expect((await admin.post('/audit/verify')).body.ok).toBe(true);
      const head = Number((await auditRows(org).orderBy('seq', 'desc').executeTakeFirstOrThrow()).seq);
      await asDatabaseOwner(async () => {
        await sql`delete from audit_log where organization_id = ${org.organizationId} and seq >= ${head - 1}`.execute(server.db);
      });
      const r = (await admin.post('/audit/verify')).body;
      expect(r.ok).toBe(false);
      expect(r.anchorMismatch.anchoredSeq).toBe(head);
      // An edited anchor file is refused, not trusted.
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      doc.anchors[org.organizationId].seq = 1;
      fs.writeFileSync(file, JSON.stringify(doc));
      const altered = (await admin.post('/audit/verify')).body;
      expect(altered.ok).toBe(false);
      expect(altered.anchorAltered).toMatch(/altered/);
    } finally {
      useAuditAnchorFile(null);
    }
  });

  it('detects rows deleted from the end once the next rows are linked, with no anchor: the chain resumes from its kept head', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    for (let i = 0; i < 3; i++) await nurse.get(`/patients/${p.id}`);
    await chainAllAudit(server.db);
    const head = Number((await auditRows(org).orderBy('seq', 'desc').executeTakeFirstOrThrow()).seq);
    await asDatabaseOwner(async () => {
      await sql`delete from audit_log where organization_id = ${org.organizationId} and seq >= ${head - 1}`.execute(server.db);
    });
    await nurse.get(`/patients/${p.id}`);
    await chainAllAudit(server.db);
    expect((await admin.post('/audit/verify')).body).toMatchObject({ ok: false, firstBrokenSeq: head - 1 });
  });

  it('detects a full re-hash of the chain by someone without the key', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    await nurse.get(`/patients/${p.id}`);
    await chainAllAudit(server.db);
    await asDatabaseOwner(async () => {
      // The attacker hides a read and recomputes every hash, with any key but ours.
      await sql`update audit_log set action = 'create' where organization_id = ${org.organizationId} and action = 'read'`.execute(server.db);
      const rows = await auditRows(org).orderBy('seq').execute();
      let prev = '0'.repeat(64);
      for (const r of rows) {
        const { hash: _old, ...rest } = r;
        const hash = createHmac('sha256', 'attacker-guess')
          .update(auditCanonical({ ...rest, prev_hash: prev }))
          .digest('hex');
        await sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where organization_id = ${org.organizationId} and seq = ${r.seq}`.execute(server.db);
        prev = hash;
      }
    });
    expect((await admin.post('/audit/verify')).body).toMatchObject({ ok: false, firstBrokenSeq: 1 });
  });

  it('catches a row edited, or forged, before the chainer has linked it (each row carries its own keyed MAC)', async () => {
    const org = await buildOrganization(server.db);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(await org.signIn('nurse', server.baseUrl), org.facilityIds[0]);
    await chainAllAudit(server.db);
    // Rows appended as a request does (no lock, no chain place yet), then edited before any chainer runs.
    const who = { organizationId: org.organizationId, userId: org.users.nurse.id, role: 'nurse', ip: '127.0.0.1', requestId: 'r-unchained', now: new Date() };
    await server.db.transaction().execute((tx) =>
      writeAudit(tx, who, [
        { patientId: p.id, resourceType: 'patient', resourceId: p.id, action: 'read' },
        { patientId: p.id, resourceType: 'patient', resourceId: p.id, action: 'read' },
      ]),
    );
    const [edited] = await auditRows(org).where('request_id', '=', 'r-unchained').orderBy('id').execute();
    expect(edited.seq).toBeNull();
    await asDatabaseOwner(async () => {
      await sql`update audit_log set action = 'create' where organization_id = ${org.organizationId} and id = ${edited.id}`.execute(server.db);
    });
    const r = (await admin.post('/audit/verify')).body;
    // Caught either way: by its own MAC while unchained (never then given a place in the chain), or,
    // when the background chainer linked it just before the edit, by the chain at its place.
    const now = await auditRows(org).where('id', '=', edited.id).executeTakeFirstOrThrow();
    expect(r.ok).toBe(false);
    if (now.seq === null) {
      expect(r.brokenUnchainedId).toBe(edited.id);
      const siblings = await auditRows(org).where('request_id', '=', 'r-unchained').where('id', '!=', edited.id).execute();
      expect(siblings[0].seq).not.toBeNull();
    } else {
      expect(r.firstBrokenSeq).toBe(Number(now.seq));
    }

    // A row inserted by hand without the key, waiting to be linked, is refused the same way.
    const clean = await buildOrganization(server.db);
    const cleanAdmin = await clean.signIn('administrator', server.baseUrl);
    expect((await cleanAdmin.post('/audit/verify')).body.ok).toBe(true);
    const forgedId = '01900000-0000-7000-8000-000000000001';
    await sql`insert into audit_log (organization_id, id, occurred_at, user_id, role, patient_id, resource_type, resource_id, action, outcome, source_ip, request_id, mac)
      values (${clean.organizationId}, ${forgedId}, now(), ${clean.users.nurse.id}, 'nurse', null, 'patient', null, 'read', 'success', '127.0.0.1', 'forged', repeat('b', 64))`.execute(
      server.db,
    );
    expect((await cleanAdmin.post('/audit/verify')).body).toMatchObject({ ok: false, brokenUnchainedId: forgedId });
  });
});
