import { sql } from 'kysely';
import { uuidv7 } from '../../src/db/ids';
import type { Db } from '../../src/db/schema';

/**
 * One of each assessment and planning record on a patient's episode, written straight to the
 * database (fixtures for the scope matrix, at any facility or organization, with no role needed).
 */
export async function seedIntakeRecords(db: Db, organizationId: string, patientId: string, episodeId: string, userId: string) {
  const ids = {
    assessment: uuidv7(),
    'instrument-result': uuidv7(),
    lab: uuidv7(),
    diagnosis: uuidv7(),
    'psych-medication': uuidv7(),
    placement: uuidv7(),
    plan: uuidv7(),
  };
  const o = organizationId;
  await sql`insert into asm_assessments (organization_id, id, patient_id, episode_id, sections, created_by, created_at, updated_at) values (${o}, ${ids.assessment}, ${patientId}, ${episodeId}, '{}', ${userId}, now(), now())`.execute(
    db,
  );
  await sql`insert into asm_instrument_results (organization_id, id, patient_id, episode_id, instrument, answers, total, band, detail, administered_at, recorded_by, recorded_at) values (${o}, ${ids['instrument-result']}, ${patientId}, ${episodeId}, 'gad-7', '{}', 0, 'minimal', '{}', now(), ${userId}, now())`.execute(
    db,
  );
  await sql`insert into asm_lab_orders (organization_id, id, patient_id, episode_id, test_name, ordered_at, ordered_by) values (${o}, ${ids.lab}, ${patientId}, ${episodeId}, 'HCV antibody', now() - interval '1 hour', ${userId})`.execute(
    db,
  );
  await sql`insert into asm_diagnoses (organization_id, id, patient_id, episode_id, icd10_code, description, category, status, diagnosed_by, diagnosed_at) values (${o}, ${ids.diagnosis}, ${patientId}, ${episodeId}, 'F11.20', 'Opioid use disorder, severe', 'substance-use', 'active', ${userId}, now())`.execute(
    db,
  );
  await sql`insert into asm_psych_medications (organization_id, id, patient_id, name, dose, frequency, recorded_by, recorded_at) values (${o}, ${ids['psych-medication']}, ${patientId}, 'Sertraline', '50 mg', 'daily', ${userId}, now())`.execute(
    db,
  );
  await sql`insert into asm_placements (organization_id, id, patient_id, episode_id, ratings, notes, suggestion, chosen_level, from_level, decided_by, decided_at) values (${o}, ${ids.placement}, ${patientId}, ${episodeId}, '{}', '{}', '{"level":"residential","reasons":[],"referBeyondProgram":[],"engine":"waypoint-1"}', 'residential', 'withdrawal_management', ${userId}, now())`.execute(
    db,
  );
  await sql`insert into plan_plans (organization_id, id, patient_id, episode_id, created_by, created_at) values (${o}, ${ids.plan}, ${patientId}, ${episodeId}, ${userId}, now())`.execute(
    db,
  );
  await sql`insert into plan_versions (organization_id, id, plan_id, number, content, created_by, created_at, updated_at) values (${o}, ${uuidv7()}, ${ids.plan}, 1, '{"problems":[],"goals":[],"objectives":[],"interventions":[]}', ${userId}, now(), now())`.execute(
    db,
  );
  return ids;
}
