import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, patientInput, registerPatient, type TestOrganization } from './factories';
import { startServer, type TestServer } from './harness';

// Issue 12 item 6: the duplicate check stays in the caller's scope, and its 409 is audited.
let server: TestServer;
let org: TestOrganization;
beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
});
afterAll(() => server?.close());

describe('registering a likely duplicate', () => {
  it('never discloses a patient of a facility the caller does not work at', async () => {
    const nurse = await org.signIn('nurse', server.baseUrl);
    const existing = await registerPatient(nurse, org.facilityIds[0]);
    const row = await server.db.selectFrom('patients').selectAll().where('id', '=', existing.id).executeTakeFirstOrThrow();
    const other = await org.signIn('otherNurse', server.baseUrl);
    const same = { legalGivenName: row.legal_given_name, legalFamilyName: row.legal_family_name, birthDate: row.birth_date };
    const res = await other.post('/patients', patientInput(org.facilityIds[1], same));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain(existing.id);
    const check = await other.post('/patients/duplicates', same);
    expect(check.status).toBe(200);
    expect(check.body.candidates.map((c: { id: string }) => c.id)).not.toContain(existing.id);
  });

  it('answers 409 with the candidates in scope, and the attempt and the candidates shown are audited', async () => {
    const nurse = await org.signIn('nurse', server.baseUrl);
    const existing = await registerPatient(nurse, org.facilityIds[0]);
    const row = await server.db.selectFrom('patients').selectAll().where('id', '=', existing.id).executeTakeFirstOrThrow();
    const res = await nurse.post(
      '/patients',
      patientInput(org.facilityIds[0], { legalGivenName: row.legal_given_name, legalFamilyName: row.legal_family_name, birthDate: row.birth_date }),
    );
    expect(res.status).toBe(409);
    expect(res.body.candidates.map((c: { id: string }) => c.id)).toContain(existing.id);
    const audit = await server.db
      .selectFrom('audit_log')
      .selectAll()
      .where('organization_id', '=', org.organizationId)
      .where('user_id', '=', org.users.nurse.id)
      .where('request_id', 'is not', null)
      .orderBy('seq', 'desc')
      .limit(5)
      .execute();
    expect(audit.some((a) => a.patient_id === existing.id && a.action === 'search')).toBe(true);
    expect(audit.some((a) => a.resource_type === 'patient' && a.action === 'create' && a.outcome === 'failure')).toBe(true);
  });
});
