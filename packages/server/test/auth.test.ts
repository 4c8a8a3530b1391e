import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/platform/auth/totp';
import { buildOrganization, registerPatient, testPassword, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

// Sign-in, sessions, MFA and tokens (security.md A and B). One server; every test builds its own
// organization. The clock only moves forward, so a test that needs a quiet window moves it itself.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const anonymous = () => new ApiClient(server.baseUrl);
const signInAttempt = (email: string, password: string) => anonymous().post('/auth/sign-in', { email, password });

/** Signs in with a bare fetch and returns the raw session cookie, to replay it later like an attacker would. */
async function rawSignIn(email: string): Promise<{ cookie: string; setCookie: string }> {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: testPassword }),
  });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie')!;
  return { cookie: /wp_session=[^;]+/.exec(setCookie)![0], setCookie };
}

const withCookie = (cookie: string, path: string, init: RequestInit = {}) =>
  fetch(`${server.baseUrl}/api/v1${path}`, { ...init, headers: { origin: server.baseUrl, ...(init.headers as Record<string, string>), cookie } });

describe('sign-in', () => {
  let org: TestOrganization;
  beforeAll(async () => {
    org = await buildOrganization(server.db);
  });

  it('sets an httpOnly, SameSite=Strict session cookie and answers who is signed in', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: org.users.nurse.email, password: testPassword }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/wp_session=wps_[A-Za-z0-9_-]{40,}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    const me = await res.json();
    expect(me.user).toMatchObject({
      id: org.users.nurse.id,
      role: 'nurse',
      email: org.users.nurse.email,
      organizationId: org.organizationId,
      facilityIds: [org.facilityIds[0]],
      mfaEnabled: false,
      patientId: null,
    });
    expect(me.organization).toMatchObject({ id: org.organizationId, mfaRequired: false, idleTimeoutMinutes: 15 });
    expect(me.session.mfaVerified).toBe(false);
    expect(JSON.stringify(me)).not.toMatch(/password|hash|secret/i);
    expect(me.permissions).toEqual(expect.arrayContaining(['patient.read', 'withdrawal.update', 'census.read']));
    expect(me.permissions).not.toContain('audit.read');
    // Each sign-in gets a fresh session id (security.md B.17); the cookie really is the session.
    const again = await rawSignIn(org.users.nurse.email);
    expect(again.cookie).not.toBe(/wp_session=[^;]+/.exec(cookie)![0]);
    expect((await withCookie(again.cookie, '/auth/me')).status).toBe(200);
  });

  it('refuses a wrong password and an unknown email alike: 401, problem+json, the same message', async () => {
    const a = await signInAttempt(org.users.counselor.email, 'not-the-password');
    const b = await signInAttempt(`nobody.${Date.now()}@nowhere.test`, 'not-the-password');
    for (const res of [a, b]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(a.body).toEqual(b.body);
    expect(a.body.detail).toBe('Email or password is not right.');
  });

  it('locks an account for 15 minutes after five failures, refusing even the right password until then', async () => {
    const local = await buildOrganization(server.db);
    const email = local.users.case_manager.email;
    for (let i = 0; i < 5; i++) expect((await signInAttempt(email, `wrong-${i}`)).status).toBe(401);
    const startedAt = server.clock.now().getTime();
    const locked = await signInAttempt(email, testPassword);
    // The reply does not reveal the lock (nor that the e-mail exists): the same as a wrong password.
    const unknown = await signInAttempt(`nobody.${Date.now()}@nowhere.test`, 'whatever-guess');
    expect(locked.status).toBe(401);
    expect(locked.headers.get('content-type')).toContain('application/problem+json');
    expect(locked.body).toEqual(unknown.body);
    const row = await server.db.selectFrom('users').select('locked_until').where('email', '=', email).executeTakeFirstOrThrow();
    const until = row.locked_until!.getTime();
    expect(until - startedAt).toBeGreaterThan(14 * 60_000);
    expect(until - startedAt).toBeLessThanOrEqual(15 * 60_000);
    // Still locked a minute before the end, for the right password and a wrong one alike.
    server.clock.advanceMinutes(14);
    expect((await signInAttempt(email, testPassword)).status).toBe(401);
    expect((await signInAttempt(email, 'still-wrong')).status).toBe(401);
    // Another user of the same organization is not affected.
    expect((await signInAttempt(local.users.counselor.email, testPassword)).status).toBe(200);
    server.clock.advanceMinutes(2);
    expect((await signInAttempt(email, testPassword)).status).toBe(200);
    // Failures, the refused attempts while locked and the success are all in the audit log.
    const rows = await server.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('organization_id', '=', local.organizationId)
      .where('user_id', '=', local.users.case_manager.id)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.outcome)).toEqual(['failure', 'failure', 'failure', 'failure', 'failure', 'denied', 'denied', 'denied', 'success']);
  });

  it('records sign-ins, failures and sign-outs in the audit log', async () => {
    const local = await buildOrganization(server.db);
    await signInAttempt(local.users.prescriber.email, 'wrong-password');
    const prescriber = await local.signIn('prescriber', server.baseUrl);
    await prescriber.post('/auth/sign-out');
    const rows = await server.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'role', 'source_ip'])
      .where('organization_id', '=', local.organizationId)
      .where('user_id', '=', local.users.prescriber.id)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { action: 'sign-in', outcome: 'failure', role: 'prescriber', source_ip: '127.0.0.1' },
      { action: 'sign-in', outcome: 'success', role: 'prescriber', source_ip: '127.0.0.1' },
      { action: 'sign-out', outcome: 'success', role: 'prescriber', source_ip: '127.0.0.1' },
    ]);
  });

  it('treats addresses differing only by case or Unicode form as one account', async () => {
    const admin = await org.signIn('administrator', server.baseUrl);
    const email = `Ｍixed.${Date.now()}@Test.Waypoint`; // fullwidth M: NFKC folds it to M
    expect((await admin.post('/users', { email, displayName: 'Mixed', role: 'counselor', password: 'a-long-password-2', facilityIds: [] })).status).toBe(201);
    const twin = await admin.post('/users', {
      email: email.normalize('NFKC').toUpperCase(),
      displayName: 'Twin',
      role: 'counselor',
      password: 'a-long-password-2',
      facilityIds: [],
    });
    expect(twin.status).toBe(409);
    expect(twin.body.rule).toBe('email-taken');
    expect((await signInAttempt(email.normalize('NFKC').toLowerCase(), 'a-long-password-2')).status).toBe(200);
  });

  it('refuses malformed sign-in input with a 400 naming the field', async () => {
    const res = await anonymous().post('/auth/sign-in', { email: 'x' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['email', 'password']));
  });
});

