import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, patientInput, registerPatient } from './factories';
import { ApiClient, startServer, type ApiResponse, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

/** What a leaked stack trace or internal detail looks like in a body. */
const internals = /\bat .+[:(]\d+|\.ts:\d+|\.js:\d+|node_modules|\/work\/|stack|Error:|SELECT |INSERT |relation "|syntax error/i;

describe('API conventions', () => {
  it('answers health', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(['pglite', 'postgres']).toContain(body.database);
    expect(body.database).toBe(process.env.WAYPOINT_TEST_DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('publishes OpenAPI 3 with every route and browsable docs', async () => {
    const res = await fetch(`${server.baseUrl}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBeTruthy();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/patients', '/api/v1/patients/{id}', '/api/v1/facilities/{id}/census', '/api/v1/audit', '/api/v1/auth/sign-in']),
    );
    expect(Object.keys(doc.paths['/api/v1/patients'])).toEqual(expect.arrayContaining(['get', 'post']));
    const body = doc.paths['/api/v1/patients'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['legalGivenName', 'legalFamilyName', 'birthDate', 'sexAtBirth', 'facilityId']));
    expect(body.properties.sexAtBirth.enum).toEqual(['female', 'male', 'intersex', 'unknown']);
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    // The docs page, following any redirect like a browser.
    const docs = await fetch(`${server.baseUrl}/api/docs`, { redirect: 'follow' });
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toContain('text/html');
    const html = await docs.text();
    expect(html).toMatch(/<html/i);
    expect(html).toMatch(/swagger/i);
  });

  it('answers an unknown API route with a problem+json 404', async () => {
    const nurse = await (await buildOrganization(server.db)).signIn('nurse', server.baseUrl);
    for (const path of ['/api/v1/nothing-here', '/api/nothing', '/api/v2/patients', '/fhir/R4/Nothing']) {
      const anonymous = await fetch(`${server.baseUrl}${path}`);
      expect(anonymous.status, path).toBe(404);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
      const body = await anonymous.json();
      expect(body).toMatchObject({ status: 404, title: 'Not found', instance: path });
      expect(body.type).toMatch(/^https:\/\//);
      // Signed in or not, the answer is the same.
      expect((await nurse.request('GET', path)).status).toBe(404);
    }
    expect((await nurse.request('DELETE', '/patients')).status).toBe(404);
  });

  it('marks every response no-store and nosniff: patient data, errors and health alike', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    const responses: [string, Headers][] = [
      ['list', (await nurse.get('/patients')).headers],
      ['read', (await nurse.get(`/patients/${p.id}`)).headers],
      ['header', (await nurse.get(`/patients/${p.id}/header`)).headers],
      ['me', (await nurse.get('/auth/me')).headers],
      ['404', (await nurse.get('/patients/00000000-0000-7000-8000-000000000000')).headers],
      ['401', (await new ApiClient(server.baseUrl).get('/patients')).headers],
      ['health', (await fetch(`${server.baseUrl}/api/health`)).headers],
    ];
    for (const [what, headers] of responses) {
      expect(headers.get('cache-control'), what).toBe('no-store');
      expect(headers.get('x-content-type-options'), what).toBe('nosniff');
    }
  });

  it('rejects a wrong content type and an oversized body without a 500', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const xml = await nurse.request('POST', '/patients', { raw: '<patient/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.status).toBe(415);
    const form = await nurse.request('POST', '/patients', { raw: 'legalGivenName=x', headers: { 'content-type': 'text/plain' } });
    expect(form.status).toBe(415);
    const huge = await nurse.request('POST', '/patients', { raw: JSON.stringify({ photo: 'x'.repeat(3_000_000) }) });
    expect(huge.status).toBe(413);
    for (const res of [xml, form, huge]) expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('never puts a stack trace or internal detail in an error body', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    const anonymous = new ApiClient(server.baseUrl);
    const counselor = await org.signIn('counselor', server.baseUrl);
    const other = await org.signIn('otherNurse', server.baseUrl);
    const errors: [string, ApiResponse][] = [
      ['401 no session', await anonymous.get('/patients')],
      ['401 bad token', await new ApiClient(server.baseUrl, 'wpt_nope').get('/patients')],
      ['401 bad sign-in', await anonymous.post('/auth/sign-in', { email: 'a@b.c', password: 'nope' })],
      ['403 role', await counselor.post('/patients', patientInput(org.facilityIds[0]))],
      ['404 scope', await other.get(`/patients/${p.id}`)],
      ['404 route', await nurse.get('/nothing')],
      ['400 validation', await nurse.post('/patients', { legalGivenName: 42 })],
      ['400 malformed JSON', await nurse.request('POST', '/patients', { raw: '{"a":' })],
      ['400 empty JSON', await nurse.request('POST', '/patients', { raw: '' })],
      ['400 NUL character', await nurse.get('/patients?q=a%00b')],
      ['400 cursor', await nurse.get('/patients?cursor=%%%')],
      // Well-formed cursors holding the wrong types reach the database; still a 400.
      ['400 forged cursor', await nurse.get(`/patients?cursor=${Buffer.from(JSON.stringify([{}, []])).toString('base64url')}`)],
      [
        '400 forged timeline cursor',
        await nurse.get(`/patients/${p.id}/timeline?cursor=${Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url')}`),
      ],
      ['400 query', await nurse.get('/patients?limit=-1')],
      ['415 media type', await nurse.request('POST', '/patients', { raw: 'x', headers: { 'content-type': 'text/csv' } })],
      [
        '409 conflict',
        await nurse
          .post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'residential' })
          .then(() => nurse.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'residential' })),
      ],
      ['412 stale', await nurse.patch(`/patients/${p.id}`, { phone: '1' }, { 'if-match': '"99"' })],
      ['422 rule', await nurse.post('/patients', patientInput(org.facilityIds[1]))],
      ['428 no If-Match', await nurse.patch(`/patients/${p.id}`, { phone: '1' })],
    ];
    for (const [what, res] of errors) {
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      expect(res.status, what).toBeLessThan(500);
      expect(res.headers.get('content-type'), what).toContain('application/problem+json');
      expect(res.body, what).toMatchObject({ status: res.status, title: expect.any(String), type: expect.any(String) });
      expect(JSON.stringify(res.body), what).not.toMatch(internals);
    }
  });
});
