import { sql } from 'kysely';
import { formInstruments } from '@waypoint/clinical/instruments/registry';
import type { Db } from '../packages/server/src/db/schema';
import { answersFor } from '../packages/server/test/helpers/instrument-answers';

/**
 * Intake data at network scale, on real rows: every patient with an intake set of instruments, and
 * `full` patients with a signed intake assessment, diagnoses, placements, a three-version plan and two
 * years of re-administered instruments (PHQ-9 and GAD-7 every two weeks, C-SSRS and BARC-10 monthly,
 * PCL-5, AUDIT-C and DAST-10 quarterly). The answers and scores are the clinical package's own.
 */
export async function seedIntakes(db: Db, organizationId: string, userId: string, full: number) {
  const stored = (code: string) => {
    const form = formInstruments[code];
    const answers = answersFor(form, 2);
    const r = form.score(answers, { sex: 'female' });
    return { code, answers: JSON.stringify(answers), total: r.total, band: r.band, detail: JSON.stringify(r.detail) };
  };
  const schedule: [string, number, number][] = [
    ['phq-9', 14, 52],
    ['gad-7', 14, 52],
    ['c-ssrs-screen', 30, 24],
    ['barc-10', 30, 24],
    ['pcl-5', 90, 8],
    ['audit-c', 90, 8],
    ['dast-10', 90, 8],
  ];
  const t0 = performance.now();
  // Everyone: PHQ-9, GAD-7 and DSM-5 at intake.
  for (const code of ['phq-9', 'gad-7', 'dsm5-oud']) {
    const s = stored(code);
    await sql`
      insert into asm_instrument_results (organization_id, id, patient_id, episode_id, instrument, answers, context, total, band, detail, administered_at, recorded_by, recorded_at)
      select p.organization_id, gen_random_uuid(), p.id, null, ${code}, ${s.answers}::jsonb, '{}', ${s.total}, ${s.band}, ${s.detail}::jsonb, now() - interval '2 years', ${userId}::uuid, now()
      from patients p where p.organization_id = ${organizationId}::uuid
    `.execute(db);
  }
  const fullIds = (
    await sql<{ id: string }>`select id from patients where organization_id = ${organizationId}::uuid order by id limit ${full}`.execute(db)
  ).rows.map((r) => r.id);
  for (const [code, everyDays, times] of schedule) {
    const s = stored(code);
    await sql`
      insert into asm_instrument_results (organization_id, id, patient_id, episode_id, instrument, answers, context, total, band, detail, administered_at, recorded_by, recorded_at)
      select ${organizationId}::uuid, gen_random_uuid(), pid, null, ${code}, ${s.answers}::jsonb, '{}', ${s.total}, ${s.band}, ${s.detail}::jsonb,
             now() - (n * ${everyDays}) * interval '1 day', ${userId}::uuid, now()
      from unnest(${fullIds}::uuid[]) pid, generate_series(1, ${times}) n
    `.execute(db);
  }
  // A full intake for each of them on their episode (an episode is made where there is none).
  await sql`
    insert into episodes (organization_id, id, patient_id, facility_id, level_of_care, status, admitted_at, created_by)
    select p.organization_id, gen_random_uuid(), p.id, p.facility_id, 'residential', 'active', now() - interval '2 years', ${userId}::uuid
    from patients p where p.id = any(${fullIds}::uuid[]) and not exists (select 1 from episodes e where e.patient_id = p.id and e.status = 'active')
  `.execute(db);
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
  await sql`
    insert into asm_assessments (organization_id, id, patient_id, episode_id, kind, sections, status, version, created_by, created_at, updated_at, signed_by, signed_name, signed_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.id, 'intake', ${sections}::jsonb, 'signed', 3, ${userId}::uuid, e.admitted_at, e.admitted_at, ${userId}::uuid, 'Bench Counselor', e.admitted_at
    from episodes e where e.organization_id = ${organizationId}::uuid and e.status = 'active' and e.patient_id = any(${fullIds}::uuid[])
  `.execute(db);
  for (const [code, description, category] of [
    ['F11.20', 'Opioid use disorder, severe', 'substance-use'],
    ['F32.1', 'Major depressive disorder, moderate', 'mental-health'],
    ['F43.10', 'Post-traumatic stress disorder', 'mental-health'],
  ]) {
    await sql`
      insert into asm_diagnoses (organization_id, id, patient_id, icd10_code, description, category, status, diagnosed_by, diagnosed_at, signed_by, signed_at)
      select ${organizationId}::uuid, gen_random_uuid(), pid, ${code}, ${description}, ${category}, 'active', ${userId}::uuid, now() - interval '2 years', ${userId}::uuid, now() - interval '2 years'
      from unnest(${fullIds}::uuid[]) pid
    `.execute(db);
  }
  await sql`
    insert into asm_psych_medications (organization_id, id, patient_id, name, dose, frequency, started_on, recorded_by, recorded_at)
    select ${organizationId}::uuid, gen_random_uuid(), pid, 'Sertraline', '50 mg', 'daily', date '2024-12-01', ${userId}::uuid, now() from unnest(${fullIds}::uuid[]) pid
  `.execute(db);
  const suggestion = JSON.stringify({
    level: 'residential',
    reasons: ['Relapse rated 3 with environment rated 3'],
    referBeyondProgram: [],
    engine: 'waypoint-1',
  });
  await sql`
    insert into asm_placements (organization_id, id, patient_id, episode_id, ratings, notes, suggestion, chosen_level, from_level, decided_by, decided_at, signed_by, signed_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.id, '{"withdrawal":1,"biomedical":1,"emotional":2,"readiness":1,"relapse":3,"environment":3}', '{}', ${suggestion}::jsonb, 'residential', 'withdrawal_management', ${userId}::uuid, e.admitted_at, ${userId}::uuid, e.admitted_at
    from episodes e where e.organization_id = ${organizationId}::uuid and e.status = 'active' and e.patient_id = any(${fullIds}::uuid[])
  `.execute(db);
  await sql`
    insert into plan_plans (organization_id, id, patient_id, episode_id, created_by, created_at)
    select e.organization_id, gen_random_uuid(), e.patient_id, e.id, ${userId}::uuid, e.admitted_at
    from episodes e where e.organization_id = ${organizationId}::uuid and e.status = 'active' and e.patient_id = any(${fullIds}::uuid[])
  `.execute(db);
  const content = JSON.stringify({
    problems: [
      { id: 'p1', statement: 'Opioid use disorder, severe (F11.20)', source: 'diagnosis', diagnosisCode: 'F11.20' },
      { id: 'p2', statement: 'Depression (F32.1)', source: 'diagnosis' },
    ],
    goals: [
      { id: 'g1', problemId: 'p1', patientWords: 'Stay clean for my kids' },
      { id: 'g2', problemId: 'p2', patientWords: 'Feel like myself' },
    ],
    objectives: [
      { id: 'o1', goalId: 'g1', text: 'Daily medication', measure: 'Dosing record', targetDate: '2030-01-01' },
      { id: 'o2', goalId: 'g2', text: 'PHQ-9 under 10', measure: 'PHQ-9', targetDate: '2030-01-01' },
    ],
    interventions: [
      { id: 'i1', objectiveId: 'o1', text: 'Medication management', modality: 'medication', frequency: 'weekly', responsibleName: 'Dr. Bench' },
      { id: 'i2', objectiveId: 'o2', text: 'CBT', modality: 'individual', frequency: 'weekly', responsibleName: 'Bench Counselor' },
    ],
  });
  await sql`
    insert into plan_versions (organization_id, id, plan_id, number, content, status, created_by, created_at, updated_at, patient_signed_name, patient_signed_at, clinician_signed_name, clinician_signed_by, clinician_signed_at, signed_at, level_of_care, review_due_on)
    select pl.organization_id, gen_random_uuid(), pl.id, n, ${content}::jsonb, 'signed', ${userId}::uuid, now() - (4 - n) * interval '200 days', now(), 'Patient', now(), 'Bench Counselor', ${userId}::uuid, now(), now() - (4 - n) * interval '200 days', 'residential', (now() + interval '14 days')::date
    from plan_plans pl, generate_series(1, 3) n where pl.organization_id = ${organizationId}::uuid
  `.execute(db);
  await sql`analyze`.execute(db);
  console.error(`Seeded intakes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return fullIds;
}
