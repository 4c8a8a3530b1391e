import { z } from 'zod';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import { instant, pageOf } from '../../platform/http/wire';
import { alertSchema } from '../alerts/schemas';
import { careTeamMemberSchema } from '../care/schemas';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'a real calendar date');

export const birthDate = isoDate.refine((s) => s >= '1900-01-01' && s <= new Date().toISOString().slice(0, 10), 'a birth date between 1900 and today');

const name = z.string().trim().min(1).max(100);
const photo = z
  .string()
  .max(420_000, 'a photo of at most 300 kB')
  .regex(/^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/, 'a JPEG, PNG or WebP data URL');

export const allergy = z.object({
  substance: z.string().trim().min(1).max(200),
  reaction: z.string().trim().max(200).optional(),
  severity: z.enum(['mild', 'moderate', 'severe']).optional(),
});

export const emergencyContact = z.object({
  name: z.string().trim().min(1).max(200),
  relationship: z.string().trim().max(100).optional(),
  phone: z.string().trim().min(3).max(40),
});

/** The JSONB columns as stored, parsed when read. */
export const storedAllergies = z.array(allergy);
export const storedEmergencyContact = emergencyContact.nullable();

export const sexAtBirth = z.enum(['female', 'male', 'intersex', 'unknown']);

export const patientFields = {
  legalGivenName: name,
  legalFamilyName: name,
  preferredName: z.string().trim().max(100).nullish(),
  birthDate,
  sexAtBirth,
  genderIdentity: z.string().trim().max(100).nullish(),
  phone: z.string().trim().max(40).nullish(),
  email: z.string().trim().email().max(320).nullish(),
  address: z.string().trim().max(500).nullish(),
  preferredLanguage: z.string().trim().min(2).max(35).default('en'),
  emergencyContact: emergencyContact.nullish(),
  photo: photo.nullish(),
  allergies: z.array(allergy).max(100).default([]),
  facilityId: z.uuid(),
};

export const patientInput = z.object({ ...patientFields, confirmNotDuplicate: z.boolean().optional() }).strict();
export type PatientInput = z.infer<typeof patientInput>;

export const patientPatch = z
  .object({
    legalGivenName: name,
    legalFamilyName: name,
    preferredName: patientFields.preferredName,
    birthDate,
    sexAtBirth,
    genderIdentity: patientFields.genderIdentity,
    phone: patientFields.phone,
    email: patientFields.email,
    address: patientFields.address,
    preferredLanguage: z.string().trim().min(2).max(35),
    emergencyContact: patientFields.emergencyContact,
    photo: patientFields.photo,
    allergies: z.array(allergy).max(100),
  })
  .partial()
  .strict();

export const duplicateQuery = z.object({ legalGivenName: name, legalFamilyName: name, birthDate }).strict();
export const idParams = z.object({ id: z.string() });

// ---- Responses: what the patient and chart routes return (the web app's types come from these) ----

const levelOfCare = z.enum(levelsOfCare);

export const activeEpisodeSummarySchema = z.object({
  id: z.uuid(),
  levelOfCare,
  facilityId: z.uuid(),
  facilityName: z.string(),
  admittedAt: instant,
  bed: z.string().nullable(),
});

/** Who a patient is: the fields every patient answer starts with. */
const patientIdentity = z.object({
  id: z.uuid(),
  mrn: z.string(),
  legalGivenName: z.string(),
  legalFamilyName: z.string(),
  preferredName: z.string().nullable(),
  birthDate: z.string(),
  sexAtBirth,
});

export const patientSummarySchema = patientIdentity.extend({ age: z.number().int(), activeEpisode: activeEpisodeSummarySchema.nullable() });

export const patientSchema = patientIdentity.extend({
  genderIdentity: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  preferredLanguage: z.string(),
  emergencyContact: emergencyContact.nullable(),
  photo: z.string().nullable(),
  allergies: z.array(allergy),
  facilityId: z.uuid(),
  version: z.number().int(),
});

export const patientSearchPage = pageOf(patientSummarySchema);
export const duplicateCandidates = z.object({ candidates: z.array(patientSummarySchema) });

export const chartHeaderSchema = z.object({
  patient: patientSummarySchema.extend({ photo: z.string().nullable(), allergies: z.array(allergy), genderIdentity: z.string().nullable() }),
  facility: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  episode: z.object({ id: z.uuid(), levelOfCare, admittedAt: instant, bed: z.string().nullable(), status: z.enum(['active', 'discharged']) }).nullable(),
  alerts: z.array(alertSchema),
  careTeam: z.array(careTeamMemberSchema),
});

export const timelineEventSchema = z.object({
  id: z.uuid(),
  occurredAt: instant,
  kind: z.string(),
  summary: z.string(),
  episodeId: z.uuid().nullable(),
  actorName: z.string().nullable(),
});
export const timelinePage = pageOf(timelineEventSchema);
