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
import { buildWaypoint } from '../packages/server/src/app/server';
import { buildOrganization, testPassword } from '../packages/server/test/factories';
import { ApiClient } from '../packages/server/test/harness';
import type { AddressInfo } from 'node:net';
import { uuidv7 } from '../packages/server/src/db/ids';
import { seedIntakes } from './intake-seed';
import { defaultProtocols } from '../packages/server/src/modules/withdrawal/protocol-config';
import { benchHotPaths } from './hotpaths';
import { networkScale } from './network';
import { summarize } from './stats';
import { cowsEntryBody, seededCowsByTotal } from './cows-seed';

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

async function measure(label: string, fn: (i: number) => Promise<number>) {
  for (let i = 0; i < 30; i++) await fn(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    const status = await fn(i);
    times.push(performance.now() - t);
    if (status !== 200) throw new Error(`${label}: HTTP ${status}`);
  }
  return summarize(label, times);
}

async function main() {
  await ensureDatabase();
  // `npm run bench -- --scale network`: the network-scale data set and every screen's calls over it.
  const scale = process.argv.indexOf('--scale');
  if (scale >= 0 && process.argv[scale + 1] === 'network') return networkScale(target, Math.min(iterations, 200));
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

  const app = await buildWaypoint({ engine, db, webDist: '/nonexistent', logLevel: (process.env.BENCH_LOG_LEVEL as 'silent' | undefined) ?? 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const client = new ApiClient(base);
  await client.signIn(org.users.nurse.email, testPassword);
  const ids = (await db.selectFrom('patients').select('id').where('organization_id', '=', org.organizationId).limit(2000).execute()).map((r) => r.id);
  const terms = ['smi', 'james smith', 'garc', 'nguyen4', 'patricia lo', 'walker1', 'B0012345', '1971-05-03', 'robin'];
  const board = await seedDetoxUnit(db, org.organizationId, org.facilityIds[0], org.users.nurse.id);
  const fullIntakes = await seedIntakes(db, org.organizationId, org.users.counselor.id, Number(process.env.BENCH_FULL_INTAKES ?? 1000));
  const counselor = new ApiClient(base);
  await counselor.signIn(org.users.counselor.email, testPassword);
  const chartCalls = (path: (id: string) => string) => async (i: number) => (await counselor.get(path(fullIntakes[i % fullIntakes.length]))).status;
  const results = [
    await measure(
      'Patient search (name, MRN or birth date), 50 per page',
      async (i) => (await client.get(`/patients?q=${encodeURIComponent(terms[i % terms.length])}&limit=50`)).status,
    ),
    await measure('Chart header', async (i) => (await client.get(`/patients/${ids[i % ids.length]}/header`)).status),
    await measure(
      `Detox unit board, 40 beds, a year of flowsheets (${board.observations.toLocaleString('en-US')} observations)`,
      async () => (await client.get(`/facilities/${org.facilityIds[0]}/withdrawal-board`)).status,
    ),
    await measure('Record a COWS with vitals (one transaction, alerts evaluated)', async (i) => {
      const res = await client.post(`/withdrawal/${board.activeCourseIds[i % board.activeCourseIds.length]}/observations`, cowsEntryBody);
      return res.status === 201 ? 200 : res.status;
    }),
  ];
  // The chart page of a patient with a full intake and two years of re-administered instruments.
  results.push(
    await measure(
      'Chart: instruments, two years re-administered (~180 results)',
      chartCalls((id) => `/patients/${id}/instruments`),
    ),
    await measure(
      'Chart: intake assessment with amendments',
      chartCalls((id) => `/patients/${id}/assessments`),
    ),
    await measure(
      'Chart: intake urine screen and baseline labs',
      chartCalls((id) => `/patients/${id}/intake-workup`),
    ),
    await measure(
      'Chart: diagnoses and psychiatric medications',
      chartCalls((id) => `/patients/${id}/diagnoses`),
    ),
    await measure(
      'Chart: placements',
      chartCalls((id) => `/patients/${id}/placements`),
    ),
    await measure(
      'Chart: treatment plan (three signed versions)',
      chartCalls((id) => `/patients/${id}/plan`),
    ),
  );
  console.log(`\n| Operation (${patients.toLocaleString('en-US')} patients, PostgreSQL) | p50 ms | p95 ms | p99 ms | requests |\n|---|---|---|---|---|`);
  for (const r of results) console.log(`| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.n} |`);
  await app.close();
  if (process.env.BENCH_HOT_PATHS !== '0') {
    console.log(`\n### Hot paths at 1 and 8 concurrent clients, beside their floors (${patients.toLocaleString('en-US')} patients, PostgreSQL)\n`);
    console.log(
      await benchHotPaths({
        url: target,
        organizationId: org.organizationId,
        facilityId: org.facilityIds[0],
        nurse: { id: org.users.nurse.id, email: org.users.nurse.email, password: testPassword },
        patientIds: ids,
        activeCourseIds: board.activeCourseIds,
        terms,
        seconds: Number(process.env.BENCH_SECONDS ?? 8),
      }),
    );
  }
  // Leave the data for the next run but drop this run's organization's patients to keep size fixed.
  // The bench database is scratch: clear this run's rows with the append-only guards lifted for this
  // one transaction (session_replication_role skips triggers; the bench connects as a superuser).
  if (process.env.BENCH_KEEP === '1') return console.error(`Kept organization ${org.organizationId}`);
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    for (const table of [
      'plan_versions',
      'plan_plans',
      'plan_review_settings',
      'asm_amendments',
      'asm_assessments',
      'asm_instrument_results',
      'asm_drug_screens',
      'asm_lab_orders',
      'asm_diagnoses',
      'asm_psych_medications',
      'asm_placements',
      'alerts',
      'wm_reassessments',
      'wm_medication_events',
      'wm_observations',
      'wm_courses',
      'wm_protocols',
      'level_of_care_changes',
      'audit_log',
      'audit_chain_heads',
      'patient_events',
      'care_team_members',
      'episodes',
      'patients',
    ]) {
      await sql`delete from ${sql.table(table)} where organization_id = ${org.organizationId}::uuid`.execute(tx);
    }
  });
  await engine.close();
}

