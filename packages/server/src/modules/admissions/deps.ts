/**
 * What admissions calls in other stages, in one place. TEMPORARY bodies until the stage contract
 * lands (patients/service registerPatient, care/service admit + recordLastUse); then this file only
 * re-exports them.
 */
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { findDuplicates } from '../patients/search';
import { nextMrn } from '../patients/mrn';
import { searchName } from '../patients/present';
import { recordAudit } from '../../platform/audit';
export { resolveAlerts, raiseAlert } from '../alerts/raise';
export { findDuplicates } from '../patients/search';

export async function registerPatient(
  tx: Tx,
  ctx: RequestContext,
  body: { legalGivenName: string; legalFamilyName: string; birthDate: string; sexAtBirth: string; phone?: string | null; email?: string | null; preferredLanguage: string; allergies: unknown[]; facilityId: string; confirmNotDuplicate?: boolean },
) {
  if (!body.confirmNotDuplicate) {
    const candidates = await findDuplicates(tx, ctx, body.legalGivenName, body.legalFamilyName, body.birthDate);
    if (candidates.length > 0) {
      for (const p of candidates) recordAudit(ctx, { patientId: p.id, resourceType: 'patient', resourceId: p.id, action: 'search' });
      throw problems.conflict('possible-duplicate', 'A patient with a similar name and birth date exists. Check the candidates, or confirm this is a different person.', { candidates });
    }
  }
  const id = uuidv7();
  const row = await tx
    .insertInto('patients')
    .values({
      organization_id: ctx.organizationId,
      id,
      mrn: await nextMrn(tx, ctx.organizationId),
      legal_given_name: body.legalGivenName,
      legal_family_name: body.legalFamilyName,
      preferred_name: null,
      birth_date: body.birthDate,
      sex_at_birth: body.sexAtBirth,
      gender_identity: null,
      phone: body.phone ?? null,
      email: body.email ?? null,
      address: null,
      preferred_language: body.preferredLanguage,
      emergency_contact: JSON.stringify(null),
      photo: null,
      allergies: JSON.stringify(body.allergies),
      facility_id: body.facilityId,
      user_id: null,
      search_name: searchName(body.legalGivenName, body.legalFamilyName, null),
      created_at: ctx.now,
      updated_at: ctx.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await addEvent(tx, ctx, { patientId: id, kind: 'patient.registered', summary: `Registered (MRN ${row.mrn})` });
  recordAudit(ctx, { patientId: id, resourceType: 'patient', resourceId: id, action: 'create' });
  return { id: row.id, mrn: row.mrn };
}

export async function admit(tx: Tx, ctx: RequestContext, a: { patientId: string; facilityId: string; levelOfCare: string; admittedAt: Date; bed: string | null }) {
  const active = await tx.selectFrom('episodes').select('id').where('patient_id', '=', a.patientId).where('status', '=', 'active').executeTakeFirst();
  if (active) throw problems.conflict('one-active-episode', 'The patient already has an active episode.', { episodeId: active.id });
  const id = uuidv7();
  await tx
    .insertInto('episodes')
    .values({ organization_id: ctx.organizationId, id, patient_id: a.patientId, facility_id: a.facilityId, level_of_care: a.levelOfCare, bed: a.bed, status: 'active', admitted_at: a.admittedAt, last_opioid_use_at: null, discharged_at: null, discharge_type: null, discharge_reason: null, naloxone_given: null, created_by: ctx.userId })
    .execute();
  await tx.insertInto('level_of_care_changes').values({ organization_id: ctx.organizationId, id: uuidv7(), episode_id: id, from_level: null, to_level: a.levelOfCare, direction: 'admission', reason: 'Admission', changed_at: a.admittedAt, changed_by: ctx.userId }).execute();
  await addEvent(tx, ctx, { patientId: a.patientId, episodeId: id, kind: 'episode.admitted', summary: `Admitted`, occurredAt: a.admittedAt });
  return { id };
}

export async function recordLastUse(tx: Tx, ctx: RequestContext, a: { episodeId: string; lastOpioidUseAt: Date }) {
  await tx.updateTable('episodes').set({ last_opioid_use_at: a.lastOpioidUseAt }).where('organization_id', '=', ctx.organizationId).where('id', '=', a.episodeId).execute();
}
