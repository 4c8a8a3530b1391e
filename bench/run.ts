/**
 * Benchmarks against PostgreSQL (DESIGN.md budgets): patient search and the chart header with
 * 100,000 patients. Usage: npm run bench  (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/waypoint_bench;
 * the database is created and filled on first run). Results go to stdout as a Markdown table.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { createDb } from '../packages/server/src/db/database';
import { openPostgres } from '../packages/server/src/db/engine';
import { migrate } from '../packages/server/src/db/migrate';
import { buildApp } from '../packages/server/src/platform/http/app';
import { buildOrganization, testPassword } from '../packages/server/test/factories';
import { ApiClient } from '../packages/server/test/harness';
import type { AddressInfo } from 'node:net';

const target = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/waypoint_bench';
const patients = Number(process.env.BENCH_PATIENTS ?? 100_000);
const iterations = Number(process.env.BENCH_ITERATIONS ?? 400);

async function ensureDatabase() {
  const u = new URL(target);
  const name = u.pathname.slice(1);
  const admin = new pg.Client({ connectionString: target.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) await admin.query(`create database "${name}"`);
  await admin.end();
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(label: string, fn: (i: number) => Promise<number>) {
  for (let i = 0; i < 30; i++) await fn(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    const status = await fn(i);
    times.push(performance.now() - t);
    if (status !== 200) throw new Error(`${label}: HTTP ${status}`);
  }
  times.sort((a, b) => a - b);
  return { label, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), n: times.length };
}

async function main() {
  await ensureDatabase();
  const engine = await openPostgres(target, 10);
  await migrate(engine);
  const db = createDb(engine);
  const org = await buildOrganization(db);
  const facility = org.facilityIds[0];
  console.error(`Seeding ${patients} patients…`);
  const t0 = performance.now();
  // Names from a fixed vocabulary so searches hit realistic numbers of matches.
  await sql`
    with names as (
      select g, f, row_number() over () as n from
        unnest(array['james','mary','robert','patricia','john','jennifer','michael','linda','david','elizabeth','william','barbara','richard','susan','joseph','jessica','thomas','sarah','charles','karen','christopher','lisa','daniel','nancy','matthew','betty','anthony','margaret','mark','sandra']) g,
        unnest(array['smith','johnson','williams','brown','jones','garcia','miller','davis','rodriguez','martinez','hernandez','lopez','gonzalez','wilson','anderson','thomas','taylor','moore','jackson','martin','lee','perez','thompson','white','harris','sanchez','clark','ramirez','lewis','robinson','walker','young','allen','king','wright','scott','torres','nguyen','hill','flores']) f
    )
    insert into patients (organization_id, id, mrn, legal_given_name, legal_family_name, birth_date, sex_at_birth, preferred_language, facility_id, search_name, allergies)
    select ${org.organizationId}::uuid, gen_random_uuid(), 'B' || lpad(s::text, 7, '0'), initcap(n.g), initcap(n.f) || (s % 97)::text,
           date '1950-01-01' + (s % 20000), case when s % 2 = 0 then 'female' else 'male' end, 'en', ${facility}::uuid,
           n.g || ' ' || n.f || (s % 97)::text, '[]'
    from generate_series(1, ${patients}) s join names n on n.n = 1 + (s % 1200)
  `.execute(db);
  await sql`
    insert into episodes (organization_id, id, patient_id, facility_id, level_of_care, status, admitted_at, created_by)
    select organization_id, gen_random_uuid(), id, facility_id, 'residential', 'active', now() - interval '3 days', ${org.users.administrator.id}::uuid
    from patients where organization_id = ${org.organizationId}::uuid and mrn like 'B%' and random() < 0.3
  `.execute(db);
  await sql`analyze`.execute(db);
  console.error(`Seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const app = await buildApp({ engine, db, webDist: '/nonexistent', logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const client = new ApiClient(base);
  await client.signIn(org.users.nurse.email, testPassword);
  const ids = (await db.selectFrom('patients').select('id').where('organization_id', '=', org.organizationId).limit(2000).execute()).map((r) => r.id);
  const terms = ['smi', 'james smith', 'garc', 'nguyen4', 'patricia lo', 'walker1', 'B0012345', '1971-05-03', 'robin'];
  const results = [
    await measure('Patient search (name, MRN or birth date), 50 per page', async (i) => (await client.get(`/patients?q=${encodeURIComponent(terms[i % terms.length])}&limit=50`)).status),
    await measure('Chart header', async (i) => (await client.get(`/patients/${ids[i % ids.length]}/header`)).status),
  ];
  console.log(`\n| Operation (${patients.toLocaleString('en-US')} patients, PostgreSQL) | p50 ms | p95 ms | p99 ms | requests |\n|---|---|---|---|---|`);
  for (const r of results) console.log(`| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.n} |`);
  await app.close();
  // Leave the data for the next run but drop this run's organization's patients to keep size fixed.
  await sql`delete from audit_log where organization_id = ${org.organizationId}::uuid`.execute(db);
  await sql`delete from patient_events where organization_id = ${org.organizationId}::uuid`.execute(db);
  await sql`delete from episodes where organization_id = ${org.organizationId}::uuid`.execute(db);
  await sql`delete from patients where organization_id = ${org.organizationId}::uuid`.execute(db);
  await engine.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
