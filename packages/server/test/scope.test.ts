import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '@waypoint/clinical/care/roles';
import { stages } from '../src/app/stages';
import { linkPortalUser } from '../src/modules/patients/service';
import { composeDecisionTable, scopeIn, type Action } from '../src/platform/permissions/decision-table';
import { uuidv7 } from '../src/db/ids';
import { idKinds, notTenantRecords, reaches, sampleBody, type Ids, type Place } from './scope-fixtures';
import { admittedPatient, buildOrganization, registerPatient, type TestOrganization } from './factories';
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

const cows30 = {
  pulse: 4,
  sweating: 4,
  restlessness: 5,
  pupil: 5,
  bone_joint_aches: 4,
  runny_nose_tearing: 4,
  gi_upset: 2,
  tremor: 2,
  yawning: 0,
  anxiety_irritability: 0,
  gooseflesh: 0,
};

/** A patient in detox with a running course and an open alert (a severe COWS), at a facility. */
async function detoxPatient(o: TestOrganization, nurse: ApiClient, facility: 0 | 1): Promise<Ids> {
  const protocols = (await nurse.get('/wm/protocols')).body.items as { id: string; kind: string }[];
  const { patient, episode } = await admittedPatient(nurse, o.facilityIds[facility], 'withdrawal_management');
  const course = await nurse.post(`/episodes/${episode.id}/withdrawal`, {
    protocolId: protocols.find((p) => p.kind === 'symptom_triggered')!.id,
    lastUseKind: 'unknown',
  });
  expect(course.status, JSON.stringify(course.body)).toBe(201);
  expect((await nurse.post(`/withdrawal/${course.body.course.id}/observations`, { cows: { items: cows30 } })).status).toBe(201);
  const alert = await server.db
    .selectFrom('alerts')
    .select('id')
    .where('organization_id', '=', o.organizationId)
    .where('patient_id', '=', patient.id)
    .executeTakeFirstOrThrow();
  const intake = await seedIntakeRecords(server.db, o.organizationId, patient.id, episode.id, o.users.counselor.id);
  return {
    patient: patient.id,
    episode: episode.id,
    course: course.body.course.id,
    alert: alert.id,
    facility: o.facilityIds[facility],
    user: o.users.nurse.id,
    protocol: protocols[0].id,
    ...(await medicationRecords(o, patient.id, o.facilityIds[facility])),
    ...(await therapyRecords(o, patient.id, o.facilityIds[facility])),
    ...intake,
  };
}

/** A methadone order, a take-home plan, a stock container, a count and a waste request (written directly: fixtures). */
async function medicationRecords(o: TestOrganization, patientId: string, facilityId: string): Promise<Ids> {
  const [order, plan, container, count, waste] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
  const by = o.users.prescriber.id;
  const now = new Date();
  await server.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('med_orders')
      .values({
        organization_id: o.organizationId,
        id: order,
        patient_id: patientId,
        facility_id: facilityId,
        episode_id: null,
        medication: 'methadone',
        name: 'Methadone',
        form: 'liquid',
        route: 'oral',
        dose_mg: 30,
        first_day_doses_mg: null,
        split_doses_mg: null,
        frequency: 'daily',
        hold_parameters: 'null',
        titration: '[]',
        start_day: '2026-01-01',
        end_day: null,
        status: 'active',
        entry: 'written',
        ordered_by: by,
        entered_by: by,
        signed_by: by,
        signed_at: now,
        rule_set: 'federal-2024',
        findings: '[]',
        status_reason: null,
        instructions: null,
        created_at: now,
        updated_at: now,
        prn_min_hours: null,
        prn_max_daily_mg: null,
      })
      .execute();
    await tx
      .insertInto('med_take_home_plans')
      .values({
        organization_id: o.organizationId,
        id: plan,
        patient_id: patientId,
        order_id: order,
        rule_set: 'federal-2024',
        treatment_day: 40,
        days: ['2099-01-01'],
        criteria: [],
        allowed_days: 28,
        findings: '[]',
        rationale: 'scope matrix',
        decided_by: by,
        decided_at: now,
      })
      .execute();
    await tx
      .insertInto('med_containers')
      .values({
        organization_id: o.organizationId,
        id: container,
        facility_id: facilityId,
        medication: 'methadone',
        form: 'liquid',
        label: 'Scope bottle',
        lot: null,
        unit: 'ml',
        strength_mg: 10,
        created_at: now,
      })
      .execute();
    await tx
      .insertInto('med_counts')
      .values({
        organization_id: o.organizationId,
        id: count,
        facility_id: facilityId,
        container_id: container,
        count_day: '2026-01-01',
        counted: 1,
        ledger_balance: 0,
        discrepancy: 1,
        note: 'scope',
        counted_by: by,
        counted_at: now,
      })
      .execute();
    await tx
      .insertInto('med_waste')
      .values({
        organization_id: o.organizationId,
        id: waste,
        container_id: container,
        kind: 'waste',
        quantity: 1,
        reason: 'scope matrix',
        requested_by: by,
        requested_at: now,
      })
      .execute();
  });
  return { 'med-order': order, 'med-plan': plan, 'med-container': container, 'med-count': count, 'med-waste': waste };
}

