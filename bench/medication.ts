/**
 * Medication benchmarks on PostgreSQL (DESIGN.md budgets), as ratios measured in the same run:
 * - recording a dose over HTTP (the whole pipeline: session, decision table, checks, dose, ledger,
 *   timeline, audit, one transaction) against the same inserts done directly in SQL (dose, ledger
 *   row moving the container, timeline row, audit row; same transaction shape, same indexes), at 1
 *   and 8 concurrent clients;
 * - the dosing window's patient lookup and dose screen with 20,000 active patients.
 * Usage: npx tsx bench/medication.ts  (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/wp_medication_bench;
 * BENCH_DOSES per configuration, default 600). Prints a Markdown table.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createDb } from '../packages/server/src/db/database';
import { openPostgres, postgresSessionOptions } from '../packages/server/src/db/engine';
import type { Database, Db } from '../packages/server/src/db/schema';
import { migrate } from '../packages/server/src/db/migrate';
import { uuidv7 } from '../packages/server/src/db/ids';
import { doseRow } from '../packages/server/src/modules/medication/common';
import { drainAuditChain, scheduleAuditChain, useAuditKey, writeAudit } from '../packages/server/src/platform/audit';
import { benchAuditKey, KeepAliveConnection, signInCookie, startServer, stopServer } from './http-load';
import { buildOrganization, testPassword } from '../packages/server/test/factories';
import { ApiClient } from '../packages/server/test/harness';

const target = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wp_medication_bench';
const active = Number(process.env.BENCH_PATIENTS ?? 20_000);
const perConfig = Number(process.env.BENCH_DOSES ?? 600);
const lookups = Number(process.env.BENCH_ITERATIONS ?? 400);

async function ensureDatabase() {
  const u = new URL(target);
  const name = u.pathname.slice(1);
  const admin = new pg.Client({ connectionString: target.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) await admin.query(`create database "${name}"`);
  await admin.end();
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Runs `total` operations over `clients` concurrent workers; throughput and latency percentiles. */
async function load(total: number, clients: number, op: (i: number, client: number) => Promise<void>) {
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await op(i, client);
        times.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: pct(times, 50), p99: pct(times, 99), times };
}