/**
 * A 40-bed detox unit: 40 active courses with a week of two-hourly flowsheets, and a year of
 * completed courses before them (one a week per bed), all on real rows.
 */
async function seedDetoxUnit(db: ReturnType<typeof createDb>, organizationId: string, facilityId: string, nurseId: string) {
  const protocol = defaultProtocols()[0];
  const protocolId = uuidv7();
  await db
    .insertInto('wm_protocols')
    .values({ organization_id: organizationId, id: protocolId, name: protocol.name, kind: protocol.kind, config: JSON.stringify(protocol.config) })
    .execute();
  const activeCourseIds: string[] = [];
  let observations = 0;
  for (let bed = 1; bed <= 40; bed++) {
    const rows = [];
    const obs = [];
    const patientId = uuidv7();
    await db
      .insertInto('patients')
      .values({
        organization_id: organizationId,
        id: patientId,
        mrn: `D${String(bed).padStart(7, '0')}`,
        legal_given_name: 'Bed',
        legal_family_name: `Patient${bed}`,
        birth_date: '1980-01-01',
        sex_at_birth: 'male',
        preferred_language: 'en',
        emergency_contact: 'null',
        allergies: '[]',
        facility_id: facilityId,
        search_name: `bed patient${bed}`,
      })
      .execute();
    for (let week = 52; week >= 0; week--) {
      const episodeId = uuidv7();
      const start = new Date(Date.now() - (week * 7 + 6) * 86_400_000);
      const active = week === 0;
      await db
        .insertInto('episodes')
        .values({
          organization_id: organizationId,
          id: episodeId,
          patient_id: patientId,
          facility_id: facilityId,
          level_of_care: 'withdrawal_management',
          bed: active ? `D${bed}` : null,
          status: active ? 'active' : 'discharged',
          admitted_at: start,
          discharged_at: active ? null : new Date(start.getTime() + 6 * 86_400_000),
          discharge_type: active ? null : 'completed',
          created_by: nurseId,
        })
        .execute();
      const courseId = uuidv7();
      rows.push({
        organization_id: organizationId,
        id: courseId,
        episode_id: episodeId,
        patient_id: patientId,
        facility_id: facilityId,
        protocol_id: protocolId,
        protocol: JSON.stringify(protocol.config),
        started_at: start,
        last_use_at: start,
        last_use_kind: 'short_acting' as const,
        status: active ? ('active' as const) : ('completed' as const),
        completed_at: active ? null : new Date(start.getTime() + 6 * 86_400_000),
        outcome: active ? null : ('completed' as const),
        next_level: null,
        first_dose_at: null,
        started_by: nurseId,
      });
      if (active) activeCourseIds.push(courseId);
      for (let h = 0; h < 6 * 24; h += 2) {
        obs.push({
          organization_id: organizationId,
          id: uuidv7(),
          course_id: courseId,
          patient_id: patientId,
          observed_at: new Date(start.getTime() + h * 3_600_000),
          recorded_by: nurseId,
          cows_items: JSON.stringify(seededCowsByTotal[(h * 7) % 20].items),
          cows_total: seededCowsByTotal[(h * 7) % 20].total,
          cows_band: seededCowsByTotal[(h * 7) % 20].band,
          pulse_bpm: 88,
          sows_instrument: null,
          sows_items: 'null',
          sows_total: null,
          systolic: 120,
          diastolic: 80,
          heart_rate: 88,
          respiratory_rate: 16,
          temperature_c: 36.8,
          spo2: 97,
          pain: 2,
          note: null,
        });
      }
    }
    await db.insertInto('wm_courses').values(rows).execute();
    for (let i = 0; i < obs.length; i += 1000)
      await db
        .insertInto('wm_observations')
        .values(obs.slice(i, i + 1000))
        .execute();
    observations += obs.length;
  }
  await sql`analyze`.execute(db);
  return { activeCourseIds, observations };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