describe('sessions', () => {
  it('time out after 15 idle minutes: the next request is 401 idle-timeout, and the session stays ended', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    server.clock.advanceMinutes(14);
    expect((await nurse.get(`/patients/${p.id}`)).status).toBe(200);
    server.clock.advanceMinutes(16);
    const expired = await nurse.get(`/patients/${p.id}`);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('content-type')).toContain('application/problem+json');
    expect(expired.body.rule).toBe('idle-timeout');
    expect(JSON.stringify(expired.body)).not.toContain(p.mrn);
    // Ended, not merely stale: coming back at once does not revive it.
    const after = await nurse.get('/auth/me');
    expect(after.status).toBe(401);
    const row = await server.db
      .selectFrom('sessions')
      .select('ended_at')
      .where('user_id', '=', org.users.nurse.id)
      .where('kind', '=', 'session')
      .executeTakeFirstOrThrow();
    expect(row.ended_at).not.toBeNull();
  });

  it('move the idle clock at most every 15 seconds: a burst of requests writes the session once', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const lastSeen = async () =>
      (
        await server.db
          .selectFrom('sessions')
          .select('last_seen_at')
          .where('user_id', '=', org.users.nurse.id)
          .where('kind', '=', 'session')
          .executeTakeFirstOrThrow()
      ).last_seen_at.getTime();
    const signedIn = await lastSeen();
    server.clock.advance(5_000);
    expect((await nurse.get('/auth/me')).status).toBe(200);
    expect((await nurse.get('/patients?limit=1')).status).toBe(200);
    expect(await lastSeen()).toBe(signedIn);
    server.clock.advance(10_000);
    expect((await nurse.get('/auth/me')).status).toBe(200);
    // The test clock runs on in real time besides its jumps: moved to this request, 15 s or more on.
    expect(await lastSeen()).toBeGreaterThanOrEqual(signedIn + 15_000);
  });

  it('are not kept alive by background polling every 5 minutes; foreground use keeps them alive', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const poller = await org.signIn('nurse', server.baseUrl);
    const background = { 'x-waypoint-background': '1' };
    // Parameters that look like keep-alive switches change nothing (security.md B.14).
    const poll = () => poller.get('/patients?limit=1&keepalive=1&noTimeout=true&refresh=1', { ...background, 'x-keepalive': '1' });
    for (let minute = 5; minute <= 10; minute += 5) {
      server.clock.advanceMinutes(5);
      expect((await nurse.get('/patients?limit=1')).status).toBe(200);
      expect((await poll()).status).toBe(200);
      expect((await poller.get(`/facilities/${org.facilityIds[0]}/census`, background)).status).toBe(200);
    }
    // 15 minutes after sign-in: the poller has polled every 5 minutes, yet is idle; the nurse is not.
    server.clock.advanceMinutes(5);
    expect((await nurse.get('/patients?limit=1')).status).toBe(200);
    const expired = await poll();
    expect(expired.status).toBe(401);
    expect(expired.body.rule).toBe('idle-timeout');
    // The foreground session's own idle clock started at its last foreground request.
    server.clock.advanceMinutes(10);
    expect((await nurse.get('/patients?limit=1', background)).status).toBe(200);
    server.clock.advanceMinutes(6);
    const nurseExpired = await nurse.get('/auth/me');
    expect(nurseExpired.status).toBe(401);
    expect(nurseExpired.body.rule).toBe('idle-timeout');
  });

  it('follow the organization’s configured time-out, longer or shorter', async () => {
    const org = await buildOrganization(server.db);
    const admin = await org.signIn('administrator', server.baseUrl);
    const longer = await admin.patch('/organization', { idleTimeoutMinutes: 60 });
    expect(longer.status).toBe(200);
    expect(longer.body.idleTimeoutMinutes).toBe(60);
    const nurse = await org.signIn('nurse', server.baseUrl);
    expect((await nurse.get('/auth/me')).body.organization.idleTimeoutMinutes).toBe(60);
    server.clock.advanceMinutes(45);
    expect((await nurse.get('/patients')).status).toBe(200);
    expect((await admin.patch('/organization', { idleTimeoutMinutes: 5 })).body.idleTimeoutMinutes).toBe(5);
    const counselor = await org.signIn('counselor', server.baseUrl);
    server.clock.advanceMinutes(6);
    const expired = await counselor.get('/patients');
    expect(expired.status).toBe(401);
    expect(expired.body.rule).toBe('idle-timeout');
    const freshAdmin = await org.signIn('administrator', server.baseUrl);
    for (const bad of [0, -5, 721, 7.5, '15']) {
      const res = await freshAdmin.patch('/organization', { idleTimeoutMinutes: bad });
      expect(res.status, String(bad)).toBe(400);
      expect(res.body.errors[0].field).toBe('idleTimeoutMinutes');
    }
    expect((await (await org.signIn('nurse', server.baseUrl)).patch('/organization', { idleTimeoutMinutes: 720 })).status).toBe(403);
  });

  it('end after 12 hours however active', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    for (let i = 0; i < 51; i++) {
      server.clock.advanceMinutes(14); // 51 × 14 min = 11 h 54 min
      expect((await nurse.get('/auth/me')).status).toBe(200);
    }
    server.clock.advanceMinutes(14);
    const res = await nurse.get('/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.rule).toBe('session-lifetime');
  });

  it('end at sign-out on the server: the old cookie replayed afterwards is refused', async () => {
    const org = await buildOrganization(server.db);
    const { cookie } = await rawSignIn(org.users.nurse.email);
    expect((await withCookie(cookie, '/patients')).status).toBe(200);
    const out = await withCookie(cookie, '/auth/sign-out', { method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/wp_session=;/);
    const replay = await withCookie(cookie, '/patients');
    expect(replay.status).toBe(401);
    expect((await withCookie(cookie, '/auth/me')).status).toBe(401);
    // Signing out twice, or without a session, is harmless.
    expect((await withCookie(cookie, '/auth/sign-out', { method: 'POST' })).status).toBe(204);
  });

  it('all end at once when a user is deactivated, and the user cannot sign in', async () => {
    const org = await buildOrganization(server.db);
    const a = await org.signIn('counselor', server.baseUrl);
    const b = await org.signIn('counselor', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    expect((await a.get('/patients')).status).toBe(200);
    const res = await admin.post(`/users/${org.users.counselor.id}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await a.get('/auth/me')).status).toBe(401);
    expect((await b.get('/patients')).status).toBe(401);
    expect((await signInAttempt(org.users.counselor.email, testPassword)).status).toBe(401);
    expect((await admin.post(`/users/${org.users.administrator.id}/deactivate`)).status).toBe(409);
    // Reactivated, the user signs in again.
    expect((await admin.post(`/users/${org.users.counselor.id}/reactivate`)).body.active).toBe(true);
    expect((await signInAttempt(org.users.counselor.email, testPassword)).status).toBe(200);
  });

  it('end when an administrator sets a new password, which then works', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const short = await admin.patch(`/users/${org.users.nurse.id}`, { password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].field).toBe('password');
    expect((await admin.patch(`/users/${org.users.nurse.id}`, { password: 'a-brand-new-passphrase' })).status).toBe(200);
    expect((await nurse.get('/auth/me')).status).toBe(401);
    expect((await signInAttempt(org.users.nurse.email, testPassword)).status).toBe(401);
    expect((await signInAttempt(org.users.nurse.email, 'a-brand-new-passphrase')).status).toBe(200);
  });

  it('end when a user’s role changes, and the new role applies at the next sign-in', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const changed = await admin.patch(`/users/${org.users.nurse.id}`, { role: 'counselor' });
    expect(changed.status).toBe(200);
    expect(changed.body.role).toBe('counselor');
    expect((await nurse.get('/auth/me')).status).toBe(401);
    const again = await org.signIn('nurse', server.baseUrl); // same email, now a counselor
    expect((await again.get('/auth/me')).body.user.role).toBe('counselor');
    expect((await again.post('/patients', {})).status).toBe(403);
  });

  it('lose a facility’s patients on the very next request when the facility is taken away', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    expect((await nurse.get(`/patients/${p.id}`)).status).toBe(200);
    expect((await admin.patch(`/users/${org.users.nurse.id}`, { facilityIds: [org.facilityIds[1]] })).status).toBe(200);
    expect((await nurse.get(`/patients/${p.id}`)).status).toBe(404);
  });
});

describe('two-step verification (TOTP)', () => {
  it('enrols, then requires the code at every sign-in before patient data', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    const enrol = await nurse.post('/auth/mfa/enrol');
    expect(enrol.status).toBe(200);
    const { secret, otpauthUri } = enrol.body;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(otpauthUri).toContain(`secret=${secret}`);
    const wrongConfirm = await nurse.post('/auth/mfa/enrol/confirm', { code: '000000' === currentTotp(secret, server.clock.now()) ? '111111' : '000000' });
    expect(wrongConfirm.status).toBe(422);
    expect((await nurse.get('/auth/me')).body.user.mfaEnabled).toBe(false);
    const confirmed = await nurse.post('/auth/mfa/enrol/confirm', { code: currentTotp(secret, server.clock.now()) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.user.mfaEnabled).toBe(true);
    expect(confirmed.body.session.mfaVerified).toBe(true);
    // The enrolled authenticator cannot be swapped for another one through enrolment.
    expect((await nurse.post('/auth/mfa/enrol')).status).toBe(409);

    const again = await org.signIn('nurse', server.baseUrl);
    const me = (await again.get('/auth/me')).body;
    expect(me.user.mfaEnabled).toBe(true);
    expect(me.session.mfaVerified).toBe(false);
    for (const path of ['/patients', `/patients/${p.id}`, `/patients/${p.id}/header`, `/facilities/${org.facilityIds[0]}/census`]) {
      const blocked = await again.get(path);
      expect(blocked.status, path).toBe(403);
      expect(blocked.headers.get('content-type')).toContain('application/problem+json');
      expect(blocked.body.rule).toBe('mfa-required');
      expect(blocked.body.type).toMatch(/mfa-required$/);
    }
    // Nor can a second session (a thief with the password) replace the authenticator.
    expect((await again.post('/auth/mfa/enrol')).status).toBe(409);
    expect((await again.post('/auth/mfa/verify', { code: '123' })).status).toBe(400);
    const now = server.clock.now();
    const wrong = await again.post('/auth/mfa/verify', { code: currentTotp(secret, new Date(now.getTime() + 10 * 60_000)) });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].field).toBe('code');
    expect((await again.get('/patients')).status).toBe(403);
    server.clock.advance(31_000); // the code used to enrol is spent: the next one
    const verified = await again.post('/auth/mfa/verify', { code: currentTotp(secret, server.clock.now()) });
    expect(verified.status).toBe(200);
    expect(verified.body.session.mfaVerified).toBe(true);
    expect((await again.get(`/patients/${p.id}`)).status).toBe(200);
  });

  it('locks the account after five wrong codes, so a stolen password cannot be followed by code guessing', async () => {
    const org = await buildOrganization(server.db);
    const first = await org.signIn('prescriber', server.baseUrl);
    const { secret } = (await first.post('/auth/mfa/enrol')).body;
    await first.post('/auth/mfa/enrol/confirm', { code: currentTotp(secret, server.clock.now()) });
    const thief = await org.signIn('prescriber', server.baseUrl);
    const wrongCode = () => currentTotp(secret, new Date(server.clock.now().getTime() + 10 * 60_000));
    for (let i = 0; i < 5; i++) expect((await thief.post('/auth/mfa/verify', { code: wrongCode() })).status).toBe(422);
    // Locked: every session of the user ended, and signing in again is refused until the lock ends.
    expect((await thief.post('/auth/mfa/verify', { code: currentTotp(secret, server.clock.now()) })).status).toBe(401);
    expect((await first.get('/auth/me')).status).toBe(401);
    expect((await signInAttempt(org.users.prescriber.email, testPassword)).status).toBe(401);
    server.clock.advanceMinutes(16);
    const owner = await org.signIn('prescriber', server.baseUrl);
    expect((await owner.post('/auth/mfa/verify', { code: currentTotp(secret, server.clock.now()) })).status).toBe(200);
    expect((await owner.get('/patients')).status).toBe(200);
  });

  it('is forced on staff by the organization policy (enrolment first), not on patients', async () => {
    const org = await buildOrganization(server.db, { mfaRequired: true });
    const nurse = await org.signIn('nurse', server.baseUrl);
    const blocked = await nurse.get('/patients');
    expect(blocked.status).toBe(403);
    expect(blocked.body.rule).toBe('mfa-required');
    const me = (await nurse.get('/auth/me')).body;
    expect(me.organization.mfaRequired).toBe(true);
    expect(me.user.mfaEnabled).toBe(false);
    expect(me.session).toEqual({ mfaVerified: false, mfaRequired: true });
    // Not enrolled yet: there is nothing to verify against.
    expect((await nurse.post('/auth/mfa/verify', { code: '123456' })).status).toBe(409);
    // The password alone does not enrol an authenticator: an administrator issues a one-time code.
    const refused = await nurse.post('/auth/mfa/enrol');
    expect(refused.status).toBe(403);
    expect(refused.body.rule).toBe('mfa-enrolment-code');
    // The administrator is staff too; the first one enrols without a code (nobody could issue one).
    const admin = await org.signIn('administrator', server.baseUrl);
    expect((await admin.get('/organization')).body.rule).toBe('mfa-required');
    const adminSecret = (await admin.post('/auth/mfa/enrol')).body.secret;
    expect((await admin.post('/auth/mfa/enrol/confirm', { code: currentTotp(adminSecret, server.clock.now()) })).status).toBe(200);
    const issued = await admin.post(`/users/${org.users.nurse.id}/mfa-enrolment`);
    expect(issued.status).toBe(200);
    const nurseAgain = await org.signIn('nurse', server.baseUrl);
    expect((await nurseAgain.post('/auth/mfa/enrol', { enrolmentCode: 'WRONGCODE123' })).status).toBe(403);
    const { secret } = (await nurseAgain.post('/auth/mfa/enrol', { enrolmentCode: issued.body.enrolmentCode })).body;
    expect((await nurseAgain.get('/patients')).status).toBe(403);
    expect((await nurseAgain.post('/auth/mfa/enrol/confirm', { code: currentTotp(secret, server.clock.now()) })).status).toBe(200);
    expect((await nurseAgain.get('/patients')).status).toBe(200);
    // The code is spent once used.
    const used = await server.db.selectFrom('users').select('mfa_enrolment_code_hash').where('id', '=', org.users.nurse.id).executeTakeFirstOrThrow();
    expect(used.mfa_enrolment_code_hash).toBeNull();
    // A patient signs in to the portal without a second factor.
    const patient = await org.signIn('patient', server.baseUrl);
    expect((await patient.get('/auth/me')).body.session.mfaRequired).toBe(false);
    expect((await patient.get('/portal/me')).status).not.toBe(403);
  });

  it('policy switched on later applies to sessions already open', async () => {
    const org = await buildOrganization(server.db);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    expect((await nurse.get('/patients')).status).toBe(200);
    expect((await admin.patch('/organization', { mfaRequired: true })).body.mfaRequired).toBe(true);
    expect((await nurse.get('/patients')).body.rule).toBe('mfa-required');
  });
});

describe('bearer tokens', () => {
  it('let an integration call the API as the administrator who issued them', async () => {
    const org = await buildOrganization(server.db);
    const admin = await org.signIn('administrator', server.baseUrl);
    const nurse = await org.signIn('nurse', server.baseUrl);
    expect((await nurse.post('/auth/tokens', { name: 'x' })).status).toBe(403);
    const issued = await admin.post('/auth/tokens', { name: 'Lab interface', scopes: ['patient.create', 'patient.read', 'facility.read'] });
    expect(issued.status).toBe(201);
    expect(issued.body.name).toBe('Lab interface');
    const { token } = issued.body;
    expect(token).toMatch(/^wpt_[A-Za-z0-9_-]{40,}$/);
    // Only a hash is stored.
    const stored = await server.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', org.users.administrator.id)
      .where('kind', '=', 'api-token')
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const integration = new ApiClient(server.baseUrl, token);
    const patient = await registerPatient(integration, org.facilityIds[0]);
    expect((await integration.get(`/patients/${patient.id}`)).status).toBe(200);
    expect((await integration.get('/auth/me')).body.user.id).toBe(org.users.administrator.id);
    // Tokens do not idle out.
    server.clock.advanceMinutes(120);
    expect((await integration.get('/facilities')).status).toBe(200);
    for (const forged of ['wpt_forged', token.slice(0, -1), `${token}x`, 'wps_' + token.slice(4)]) {
      expect((await new ApiClient(server.baseUrl, forged).get('/facilities')).status).toBe(401);
    }
  });

  it('die with the user who issued them', async () => {
    const org = await buildOrganization(server.db);
    const admin = await org.signIn('administrator', server.baseUrl);
    const email = `second.admin.${Date.now()}@test.waypoint`;
    const second = await admin.post('/users', { email, displayName: 'Second admin', role: 'administrator', password: 'a-long-password-3', facilityIds: [] });
    expect(second.status).toBe(201);
    const secondClient = new ApiClient(server.baseUrl);
    await secondClient.signIn(email, 'a-long-password-3');
    const { token } = (await secondClient.post('/auth/tokens', { name: 'Billing export', scopes: ['facility.read'] })).body;
    const integration = new ApiClient(server.baseUrl, token);
    expect((await integration.get('/facilities')).status).toBe(200);
    await admin.post(`/users/${second.body.id}/deactivate`);
    expect((await integration.get('/facilities')).status).toBe(401);
  });
});

// Last in the file: it fills this server's per-address failure window (every test here comes from 127.0.0.1).
describe('per-address throttle', () => {
  it('answers 429 with Retry-After after 20 failures from one address, whatever the account, until the window passes', async () => {
    const org = await buildOrganization(server.db);
    server.clock.advanceMinutes(16); // earlier tests' failures leave the 15-minute window
    for (let i = 0; i < 20; i++) expect((await signInAttempt(`stuffing.${i}.${Date.now()}@nowhere.test`, 'guess')).status).toBe(401);
    const throttled = await signInAttempt(`stuffing.last@nowhere.test`, 'guess');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    // The right password of a real account from the same address is refused too.
    expect((await signInAttempt(org.users.nurse.email, testPassword)).status).toBe(429);
    server.clock.advanceMinutes(16);
    expect((await signInAttempt(org.users.nurse.email, testPassword)).status).toBe(200);
  });
});