async function main() {
  await ensureDatabase();
  const engine = await openPostgres(target, 12);
  await migrate(engine);
  const db = createDb(engine);
  const org = await buildOrganization(db);
  const facility = org.facilityIds[0];
  console.error(`Seeding ${active} active methadone patients…`);
  const t0 = performance.now();
  await sql`
    insert into patients (organization_id, id, mrn, legal_given_name, legal_family_name, birth_date, sex_at_birth, preferred_language, facility_id, search_name, allergies)
    select ${org.organizationId}::uuid, gen_random_uuid(), 'M' || substr(${org.organizationId}::text, 1, 4) || lpad(s::text, 6, '0'),
           initcap((array['james','mary','robert','patricia','john','jennifer','michael','linda','david','elizabeth'])[1 + s % 10]),
           initcap((array['smith','johnson','williams','brown','jones','garcia','miller','davis','rodriguez','martinez','lopez','wilson'])[1 + (s / 10) % 12]) || (s % 211)::text,
           date '1950-01-01' + (s % 20000), 'female', 'en', ${facility}::uuid,
           (array['james','mary','robert','patricia','john','jennifer','michael','linda','david','elizabeth'])[1 + s % 10] || ' ' || (array['smith','johnson','williams','brown','jones','garcia','miller','davis','rodriguez','martinez','lopez','wilson'])[1 + (s / 10) % 12] || (s % 211)::text, '[]'
    from generate_series(1, ${active}) s`.execute(db);
  await sql`
    insert into episodes (organization_id, id, patient_id, facility_id, level_of_care, status, admitted_at, created_by)
    select organization_id, gen_random_uuid(), id, facility_id, 'residential', 'active', now() - interval '40 days', ${org.users.administrator.id}::uuid
    from patients where organization_id = ${org.organizationId}::uuid`.execute(db);
  await sql`
    insert into med_orders (organization_id, id, patient_id, facility_id, medication, name, form, route, dose_mg, frequency, start_day, status, entry, ordered_by, entered_by, signed_by, signed_at, rule_set, created_at, updated_at)
    select organization_id, gen_random_uuid(), id, facility_id, 'methadone', 'Methadone', 'liquid', 'oral', 60 + (random() * 40)::int, 'daily', current_date - 30, 'active', 'written',
           ${org.users.prescriber.id}::uuid, ${org.users.prescriber.id}::uuid, ${org.users.prescriber.id}::uuid, now(), 'federal-2024', now(), now()
    from patients where organization_id = ${org.organizationId}::uuid`.execute(db);
  // Yesterday's dose for everyone: patients in maintenance, not on their first day, no missed-dose run.
  await sql`
    insert into med_doses (organization_id, id, patient_id, facility_id, kind, dosing_day, medication, form, dose_mg, volume_ml, findings, given_by, given_at)
    select organization_id, gen_random_uuid(), id, facility_id, 'regular', (now() at time zone 'America/New_York')::date - 1, 'methadone', 'liquid', 60, 6, '[]', ${org.users.nurse.id}::uuid, now() - interval '1 day'
    from patients where organization_id = ${org.organizationId}::uuid`.execute(db);
  const containerId = uuidv7();
  await db
    .insertInto('med_containers')
    .values({
      organization_id: org.organizationId,
      id: containerId,
      facility_id: facility,
      medication: 'methadone',
      form: 'liquid',
      label: 'Bench bottle',
      lot: null,
      unit: 'ml',
      strength_mg: 10,
      created_at: new Date(),
    })
    .execute();
  await db
    .insertInto('med_ledger')
    .values({
      organization_id: org.organizationId,
      id: uuidv7(),
      container_id: containerId,
      kind: 'receipt',
      quantity: 10_000_000,
      mg: 100_000_000,
      dose_id: null,
      supplier: 'Bench',
      order_form_number: '222-0',
      counterpart_container_id: null,
      reason: null,
      recorded_by: org.users.nurse.id,
      second_signer: null,
      occurred_at: new Date(),
    })
    .execute();
  await sql`analyze`.execute(db);
  console.error(`Seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const ids = await db
    .selectFrom('patients')
    .select(['id', 'legal_family_name', 'mrn'])
    .where('organization_id', '=', org.organizationId)
    .where('mrn', 'like', 'M%')
    .orderBy('id')
    .execute();
  if (ids.length < perConfig * 8 + 400) throw new Error('not enough patients for the dose runs');

  // The server in its own process (as `npm start` runs it); the floor's audit rows are chained by the
  // same chainer in this process, as the server chains its own.
  useAuditKey(benchAuditKey);
  const { child: server, port } = await startServer(target);
  const base = `http://127.0.0.1:${port}`;
  const nurse = new ApiClient(base);
  await nurse.signIn(org.users.nurse.email, testPassword);
  const cookie = await signInCookie(base, org.users.nurse.email, testPassword);
  const connections = Array.from({ length: 8 }, () => new KeepAliveConnection(port, { cookie: `wp_session=${cookie}`, origin: base }));

  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
  // The floor: the same rows a dose writes, straight in SQL, one transaction each. Measured twice:
  // through this process's engine, which prepares repeated statements as the server's does, and
  // through a plain pg pool, which sends each statement as text (pg's default).
  const textPool = new pg.Pool({ connectionString: target, max: 12, options: postgresSessionOptions });
  const textDb: Db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: textPool }) });
  const floorDoseOn = (on: Db) => async (patientId: string, _client?: number) => {
    await on.transaction().execute(async (tx) => {
      const id = uuidv7();
      const now = new Date();
      const row = await tx
        .insertInto('med_doses')
        .values(
          doseRow({
            organization_id: org.organizationId,
            id,
            patient_id: patientId,
            facility_id: facility,
            kind: 'regular',
            dosing_day: today,
            medication: 'methadone',
            form: 'liquid',
            dose_mg: 60,
            volume_ml: 6,
            container_id: containerId,
            observed: true,
            given_by: org.users.nurse.id,
            given_at: now,
          }),
        )
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) throw new Error('floor: duplicate');
      await tx
        .insertInto('med_ledger')
        .values({
          organization_id: org.organizationId,
          id: uuidv7(),
          container_id: containerId,
          kind: 'dispense',
          quantity: -6,
          mg: 60,
          dose_id: id,
          supplier: null,
          order_form_number: null,
          counterpart_container_id: null,
          reason: null,
          recorded_by: org.users.nurse.id,
          second_signer: null,
          occurred_at: now,
        })
        .execute();
      await tx
        .insertInto('patient_events')
        .values({
          organization_id: org.organizationId,
          id: uuidv7(),
          patient_id: patientId,
          episode_id: null,
          occurred_at: now,
          kind: 'medication.dose.regular',
          summary: 'methadone 60 mg (6 mL) given',
          detail: '{}',
          actor_id: org.users.nurse.id,
        })
        .execute();
      await writeAudit(tx, { organizationId: org.organizationId, userId: org.users.nurse.id, role: 'nurse', ip: '127.0.0.1', requestId: 'bench', now }, [
        { patientId, resourceType: 'medication-dose', resourceId: id, action: 'create' },
      ]);
    });
    scheduleAuditChain(db, org.organizationId);
  };
  const floorDose = floorDoseOn(db);
  const textFloorDose = floorDoseOn(textDb);
  // The floor packed as the API packs it: dose, ledger row and timeline line in one statement, then
  // the audit row (four round trips with BEGIN and COMMIT, against the plain floor's six).
  const packedFloorDose = async (patientId: string, _client?: number) => {
    await db.transaction().execute(async (tx) => {
      const id = uuidv7();
      const now = new Date();
      const { rows } = await sql<{ id: string }>`
        with dose as (
          insert into med_doses (organization_id, id, patient_id, facility_id, kind, dosing_day, medication, form, dose_mg, volume_ml, container_id, observed, hold_check, findings, given_by, given_at)
          values (${org.organizationId}, ${id}, ${patientId}, ${facility}, 'regular', ${today}, 'methadone', 'liquid', 60, 6, ${containerId}, true, 'null', '[]', ${org.users.nurse.id}, ${now})
          on conflict do nothing returning *),
        ledger as (
          insert into med_ledger (organization_id, id, container_id, kind, quantity, mg, dose_id, recorded_by, occurred_at)
          select organization_id, ${uuidv7()}, container_id, 'dispense', -6, 60, id, given_by, given_at from dose returning balance_after),
        event as (
          insert into patient_events (organization_id, id, patient_id, episode_id, occurred_at, kind, summary, detail, actor_id)
          select organization_id, ${uuidv7()}, patient_id, null, given_at, 'medication.dose.regular', 'methadone 60 mg (6 mL) given', '{}', given_by from dose)
        select dose.id, (select balance_after from ledger) from dose`.execute(tx);
      if (!rows[0]) throw new Error('packed floor: duplicate');
      await writeAudit(tx, { organizationId: org.organizationId, userId: org.users.nurse.id, role: 'nurse', ip: '127.0.0.1', requestId: 'bench', now }, [
        { patientId, resourceType: 'medication-dose', resourceId: id, action: 'create' },
      ]);
    });
    scheduleAuditChain(db, org.organizationId);
  };
  const httpDose = async (patientId: string, client: number) => {
    const r = await connections[client].request(
      'POST',
      '/api/v1/medication/doses',
      { patientId, kind: 'regular', containerId },
      { 'idempotency-key': `bench-${patientId}-${today}` },
    );
    if (r.status !== 201) throw new Error(`dose: HTTP ${r.status} ${r.body.toString()}`);
  };

  const rows: string[] = [];
  let cursor = 0;
  const take = (n: number) => ids.slice(cursor, (cursor += n)).map((p) => p.id);
  for (const clients of [1, 8]) {
    // Warm both paths, then measure the floor and the API back to back on fresh patients.
    const warm = take(80);
    for (const p of warm.slice(0, 20)) await floorDose(p);
    for (const p of warm.slice(20, 40)) await packedFloorDose(p);
    for (const p of warm.slice(40, 60)) await httpDose(p, 0);
    for (const p of warm.slice(60)) await textFloorDose(p);
    // Alternating rounds (floor, API, floor, API…) so a change in the machine's load hits both alike.
    const rounds = 4;
    const per = Math.floor(perConfig / rounds);
    const acc = {
      text: { n: 0, s: 0, t: [] as number[] },
      floor: { n: 0, s: 0, t: [] as number[] },
      packed: { n: 0, s: 0, t: [] as number[] },
      api: { n: 0, s: 0, t: [] as number[] },
    };
    for (let r = 0; r < rounds; r++) {
      for (const [kind, fn] of [
        ['text', textFloorDose],
        ['floor', floorDose],
        ['packed', packedFloorDose],
        ['api', httpDose],
      ] as const) {
        const ps = take(per);
        const res = await load(per, clients, (i, client) => fn(ps[i], client));
        acc[kind].n += per;
        acc[kind].s += per / res.perSecond;
        acc[kind].t.push(...res.times);
      }
    }
    const summary = (a: { n: number; s: number; t: number[] }) => {
      const t = [...a.t].sort((x, y) => x - y);
      return { perSecond: a.n / a.s, p50: pct(t, 50), p99: pct(t, 99) };
    };
    const text = summary(acc.text);
    const floor = summary(acc.floor);
    const packedFloor = summary(acc.packed);
    const api = summary(acc.api);
    const who = `Record a dose, ${clients} client${clients > 1 ? 's' : ''}`;
    const line = (label: string, r: { perSecond: number; p50: number; p99: number }, note = '—') =>
      `| ${who}: ${label} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${note} |`;
    const against = (f: { perSecond: number; p99: number }) => `${(api.perSecond / f.perSecond).toFixed(2)}× / ${(api.p99 / f.p99).toFixed(2)}×`;
    rows.push(
      line('SQL floor, four inserts, sent as text (pg’s default)', text),
      line('SQL floor, four inserts, prepared', floor),
      line('SQL floor packed as the API packs it, prepared', packedFloor),
      line(
        'HTTP API',
        api,
        `throughput / p99 against the floor: as text ${against(text)}, prepared ${against(floor)}, packed ${against(packedFloor)} (≥ 0.8 / ≤ 1.5)`,
      ),
    );
    console.error(rows.slice(-4).join('\n'));
  }

  // The dosing window: lookup by name, MRN and birth date, then the dose screen.
  const sample = ids.slice(cursor);
  const lookupTerms = (i: number) => {
    const p = sample[i % sample.length];
    return i % 3 === 0 ? p.mrn : i % 3 === 1 ? p.legal_family_name.toLowerCase() : '1990-05-05';
  };
  const search = await load(lookups, 1, async (i) => {
    const r = await nurse.get(`/medication/dosing/search?q=${encodeURIComponent(lookupTerms(i))}`);
    if (r.status !== 200) throw new Error(`search ${r.status}`);
  });
  const screen = await load(lookups, 1, async (i) => {
    const r = await nurse.get(`/medication/dosing/patients/${sample[(i * 7) % sample.length].id}`);
    if (r.status !== 200) throw new Error(`screen ${r.status}`);
  });
  rows.push(
    `| Dosing window lookup (name, MRN or birth date), ${active} active patients | ${search.perSecond.toFixed(0)} | ${search.p50.toFixed(1)} | ${search.p99.toFixed(1)} | p99 ≤ 50 ms |`,
  );
  rows.push(
    `| Dose screen (order, stops, missed doses, stock), ${active} active patients | ${screen.perSecond.toFixed(0)} | ${screen.p50.toFixed(1)} | ${screen.p99.toFixed(1)} | p99 ≤ 50 ms |`,
  );

  console.log('| Operation (PostgreSQL) | per second | p50 ms | p99 ms | budget |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  for (const c of connections) c.close();
  await stopServer(server);
  await drainAuditChain(db);
  await db.destroy();
  await textDb.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
