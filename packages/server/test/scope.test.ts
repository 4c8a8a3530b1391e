import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '@waypoint/clinical/care/roles';
import { stages } from '../src/app/stages';
import { linkPortalUser } from '../src/modules/patients/service';
import { composeDecisionTable, scopeIn, type Action } from '../src/platform/permissions/decision-table';
import { idKinds, notTenantRecords, reaches, sampleBody, type Ids, type Place } from './scope-fixtures';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';
import { seedIntakeRecords } from './helpers/intake-records';

// The scope half of the authorization matrix (security.md C, DESIGN.md principle 6): for every route
// that names a record and every role the decision table grants it, a record outside the role's
// scope — another organization, another facility, another care team, another patient — answers 404,
// and (for reads) a record inside it does not. The table itself is pinned by decision-table.test.ts,
// so widening a scope there fails until the change is reviewed.

const table = composeDecisionTable(stages);
const routes = stages.flatMap((s) => [...s.routes.map((r) => ({ ...r, mount: '' })), ...(s.fhirRoutes ?? []).map((r) => ({ ...r, mount: '/fhir/R4' }))]);
const withIds = routes.filter((r) => r.url.includes(':id') && 'permission' in r.access);

let server: TestServer;
let org: TestOrganization;
let foreign: TestOrganization;
const clients = {} as Record<Role, ApiClient>;
const records = {} as Record<Place, Ids>;
let protocolId: string;

const cows30 = { pulse: 4, sweating: 4, restlessness: 5, pupil: 5, bone_joint_aches: 4, runny_nose_tearing: 4, gi_upset: 2, tremor: 2, yawning: 0, anxiety_irritability: 0, gooseflesh: 0 };

/** A patient in detox with a running course and an open alert (a severe COWS), at a facility. */
async function detoxPatient(o: TestOrganization, nurse: ApiClient, facility: 0 | 1): Promise<Ids> {
  const protocols = (await nurse.get('/wm/protocols')).body.items as { id: string; kind: string }[];
  const { patient, episode } = await admittedPatient(nurse, o.facilityIds[facility], 'withdrawal_management');
  const course = await nurse.post(`/episodes/${episode.id}/withdrawal`, { protocolId: protocols.find((p) => p.kind === 'symptom_triggered')!.id, lastUseKind: 'unknown' });
  expect(course.status, JSON.stringify(course.body)).toBe(201);
  expect((await nurse.post(`/withdrawal/${course.body.course.id}/observations`, { cows: { items: cows30 } })).status).toBe(201);
  const alert = await server.db.selectFrom('alerts').select('id').where('organization_id', '=', o.organizationId).where('patient_id', '=', patient.id).executeTakeFirstOrThrow();
  const intake = await seedIntakeRecords(server.db, o.organizationId, patient.id, episode.id, o.users.counselor.id);
  return { patient: patient.id, episode: episode.id, course: course.body.course.id, alert: alert.id, facility: o.facilityIds[facility], user: o.users.nurse.id, protocol: protocols[0].id, ...intake };
}

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  foreign = await buildOrganization(server.db);
  for (const role of roles) clients[role] = await org.signIn(role, server.baseUrl);
  // Both facilities run a detox unit, so a course can be out of a nurse's facility scope.
  const admin = clients.administrator;
  const levelsOfCare = ['intensive_outpatient', 'outpatient', 'opioid_treatment_program', 'withdrawal_management'];
  expect((await admin.patch(`/facilities/${org.facilityIds[1]}`, { levelsOfCare })).status).toBe(200);
  const nurse = clients.nurse;
  records.home = await detoxPatient(org, nurse, 0);
  records.offTeam = await detoxPatient(org, nurse, 0);
  records.elsewhere = { ...(await detoxPatient(org, await org.signIn('otherNurse', server.baseUrl), 1)), user: org.otherNurse.id };
  records.foreign = await detoxPatient(foreign, await foreign.signIn('nurse', server.baseUrl), 0);
  protocolId = records.home.protocol;
  expect((await nurse.post(`/episodes/${records.home.episode}/care-team`, { userId: org.users.peer_recovery_specialist.id, teamRole: 'peer_recovery_specialist' })).status).toBe(201);
  expect(await server.db.transaction().execute((tx) => linkPortalUser(tx, org, records.home.patient, org.users.patient.id))).toBe(true);
  // The portal patient signs in again so the session knows its patient record.
  clients.patient = await org.signIn('patient', server.baseUrl);
}, 120_000);
afterAll(() => server?.close());

function kindOf(url: string): string | undefined {
  return idKinds.find(([prefix]) => url === prefix || url.startsWith(`${prefix}/`))?.[1];
}

function concrete(url: string, id: string): string {
  return url.replace(':id', id).replace(/:(\w+)/g, '00000000-0000-7000-8000-000000000000');
}

describe('every route that names a record has a scope fixture', () => {
  it.each(withIds.map((r) => [`${r.method} ${r.mount}${r.url}`, r] as const))('%s', (name, r) => {
    expect(kindOf(r.url) ?? notTenantRecords[name], `add its id kind to test/scope-fixtures.ts`).toBeDefined();
  });
});

const cases = withIds.flatMap((r) => {
  const name = `${r.method} ${r.mount}${r.url}`;
  const kind = kindOf(r.url);
  if (!kind || !('permission' in r.access)) return [];
  const { resource, action } = r.access.permission;
  return roles.flatMap((role) => {
    const scope = scopeIn(table, role, resource, action as Action);
    return scope ? [{ name, route: r, kind, role, scope }] : [];
  });
});

describe('a granted role outside its scope gets 404; inside it, reads succeed', () => {
  it.each(cases.map((c) => [`${c.name} as ${c.role} (${c.scope})`, c] as const))('%s', async (_, c) => {
    const places: Place[] = ['foreign', 'elsewhere', 'offTeam', 'home'];
    const seen: string[] = [];
    for (const place of places) {
      const id = records[place][c.kind];
      const write = c.route.method !== 'GET';
      const body = write && c.route.method !== 'DELETE' ? sampleBody(`${c.route.method} ${c.route.url}`, { protocolId, counselorId: org.users.counselor.id }, c.role) : undefined;
      const inScope = reaches(c.scope, place, c.kind);
      if (inScope && write) continue; // writes are only probed where they must be refused: no side effects on the fixtures
      const res = await clients[c.role].request(c.route.method, concrete(`${c.route.mount ? c.route.mount : '/api/v1'}${c.route.url}`, id), body === undefined ? {} : { body });
      seen.push(`${place}:${res.status}`);
      if (inScope) {
        expect(res.status, `${place} should be in scope: ${JSON.stringify(res.body)}`).not.toBe(404);
        expect(res.status).not.toBe(403);
        expect(res.status).toBeLessThan(500);
      } else {
        expect(res.status, `${place} should be out of scope (${seen.join(', ')}): ${JSON.stringify(res.body)}`).toBe(404);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
  });
});
