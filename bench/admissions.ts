/**
 * The admissions coordinator's work list on PostgreSQL: 500 open items (inquiries to work, coverage to
 * verify, authorizations running out, scheduled admissions) among a program's history (20,000 patients,
 * 50,000 finished inquiries, 20,000 verified coverages with authorizations far from their end).
 * Usage: npm run bench:admissions  (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/wp_admissions_bench).
 */
import pg from 'pg';
import { sql } from 'kysely';
import type { AddressInfo } from 'node:net';
import { createDb } from '../packages/server/src/db/database';
import { openPostgres } from '../packages/server/src/db/engine';
import { migrate } from '../packages/server/src/db/migrate';
import { buildWaypoint } from '../packages/server/src/app/server';
import { buildOrganization, testPassword } from '../packages/server/test/factories';
import { ApiClient } from '../packages/server/test/harness';
import { summarize } from './stats';

const target = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wp_admissions_bench';
const iterations = Number(process.env.BENCH_ITERATIONS ?? 400);
const open = { inquiries: 150, verifications: 120, authorizations: 110, scheduled: 120 };

async function ensureDatabase() {
  const name = new URL(target).pathname.slice(1);
  const admin = new pg.Client({ connectionString: target.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) await admin.query(`create database "${name}"`);
  await admin.end();
}

async function measure(label: string, fn: (i: number) => Promise<{ status: number }>) {
  for (let i = 0; i < 30; i++) await fn(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    const { status } = await fn(i);
    times.push(performance.now() - t);
    if (status !== 200) throw new Error(`${label}: HTTP ${status}`);
  }
  return summarize(label, times);
}

async function main() {
  await ensureDatabase();
  const engine = await openPostgres(target, 10);
  await migrate(engine);
  const db = createDb(engine);
  const org = await buildOrganization(db);
  const o = org.organizationId;
  const f = org.facilityIds[0];
  const by = org.users.admissions_coordinator.id;
  const t0 = performance.now();
  console.error('Seeding…');
  await sql`
    insert into patients (organization_id, id, mrn, legal_given_name, legal_family_name, birth_date, sex_at_birth, preferred_language, facility_id, search_name, allergies)
    select ${o}::uuid, gen_random_uuid(), 'A' || lpad(s::text, 7, '0'), 'Given' || s, 'Family' || s, date '1960-01-01' + (s % 15000), 'female', 'en', ${f}::uuid, 'family' || s || ' given' || s, '[]'
    from generate_series(1, 20000) s`.execute(db);
  await sql`
    insert into episodes (organization_id, id, patient_id, facility_id, level_of_care, status, admitted_at, created_by)
    select organization_id, gen_random_uuid(), id, facility_id, 'outpatient', 'active', now() - interval '30 days', ${by}::uuid
    from patients where organization_id = ${o}::uuid and mrn like 'A%' and random() < 0.4`.execute(db);
  // History: finished inquiries, verified coverage, authorizations with months to run.
  await sql`
    insert into adm_inquiries (organization_id, id, facility_id, received_at, channel, caller_name, caller_relation, contact_consent, referral_source, given_name, family_name, status, closed_reason, created_by, created_at, updated_at)
    select ${o}::uuid, gen_random_uuid(), ${f}::uuid, now() - (s || ' hours')::interval, 'phone', 'Caller ' || s, 'self', false, 'self', 'Given' || s, 'Family' || s,
           case when s % 2 = 0 then 'closed' else 'admitted' end, case when s % 2 = 0 then 'Chose another program' end, ${by}::uuid, now(), now()
    from generate_series(1, 50000) s`.execute(db);
  await sql`
    insert into adm_coverages (organization_id, id, patient_id, kind, priority, payer, member_id, effective_from, created_by, created_at)
    select organization_id, gen_random_uuid(), id, 'insurance', 'primary', 'Payer ' || (random() * 20)::int, 'M' || mrn, date '2025-01-01', ${by}::uuid, now()
    from patients where organization_id = ${o}::uuid and mrn like 'A%'`.execute(db);
  await sql`
    insert into adm_verifications (organization_id, id, coverage_id, patient_id, verified_at, verified_by, method, reference_number, result, recorded_at)
    select organization_id, gen_random_uuid(), id, patient_id, now() - interval '10 days', ${by}::uuid, 'phone', 'REF' || id, 'active', now()
    from adm_coverages where organization_id = ${o}::uuid offset ${open.verifications}`.execute(db);
  await sql`
    update adm_coverages c set verification_result = v.result, verified_at = v.verified_at
    from adm_verifications v where v.coverage_id = c.id and c.organization_id = ${o}::uuid`.execute(db);
  await sql`
    insert into adm_authorizations (organization_id, id, coverage_id, patient_id, level_of_care, auth_number, unit, approved, used, start_date, end_date, status, created_by, created_at)
    select organization_id, gen_random_uuid(), id, patient_id, 'outpatient', 'AUTH' || id, 'units', 40, 5, current_date - 10, current_date + 120, 'active', ${by}::uuid, now()
    from adm_coverages where organization_id = ${o}::uuid`.execute(db);
  // The open work: 500 items.
  await sql`
    insert into adm_inquiries (organization_id, id, facility_id, received_at, channel, caller_name, caller_relation, callback_phone, contact_consent, referral_source, given_name, family_name, status, next_action, next_action_due, created_by, created_at, updated_at)
    select ${o}::uuid, gen_random_uuid(), ${f}::uuid, now() - (s || ' minutes')::interval, 'phone', 'Caller ' || s, 'family', '555-' || s, true, 'hospital', 'Open' || s, 'Inquiry' || s,
           case when s % 3 = 0 then 'waitlisted' else 'open' end, 'Call back', current_date + (s % 10), ${by}::uuid, now(), now()
    from generate_series(1, ${open.inquiries}) s`.execute(db);
  await sql`
    insert into adm_authorizations (organization_id, id, coverage_id, patient_id, level_of_care, auth_number, unit, approved, used, start_date, end_date, status, created_by, created_at)
    select organization_id, gen_random_uuid(), id, patient_id, 'residential', 'SOON' || id, 'days', 30, 28, current_date - 20, current_date + 5, 'active', ${by}::uuid, now()
    from adm_coverages where organization_id = ${o}::uuid order by id desc limit ${open.authorizations}`.execute(db);
  await sql`
    insert into adm_scheduled_admissions (organization_id, id, patient_id, facility_id, level_of_care, scheduled_on, status, created_by, created_at)
    select p.organization_id, gen_random_uuid(), p.id, p.facility_id, 'partial_hospitalization', current_date + (row_number() over () % 14)::int, 'scheduled', ${by}::uuid, now()
    from patients p where p.organization_id = ${o}::uuid and p.mrn like 'A%'
      and not exists (select 1 from episodes e where e.patient_id = p.id and e.status = 'active') limit ${open.scheduled}`.execute(db);
  await sql`analyze`.execute(db);
  console.error(`Seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const app = await buildWaypoint({ engine, db, webDist: '/nonexistent', logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const client = new ApiClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  await client.signIn(org.users.admissions_coordinator.email, testPassword);
  const first = await client.get('/admissions/worklist');
  const counts = ['inquiries', 'verifications', 'authorizations', 'scheduled'].map((k) => first.body[k].items.length);
  const total = counts.reduce((a, b) => a + b, 0);
  // 500 open items; the list shows the 50 most urgent of each queue and flags the rest.
  const flagged = ['inquiries', 'verifications', 'authorizations', 'scheduled'].every((k) => first.body[k].more === true);
  if (first.status !== 200 || total !== 200 || !flagged) throw new Error(`work list: HTTP ${first.status}, ${total} items (${counts.join('/')})`);
  const patientIds = (await db.selectFrom('patients').select('id').where('organization_id', '=', o).limit(500).execute()).map((r) => r.id);
  // Floors in the same run (the machine is shared; ratios travel better than milliseconds).
  const results = [
    await measure('Floor: GET /api/health (no database)', () => client.get('/api/health')),
    await measure('Floor: chart header of one patient', (i) => client.get(`/patients/${patientIds[i % patientIds.length]}/header`)),
    await measure(`Coordinator work list, 500 open items (${counts.join(' / ')}), 20,000 patients, 50,000 past inquiries`, () =>
      client.get('/admissions/worklist'),
    ),
  ];
  console.log(`\n| Operation (PostgreSQL) | p50 ms | p95 ms | p99 ms | requests |\n|---|---|---|---|---|`);
  for (const r of results) console.log(`| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.n} |`);
  await app.close();
  if (process.env.BENCH_KEEP) return;
  // Scratch database: drop this run's rows with the append-only guards lifted for this one transaction.
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    for (const table of [
      'adm_authorizations',
      'adm_verifications',
      'adm_coverages',
      'adm_scheduled_admissions',
      'adm_inquiries',
      'audit_log',
      'audit_chain_heads',
      'patient_events',
      'episodes',
      'patients',
    ]) {
      await sql`delete from ${sql.table(table)} where organization_id = ${o}::uuid`.execute(tx);
    }
  });
  await engine.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
