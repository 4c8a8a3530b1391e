import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../src/db/schema';
import { roles, type Role } from '@waypoint/clinical/care/roles';
import { provisionOrganization } from '../src/modules/admin/service';
import { ApiClient } from './harness';

export const testPassword = 'correct-horse-battery';

export interface TestOrganization {
  organizationId: string;
  /** [0] detox & residential, [1] outpatient & OTP. */
  facilityIds: [string, string];
  /** One user per role, staff at facility 0 (the administrator at both). */
  users: Record<Role, { id: string; email: string }>;
  /** A nurse who works only at facility 1: patients of facility 0 are out of her scope. */
  otherNurse: { id: string; email: string };
  signIn(role: Role | 'otherNurse', baseUrl: string): Promise<ApiClient>;
}

/** A whole organization in one call: two facilities, a user of every role, unique emails. */
export async function buildOrganization(db: Db, opts: { mfaRequired?: boolean } = {}): Promise<TestOrganization> {
  const tag = randomUUID().slice(0, 8);
  const email = (r: string) => `${r}.${tag}@test.waypoint`;
  const specs = [
    ...roles.map((role) => ({
      email: email(role),
      displayName: `${role.replace(/_/g, ' ')} ${tag}`,
      role,
      password: testPassword,
      facilities: role === 'administrator' ? [0, 1] : role === 'patient' || role === 'family_member' ? [] : [0],
    })),
    { email: email('other-nurse'), displayName: `other nurse ${tag}`, role: 'nurse' as Role, password: testPassword, facilities: [1] },
  ];
  const { organizationId, facilityIds, userIds } = await provisionOrganization(db, {
    name: `Test program ${tag}`,
    mfaRequired: opts.mfaRequired,
    facilities: [
      { name: `Detox ${tag}`, timeZone: 'America/New_York', bedCount: 20, levelsOfCare: ['withdrawal_management', 'residential', 'partial_hospitalization'] },
      { name: `Outpatient ${tag}`, timeZone: 'America/Chicago', bedCount: 0, levelsOfCare: ['intensive_outpatient', 'outpatient', 'opioid_treatment_program'] },
    ],
    users: specs,
  });
  const users = Object.fromEntries(roles.map((r, i) => [r, { id: userIds[i], email: specs[i].email }])) as TestOrganization['users'];
  const otherNurse = { id: userIds[roles.length], email: specs[roles.length].email };
  return {
    organizationId,
    facilityIds: facilityIds as [string, string],
    users,
    otherNurse,
    async signIn(role, baseUrl) {
      const client = new ApiClient(baseUrl);
      await client.signIn(role === 'otherNurse' ? otherNurse.email : users[role].email, testPassword);
      return client;
    },
  };
}

/** A random name of letters: no two test patients look like duplicates of each other. */
export function randomName(length = 8): string {
  const letters = [...randomBytes(length)].map((b) => String.fromCharCode(97 + (b % 26))).join('');
  return letters[0].toUpperCase() + letters.slice(1);
}

/** A valid registration body; override any field. */
export function patientInput(facilityId: string, overrides: Record<string, unknown> = {}) {
  const day = randomBytes(2).readUInt16BE(0) % 15_000;
  return {
    legalGivenName: randomName(),
    legalFamilyName: randomName(10),
    birthDate: new Date(Date.UTC(1950, 0, 1) + day * 86_400_000).toISOString().slice(0, 10),
    sexAtBirth: 'female',
    preferredLanguage: 'en',
    facilityId,
    ...overrides,
  };
}

/** Registers a patient through the API and returns its body. */
export async function registerPatient(client: ApiClient, facilityId: string, overrides: Record<string, unknown> = {}) {
  const res = await client.post('/patients', patientInput(facilityId, overrides));
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; mrn: string; version: number };
}

/** Registers and admits a patient; returns patient and episode. */
export async function admittedPatient(client: ApiClient, facilityId: string, levelOfCare = 'withdrawal_management', extra: Record<string, unknown> = {}) {
  const patient = await registerPatient(client, facilityId);
  const res = await client.post(`/patients/${patient.id}/episodes`, { facilityId, levelOfCare, ...extra });
  if (res.status !== 201) throw new Error(`admit failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { patient, episode: res.body as { id: string; version: number } };
}
