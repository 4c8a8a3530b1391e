import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/platform/auth/totp';
import { buildOrganization, registerPatient, testPassword, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('sign-in', () => {
  let org: TestOrganization;
  beforeAll(async () => {
    org = await buildOrganization(server.db);
  });

  it('sets an httpOnly, SameSite=Strict session cookie and answers who is signed in', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: org.users.nurse.email, password: testPassword }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/wp_session=wps_/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await res.json();
    expect(me.user).toMatchObject({ role: 'nurse', email: org.users.nurse.email });
    expect(JSON.stringify(me)).not.toContain('password');
    expect(me.permissions).toEqual(expect.arrayContaining(['patient.read', 'withdrawal.update', 'census.read']));
    expect(me.permissions).not.toContain('audit.read');
  });

  it('refuses a wrong password and an unknown email with the same message', async () => {
    const a = await new ApiClient(server.baseUrl).post('/auth/sign-in', { email: org.users.counselor.email, password: 'not-the-password' });
    const b = await new ApiClient(server.baseUrl).post('/auth/sign-in', { email: 'nobody@nowhere.test', password: 'not-the-password' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.detail).toBe(b.body.detail);
    expect(a.headers.get('content-type')).toContain('application/problem+json');
  });

  it('locks an account for 15 minutes after five failures, even against the right password', async () => {
    const local = await buildOrganization(server.db);
    const email = local.users.case_manager.email;
    for (let i = 0; i < 5; i++) expect((await new ApiClient(server.baseUrl).post('/auth/sign-in', { email, password: `wrong-${i}` })).status).toBe(401);
    const locked = await new ApiClient(server.baseUrl).post('/auth/sign-in', { email, password: testPassword });
    expect(locked.status).toBe(423);
    expect(locked.body.lockedUntil).toBeTruthy();
    server.clock.advanceMinutes(16);
    expect((await new ApiClient(server.baseUrl).post('/auth/sign-in', { email, password: testPassword })).status).toBe(200);
  });

  it('records sign-ins and failures in the audit log', async () => {
    const local = await buildOrganization(server.db);
    await new ApiClient(server.baseUrl).post('/auth/sign-in', { email: local.users.prescriber.email, password: 'wrong-password' });
    await local.signIn('prescriber', server.baseUrl);
    const rows = await server.db.selectFrom('audit_log').select(['action', 'outcome']).where('organization_id', '=', local.organizationId).where('user_id', '=', local.users.prescriber.id).orderBy('seq').execute();
    expect(rows).toEqual([
      { action: 'sign-in', outcome: 'failure' },
      { action: 'sign-in', outcome: 'success' },
    ]);
  });

  it('treats addresses differing only by case or Unicode form as one account', async () => {
    const admin = await org.signIn('administrator', server.baseUrl);
    const email = `Ｍixed.${Date.now()}@Test.Waypoint`; // fullwidth M: NFKC folds it to M
    expect((await admin.post('/users', { email, displayName: 'Mixed', role: 'counselor', password: 'a-long-password-2', facilityIds: [] })).status).toBe(201);
    expect((await admin.post('/users', { email: email.normalize('NFKC').toUpperCase(), displayName: 'Twin', role: 'counselor', password: 'a-long-password-2', facilityIds: [] })).status).toBe(409);
    expect((await new ApiClient(server.baseUrl).post('/auth/sign-in', { email: email.normalize('NFKC').toLowerCase(), password: 'a-long-password-2' })).status).toBe(200);
  });

  it('refuses malformed sign-in input with a 400 naming the field', async () => {
    const res = await new ApiClient(server.baseUrl).post('/auth/sign-in', { email: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('password');
  });
});

describe('sessions', () => {
  it('time out after 15 idle minutes; background polling does not keep them alive, foreground use does', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const poller = await org.signIn('nurse', server.baseUrl);
    for (let i = 0; i < 3; i++) {
      server.clock.advanceMinutes(4);
      expect((await nurse.get('/patients?limit=1')).status).toBe(200);
      expect((await poller.get(`/facilities/${org.facilityIds[0]}/census`, { 'x-waypoint-background': '1' })).status).toBe(200);
    }
    // 20 minutes on: the foreground session lives, the background-only one has been idle since sign-in.
    server.clock.advanceMinutes(8);
    expect((await nurse.get('/auth/me')).status).toBe(200);
    const expired = await poller.get('/auth/me');
    expect(expired.status).toBe(401);
    expect(expired.body.rule).toBe('idle-timeout');
    server.clock.advanceMinutes(16);
    expect((await nurse.get('/auth/me')).status).toBe(401);
  });

  it('follow the organization’s configured time-out', async () => {
    const org = await buildOrganization(server.db);
    const admin = await org.signIn('administrator', server.baseUrl);
    expect((await admin.patch('/organization', { idleTimeoutMinutes: 60 })).body.idleTimeoutMinutes).toBe(60);
    const nurse = await org.signIn('nurse', server.baseUrl);
    server.clock.advanceMinutes(45);
    expect((await nurse.get('/auth/me')).status).toBe(200);
    expect((await admin.patch('/organization', { idleTimeoutMinutes: 0 })).status).toBe(400);
  });

  it('end after 12 hours however active', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    for (let i = 0; i < 12; i++) {
      server.clock.advanceMinutes(14);
      expect((await nurse.get('/auth/me')).status).toBe(200);
    }
    for (let i = 0; i < 40; i++) {
      server.clock.advanceMinutes(14);
      const res = await nurse.get('/auth/me');
      if (res.status === 401) {
        expect(res.body.rule).toBe('session-lifetime');
        return;
      }
    }
    throw new Error('session outlived its absolute lifetime');
  });

  it('end at sign-out', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    expect((await nurse.post('/auth/sign-out')).status).toBe(204);
    expect((await nurse.get('/auth/me')).status).toBe(401);
  });

  it('all end at once when a user is deactivated, and the user cannot sign in', async () => {
    const org = await buildOrganization(server.db);
    const a = await org.signIn('counselor', server.baseUrl);
    const b = await org.signIn('counselor', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    expect((await admin.post(`/users/${org.users.counselor.id}/deactivate`)).body.active).toBe(false);
    expect((await a.get('/auth/me')).status).toBe(401);
    expect((await b.get('/patients')).status).toBe(401);
    expect((await new ApiClient(server.baseUrl).post('/auth/sign-in', { email: org.users.counselor.email, password: testPassword })).status).toBe(401);
    expect((await admin.post(`/users/${org.users.administrator.id}/deactivate`)).status).toBe(409);
  });

  it('end when an administrator sets a new password, which then works', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    expect((await admin.patch(`/users/${org.users.nurse.id}`, { password: 'short' })).status).toBe(400);
    expect((await admin.patch(`/users/${org.users.nurse.id}`, { password: 'a-brand-new-passphrase' })).status).toBe(200);
    expect((await nurse.get('/auth/me')).status).toBe(401);
    expect((await new ApiClient(server.baseUrl).post('/auth/sign-in', { email: org.users.nurse.email, password: testPassword })).status).toBe(401);
    expect((await new ApiClient(server.baseUrl).post('/auth/sign-in', { email: org.users.nurse.email, password: 'a-brand-new-passphrase' })).status).toBe(200);
  });

  it('end when a user’s role changes', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    expect((await admin.patch(`/users/${org.users.nurse.id}`, { role: 'counselor' })).body.role).toBe('counselor');
    expect((await nurse.get('/auth/me')).status).toBe(401);
  });
});

