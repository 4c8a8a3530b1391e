/**
 * The network data set's records of the stages after the first call, as they land for its active and
 * past episodes, written in bulk SQL (insert … select; never the HTTP API) in the shapes the stages'
 * own code writes and parses: admissions (inquiries, coverage with verifications and authorizations),
 * assessment (signed intakes, instruments re-administered, diagnoses, placements), planning (signed plan
 * versions), medication (window orders of the opioid treatment program with a daily dose history, the
 * stock they came from with a consistent ledger, scheduled detox medications on the MAR, verbal orders
 * awaiting co-signature) and therapy (a counselor per caseload, weekly session notes, daily groups with
 * attendance and signed group notes).
 * Sizes follow NETWORK_ACTIVE; overrides: NETWORK_CASELOAD (30 patients a counselor), NETWORK_OTP_EVERY
 * (every 3rd non-detox active episode is in the opioid treatment program), NETWORK_DOSE_DAYS (90),
 * NETWORK_OPEN_INQUIRIES (active ÷ 40), NETWORK_PAST_INQUIRIES (active × 2), NETWORK_SESSION_WEEKS (12),
 * NETWORK_GROUP_DAYS (30), NETWORK_PAST_INTAKES (every past episode gets its intake records).
 */
import { sql, type RawBuilder } from 'kysely';
import { formInstruments } from '@waypoint/clinical/instruments/registry';
import type { createDb } from '../packages/server/src/db/database';
import { answersFor } from '../packages/server/test/helpers/instrument-answers';

type Db = ReturnType<typeof createDb>;
const n = (k: string, d: number) => Number(process.env[k] ?? d);

export interface StageUsers {
  nurse: string;
  prescriber: string;
  counselor: string;
  coordinator: string;
}

