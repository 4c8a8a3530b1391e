/**
 * `npm run bench -- --scale network`: a network-scale data set written through bulk SQL (insert …
 * select over generate_series, never the HTTP API), then every clinician screen's API calls over it.
 * Sizes (env): NETWORK_FACILITIES (20), NETWORK_PATIENTS (1,000,000), NETWORK_ACTIVE (20,000 active
 * episodes), NETWORK_OBSERVATIONS (10,000,000 flowsheet rows, 72 per completed detox course, plus two
 * days of two-hourly checks on each active one). Not part of CI.
 */
import { sql } from 'kysely';
import type { AddressInfo } from 'node:net';
import { createDb } from '../packages/server/src/db/database';
import { openPostgres } from '../packages/server/src/db/engine';
import { migrate } from '../packages/server/src/db/migrate';
import { buildWaypoint } from '../packages/server/src/app/server';
import { buildOrganization, testPassword } from '../packages/server/test/factories';
import { ApiClient } from '../packages/server/test/harness';
import { uuidv7 } from '../packages/server/src/db/ids';
import { defaultProtocols } from '../packages/server/src/modules/withdrawal/protocol-config';
import { seededCowsByTotal } from './cows-seed';

const n = (k: string, d: number) => Number(process.env[k] ?? d);

export async function networkScale(target: string, iterations: number): Promise<void> {
  const facilities = n('NETWORK_FACILITIES', 20);
  const patients = n('NETWORK_PATIENTS', 1_000_000);
  const active = n('NETWORK_ACTIVE', 20_000);
  const observations = n('NETWORK_OBSERVATIONS', 10_000_000);
  const engine = await openPostgres(target, 10);
  await migrate(engine);
  const db = createDb(engine);
  const org = await buildOrganization(db);
  const o = org.organizationId;
  const nurse = org.users.nurse.id;
  const step = async (label: string, q: Parameters<typeof sql>[0] extends never ? never : ReturnType<typeof sql>) => {
    const t = performance.now();
    const r = await q.execute(db);
    console.error(`${label}: ${Number(r.numAffectedRows ?? 0).toLocaleString('en-US')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  const t0 = performance.now();
  await step(
    'facilities',
    sql`
    insert into facilities (organization_id, id, name, time_zone, bed_count, levels_of_care)
    select ${o}::uuid, gen_random_uuid(), 'Network site ' || g, 'America/New_York', 60, array['withdrawal_management', 'residential', 'outpatient']
    from generate_series(3, ${facilities}) g`,
  );
  // Patients spread over the facilities; family-first search names from a fixed vocabulary.
  await step(
    'patients',
    sql`
    with f as (select array_agg(id order by id) ids from facilities where organization_id = ${o}::uuid),
    names as (select g, fam, row_number() over () as k from
      unnest(array['james','mary','robert','patricia','john','jennifer','michael','linda','david','elizabeth','william','barbara','richard','susan','joseph','jessica']) g,
      unnest(array['smith','johnson','williams','brown','jones','garcia','miller','davis','rodriguez','martinez','hernandez','lopez','gonzalez','wilson','anderson','thomas','taylor','moore','jackson','martin','lee','nguyen','walker','young']) fam)
    insert into patients (organization_id, id, mrn, legal_given_name, legal_family_name, birth_date, sex_at_birth, preferred_language, facility_id, search_name, allergies)
    select ${o}::uuid, gen_random_uuid(), 'N' || lpad(s::text, 8, '0'), initcap(names.g), initcap(names.fam) || (s % 997),
           date '1950-01-01' + (s % 20000), case when s % 2 = 0 then 'female' else 'male' end, 'en', f.ids[1 + s % array_length(f.ids, 1)],
           names.fam || (s % 997) || ' ' || names.g, '[]'
    from generate_series(1, ${patients}) s cross join f join names on names.k = 1 + s % 384`,
  );
  // Active episodes: every (patients/active)-th patient, residential; then 40 a facility in detox.
  await step(
    'active episodes',
    sql`
    insert into episodes (organization_id, id, patient_id, facility_id, level_of_care, bed, status, admitted_at, created_by)
    select organization_id, gen_random_uuid(), id, facility_id, 'residential', 'B' || rn, 'active', now() - interval '2 days', ${nurse}::uuid
    from (select p.*, row_number() over (order by p.id) rn from patients p where p.organization_id = ${o}::uuid) x
    where rn % ${Math.max(1, Math.floor(patients / active))} = 0 limit ${active}`,
  );
  await step(
    '40 detox beds a facility',
    sql`
    update episodes set level_of_care = 'withdrawal_management'
    where organization_id = ${o}::uuid and id in (
      select id from (select id, row_number() over (partition by facility_id order by id) r from episodes where organization_id = ${o}::uuid and status = 'active') x where r <= 40)`,
  );
  const protocol = defaultProtocols()[0];
  const protocolId = uuidv7();
  await db
    .insertInto('wm_protocols')
    .values({ organization_id: o, id: protocolId, name: protocol.name, kind: protocol.kind, config: JSON.stringify(protocol.config) })
    .execute();
  await step(
    'active detox courses',
    sql`
    insert into wm_courses (organization_id, id, episode_id, patient_id, facility_id, protocol_id, protocol, started_at, last_use_at, last_use_kind, status, started_by)
    select organization_id, gen_random_uuid(), id, patient_id, facility_id, ${protocolId}::uuid, ${JSON.stringify(protocol.config)}::jsonb, admitted_at, admitted_at - interval '12 hours', 'short_acting', 'active', ${nurse}::uuid
    from episodes where organization_id = ${o}::uuid and status = 'active' and level_of_care = 'withdrawal_management'`,
  );
  // History: completed detox courses (a discharged episode each), 72 observations apiece.
  const historical = Math.max(0, Math.floor(observations / 72));
  await step(
    'discharged detox episodes',
    sql`
    insert into episodes (organization_id, id, patient_id, facility_id, level_of_care, status, admitted_at, discharged_at, discharge_type, created_by)
    select p.organization_id, gen_random_uuid(), p.id, p.facility_id, 'withdrawal_management', 'discharged',
           now() - make_interval(days => 30 + (s % 1500)), now() - make_interval(days => 24 + (s % 1500)), 'completed', ${nurse}::uuid
    from generate_series(1, ${historical}) s
    join lateral (select * from patients p where p.organization_id = ${o}::uuid and p.mrn = 'N' || lpad((1 + (s * 7919) % ${patients})::text, 8, '0')) p on true`,
  );
  await step(
    'completed detox courses',
    sql`
    insert into wm_courses (organization_id, id, episode_id, patient_id, facility_id, protocol_id, protocol, started_at, last_use_at, last_use_kind, status, completed_at, outcome, started_by)
    select organization_id, gen_random_uuid(), id, patient_id, facility_id, ${protocolId}::uuid, ${JSON.stringify(protocol.config)}::jsonb, admitted_at, admitted_at, 'short_acting', 'completed', discharged_at, 'completed', ${nurse}::uuid
    from episodes where organization_id = ${o}::uuid and status = 'discharged' and level_of_care = 'withdrawal_management'`,
  );
  await step(
    'flowsheet observations',
    sql`
    with cw as (select (n - 1)::int as k, e->'items' as items, (e->>'total')::int as total, e->>'band' as band from jsonb_array_elements(${JSON.stringify(seededCowsByTotal)}::jsonb) with ordinality as a(e, n))
    insert into wm_observations (organization_id, id, course_id, patient_id, observed_at, recorded_by, cows_items, cows_total, cows_band, pulse_bpm, systolic, diastolic, heart_rate, respiratory_rate, temperature_c, spo2, pain)
    select c.organization_id, gen_random_uuid(), c.id, c.patient_id, c.started_at + make_interval(hours => 2 * h), ${nurse}::uuid, cw.items, cw.total, cw.band, 88, 120, 80, 88, 16, 36.8, 97, 2
    from wm_courses c cross join generate_series(0, case when c.status = 'active' then 23 else 71 end) h
    join cw on cw.k = (h * 7) % 20
    where c.organization_id = ${o}::uuid`,
  );
  await sql`analyze`.execute(db);
  console.error(`Network generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  const app = await buildWaypoint({ engine, db, webDist: '/nonexistent', logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const client = new ApiClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  await client.signIn(org.users.nurse.email, testPassword);
  const f0 = org.facilityIds[0];
  const inScope = (await db.selectFrom('patients').select('id').where('organization_id', '=', o).where('facility_id', '=', f0).limit(500).execute()).map(
    (r) => r.id,
  );
  const courses = (
    await db.selectFrom('wm_courses').select('id').where('organization_id', '=', o).where('facility_id', '=', f0).where('status', '=', 'active').execute()
  ).map((r) => r.id);
  const terms = ['smi', 'garcia12 mary', 'nguyen4', 'walker', 'N00012345', '1971-05-03', 'patricia'];
  const screens: [string, (i: number) => string][] = [
    ['Patient search', (i) => `/patients?q=${encodeURIComponent(terms[i % terms.length])}&limit=50`],
    ['Chart header', (i) => `/patients/${inScope[i % inScope.length]}/header`],
    ['Chart timeline', (i) => `/patients/${inScope[i % inScope.length]}/timeline`],
    ['Detox unit board', () => `/facilities/${f0}/withdrawal-board`],
    ['Detox course (flowsheet)', (i) => `/withdrawal/${courses[i % courses.length]}`],
    ['Census', () => `/facilities/${f0}/census`],
  ];
  console.log(
    `\n| Screen call (${patients.toLocaleString('en-US')} patients, ${facilities} facilities, ${observations.toLocaleString('en-US')} observations) | p50 ms | p99 ms | requests | non-200 |\n|---|---|---|---|---|`,
  );
  for (const [label, url] of screens) {
    const times: number[] = [];
    let bad = 0;
    for (let i = 0; i < iterations + 20; i++) {
      const t = performance.now();
      const r = await client.get(url(i));
      if (i >= 20) times.push(performance.now() - t);
      if (r.status !== 200) bad++;
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)].toFixed(1);
    console.log(`| ${label} | ${p(0.5)} | ${p(0.99)} | ${times.length} | ${bad} |`);
  }
  await app.close();
  await engine.close();
}