describe('two-step verification (TOTP)', () => {
  it('enrols, then requires the code at every sign-in before patient data', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const { secret, otpauthUri } = (await nurse.post('/auth/mfa/enrol')).body;
    expect(otpauthUri).toContain('otpauth://totp/');
    expect((await nurse.post('/auth/mfa/enrol/confirm', { code: '000000' })).status).toBe(422);
    expect((await nurse.post('/auth/mfa/enrol/confirm', { code: currentTotp(secret, server.clock.now()) })).body.user.mfaEnabled).toBe(true);

    const again = await org.signIn('nurse', server.baseUrl);
    const blocked = await again.get('/patients');
    expect(blocked.status).toBe(403);
    expect(blocked.body.rule).toBe('mfa-required');
    expect((await again.post('/auth/mfa/verify', { code: '123' })).status).toBe(400);
    expect((await again.post('/auth/mfa/verify', { code: currentTotp(secret, server.clock.now()) })).body.session.mfaVerified).toBe(true);
    expect((await again.get('/patients')).status).toBe(200);
  });

  it('is forced on staff by the organization policy, not on patients', async () => {
    const org = await buildOrganization(server.db, { mfaRequired: true });
    const nurse = await org.signIn('nurse', server.baseUrl);
    expect((await nurse.get('/patients')).body.rule).toBe('mfa-required');
    const me = (await nurse.get('/auth/me')).body;
    expect(me.session).toEqual({ mfaVerified: false, mfaRequired: true });
    const { secret } = (await nurse.post('/auth/mfa/enrol')).body;
    await nurse.post('/auth/mfa/enrol/confirm', { code: currentTotp(secret, server.clock.now()) });
    expect((await nurse.get('/patients')).status).toBe(200);
  });
});

describe('bearer tokens', () => {
  it('let an integration call the API as the administrator who issued them', async () => {
    const org = await buildOrganization(server.db);
    const admin = await org.signIn('administrator', server.baseUrl);
    const nurse = await org.signIn('nurse', server.baseUrl);
    expect((await nurse.post('/auth/tokens', { name: 'x' })).status).toBe(403);
    const { token } = (await admin.post('/auth/tokens', { name: 'Lab interface' })).body;
    expect(token).toMatch(/^wpt_/);
    const integration = new ApiClient(server.baseUrl, token);
    const patient = await registerPatient(integration, org.facilityIds[0]);
    expect((await integration.get(`/patients/${patient.id}`)).status).toBe(200);
    // Tokens do not idle out, but die with their user.
    server.clock.advanceMinutes(120);
    expect((await integration.get('/facilities')).status).toBe(200);
    expect((await new ApiClient(server.baseUrl, 'wpt_forged').get('/facilities')).status).toBe(401);
  });
});
