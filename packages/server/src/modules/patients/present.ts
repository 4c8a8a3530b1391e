import type { Selectable } from 'kysely';
import type { PatientsTable } from '../../db/schema';
import { storedAllergies, storedEmergencyContact } from './schemas';

export type PatientRow = Selectable<PatientsTable>;

/** Whole years on the given day. */
export function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return age;
}

export function presentPatient(p: PatientRow) {
  return {
    id: p.id,
    mrn: p.mrn,
    legalGivenName: p.legal_given_name,
    legalFamilyName: p.legal_family_name,
    preferredName: p.preferred_name,
    birthDate: p.birth_date,
    sexAtBirth: p.sex_at_birth,
    genderIdentity: p.gender_identity,
    phone: p.phone,
    email: p.email,
    address: p.address,
    preferredLanguage: p.preferred_language,
    emergencyContact: storedEmergencyContact.parse(p.emergency_contact),
    photo: p.photo,
    allergies: storedAllergies.parse(p.allergies),
    facilityId: p.facility_id,
    version: p.version,
  };
}

/**
 * The name the trigram index matches and results sort by: family name first (how a clinic list reads),
 * then given and preferred names, lower case.
 */
export function searchName(given: string, family: string, preferred?: string | null): string {
  return [family, given, preferred ?? ''].join(' ').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function fullName(p: { legal_given_name: string; legal_family_name: string; preferred_name?: string | null }): string {
  return `${p.legal_given_name} ${p.legal_family_name}`;
}
