import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization } from './factories';
import { startServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('FHIR R4 Questionnaires', () => {
  it('publishes a CapabilityStatement and every instrument as a Questionnaire', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const meta = await nurse.get('/fhir/R4/metadata');
    expect(meta.headers.get('content-type')).toContain('application/fhir+json');
    expect(meta.body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    const bundle = (await nurse.get('/fhir/R4/Questionnaire')).body;
    expect(bundle.total).toBe(12);
    const phq = (await nurse.get('/fhir/R4/Questionnaire/phq-9')).body;
    expect(phq).toMatchObject({ resourceType: 'Questionnaire', code: [{ system: 'http://loinc.org', code: '44249-1' }] });
    expect((await nurse.get('/fhir/R4/Questionnaire/nope')).status).toBe(404);
    const portal = await org.signIn('patient', server.baseUrl);
    expect((await portal.get('/fhir/R4/Questionnaire')).status).toBe(403);
  });
});
