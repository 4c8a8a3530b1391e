import type { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { reachesFacility } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { nextMrn } from './mrn';
import { searchName } from './present';
import type { patientInput } from './schemas';
import { findDuplicates } from './search';

/**
 * What the patients stage lets other stages do. Only this stage writes `patients`: admissions
 * converts an inquiry through registerPatient, administration links a portal account through
 * linkPortalUser.
 */

export type PatientInput = z.infer<typeof patientInput>;

/**
 * Registers a patient at a facility the caller may register at. Unless the caller confirmed this is a
 * different person, likely duplicates (same birth date, similar name, in the caller's scope) stop it
 * with 409 and the candidates.
 */
export async function registerPatient(tx: Tx, ctx: RequestContext, body: PatientInput) {
  const facilityOk = reachesFacility(ctx, body.facilityId, 'patient', 'create');
  const facility = await tx
    .selectFrom('facilities')
    .select('id')
    .where('id', '=', body.facilityId)
    .where('organization_id', '=', ctx.organizationId)
    .executeTakeFirst();
  if (!facility || !facilityOk) throw problems.invalid('facilityId', 'facility-in-scope', 'facilityId: not a facility you work at.');
  if (!body.confirmNotDuplicate) {
    const candidates = await findDuplicates(tx, ctx, body.legalGivenName, body.legalFamilyName, body.birthDate);
    if (candidates.length > 0) {
      // Audited although the request fails: the pipeline writes these outside the rolled-back transaction.
      for (const p of candidates) recordAudit(ctx, { patientId: p.id, resourceType: 'patient', resourceId: p.id, action: 'search' });
      recordAudit(ctx, { patientId: null, resourceType: 'patient', resourceId: null, action: 'create', outcome: 'failure' });
      throw problems.conflict(
        'possible-duplicate',
        'A patient with a similar name and birth date exists. Check the candidates, or confirm this is a different person.',
        { candidates },
      );
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
      preferred_name: body.preferredName ?? null,
      birth_date: body.birthDate,
      sex_at_birth: body.sexAtBirth,
      gender_identity: body.genderIdentity ?? null,
      phone: body.phone ?? null,
      email: body.email ?? null,
      address: body.address ?? null,
      preferred_language: body.preferredLanguage,
      emergency_contact: JSON.stringify(body.emergencyContact ?? null),
      photo: body.photo ?? null,
      allergies: JSON.stringify(body.allergies),
      facility_id: body.facilityId,
      user_id: null,
      search_name: searchName(body.legalGivenName, body.legalFamilyName, body.preferredName),
      created_at: ctx.now,
      updated_at: ctx.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await addEvent(tx, ctx, { patientId: id, kind: 'patient.registered', summary: `Registered (MRN ${row.mrn})` });
  recordAudit(ctx, { patientId: id, resourceType: 'patient', resourceId: id, action: 'create' });
  return row;
}

/** Links a portal account to its patient record; false when the patient is unknown or already linked. */
export async function linkPortalUser(tx: Tx, ctx: Pick<RequestContext, 'organizationId'>, patientId: string, userId: string): Promise<boolean> {
  const linked = await tx
    .updateTable('patients')
    .set({ user_id: userId })
    .where('organization_id', '=', ctx.organizationId)
    .where('id', '=', patientId)
    .where('user_id', 'is', null)
    .executeTakeFirst();
  return Number(linked.numUpdatedRows) === 1;
}