/** Runs one statement and says how many rows it wrote and how long it took. */
export async function step(db: Db, label: string, q: RawBuilder<unknown>) {
  const t = performance.now();
  const r = await q.execute(db);
  console.error(`${label}: ${Number(r.numAffectedRows ?? 0).toLocaleString('en-US')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** A few scored administrations of an instrument (the clinical package's own answers and scores). */
function variants(code: string) {
  const form = formInstruments[code];
  return JSON.stringify(
    [2, 3, 4, 5].map((trial) => {
      const answers = answersFor(form, trial);
      const r = form.score(answers, { sex: 'female' });
      return { answers, total: r.total, band: r.band ?? null, detail: r.detail };
    }),
  );
}

// Statistics are refreshed (analyze) before the statements that join freshly written tables: the
// planner would otherwise plan over the near-empty tables it last saw and nest loops over seq scans.
export async function generateStages(db: Db, o: string, facility0: string, users: StageUsers, active: number) {
  const caseload = n('NETWORK_CASELOAD', 30);
  const otpEvery = n('NETWORK_OTP_EVERY', 3);
  const doseDays = n('NETWORK_DOSE_DAYS', 90);
  const openInquiries = n('NETWORK_OPEN_INQUIRIES', Math.ceil(active / 40));
  const pastInquiries = n('NETWORK_PAST_INQUIRIES', active * 2);
  const sessionWeeks = n('NETWORK_SESSION_WEEKS', 12);
  const groupDays = n('NETWORK_GROUP_DAYS', 30);
  const pastIntakes = n('NETWORK_PAST_INTAKES', 100_000_000);
  const { nurse, prescriber, counselor, coordinator } = users;

  // The opioid treatment program: every site runs one; its patients have been coming for months.
  await sql`analyze facilities, patients, episodes, users`.execute(db);
  await step(
    db,
    'sites with an opioid treatment program',
    sql`update facilities set levels_of_care = levels_of_care || array['opioid_treatment_program']
        where organization_id = ${o}::uuid and not ('opioid_treatment_program' = any(levels_of_care))`,
  );
  await step(
    db,
    'opioid treatment program episodes',
    sql`
    update episodes e set level_of_care = 'opioid_treatment_program', bed = null, admitted_at = now() - make_interval(days => 95 + (x.r * 37 % 400)::int)
    from (select id, row_number() over (order by id) r from episodes where organization_id = ${o}::uuid and status = 'active' and level_of_care = 'residential') x
    where e.organization_id = ${o}::uuid and e.id = x.id and x.r % ${otpEvery} = 0`,
  );
  // Episodes in scope for "the past": completed detox stays, capped by NETWORK_PAST_INTAKES.
  await sql`create temporary table if not exists net_past (id uuid primary key)`.execute(db);
  await sql`truncate net_past`.execute(db);
  await sql`insert into net_past select id from episodes where organization_id = ${o}::uuid and status = 'discharged' order by id limit ${pastIntakes}`.execute(
    db,
  );

  // Counselors: one per caseload at each site (the test organization's counselor has the first
  // caseload at the measured site), on the care team of their patients.
  await step(
    db,
    'counselors',
    sql`
    insert into users (organization_id, id, email, display_name, role, password_hash, created_at)
    select ${o}::uuid, gen_random_uuid(), 'counselor' || g || '.' || c.facility_id || '@network.waypoint', 'Counselor ' || g || ' of ' || f.name, 'counselor',
           (select password_hash from users where organization_id = ${o}::uuid and id = ${counselor}::uuid), now() - interval '3 years'
    from (select facility_id, count(*) k from episodes where organization_id = ${o}::uuid and status = 'active' group by facility_id) c
    join facilities f on f.organization_id = ${o}::uuid and f.id = c.facility_id
    cross join generate_series(1, ceil(c.k::numeric / ${caseload})::int) g`,
  );
  await step(
    db,
    'counselors at their sites',
    sql`
    insert into user_facilities (organization_id, user_id, facility_id)
    select organization_id, id, substring(email from '^counselor[0-9]+\\.(.*)@network\\.waypoint$')::uuid from users
    where organization_id = ${o}::uuid and email like '%@network.waypoint'`,
  );
  await sql`analyze users, user_facilities, episodes`.execute(db);
  await step(
    db,
    'primary counselors on the care teams',
    sql`
    insert into care_team_members (organization_id, id, episode_id, user_id, team_role, assigned_at)
    select e.organization_id, gen_random_uuid(), e.id, case when e.facility_id = ${facility0}::uuid and e.r <= ${caseload} then ${counselor}::uuid else c.id end,
           'primary_counselor', e.admitted_at
    from (select *, row_number() over (partition by facility_id order by md5(id::text)) r from episodes where organization_id = ${o}::uuid and status = 'active') e
    join (select u.id, uf.facility_id, row_number() over (partition by uf.facility_id order by u.email) k from users u
          join user_facilities uf on uf.organization_id = u.organization_id and uf.user_id = u.id
          where u.organization_id = ${o}::uuid and u.email like '%@network.waypoint') c on c.facility_id = e.facility_id and c.k = 1 + (e.r - 1) / ${caseload}`,
  );

  await admissions(db, o, coordinator, openInquiries, pastInquiries);
  await assessment(db, o, counselor, prescriber);
  await planning(db, o, counselor);
  await medication(db, o, facility0, { nurse, prescriber }, doseDays);
  await therapy(db, o, facility0, counselor, sessionWeeks, groupDays);
  await sql`drop table net_past`.execute(db);
}

async function admissions(db: Db, o: string, coordinator: string, open: number, past: number) {
  await step(
    db,
    'inquiries that became admissions',
    sql`
    insert into adm_inquiries (organization_id, id, facility_id, level_of_care, received_at, channel, caller_name, caller_relation, callback_phone, contact_consent,
                               referral_source, given_name, family_name, birth_date, sex_at_birth, reason, status, patient_id, created_by, created_at, updated_at)
    select e.organization_id, gen_random_uuid(), e.facility_id, e.level_of_care, e.admitted_at - interval '3 days', (array['phone','walk_in','referral','web'])[1 + x.r % 4],
           p.legal_given_name || ' ' || p.legal_family_name, 'self', '555-01' || lpad((x.r % 100)::text, 2, '0'), true,
           (array['self','family','hospital','emergency_department','physician','court'])[1 + x.r % 6], p.legal_given_name, p.legal_family_name, p.birth_date, p.sex_at_birth,
           'Wants help stopping fentanyl', 'admitted', p.id, ${coordinator}::uuid, e.admitted_at - interval '3 days', e.admitted_at
    from (select id, row_number() over (order by id) r from episodes where organization_id = ${o}::uuid and status = 'active') x
    join episodes e on e.organization_id = ${o}::uuid and e.id = x.id
    join patients p on p.organization_id = e.organization_id and p.id = e.patient_id
    where x.r <= ${past}`,
  );
  await step(
    db,
    'inquiries closed without an admission',
    sql`
    with f as (select array_agg(id order by id) ids from facilities where organization_id = ${o}::uuid)
    insert into adm_inquiries (organization_id, id, facility_id, received_at, channel, caller_name, caller_relation, contact_consent, referral_source,
                               given_name, family_name, status, closed_reason, created_by, created_at, updated_at)
    select ${o}::uuid, gen_random_uuid(), f.ids[1 + s % array_length(f.ids, 1)], now() - make_interval(hours => 30 + s % 17000), 'phone', 'Caller ' || s, 'family', false,
           (array['self','family','hospital','physician','employer','treatment_program'])[1 + s % 6], 'Given' || s, 'Family' || s, 'closed',
           (array['Chose another program','No longer interested','Could not reach','Needs a higher level of care elsewhere'])[1 + s % 4], ${coordinator}::uuid,
           now() - make_interval(hours => 30 + s % 17000), now() - make_interval(hours => 6 + s % 17000)
    from generate_series(1, greatest(0, ${past} - (select count(*) from episodes where organization_id = ${o}::uuid and status = 'active'))::int) s cross join f`,
  );
  await step(
    db,
    'open inquiries to work',
    sql`
    with f as (select array_agg(id order by id) ids from facilities where organization_id = ${o}::uuid)
    insert into adm_inquiries (organization_id, id, facility_id, level_of_care, received_at, channel, caller_name, caller_relation, callback_phone, contact_consent,
                               referral_source, given_name, family_name, reason, status, next_action, next_action_due, created_by, created_at, updated_at)
    select ${o}::uuid, gen_random_uuid(), f.ids[1 + s % array_length(f.ids, 1)], (array['withdrawal_management','residential','opioid_treatment_program'])[1 + s % 3],
           now() - make_interval(mins => 20 * s), (array['phone','referral','walk_in'])[1 + s % 3], 'Caller ' || s, (array['self','family','referrer'])[1 + s % 3],
           '555-02' || lpad((s % 100)::text, 2, '0'), true, (array['self','family','hospital','emergency_department'])[1 + s % 4], 'Open' || s, 'Inquiry' || s,
           'Using daily, asking about detox', case when s % 4 = 0 then 'waitlisted' else 'open' end, 'Call back with a bed date', current_date + (s % 7),
           ${coordinator}::uuid, now() - make_interval(mins => 20 * s), now() - make_interval(mins => 20 * s)
    from generate_series(1, ${open}) s cross join f`,
  );
  // Coverage for every active patient, verified (the newest result kept on the coverage, as the
  // verification route writes it) except every 40th, with a prior authorization for the stay.
  await step(
    db,
    'coverage',
    sql`
    insert into adm_coverages (organization_id, id, patient_id, kind, priority, payer, plan, member_id, group_id, subscriber_name, subscriber_relation,
                               effective_from, verification_result, verified_at, created_by, created_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, case when x.r % 10 = 0 then 'state_funded' else 'insurance' end, 'primary',
           case when x.r % 10 = 0 then 'State opioid response grant' else (array['Aetna','Anthem','Cigna','UnitedHealthcare','Medicaid','Medicare'])[1 + x.r % 6] end,
           'PPO', 'M' || p.mrn, 'G' || (x.r % 500), p.legal_given_name || ' ' || p.legal_family_name, 'self', (e.admitted_at - interval '30 days')::date,
           case when x.r % 40 = 0 then null else 'active' end, case when x.r % 40 = 0 then null else e.admitted_at - interval '2 days' end,
           ${coordinator}::uuid, e.admitted_at - interval '3 days'
    from (select id, row_number() over (order by id) r from episodes where organization_id = ${o}::uuid and status = 'active') x
    join episodes e on e.organization_id = ${o}::uuid and e.id = x.id
    join patients p on p.organization_id = e.organization_id and p.id = e.patient_id`,
  );
  await step(
    db,
    'eligibility verifications',
    sql`
    insert into adm_verifications (organization_id, id, coverage_id, patient_id, verified_at, verified_by, method, reference_number, result, contact_name, benefits_notes, recorded_at)
    select organization_id, gen_random_uuid(), id, patient_id, verified_at, ${coordinator}::uuid, (array['phone','payer_portal','electronic_270_271'])[1 + abs(hashtext(id::text)) % 3],
           'REF-' || substr(id::text, 1, 8), verification_result, 'Payer representative', 'Deductible met; 20% coinsurance', verified_at
    from adm_coverages where organization_id = ${o}::uuid and verified_at is not null`,
  );
  await step(
    db,
    'prior authorizations',
    sql`
    insert into adm_authorizations (organization_id, id, coverage_id, patient_id, level_of_care, auth_number, unit, approved, used, start_date, end_date, status, created_by, created_at)
    select c.organization_id, gen_random_uuid(), c.id, c.patient_id, e.level_of_care, 'PA-' || substr(c.id::text, 1, 8),
           case when e.level_of_care = 'opioid_treatment_program' then 'units' else 'days' end, 30,
           least(29, greatest(0, extract(day from now() - e.admitted_at)::int % 30)), least((e.admitted_at)::date, current_date + d.k - 1), current_date + d.k, 'active',
           ${coordinator}::uuid, c.verified_at
    from adm_coverages c
    join episodes e on e.organization_id = c.organization_id and e.patient_id = c.patient_id and e.status = 'active'
    cross join lateral (select 10 + abs(hashtext(c.id::text)) % 80 as k) d
    where c.organization_id = ${o}::uuid and c.verification_result = 'active' and c.kind = 'insurance'`,
  );
}

const sections = JSON.stringify({
  medical: { summary: 'Hepatitis C treated; asthma.' },
  substanceUse: {
    substances: [
      {
        substance: 'Fentanyl',
        ageOfFirstUse: 22,
        route: 'smoked',
        frequency: 'daily',
        amount: '1 g',
        lastUseAt: '2024-11-01T10:00:00Z',
        opioidKind: 'short_acting',
      },
    ],
  },
  mentalHealth: { summary: 'Depression.' },
  trauma: { summary: 'Childhood trauma.' },
  housing: { status: 'unstable', summary: 'With family.' },
  employment: { status: 'unemployed', summary: 'Seeking work.' },
  legal: { summary: 'None.' },
  family: { summary: 'Sister supportive.' },
  strengths: { summary: 'Motivated.' },
});

/** Active episodes and the past ones in scope (net_past), each with its admission time. */
const episodesInScope = (o: string) =>
  sql`(select e.* from episodes e where e.organization_id = ${o}::uuid and (e.status = 'active' or e.id in (select id from net_past)))`;

async function assessment(db: Db, o: string, counselor: string, prescriber: string) {
  await sql`analyze episodes, care_team_members`.execute(db);
  await step(
    db,
    'signed intake assessments',
    sql`
    insert into asm_assessments (organization_id, id, patient_id, episode_id, kind, sections, status, version, created_by, created_at, updated_at, signed_by, signed_name, signed_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.id, 'intake', ${sections}::jsonb, 'signed', 2, ${counselor}::uuid, e.admitted_at, e.admitted_at + interval '20 hours',
           ${counselor}::uuid, 'Intake Counselor', e.admitted_at + interval '20 hours'
    from ${episodesInScope(o)} e`,
  );
  // Intake instruments for every episode; PHQ-9 and GAD-7 again every two weeks and BARC-10 monthly
  // while an episode is active.
  for (const [code, every] of [
    ['phq-9', 14],
    ['gad-7', 14],
    ['barc-10', 30],
    ['dsm5-oud', 0],
  ] as const) {
    await step(
      db,
      `${code} results`,
      sql`
      with v as (select (k - 1)::int as k, x from jsonb_array_elements(${variants(code)}::jsonb) with ordinality as a(x, k))
      insert into asm_instrument_results (organization_id, id, patient_id, episode_id, instrument, answers, context, total, band, detail, administered_at, recorded_by, recorded_at)
      select e.organization_id, gen_random_uuid(), e.patient_id, e.id, ${code}, v.x->'answers', '{}', (v.x->>'total')::int, v.x->>'band', v.x->'detail',
             e.admitted_at + make_interval(days => g * ${every}, hours => 3), ${counselor}::uuid, e.admitted_at + make_interval(days => g * ${every}, hours => 3)
      from ${episodesInScope(o)} e
      cross join lateral generate_series(0, case when e.status = 'active' and ${every} > 0 then floor(extract(epoch from now() - e.admitted_at - interval '3 hours') / 86400 / nullif(${every}, 0))::int else 0 end) g
      join v on v.k = (g + abs(hashtext(e.id::text))) % 4`,
    );
  }
  for (const [code, description, category, every] of [
    ['F11.20', 'Opioid use disorder, severe', 'substance-use', 1],
    ['F32.1', 'Major depressive disorder, single episode, moderate', 'mental-health', 3],
    ['F41.1', 'Generalized anxiety disorder', 'mental-health', 5],
  ] as const) {
    await step(
      db,
      `${code} diagnoses`,
      sql`
      insert into asm_diagnoses (organization_id, id, patient_id, episode_id, icd10_code, description, category, status, diagnosed_by, diagnosed_at, signed_by, signed_at)
      select e.organization_id, gen_random_uuid(), e.patient_id, e.id, ${code}, ${description}, ${category}, 'active', ${prescriber}::uuid, e.admitted_at + interval '1 day',
             ${prescriber}::uuid, e.admitted_at + interval '1 day'
      from ${episodesInScope(o)} e where abs(hashtext(e.id::text)) % ${every} = 0`,
    );
  }
  await step(
    db,
    'psychiatric medications',
    sql`
    insert into asm_psych_medications (organization_id, id, patient_id, name, dose, frequency, prescribed_by, started_on, recorded_by, recorded_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, 'Sertraline', '50 mg', 'daily', 'Community psychiatrist', (e.admitted_at - interval '1 year')::date, ${counselor}::uuid, e.admitted_at
    from episodes e where e.organization_id = ${o}::uuid and e.status = 'active' and abs(hashtext(e.id::text)) % 4 = 0`,
  );
  const suggestion = (level: string) =>
    JSON.stringify({ level, reasons: ['Relapse rated 3 with environment rated 3'], referBeyondProgram: [], engine: 'waypoint-1' });
  await step(
    db,
    'signed placements',
    sql`
    insert into asm_placements (organization_id, id, patient_id, episode_id, ratings, notes, medication_for_oud, suggestion, chosen_level, from_level, decided_by, decided_at, signed_by, signed_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.id, '{"withdrawal":1,"biomedical":1,"emotional":2,"readiness":1,"relapse":3,"environment":3}', '{}',
           case when e.level_of_care = 'opioid_treatment_program' then 'methadone' end,
           case when e.level_of_care = 'residential' then ${suggestion('residential')}::jsonb else jsonb_set(${suggestion('residential')}::jsonb, '{level}', to_jsonb(e.level_of_care)) end,
           e.level_of_care, 'withdrawal_management', ${counselor}::uuid, e.admitted_at + interval '1 day', ${prescriber}::uuid, e.admitted_at + interval '1 day'
    from ${episodesInScope(o)} e`,
  );
}

const planContent = JSON.stringify({
  problems: [
    { id: 'p1', statement: 'Opioid use disorder, severe (F11.20)', source: 'diagnosis', diagnosisCode: 'F11.20' },
    { id: 'p2', statement: 'Unstable housing', source: 'assessment' },
  ],
  goals: [
    { id: 'g1', problemId: 'p1', patientWords: 'Stay clean for my kids' },
    { id: 'g2', problemId: 'p2', patientWords: 'A place of my own' },
  ],
  objectives: [
    { id: 'o1', goalId: 'g1', text: 'Take medication daily', measure: 'Dosing record', targetDate: '2030-01-01' },
    { id: 'o2', goalId: 'g2', text: 'Apply for two housing programs', measure: 'Applications sent', targetDate: '2030-01-01' },
  ],
  interventions: [
    { id: 'i1', objectiveId: 'o1', text: 'Medication management', modality: 'medication', frequency: 'weekly', responsibleName: 'Prescriber' },
    { id: 'i2', objectiveId: 'o2', text: 'Case management', modality: 'case-management', frequency: 'weekly', responsibleName: 'Primary counselor' },
  ],
});

async function planning(db: Db, o: string, counselor: string) {
  await step(
    db,
    'treatment plans',
    sql`
    insert into plan_plans (organization_id, id, patient_id, episode_id, created_by, created_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.id, coalesce(c.user_id, ${counselor}::uuid), e.admitted_at + interval '2 days'
    from ${episodesInScope(o)} e
    left join care_team_members c on c.episode_id = e.id and c.removed_at is null`,
  );
  // A signed version at intake, then a review at each of the level's review intervals (the planning
  // stage's defaults: 7 days in detox, 14 residential, 90 in the opioid treatment program), the newest due next.
  await sql`analyze plan_plans`.execute(db);
  await step(
    db,
    'signed plan versions',
    sql`
    insert into plan_versions (organization_id, id, plan_id, number, content, status, change_reason, created_by, created_at, updated_at, patient_signed_name, patient_signed_at,
                               clinician_signed_name, clinician_signed_by, clinician_signed_at, signed_at, level_of_care, review_due_on)
    select pl.organization_id, gen_random_uuid(), pl.id, v + 1, ${planContent}::jsonb, 'signed', case when v > 0 then 'Scheduled review' end, pl.created_by,
           s.at, s.at, p.legal_given_name || ' ' || p.legal_family_name, s.at, 'Primary counselor', pl.created_by, s.at, s.at, e.level_of_care, (s.at + make_interval(days => r.days))::date
    from plan_plans pl
    join episodes e on e.organization_id = pl.organization_id and e.id = pl.episode_id
    join patients p on p.organization_id = pl.organization_id and p.id = pl.patient_id
    cross join lateral (select case e.level_of_care when 'withdrawal_management' then 7 when 'residential' then 14 when 'opioid_treatment_program' then 90 else 30 end as days) r
    cross join lateral generate_series(0, case when e.status = 'active' then greatest(0, floor(extract(epoch from now() - pl.created_at) / 86400 / r.days)::int) else 0 end) v
    cross join lateral (select pl.created_at + make_interval(days => r.days * v) as at) s
    where pl.organization_id = ${o}::uuid`,
  );
}

async function medication(db: Db, o: string, facility0: string, users: { nurse: string; prescriber: string }, doseDays: number) {
  const { nurse, prescriber } = users;
  await step(
    db,
    'stock containers',
    sql`
    insert into med_containers (organization_id, id, facility_id, medication, form, label, lot, unit, strength_mg, created_at)
    select f.organization_id, gen_random_uuid(), f.id, m.medication, m.form, m.label, 'LOT-' || substr(f.id::text, 1, 6), m.unit, m.strength, now() - interval '2 years'
    from facilities f cross join (values ('methadone', 'liquid', 'Methadone concentrate 10 mg/mL, 1 L', 'ml', 10), ('buprenorphine', 'tablet', 'Buprenorphine 8 mg tablets', 'unit', 8)) m(medication, form, label, unit, strength)
    where f.organization_id = ${o}::uuid`,
  );
  // Window orders: two in three methadone (60–100 mg), the others buprenorphine (8, 16 or 24 mg).
  await step(
    db,
    'window orders (methadone, buprenorphine)',
    sql`
    insert into med_orders (organization_id, id, patient_id, facility_id, episode_id, medication, name, form, route, dose_mg, frequency, hold_parameters, titration,
                            start_day, status, entry, ordered_by, entered_by, signed_by, signed_at, rule_set, findings, instructions, created_at, updated_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.facility_id, e.id, m.medication, m.name, m.form, m.route, m.dose, 'daily', 'null', '[]',
           (e.admitted_at at time zone f.time_zone)::date, 'active', 'written', ${prescriber}::uuid, ${prescriber}::uuid, ${prescriber}::uuid, e.admitted_at,
           'federal-2024', '[]', 'Observe the dose swallowed.', e.admitted_at, e.admitted_at
    from episodes e
    join facilities f on f.organization_id = e.organization_id and f.id = e.facility_id
    cross join lateral (select abs(hashtext(e.id::text)) as h) x
    cross join lateral (select * from (values
      ('methadone', 'Methadone', 'liquid', 'oral', 60 + (x.h % 9) * 5),
      ('buprenorphine', 'Buprenorphine', 'tablet', 'sublingual', 8 * (1 + x.h % 3))) v(medication, name, form, route, dose)
      where v.medication = case when x.h % 3 = 0 then 'buprenorphine' else 'methadone' end) m
    where e.organization_id = ${o}::uuid and e.status = 'active' and e.level_of_care = 'opioid_treatment_program'`,
  );
  // Scheduled clonidine for the detox patients (the MAR), and verbal prn orders awaiting co-signature.
  await step(
    db,
    'scheduled detox orders (MAR)',
    sql`
    insert into med_orders (organization_id, id, patient_id, facility_id, episode_id, medication, name, form, route, dose_mg, frequency, schedule_times, hold_parameters, titration,
                            start_day, status, entry, ordered_by, entered_by, signed_by, signed_at, rule_set, findings, instructions, created_at, updated_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.facility_id, e.id, 'other', 'Clonidine', 'tablet', 'oral', 0.1, 'scheduled', array['08:00','14:00','20:00'], 'null', '[]',
           (e.admitted_at at time zone f.time_zone)::date, 'active', 'written', ${prescriber}::uuid, ${prescriber}::uuid, ${prescriber}::uuid, e.admitted_at,
           'federal-2024', '[]', 'Hold if systolic under 90.', e.admitted_at, e.admitted_at
    from episodes e join facilities f on f.organization_id = e.organization_id and f.id = e.facility_id
    where e.organization_id = ${o}::uuid and e.status = 'active' and e.level_of_care = 'withdrawal_management'`,
  );
  await step(
    db,
    'verbal orders awaiting co-signature',
    sql`
    insert into med_orders (organization_id, id, patient_id, facility_id, episode_id, medication, name, form, route, dose_mg, frequency, prn_min_hours, prn_max_daily_mg, hold_parameters, titration,
                            start_day, status, entry, ordered_by, entered_by, rule_set, findings, instructions, created_at, updated_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.facility_id, e.id, 'other', 'Ondansetron', 'tablet', 'oral', 4, 'prn', 8, 12, 'null', '[]',
           (now() at time zone f.time_zone)::date, 'pending_cosign', 'verbal', ${prescriber}::uuid, ${nurse}::uuid, 'federal-2024', '[]', 'For nausea.', now() - interval '3 hours', now() - interval '3 hours'
    from (select *, row_number() over (order by id) r from episodes where organization_id = ${o}::uuid and status = 'active' and level_of_care = 'withdrawal_management' and facility_id = ${facility0}::uuid) e
    join facilities f on f.organization_id = e.organization_id and f.id = e.facility_id
    where e.r <= 12`,
  );
  // Version 1 of each order, its snapshot in the order's presented shape (as writeVersion stores it).
  await sql`analyze med_orders, med_containers`.execute(db);
  await step(
    db,
    'order versions',
    sql`
    insert into med_order_versions (organization_id, order_id, version, change, snapshot, findings, changed_by, changed_at)
    select organization_id, id, 1, 'created', jsonb_build_object(
             'id', id, 'patientId', patient_id, 'facilityId', facility_id, 'episodeId', episode_id, 'medication', medication, 'name', name, 'form', form, 'route', route,
             'doseMg', dose_mg::float8, 'firstDayDosesMg', null, 'splitDosesMg', null, 'frequency', frequency, 'scheduleTimes', to_jsonb(schedule_times),
             'prnMinHours', prn_min_hours::float8, 'prnMaxDailyMg', prn_max_daily_mg::float8, 'holdParameters', hold_parameters, 'titration', titration,
             'startDay', start_day::text, 'endDay', null, 'status', status, 'statusReason', null, 'entry', entry, 'orderedBy', ordered_by, 'enteredBy', entered_by,
             'signedBy', signed_by, 'signedAt', to_char(signed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'ruleSet', rule_set, 'findings', findings,
             'instructions', instructions, 'version', 1, 'createdAt', to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
           '[]', entered_by, created_at
    from med_orders where organization_id = ${o}::uuid`,
  );
  // The daily dose history: the last NETWORK_DOSE_DAYS local dosing days of each window order (never
  // today: the window is open), a no-show now and then but never yesterday, from the site's stock.
  await step(
    db,
    'window doses',
    sql`
    insert into med_doses (organization_id, id, patient_id, facility_id, order_id, order_version, kind, dosing_day, medication, form, dose_mg, volume_ml, units, container_id,
                           observed, reason, hold_check, findings, given_by, given_at)
    select o.organization_id, gen_random_uuid(), o.patient_id, o.facility_id, o.id, 1, case when d.no_show then 'no_show' else 'regular' end, d.day, o.medication, o.form,
           case when d.no_show then null else o.dose_mg end,
           case when not d.no_show and c.unit = 'ml' then round(o.dose_mg / c.strength_mg, 3) end,
           case when not d.no_show and c.unit = 'unit' then round(o.dose_mg / c.strength_mg, 3) end,
           case when not d.no_show then c.id end, true, case when d.no_show then 'Did not come to the window' end, 'null', '[]', ${nurse}::uuid,
           (d.day + time '07:00' + make_interval(mins => abs(hashtext(o.id::text)) % 300)) at time zone f.time_zone
    from med_orders o
    join facilities f on f.organization_id = o.organization_id and f.id = o.facility_id
    join med_containers c on c.organization_id = o.organization_id and c.facility_id = o.facility_id and c.medication = o.medication
    cross join lateral (select (now() at time zone f.time_zone)::date as today) t
    cross join lateral generate_series(1, least(${doseDays}, t.today - o.start_day)) g
    cross join lateral (select t.today - g as day, g > 1 and abs(hashtext(o.id::text || g)) % 23 = 0 as no_show) d
    where o.organization_id = ${o}::uuid and o.status = 'active' and o.frequency = 'daily'`,
  );
  await step(
    db,
    'scheduled doses given (MAR)',
    sql`
    insert into med_doses (organization_id, id, patient_id, facility_id, order_id, order_version, kind, dosing_day, medication, form, dose_mg, observed, scheduled_for,
                           hold_check, findings, given_by, given_at)
    select o.organization_id, gen_random_uuid(), o.patient_id, o.facility_id, o.id, 1, 'mar', s.day, o.medication, o.form, o.dose_mg, true, s.at, 'null', '[]', ${nurse}::uuid,
           s.at + interval '6 minutes'
    from med_orders o
    join episodes e on e.organization_id = o.organization_id and e.id = o.episode_id
    join facilities f on f.organization_id = o.organization_id and f.id = o.facility_id
    cross join lateral generate_series(o.start_day, (now() at time zone f.time_zone)::date, interval '1 day') day
    cross join unnest(o.schedule_times) tm
    cross join lateral (select day::date as day, (day::date + tm::time) at time zone f.time_zone as at) s
    where o.organization_id = ${o}::uuid and o.frequency = 'scheduled' and o.status = 'active' and s.at between e.admitted_at and now() - interval '10 minutes'`,
  );
  // The ledger: a receipt per container covering its dispenses, then one dispense per dose given, in
  // time order. The insert trigger moves the container's balance row by row; in bulk the same running
  // balance and order are computed here (one statement, triggers set aside for it) and the container
  // is left with the balance the trigger would have left.
  await db.transaction().execute(async (tx) => {
    await sql`analyze med_doses, med_containers`.execute(tx);
    await sql`set local session_replication_role = replica`.execute(tx);
    await step(
      tx as unknown as Db,
      'stock ledger (receipts and dispenses)',
      sql`
      insert into med_ledger (organization_id, id, container_id, kind, quantity, mg, balance_after, dose_id, supplier, order_form_number, recorded_by, second_signer, occurred_at, seq)
      select organization_id, gen_random_uuid(), container_id, kind, quantity, mg, balance_after, dose_id, supplier, order_form_number, recorded_by, second_signer, occurred_at, nextval('med_ledger_seq')
      from (
        select x.*, sum(quantity) over (partition by container_id order by occurred_at, ord, dose_id rows unbounded preceding) balance_after
        from (
          select c.organization_id, c.id container_id, 'receipt' kind, ceil(coalesce(u.q, 0) * 1.1 + 100) quantity, ceil(coalesce(u.q, 0) * 1.1 + 100) * c.strength_mg mg, null::uuid dose_id,
                 'Network pharmacy supplier' supplier, '222-' || substr(c.id::text, 1, 8) order_form_number, ${nurse}::uuid recorded_by, ${users.prescriber}::uuid second_signer,
                 c.created_at occurred_at, 0 ord
          from med_containers c
          left join (select container_id, sum(coalesce(volume_ml, units)) q from med_doses where organization_id = ${o}::uuid and container_id is not null group by container_id) u on u.container_id = c.id
          where c.organization_id = ${o}::uuid
          union all
          select d.organization_id, d.container_id, 'dispense', -coalesce(d.volume_ml, d.units), d.dose_mg, d.id, null, null, d.given_by, null, d.given_at, 1
          from med_doses d where d.organization_id = ${o}::uuid and d.container_id is not null
        ) x
        order by occurred_at, ord, dose_id
      ) y`,
    );
    await sql`
      update med_containers c set balance = l.balance_after, version = 1 + l.k
      from (select distinct on (container_id) container_id, balance_after, count(*) over (partition by container_id) k from med_ledger
            where organization_id = ${o}::uuid order by container_id, seq desc) l
      where c.organization_id = ${o}::uuid and c.id = l.container_id`.execute(tx);
  });
}

async function therapy(db: Db, o: string, facility0: string, counselor: string, weeks: number, groupDays: number) {
  const dap = JSON.stringify({
    data: 'Patient reports cravings down since the last session; slept well most nights.',
    assessment: 'Engaged; using the coping plan. No safety concerns.',
    plan: 'Continue weekly sessions; practise urge surfing before the next one.',
  });
  // Weekly signed individual notes by the primary counselor over the last NETWORK_SESSION_WEEKS weeks of
  // each active stay, one at each past stay.
  await step(
    db,
    'individual session notes',
    sql`
    insert into thr_sessions (organization_id, id, patient_id, episode_id, facility_id, clinician_id, kind, modality, starts_at, ends_at, location, sections, signed_at, signed_by, billing_code, created_at, updated_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.id, e.facility_id, c.user_id, 'individual',
           (array['cbt','motivational_interviewing','relapse_prevention','trauma_informed','supportive'])[1 + (w + abs(hashtext(e.id::text))) % 5],
           s.at, s.at + interval '53 minutes', 'Office', ${dap}::jsonb, s.at + interval '3 hours', c.user_id, '90837', s.at, s.at + interval '3 hours'
    from episodes e
    join care_team_members c on c.episode_id = e.id and c.removed_at is null
    cross join lateral generate_series(0, least(${weeks} - 1, floor(extract(epoch from now() - e.admitted_at) / 86400 / 7)::int - 1)) w
    cross join lateral (select now() - make_interval(days => 7 * w + 2, hours => abs(hashtext(e.id::text)) % 5) as at) s
    where e.organization_id = ${o}::uuid and e.status = 'active'`,
  );
  await step(
    db,
    'past stays’ session notes',
    sql`
    insert into thr_sessions (organization_id, id, patient_id, episode_id, facility_id, clinician_id, kind, modality, starts_at, ends_at, location, sections, signed_at, signed_by, billing_code, created_at, updated_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.id, e.facility_id, c.id, 'individual', 'motivational_interviewing',
           e.admitted_at + interval '2 days', e.admitted_at + interval '2 days 50 minutes', 'Unit', ${dap}::jsonb, e.admitted_at + interval '2 days 4 hours', c.id, '90834',
           e.admitted_at + interval '2 days', e.admitted_at + interval '2 days 4 hours'
    from episodes e
    left join (select distinct on (uf.facility_id) uf.facility_id, uf.user_id from user_facilities uf join users u on u.organization_id = uf.organization_id and u.id = uf.user_id
               where uf.organization_id = ${o}::uuid and u.email like '%@network.waypoint' order by uf.facility_id, u.email) k on k.facility_id = e.facility_id
    cross join lateral (select coalesce(k.user_id, ${counselor}::uuid) id) c
    where e.organization_id = ${o}::uuid and e.id in (select id from net_past)`,
  );
  // Today for the measured counselor: two sessions done and waiting for their note, two to come.
  await step(
    db,
    'today’s sessions',
    sql`
    insert into thr_sessions (organization_id, id, patient_id, episode_id, facility_id, clinician_id, kind, modality, starts_at, ends_at, location, created_at, updated_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.id, e.facility_id, ${counselor}::uuid, 'individual', 'cbt',
           now() + make_interval(hours => 2 * (c.r::int - 3)), now() + make_interval(hours => 2 * (c.r::int - 3), mins => 50), 'Office', now() - interval '1 day', now() - interval '1 day'
    from (select episode_id, row_number() over (order by id) r from care_team_members where organization_id = ${o}::uuid and user_id = ${counselor}::uuid and removed_at is null) c
    join episodes e on e.id = c.episode_id
    where c.r <= 4`,
  );
  await step(
    db,
    'group types',
    sql`
    insert into thr_group_types (organization_id, id, name, category, description, default_minutes)
    select ${o}::uuid, gen_random_uuid(), name, category, 'Network curriculum', 60
    from (values ('Relapse prevention', 'relapse_prevention'), ('CBT skills', 'cbt_skills'), ('Process group', 'process'), ('Medication education', 'psychoeducation')) t(name, category)`,
  );
  // Three daily groups at each site (the measured counselor leads one at hers), the last
  // NETWORK_GROUP_DAYS days and the coming week.
  await step(
    db,
    'group series',
    sql`
    with t as (select id, name, category, row_number() over (order by name) k from thr_group_types where organization_id = ${o}::uuid),
    c as (select u.id, uf.facility_id, row_number() over (partition by uf.facility_id order by u.email) - 1 i, count(*) over (partition by uf.facility_id) m
          from users u join user_facilities uf on uf.organization_id = u.organization_id and uf.user_id = u.id
          where u.organization_id = ${o}::uuid and u.email like '%@network.waypoint')
    insert into thr_group_series (organization_id, id, group_type_id, facility_id, title, leader_id, levels_of_care, rrule, first_starts_at, duration_minutes, location, created_at)
    select f.organization_id, gen_random_uuid(), t.id, f.id, t.name, case when f.id = ${facility0}::uuid and t.k = 1 then ${counselor}::uuid else c.id end,
           case when t.category = 'psychoeducation' then array['opioid_treatment_program'] else array['residential', 'withdrawal_management'] end, 'FREQ=DAILY',
           (((now() at time zone f.time_zone)::date - ${groupDays}::int) + make_time(9 + 2 * t.k::int, 0, 0)) at time zone f.time_zone, 60, 'Group room ' || t.k,
           now() - make_interval(days => ${groupDays} + 1)
    from facilities f cross join t join c on c.facility_id = f.id and c.i = (t.k - 1) % c.m
    where f.organization_id = ${o}::uuid`,
  );
  await sql`analyze thr_group_series, thr_group_types`.execute(db);
  await step(
    db,
    'group sessions',
    sql`
    insert into thr_group_sessions (organization_id, id, series_id, facility_id, leader_id, starts_at, ends_at)
    select s.organization_id, gen_random_uuid(), s.id, s.facility_id, s.leader_id, s.first_starts_at + make_interval(days => d), s.first_starts_at + make_interval(days => d, mins => s.duration_minutes)
    from thr_group_series s cross join generate_series(0, ${groupDays} + 7) d
    where s.organization_id = ${o}::uuid`,
  );
  // Attendance at the groups that have happened: 12 of the site's patients at that level who were admitted by then.
  await sql`analyze thr_group_sessions`.execute(db);
  await step(
    db,
    'group attendance',
    sql`
    insert into thr_group_attendance (organization_id, group_session_id, patient_id, status, minutes, recorded_by, recorded_at)
    select g.organization_id, g.id, a.patient_id, (array['present','present','present','present','late','left_early','absent'])[1 + abs(hashtext(g.id::text || a.patient_id)) % 7],
           null, g.leader_id, g.ends_at
    from thr_group_sessions g
    join thr_group_series s on s.organization_id = g.organization_id and s.id = g.series_id
    cross join lateral (select e.patient_id from episodes e where e.organization_id = g.organization_id and e.facility_id = g.facility_id and e.status = 'active'
                        and e.level_of_care = any(s.levels_of_care) and e.admitted_at < g.starts_at order by md5(e.id::text || g.id::text) limit 12) a
    where g.organization_id = ${o}::uuid and g.ends_at < now()`,
  );
  // Group notes signed for every group up to two days ago (the last two days' still to write).
  await sql`analyze thr_group_attendance`.execute(db);
  await step(
    db,
    'group notes',
    sql`
    insert into thr_group_notes (organization_id, id, group_session_id, author_id, draft, created_at, updated_at)
    select g.organization_id, gen_random_uuid(), g.id, g.leader_id,
           jsonb_build_object('shared', jsonb_build_object('topic', 'Triggers and coping', 'interventions', 'Role play; skills practice'),
             'parts', coalesce((select jsonb_object_agg(a.patient_id::text, jsonb_build_object('participation', 'Engaged', 'progress', 'Named a coping plan', 'objectiveRef', null))
                                from thr_group_attendance a where a.organization_id = g.organization_id and a.group_session_id = g.id and a.status in ('present','late','left_early')), '{}')),
           g.ends_at + interval '1 hour', g.ends_at + interval '2 hours'
    from thr_group_sessions g where g.organization_id = ${o}::uuid and g.ends_at < now() - interval '2 days'`,
  );
  await sql`analyze thr_group_notes`.execute(db);
  await step(
    db,
    'signed group note versions',
    sql`
    insert into thr_group_note_versions (organization_id, group_note_id, version_no, change, shared, signed_by, signed_at)
    select n.organization_id, n.id, 1, 'signed', n.draft->'shared', n.author_id, n.updated_at
    from thr_group_notes n where n.organization_id = ${o}::uuid`,
  );
  await step(
    db,
    'group note entries',
    sql`
    insert into thr_group_note_entries (organization_id, group_note_id, version_no, patient_id, status, participation, progress)
    select n.organization_id, n.id, 1, a.patient_id, 'included', 'Engaged', 'Named a coping plan'
    from thr_group_notes n join thr_group_attendance a on a.organization_id = n.organization_id and a.group_session_id = n.group_session_id
    where n.organization_id = ${o}::uuid and a.status in ('present', 'late', 'left_early')`,
  );
}