/** A session note, a group session and an outing for the patient and facility, and a note template (therapy stage). */
async function therapyRecords(o: TestOrganization, patientId: string, facilityId: string): Promise<Ids> {
  const org = o.organizationId;
  const ids = { session: uuidv7(), type: uuidv7(), series: uuidv7(), group: uuidv7(), outing: uuidv7(), template: uuidv7() };
  const at = new Date(Date.now() - 3_600_000);
  const end = new Date(at.getTime() + 45 * 60_000);
  const db = server.db;
  await db
    .insertInto('thr_note_templates')
    .values({ organization_id: org, id: ids.template, name: `Scope ${ids.template}`, sections: JSON.stringify([{ key: 'note', label: 'Note' }]) })
    .execute();
  await db
    .insertInto('thr_sessions')
    .values({
      organization_id: org,
      id: ids.session,
      patient_id: patientId,
      episode_id: null,
      facility_id: facilityId,
      clinician_id: o.users.counselor.id,
      kind: 'individual',
      modality: 'cbt',
      template_id: null,
      starts_at: at,
      ends_at: end,
      location: null,
      family_members: '[]',
      sections: '{}',
      progress: '[]',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('thr_group_types')
    .values({ organization_id: org, id: ids.type, name: `Scope ${ids.type}`, category: 'process', description: null })
    .execute();
  await db
    .insertInto('thr_group_series')
    .values({
      organization_id: org,
      id: ids.series,
      group_type_id: ids.type,
      facility_id: facilityId,
      title: 'Scope group',
      leader_id: o.users.counselor.id,
      levels_of_care: ['withdrawal_management'],
      rrule: 'FREQ=WEEKLY',
      first_starts_at: at,
      duration_minutes: 45,
      location: null,
      created_at: at,
    })
    .execute();
  await db
    .insertInto('thr_group_sessions')
    .values({
      organization_id: org,
      id: ids.group,
      series_id: ids.series,
      facility_id: facilityId,
      leader_id: o.users.counselor.id,
      starts_at: at,
      ends_at: end,
    })
    .execute();
  await db
    .insertInto('thr_outings')
    .values({
      organization_id: org,
      id: ids.outing,
      facility_id: facilityId,
      title: 'Scope outing',
      destination: null,
      starts_at: at,
      ends_at: end,
      lead_id: o.users.counselor.id,
      created_at: at,
    })
    .execute();
  return { 'therapy-session': ids.session, 'group-session': ids.group, outing: ids.outing, template: ids.template, 'group-type': ids.type };
}

/** Admissions records at a facility: an inquiry, a scheduled admission, coverage with an authorization, a signed consent. */
async function admissionsRecords(o: TestOrganization, facility: 0 | 1, patientId: string, clerk: ApiClient, witness: ApiClient): Promise<Ids> {
  const facilityId = o.facilityIds[facility];
  const inquiry = await clerk.post('/admissions/inquiries', {
    facilityId,
    callerName: 'Scope',
    callerRelation: 'self',
    contactConsent: false,
    referralSource: 'self',
    givenName: 'Scope',
    familyName: 'Matrix',
  });
  expect(inquiry.status, JSON.stringify(inquiry.body)).toBe(201);
  const waiting = await registerPatient(clerk, facilityId);
  const scheduled = await clerk.post('/admissions/scheduled', {
    patientId: waiting.id,
    facilityId,
    levelOfCare: facility === 0 ? 'partial_hospitalization' : 'outpatient',
    scheduledOn: '2099-01-01',
  });
  expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
  const coverage = await clerk.post(`/patients/${patientId}/coverages`, {
    kind: 'insurance',
    payer: 'Scope Payer',
    memberId: 'S1',
    effectiveFrom: '2026-01-01',
  });
  expect(coverage.status, JSON.stringify(coverage.body)).toBe(201);
  const auth = await clerk.post(`/coverages/${coverage.body.id}/authorizations`, {
    levelOfCare: 'outpatient',
    authNumber: 'S-1',
    unit: 'units',
    approved: 10,
    startDate: '2026-01-01',
    endDate: '2099-01-01',
  });
  expect(auth.status, JSON.stringify(auth.body)).toBe(201);
  const consent = await witness.post(`/patients/${patientId}/consents`, {
    formCode: 'part2-notice',
    formVersion: 1,
    signerName: 'Scope Matrix',
    attested: true,
  });
  expect(consent.status, JSON.stringify(consent.body)).toBe(201);
  return { inquiry: inquiry.body.id, scheduled: scheduled.body.id, coverage: coverage.body.id, authorization: auth.body.id, consent: consent.body.id };
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
  // An integration's token in each organization.
  const token = async (o: TestOrganization) =>
    (await (await o.signIn('administrator', server.baseUrl)).post('/auth/tokens', { name: 'scope matrix', scopes: ['patient.read'] })).body.id as string;
  const ours = await token(org);
  for (const place of ['home', 'offTeam', 'elsewhere'] as const) records[place].token = ours;
  records.foreign.token = await token(foreign);
  protocolId = records.home.protocol;
  const coordinator = clients.admissions_coordinator;
  Object.assign(records.home, await admissionsRecords(org, 0, records.home.patient, coordinator, coordinator));
  Object.assign(records.offTeam, await admissionsRecords(org, 0, records.offTeam.patient, coordinator, coordinator));
  Object.assign(records.elsewhere, await admissionsRecords(org, 1, records.elsewhere.patient, admin, await org.signIn('otherNurse', server.baseUrl)));
  const foreignCoordinator = await foreign.signIn('admissions_coordinator', server.baseUrl);
  Object.assign(records.foreign, await admissionsRecords(foreign, 0, records.foreign.patient, foreignCoordinator, foreignCoordinator));
  expect(
    (await nurse.post(`/episodes/${records.home.episode}/care-team`, { userId: org.users.peer_recovery_specialist.id, teamRole: 'peer_recovery_specialist' }))
      .status,
  ).toBe(201);
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
      const body =
        write && c.route.method !== 'DELETE'
          ? sampleBody(`${c.route.method} ${c.route.url}`, { protocolId, counselorId: org.users.counselor.id }, c.role)
          : undefined;
      const inScope = reaches(c.scope, place, c.kind);
      if (inScope && write) continue; // writes are only probed where they must be refused: no side effects on the fixtures
      const res = await clients[c.role].request(
        c.route.method,
        concrete(`${c.route.mount ? c.route.mount : '/api/v1'}${c.route.url}`, id),
        body === undefined ? {} : { body },
      );
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
