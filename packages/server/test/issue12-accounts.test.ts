import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, registerPatient, testPassword, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

// Issue 12 item 10: idle time-out exact, password policy, lockout indistinguishable, access history audited.
let server: TestServer;
let org: TestOrganization;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  admin = await org.signIn('administrator', server.baseUrl);
});
afterAll(() => server?.close());

describe('the idle time-out', () => {
  it('lasts exactly the configured minutes after the last foreground request, not up to 30 s less', async () => {
    const local = await buildOrganization(server.db);
    const localAdmin = await local.signIn('administrator', server.baseUrl);
    expect((await localAdmin.patch('/organization', { idleTimeoutMinutes: 1 })).status).toBe(200);
    const nurse = await local.signIn('nurse', server.baseUrl);
    server.clock.advance(20_000);
    expect((await nurse.get('/patients')).status).toBe(200);
    server.clock.advance(55_000); // 75 s after sign-in, 55 s after the last request
    expect((await nurse.get('/patients')).status).toBe(200);
    server.clock.advance(61_000);
    const expired = await nurse.get('/patients');
    expect(expired.status).toBe(401);
    expect(expired.body.rule).toBe('idle-timeout');
    admin = await org.signIn('administrator', server.baseUrl);
  });
});

describe('the password policy', () => {
  // Unique per run: the PostgreSQL test database outlives a run, and emails are unique.
  const run = Date.now().toString(36);
  const create = (password: string, n: string) =>
    admin.post('/users', {
      email: `dana.whitfield.${n}.${run}@test.waypoint`,
      displayName: 'Dana Whitfield',
      role: 'counselor',
      password,
      facilityIds: [org.facilityIds[0]],
    });

  it('refuses only spaces, a common password (with digits added), and the user’s own e-mail or name', async () => {
    const cases: [string, string][] = [
      [' '.repeat(12), 'not-blank'],
      ['password1234', 'not-common'],
      ['qwertyuiop12', 'not-common'],
      ['abcabcabcabc', 'not-common'],
      [`dana.whitfield.a.${run}@test.waypoint`, 'not-personal'],
      ['Whitfield-2026!', 'not-personal'],
    ];
    for (const [password, rule] of cases) {
      const res = await create(password, 'a');
      expect(res.status, password).toBe(422);
      expect(res.body.errors[0]).toMatchObject({ field: 'password', rule });
    }
    const ok = await create('marble otter kettle lamp', 'b');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const change = await admin.patch(`/users/${ok.body.id}`, { password: 'password1234' });
    expect(change.status).toBe(422);
    expect(change.body.errors[0].rule).toBe('not-common');
  });
});

describe('reading a patient’s access history', () => {
  it('writes an audit row naming the patient, for staff and for the patient in the portal', async () => {
    const nurse = await org.signIn('nurse', server.baseUrl);
    const p = await registerPatient(nurse, org.facilityIds[0]);
    const res = await admin.get(`/audit?patientId=${p.id}`);
    expect(res.status).toBe(200);
    const rows = await server.db
      .selectFrom('audit_log')
      .selectAll()
      .where('organization_id', '=', org.organizationId)
      .where('user_id', '=', org.users.administrator.id)
      .where('patient_id', '=', p.id)
      .where('resource_type', '=', 'access-log')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].action).toBe('read');
  });
});

describe('sign-in replies', () => {
  it('are the same for a locked account, an unknown e-mail and a wrong password', async () => {
    const local = await buildOrganization(server.db);
    const email = local.users.counselor.email;
    const attempt = (e: string, p: string) => new ApiClient(server.baseUrl).post('/auth/sign-in', { email: e, password: p });
    const wrong = await attempt(email, 'not-the-password');
    for (let i = 0; i < 4; i++) await attempt(email, `wrong-${i}`);
    const locked = await attempt(email, testPassword);
    const unknown = await attempt(`ghost.${Date.now()}@nowhere.test`, testPassword);
    for (const r of [wrong, locked, unknown]) {
      expect(r.status).toBe(401);
      expect({ title: r.body.title, detail: r.body.detail }).toEqual({ title: wrong.body.title, detail: wrong.body.detail });
      expect(r.body.lockedUntil).toBeUndefined();
    }
    const audit = await server.db
      .selectFrom('audit_log')
      .select('outcome')
      .where('organization_id', '=', local.organizationId)
      .where('action', '=', 'sign-in')
      .where('outcome', '=', 'denied')
      .execute();
    expect(audit.length).toBe(1);
  });
});
