import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization } from './factories';
import { startServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('API conventions', () => {
  it('answers health', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('publishes OpenAPI 3 with every route and browsable docs', async () => {
    const doc = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/patients', '/api/v1/patients/{id}', '/api/v1/facilities/{id}/withdrawal-board', '/api/v1/auth/sign-in']));
    const body = doc.paths['/api/v1/patients'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['legalGivenName', 'birthDate']));
    const docs = await fetch(`${server.baseUrl}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('<html');
  });

  it('answers an unknown route with problem+json 404 and never caches patient data', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const list = await nurse.get('/patients');
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(list.headers.get('x-content-type-options')).toBe('nosniff');
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
  });
});
