import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import { recordAudit } from '../../platform/audit';
import { requireIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { reachesFacility, requirePatient } from '../../platform/permissions/access';
import { pageQuery } from '../../platform/pagination';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { registerPatient } from './service';
import { presentPatient, searchName } from './present';
import { duplicateQuery, idParams, patientInput, patientPatch } from './schemas';
import { findDuplicates, searchPatients } from './search';

const tags = ['patients'];

export const patientRoutes = [
  route({
    method: 'GET',
    url: '/patients',
    summary: 'Search patients by name, MRN or birth date',
    tags,
    access: { permission: { resource: 'patient', action: 'read' } },
    query: z.object({ q: z.string().max(200).optional(), ...pageQuery }),
    handler: async ({ tx, ctx, query }) => {
      const result = await searchPatients(tx, ctx, query.q, query.limit, query.cursor);
      // One audit row per patient shown: a search result is a disclosure of who is in treatment.
      for (const p of result.items) recordAudit(ctx, { patientId: p.id, resourceType: 'patient', resourceId: p.id, action: 'search' });
      return result;
    },
  }),

  route({
    method: 'POST',
    url: '/patients/duplicates',
    summary: 'Likely duplicates of a registration',
    tags,
    access: { permission: { resource: 'patient', action: 'create' } },
    body: duplicateQuery,
    handler: async ({ tx, ctx, body }) => {
      const candidates = await findDuplicates(tx, ctx, body.legalGivenName, body.legalFamilyName, body.birthDate);
      for (const p of candidates) recordAudit(ctx, { patientId: p.id, resourceType: 'patient', resourceId: p.id, action: 'search' });
      return { candidates };
    },
  }),

  route({
    method: 'POST',
    url: '/patients',
    summary: 'Register a patient (409 with candidates when likely duplicates exist)',
    tags,
    access: { permission: { resource: 'patient', action: 'create' } },
    body: patientInput,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, body, reply }) => {
      const row = await registerPatient(tx, ctx, body);
      setEtag(reply, row.version);
      return presentPatient(row);
    },
  }),

  route({
    method: 'GET',
    url: '/patients/:id',
    summary: 'A patient’s demographics (with ETag)',
    tags,
    access: { permission: { resource: 'patient', action: 'read' } },
    params: idParams,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params, reply }) => {
      const row = await requirePatient(tx, ctx, params.id, 'patient', 'read');
      recordAudit(ctx, { patientId: row.id, resourceType: 'patient', resourceId: row.id, action: 'read' });
      setEtag(reply, row.version);
      return presentPatient(row);
    },
  }),

  route({
    method: 'PATCH',
    url: '/patients/:id',
    summary: 'Edit demographics (If-Match required)',
    tags,
    access: { permission: { resource: 'patient', action: 'update' } },
    params: idParams,
    body: patientPatch,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const current = await requirePatient(tx, ctx, params.id, 'patient', 'update');
      const expected = requireIfMatch(req);
      if (Object.keys(body).length === 0) throw problems.emptyEdit();
      const given = body.legalGivenName ?? current.legal_given_name;
      const family = body.legalFamilyName ?? current.legal_family_name;
      const preferred = body.preferredName !== undefined ? body.preferredName : current.preferred_name;
      const row = await tx
        .updateTable('patients')
        .set({
          ...(body.legalGivenName !== undefined && { legal_given_name: body.legalGivenName }),
          ...(body.legalFamilyName !== undefined && { legal_family_name: body.legalFamilyName }),
          ...(body.preferredName !== undefined && { preferred_name: body.preferredName }),
          ...(body.birthDate !== undefined && { birth_date: body.birthDate }),
          ...(body.sexAtBirth !== undefined && { sex_at_birth: body.sexAtBirth }),
          ...(body.genderIdentity !== undefined && { gender_identity: body.genderIdentity }),
          ...(body.phone !== undefined && { phone: body.phone }),
          ...(body.email !== undefined && { email: body.email }),
          ...(body.address !== undefined && { address: body.address }),
          ...(body.preferredLanguage !== undefined && { preferred_language: body.preferredLanguage }),
          ...(body.emergencyContact !== undefined && { emergency_contact: JSON.stringify(body.emergencyContact) }),
          ...(body.photo !== undefined && { photo: body.photo }),
          ...(body.allergies !== undefined && { allergies: JSON.stringify(body.allergies) }),
          search_name: searchName(given, family, preferred),
          updated_at: ctx.now,
          version: current.version + 1,
        })
        .where('id', '=', current.id)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw problems.preconditionFailed();
      await addEvent(tx, ctx, { patientId: row.id, kind: 'patient.updated', summary: `Demographics updated (${Object.keys(body).join(', ')})` });
      recordAudit(ctx, { patientId: row.id, resourceType: 'patient', resourceId: row.id, action: 'update' });
      setEtag(reply, row.version);
      return presentPatient(row);
    },
  }),
];
