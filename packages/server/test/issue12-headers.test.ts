import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWaypoint as buildApp } from '../src/app/server';
import { buildOrganization, patientInput, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

// Issue 12 item 9: CSP, frame-ancestors, HSTS behind TLS, no public source maps, Origin checked on cookie writes.
let server: TestServer;
let org: TestOrganization;
let web: FastifyInstance;
let webUrl: string;
let tlsWeb: FastifyInstance;
let tlsUrl: string;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)\n//# sourceMappingURL=app.js.map');
  fs.writeFileSync(path.join(dist, 'assets', 'app.js.map'), '{"version":3,"sources":["../src/secret.tsx"]}');
  const start = async (secureCookies: boolean) => {
    const app = await buildApp({ engine: server.engine, db: server.db, webDist: dist, logLevel: 'silent', secureCookies });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
  };
  ({ app: web, url: webUrl } = await start(false));
  ({ app: tlsWeb, url: tlsUrl } = await start(true));
});
afterAll(async () => {
  await web?.close();
  await tlsWeb?.close();
  await server?.close();
});

describe('security headers', () => {
  it('send a CSP the built app runs under (own scripts and styles only), never framed; HSTS only with secure cookies', async () => {
    for (const p of ['/', '/patients/123', '/api/health']) {
      const res = await fetch(webUrl + p);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, p).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      // Helmet's other headers, worked out once at start (security-headers.ts).
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-permitted-cross-domain-policies')).toBe('none');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    const tls = await fetch(`${tlsUrl}/api/health`);
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    const docs = await fetch(`${webUrl}/api/docs/`, { redirect: 'follow' });
    expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('do not serve source maps', async () => {
    expect((await fetch(`${webUrl}/assets/app.js`)).status).toBe(200);
    const map = await fetch(`${webUrl}/assets/app.js.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('secret.tsx');
  });
});

describe('a state-changing request on a cookie session', () => {
  it('is refused 403 rule origin without an Origin or Referer of this host, accepted with one; bearer tokens are exempt', async () => {
    const nurse = await org.signIn('nurse', server.baseUrl);
    const body = patientInput(org.facilityIds[0]);
    const none = await nurse.request('POST', '/patients', { body, headers: { origin: '' } });
    expect(none.status).toBe(403);
    expect(none.body.rule).toBe('origin');
    const foreign = await nurse.request('POST', '/patients', { body, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.rule).toBe('origin');
    const bodiless = await nurse.request('POST', '/auth/mfa/enrol', { headers: { origin: '' } });
    expect(bodiless.status).toBe(403);
    const byReferer = await nurse.request('POST', '/patients', {
      body: patientInput(org.facilityIds[0]),
      headers: { origin: '', referer: `${server.baseUrl}/patients/new` },
    });
    expect(byReferer.status).toBe(201);
    expect((await nurse.post('/patients', patientInput(org.facilityIds[0]))).status).toBe(201);
    // Reads are not affected.
    expect((await nurse.request('GET', '/patients', { headers: { origin: '' } })).status).toBe(200);
    // A sign-in forged from another site is refused too.
    const forgedSignIn = await new ApiClient(server.baseUrl).request('POST', '/auth/sign-in', {
      body: { email: org.users.nurse.email, password: 'x' },
      headers: { origin: 'https://evil.example' },
    });
    expect(forgedSignIn.status).toBe(403);
    const admin = await org.signIn('administrator', server.baseUrl);
    const issued = await admin.post('/auth/tokens', { name: 'x', scopes: ['facility.read', 'patient.create'] });
    const token = new ApiClient(server.baseUrl, issued.body.token);
    expect((await token.request('POST', '/patients', { body: patientInput(org.facilityIds[0]), headers: { origin: '' } })).status).toBe(201);
  });
});
