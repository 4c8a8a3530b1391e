/**
 * Therapy benchmarks on PostgreSQL (issue 10): signing a group note for 20 attendees (one transaction)
 * and the counselor's day for a caseload of 60 with two years of notes.
 * Usage: npx tsx bench/therapy.ts  (THERAPY_BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/wp_therapy_bench;
 * created and filled on each run in a new organization). Results go to stdout as a Markdown table.
 */
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { sql } from 'kysely';
import { createDb } from '../packages/server/src/db/database';
import { openPostgres } from '../packages/server/src/db/engine';
import { migrate } from '../packages/server/src/db/migrate';
import { buildWaypoint } from '../packages/server/src/app/server';
import { buildOrganization } from '../packages/server/test/factories';
import { summarize } from './stats';

const target = process.env.THERAPY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/wp_therapy_bench';
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

async function measure(label: string, n: number, warm: number, fn: (i: number) => Promise<number>) {
  for (let i = 0; i < warm; i++) await fn(i);
  const times: number[] = [];
  for (let i = warm; i < warm + n; i++) {
    const t = performance.now();
    const status = await fn(i);
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
  const facility = org.facilityIds[0];
  const counselor = org.users.counselor.id;
  const admin = org.users.administrator.id;
  const t0 = performance.now();
  console.error('Seeding: 60-patient caseload, two years of sessions and daily groups, plus 1,000 other patients…');
  // The caseload (60 residential patients with the counselor on the care team) and 1,000 other patients.
  await sql`
    insert into patients (organization_id, id, mrn, legal_given_name, legal_family_name, birth_date, sex_at_birth, preferred_language, facility_id, search_name, allergies)
    select ${o}::uuid, gen_random_uuid(), 'T' || lpad(s::text, 6, '0'), 'Given' || s, 'Family' || s, date '1970-01-01' + s, 'female', 'en', ${facility}::uuid, 'given' || s || ' family' || s, '[]'
    from generate_series(1, 1060) s`.execute(db);
  await sql`
    insert into episodes (organization_id, id, patient_id, facility_id, level_of_care, status, admitted_at, created_by)
    select organization_id, gen_random_uuid(), id, facility_id, 'residential', 'active', now() - interval '730 days', ${admin}::uuid
    from patients where organization_id = ${o}::uuid and mrn like 'T%'`.execute(db);
  await sql`
    insert into care_team_members (organization_id, id, episode_id, user_id, team_role, assigned_at)
    select e.organization_id, gen_random_uuid(), e.id, ${counselor}::uuid, 'primary_counselor', now() - interval '730 days'
    from episodes e join patients p on p.id = e.patient_id
    where e.organization_id = ${o}::uuid and p.mrn <= 'T000060'`.execute(db);
  // Two individual sessions a week for two years for each of the 60 (12,480 signed notes by the counselor),
  // and 208,000 by other clinicians for the other patients.
  await sql`
    insert into thr_sessions (organization_id, id, patient_id, episode_id, facility_id, clinician_id, kind, modality, starts_at, ends_at, sections, signed_at, signed_by, billing_code, created_at, updated_at)
    select p.organization_id, gen_random_uuid(), p.id, null, p.facility_id, case when p.mrn <= 'T000060' then ${counselor}::uuid else ${admin}::uuid end, 'individual', 'cbt',
           now() - (w * interval '3.5 days') - interval '2 hours', now() - (w * interval '3.5 days') - interval '1 hour',
           '{"data":"x","assessment":"y","plan":"z"}', now() - (w * interval '3.5 days'), case when p.mrn <= 'T000060' then ${counselor}::uuid else ${admin}::uuid end, '90837',
           now() - (w * interval '3.5 days'), now() - (w * interval '3.5 days')
    from patients p cross join generate_series(1, 208) w
    where p.organization_id = ${o}::uuid and p.mrn like 'T%' and (p.mrn <= 'T000060' or w <= 208)`.execute(db);
  // A few drafts to write today.
  await sql`
    insert into thr_sessions (organization_id, id, patient_id, facility_id, clinician_id, kind, modality, starts_at, ends_at, created_at, updated_at)
    select p.organization_id, gen_random_uuid(), p.id, p.facility_id, ${counselor}::uuid, 'individual', 'mi', now() - interval '3 hours', now() - interval '2 hours', now(), now()
    from patients p where p.organization_id = ${o}::uuid and p.mrn <= 'T000005'`.execute(db);
  // A daily group led by the counselor for two years, 20 attendees each, signed.
  const typeId = (
    await sql<{
      id: string;
    }>`insert into thr_group_types (organization_id, id, name, category) values (${o}::uuid, gen_random_uuid(), 'Relapse prevention', 'relapse_prevention') returning id`.execute(
      db,
    )
  ).rows[0].id;
  const seriesId = (
    await sql<{
      id: string;
    }>`insert into thr_group_series (organization_id, id, group_type_id, facility_id, title, leader_id, levels_of_care, rrule, first_starts_at, duration_minutes, created_at)
      values (${o}::uuid, gen_random_uuid(), ${typeId}::uuid, ${facility}::uuid, 'Relapse prevention', ${counselor}::uuid, '{residential}', 'FREQ=DAILY', now() - interval '731 days', 60, now()) returning id`.execute(
      db,
    )
  ).rows[0].id;
  await sql`
    insert into thr_group_sessions (organization_id, id, series_id, facility_id, leader_id, starts_at, ends_at)
    select ${o}::uuid, gen_random_uuid(), ${seriesId}::uuid, ${facility}::uuid, ${counselor}::uuid, date_trunc('hour', now()) - d * interval '1 day' - interval '3 hours', date_trunc('hour', now()) - d * interval '1 day' - interval '2 hours'
    from generate_series(1, 1160) d`.execute(db);
  await sql`
    insert into thr_group_attendance (organization_id, group_session_id, patient_id, status, recorded_by, recorded_at)
    select s.organization_id, s.id, p.id, 'present', ${counselor}::uuid, s.ends_at
    from thr_group_sessions s join lateral (select id from patients where organization_id = ${o}::uuid and mrn <= 'T000060' order by mrn offset (extract(day from s.starts_at)::int % 40) limit 20) p on true
    where s.series_id = ${seriesId}::uuid`.execute(db);
  // Sessions 1–730 (two years) are signed; 731–1160 have a draft note ready to sign in the benchmark.
  await sql`
    insert into thr_group_notes (organization_id, id, group_session_id, author_id, draft, created_at, updated_at)
    select s.organization_id, gen_random_uuid(), s.id, ${counselor}::uuid,
      jsonb_build_object('shared', jsonb_build_object('topic', 'Triggers', 'interventions', 'Role play'),
        'parts', (select jsonb_object_agg(a.patient_id::text, jsonb_build_object('participation', 'Engaged', 'progress', 'Named a plan', 'objectiveRef', null)) from thr_group_attendance a where a.organization_id = s.organization_id and a.group_session_id = s.id)),
      now(), now()
    from thr_group_sessions s where s.series_id = ${seriesId}::uuid`.execute(db);
  await sql`
    insert into thr_group_note_versions (organization_id, group_note_id, version_no, change, shared, signed_by, signed_at)
    select n.organization_id, n.id, 1, 'signed', n.draft->'shared', ${counselor}::uuid, s.ends_at
    from thr_group_notes n join thr_group_sessions s on s.id = n.group_session_id where s.series_id = ${seriesId}::uuid and s.starts_at > now() - interval '731 days'`.execute(
    db,
  );
  await sql`
    insert into thr_group_note_entries (organization_id, group_note_id, version_no, patient_id, status, participation)
    select v.organization_id, v.group_note_id, 1, a.patient_id, 'included', 'Engaged'
    from thr_group_note_versions v join thr_group_notes n on n.id = v.group_note_id join thr_group_attendance a on a.group_session_id = n.group_session_id
    where v.organization_id = ${o}::uuid`.execute(db);
  await sql`analyze`.execute(db);
  const counts = (
    await sql<{
      sessions: number;
      groups: number;
      entries: number;
    }>`select (select count(*) from thr_sessions where organization_id = ${o}::uuid)::int as sessions, (select count(*) from thr_group_sessions where organization_id = ${o}::uuid)::int as groups, (select count(*) from thr_group_note_entries where organization_id = ${o}::uuid)::int as entries`.execute(
      db,
    )
  ).rows[0];
  console.error(`Seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s:`, counts);

  const app = await buildWaypoint({ engine, db, webDist: '/nonexistent', logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const c = await org.signIn('counselor', base);
  const toSign = (
    await sql<{
      id: string;
    }>`select s.id from thr_group_sessions s where s.series_id = ${seriesId}::uuid and not exists (select 1 from thr_group_notes n join thr_group_note_versions v on v.group_note_id = n.id where n.group_session_id = s.id) order by s.starts_at`.execute(
      db,
    )
  ).rows.map((r) => r.id);
  const day = await c.get('/therapy/my-day');
  if (day.status !== 200 || day.body.caseload.length !== 60) throw new Error(`my-day: ${day.status} ${JSON.stringify(day.body).slice(0, 300)}`);
  // The floor, measured in the same run on the same (shared, often busy) machine: the session check alone.
  const floor = await measure('Floor: GET /auth/me (session check, no stage code)', iterations, 30, async () => (await c.get('/auth/me')).status);
  const results = [
    await measure('Counselor’s day (caseload 60, two years of notes)', iterations, 30, async () => (await c.get('/therapy/my-day')).status),
    await measure(
      'Sign a group note, 20 attendees (one transaction)',
      Math.min(iterations, toSign.length - 30),
      30,
      async (i) => (await c.post(`/group-sessions/${toSign[i]}/note/sign`, {})).status,
    ),
  ];
  const load = (await import('node:os')).loadavg()[0].toFixed(1);
  const signed = await c.get(`/group-sessions/${toSign[0]}/note`);
  if (signed.body.current.attendees.length !== 20) throw new Error('the signed note does not have 20 attendees');
  console.log(
    `\n| Operation (PostgreSQL; ${counts.sessions.toLocaleString('en')} session notes, ${counts.groups.toLocaleString('en')} group sessions, ${counts.entries.toLocaleString('en')} group-note entries; load average ${load}) | p50 ms | p95 ms | p99 ms | p99 ÷ floor p99 | requests | budget p99 |`,
  );
  console.log('|---|---|---|---|---|---|---|');
  const budgets = ['—', 50, 100];
  [floor, ...results].forEach((r, i) =>
    console.log(
      `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.p99 / floor.p99).toFixed(1)} | ${r.n} | ${budgets[i]} |`,
    ),
  );
  await app.close();
  await db.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
