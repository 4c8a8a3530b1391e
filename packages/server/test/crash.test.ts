import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/database';
import { openEmbedded, openPostgres, type Engine } from '../src/db/engine';
import { loadTemplate } from '../src/db/template';
import { chainAllAudit, useAuditKey, verifyAuditChain } from '../src/platform/audit';
import { buildOrganization, patientInput, randomName, testPassword } from './factories';
import { ApiClient } from './harness';
import { spawnServer } from './helpers/server-process';

// kill -9 in the middle of a stream of writes (issue 13): after a restart every acknowledged write is
// there with its audit row, no change is left without its audit row, and the chain verifies. On the
// engine the run uses: PGlite in a data folder, or the PostgreSQL database of WAYPOINT_TEST_DATABASE_URL.

const pgUrl = process.env.WAYPOINT_TEST_DATABASE_URL;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const started = spawnServer(env);
  started.then(({ child }) => children.push(child)).catch(() => {});
  return started;
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.on('exit', () => resolve())));

describe('a server killed with SIGKILL mid-stream', () => {
  it('keeps every acknowledged write with its audit row, leaves no unaudited change, and the chain verifies', async () => {
    let env: Record<string, string>;
    let email: string;
    let password: string;
    let organizationId: string | undefined;
    let facilityId: string | undefined;
    let dataDir: string | undefined;
    if (pgUrl) {
      const engine = await openPostgres(pgUrl, 2);
      const org = await buildOrganization(createDb(engine));
      await engine.close();
      env = { DATABASE_URL: pgUrl, WAYPOINT_DEMO: '0' };
      ({ email } = org.users.nurse);
      password = testPassword;
      organizationId = org.organizationId;
      facilityId = org.facilityIds[0];
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-crash-'));
      env = { WAYPOINT_DATA_DIR: dataDir };
      email = 'nurse@demo.waypoint.test';
      password = 'waypoint-demo-2026';
    }
    const first = await startServer(env);
    const nurse = new ApiClient(first.url);
    const me = (await nurse.signIn(email, password)).body;
    organizationId ??= me.user.organizationId;
    facilityId ??= me.user.facilityIds[0];
    expect(organizationId).toBeTruthy();
    expect(facilityId).toBeTruthy();

    // Four writers register patients without pause; the server is killed while they run.
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async () => {
      while (!stop) {
        try {
          const res = await nurse.post('/patients', patientInput(facilityId!, { legalFamilyName: `Crashtest${randomName(6).toLowerCase()}` }), {
            'idempotency-key': `crash-${Math.random()}`,
          });
          if (res.status === 201) acknowledged.push(res.body.id);
        } catch {
          return; // connection refused or reset: the server is gone
        }
      }
    };
    const writers = [writer(), writer(), writer(), writer()];
    while (acknowledged.length < 15) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await killed(first.child);
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(15);

    // Restart: the rows committed just before the kill are linked into the chain at start.
    const second = await startServer(env);
    const again = new ApiClient(second.url);
    await again.signIn(email, password);
    for (const id of acknowledged.slice(-5)) expect((await again.get(`/patients/${id}`)).status).toBe(200);
    second.child.kill('SIGTERM');
    await killed(second.child);

    let engine: Engine;
    if (pgUrl) {
      engine = await openPostgres(pgUrl, 2);
    } else {
      engine = await openEmbedded(dataDir!, loadTemplate);
      useAuditKey(fs.readFileSync(path.join(dataDir!, 'audit.key'), 'utf8').trim());
    }
    const db = createDb(engine);
    try {
      // The patients the writers registered (the demo seed's own rows are not this test's).
      const patients = await db
        .selectFrom('patients')
        .select('id')
        .where('organization_id', '=', organizationId!)
        .where('legal_family_name', 'like', 'Crashtest%')
        .execute();
      const created = new Set(
        (
          await db
            .selectFrom('audit_log')
            .select('patient_id')
            .where('organization_id', '=', organizationId!)
            .where('action', '=', 'create')
            .where('resource_type', '=', 'patient')
            .execute()
        ).map((r) => r.patient_id),
      );
      const present = new Set(patients.map((p) => p.id));
      // Every acknowledged write is there, with its audit row.
      for (const id of acknowledged) {
        expect(present.has(id), `acknowledged patient ${id} lost`).toBe(true);
        expect(created.has(id), `acknowledged patient ${id} has no audit row`).toBe(true);
      }
      // No change without its audit row (writes committed but never acknowledged included).
      for (const p of patients) expect(created.has(p.id), `patient ${p.id} has no audit row`).toBe(true);
      await chainAllAudit(db);
      const unchained = await db.selectFrom('audit_log').select('id').where('organization_id', '=', organizationId!).where('seq', 'is', null).execute();
      expect(unchained).toEqual([]);
      expect(await verifyAuditChain(db, organizationId!)).toMatchObject({ ok: true, firstBrokenSeq: null });
    } finally {
      await engine.close();
    }
  }, 180_000);
});
