import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../src/db/database';
import { openPostgres, type Engine } from '../src/db/engine';
import type { Db } from '../src/db/schema';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { ApiClient } from './harness';

/**
 * kill -9 while dosing: a real server process on PostgreSQL doses continuously and is killed without
 * warning; after a restart every acknowledged dose is there exactly once, nothing is half-written, and
 * every container's ledger balances. Needs PostgreSQL (PGlite does not fsync): runs when
 * WAYPOINT_TEST_DATABASE_URL is set.
 */
const url = process.env.WAYPOINT_TEST_DATABASE_URL;
const root = path.resolve(import.meta.dirname, '../../..');

let engine: Engine;
let db: Db;
let org: TestOrganization;
let child: ChildProcess | undefined;

function startChild(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // One process (node with tsx's loader), so SIGKILL hits the server itself, not a wrapper.
    const c = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'packages/server/src/main.ts')], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DATABASE_URL: url, WAYPOINT_DEMO: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes('Waypoint is running')) resolve(c);
    };
    c.stdout!.on('data', onData);
    c.stderr!.on('data', onData);
    c.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

describe.skipIf(!url)('a crash while dosing (kill -9)', () => {
  beforeAll(async () => {
    engine = await openPostgres(url!, 2);
    db = createDb(engine);
    org = await buildOrganization(db);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await db?.destroy().catch(() => {});
  });

  it('loses no acknowledged dose and leaves every ledger balanced', async () => {
    const port = 19_000 + Math.floor(Math.random() * 900);
    child = await startChild(port);
    const base = `http://127.0.0.1:${port}`;
    const nurse = new ApiClient(base);
    await nurse.signIn(org.users.nurse.email, 'correct-horse-battery');
    const prescriber = new ApiClient(base);
    await prescriber.signIn(org.users.prescriber.email, 'correct-horse-battery');
    const c = await nurse.post(`/facilities/${org.facilityIds[0]}/medication-stock`, {
      medication: 'methadone',
      form: 'liquid',
      label: 'Crash bottle',
      unit: 'ml',
      strengthMg: 10,
    });
    await nurse.post(`/medication-stock/${c.body.id}/receipts`, { quantity: 10_000, supplier: 'Supplier', orderFormNumber: '222-1' });
    const patients: string[] = [];
    for (let i = 0; i < 40; i++) {
      const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
      const o = await prescriber.post(`/patients/${patient.id}/medication-orders`, {
        medication: 'methadone',
        form: 'liquid',
        doseMg: 20 + (i % 3) * 5,
        frequency: 'daily',
      });
      expect(o.status).toBe(201);
      patients.push(patient.id);
    }

    // Four clients dose the patients (each twice: the second is the 409), until the process is killed.
    const acknowledged = new Map<string, string>();
    const sent: { patientId: string; key: string }[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && next < patients.length * 2) {
        const patientId = patients[next++ % patients.length];
        const key = `crash-${patientId}-${next}`;
        sent.push({ patientId, key });
        try {
          const r = await nurse.post('/medication/doses', { patientId, kind: 'regular', containerId: c.body.id }, { 'idempotency-key': key });
          if (r.status === 201) acknowledged.set(r.body.id, patientId);
        } catch {
          // The connection died with the process: not acknowledged.
        }
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    // Killed mid-stream: once some doses are acknowledged and others are still in flight.
    while (acknowledged.size < 10 && next < patients.length * 2) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    expect(acknowledged.size).toBeGreaterThan(0);

    // Restart on the same database; retried requests replay or answer 409, never dose twice.
    child = await startChild(port);
    const again = new ApiClient(base);
    await again.signIn(org.users.nurse.email, 'correct-horse-battery');
    for (const s of sent.slice(-8)) {
      const r = await again.post(
        '/medication/doses',
        { patientId: s.patientId, kind: 'regular', containerId: c.body.id },
        { 'idempotency-key': `${s.key}-retry` },
      );
      expect([201, 409]).toContain(r.status);
    }

    const doses = await db
      .selectFrom('med_doses')
      .select(['id', 'patient_id', 'dosing_day', 'kind', 'volume_ml'])
      .where('organization_id', '=', org.organizationId)
      .execute();
    for (const [id] of acknowledged) expect(doses.filter((d) => d.id === id)).toHaveLength(1);
    const perDay = new Map<string, number>();
    for (const d of doses.filter((x) => x.kind === 'regular'))
      perDay.set(`${d.patient_id}/${d.dosing_day}`, (perDay.get(`${d.patient_id}/${d.dosing_day}`) ?? 0) + 1);
    expect([...perDay.values()].every((n) => n === 1)).toBe(true);
    // Every dose has its one ledger row and every dispense its dose; the running balance is the sum.
    const ledger = await db.selectFrom('med_ledger').selectAll().where('container_id', '=', c.body.id).orderBy('seq').execute();
    const dispenses = ledger.filter((l) => l.kind === 'dispense');
    expect(dispenses.length).toBe(doses.filter((d) => d.volume_ml !== null).length);
    expect(new Set(dispenses.map((l) => l.dose_id))).toEqual(new Set(doses.filter((d) => d.volume_ml !== null).map((d) => d.id)));
    const sum = ledger.reduce((a, l) => a + Number(l.quantity), 0);
    // Each row's balance_after is the running sum in the order the rows were applied.
    let running = 0;
    for (const l of ledger) {
      running += Number(l.quantity);
      expect(Number(l.balance_after)).toBeCloseTo(running, 3);
    }
    const container = await db.selectFrom('med_containers').select('balance').where('id', '=', c.body.id).executeTakeFirstOrThrow();
    expect(Number(container.balance)).toBeCloseTo(sum, 3);
    const { rows } = await sql<{ ok: boolean }>`select bool_and(balance_after >= 0) as ok from med_ledger where container_id = ${c.body.id}`.execute(db);
    expect(rows[0].ok).toBe(true);
    child.kill('SIGTERM');
  }, 120_000);
});
