import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, registerPatient, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

// Issue 12 item 8: bearer tokens are scoped, expire, can be listed and revoked; sign-out revokes them.
let server: TestServer;
let org: TestOrganization;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  admin = await org.signIn('administrator', server.baseUrl);
});
afterAll(() => server?.close());

async function issue(scopes: string[], extra: Record<string, unknown> = {}) {
  const res = await admin.post('/auth/tokens', { name: `Interface ${Math.random()}`, scopes, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...res.body, client: new ApiClient(server.baseUrl, res.body.token) } as { id: string; token: string; expiresAt: string; client: ApiClient };
}

describe('API tokens', () => {
  it('act only within their scopes, on top of the issuer’s role', async () => {
    const t = await issue(['facility.read', 'patient.read']);
    expect((await t.client.get('/facilities')).status).toBe(200);
    const refused = await t.client.post('/patients', { legalGivenName: 'A' });
    expect(refused.status).toBe(403);
    expect(refused.body.rule).toBe('token-scope');
    expect((await t.client.get('/users')).body.rule).toBe('token-scope');
    const denied = await server.db
      .selectFrom('audit_log')
      .select('outcome')
      .where('organization_id', '=', org.organizationId)
      .where('resource_type', '=', 'user')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it('cannot be scoped beyond what the issuing role may do, or last more than a year', async () => {
    const wider = await admin.post('/auth/tokens', { name: 'x', scopes: ['withdrawal.update'] });
    expect(wider.status).toBe(422);
    expect(wider.body.errors[0]).toMatchObject({ field: 'scopes', rule: 'scope-granted' });
    const long = await admin.post('/auth/tokens', { name: 'x', scopes: ['facility.read'], expiresInDays: 400 });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].field).toBe('expiresInDays');
    const none = await admin.post('/auth/tokens', { name: 'x', scopes: [] });
    expect(none.status).toBe(400);
  });

  it('expire after 90 days by default', async () => {
    const t = await issue(['facility.read']);
    expect(new Date(t.expiresAt).getTime() - server.clock.now().getTime()).toBeGreaterThan(89.9 * 86_400_000);
    const short = await issue(['facility.read'], { expiresInDays: 1 });
    server.clock.advanceMinutes(24 * 60 + 1);
    const expired = await short.client.get('/facilities');
    expect(expired.status).toBe(401);
    expect(expired.body.rule).toBe('token-expired');
    expect((await t.client.get('/facilities')).status).toBe(200);
    server.clock.advanceMinutes(90 * 24 * 60);
    expect((await t.client.get('/facilities')).status).toBe(401);
    admin = await org.signIn('administrator', server.baseUrl);
  });

  it('are listed without their secret and revoked by an administrator, stopping at once', async () => {
    const t = await issue(['facility.read']);
    const list = await admin.get('/auth/tokens');
    expect(list.status).toBe(200);
    const row = list.body.items.find((x: { id: string }) => x.id === t.id);
    expect(row).toMatchObject({ scopes: ['facility.read'], active: true, revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(t.token);
    const nurse = await org.signIn('nurse', server.baseUrl);
    expect((await nurse.get('/auth/tokens')).status).toBe(403);
    expect((await nurse.post(`/auth/tokens/${t.id}/revoke`)).status).toBe(403);
    const other = await buildOrganization(server.db);
    const otherAdmin = await other.signIn('administrator', server.baseUrl);
    expect((await otherAdmin.post(`/auth/tokens/${t.id}/revoke`)).status).toBe(404);
    const revoked = await admin.post(`/auth/tokens/${t.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.active).toBe(false);
    expect((await t.client.get('/facilities')).status).toBe(401);
  });

  it('signing out with a bearer token revokes it', async () => {
    const t = await issue(['patient.create', 'patient.read']);
    await registerPatient(t.client, org.facilityIds[0]);
    expect((await t.client.post('/auth/sign-out')).status).toBe(204);
    expect((await t.client.get('/patients')).status).toBe(401);
    const row = (await admin.get('/auth/tokens')).body.items.find((x: { id: string }) => x.id === t.id);
    expect(row.revokedAt).not.toBeNull();
  });
});
