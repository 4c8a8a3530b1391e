import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/platform/auth/totp';
import { buildOrganization } from './factories';
import { startServer, type TestServer } from './harness';

// Issue 12 item 3: a TOTP code is accepted once; enrolment under an MFA policy needs an administrator's code.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('a used TOTP code', () => {
  it('is refused when replayed, by another session or the same one, within its window', async () => {
    const org = await buildOrganization(server.db);
    const owner = await org.signIn('nurse', server.baseUrl);
    const { secret } = (await owner.post('/auth/mfa/enrol')).body;
    expect((await owner.post('/auth/mfa/enrol/confirm', { code: currentTotp(secret, server.clock.now()) })).status).toBe(200);
    server.clock.advance(31_000);
    const first = await org.signIn('nurse', server.baseUrl);
    const code = currentTotp(secret, server.clock.now());
    expect((await first.post('/auth/mfa/verify', { code })).status).toBe(200);
    // An onlooker who saw the code, with the password, tries it at once in a second session.
    const thief = await org.signIn('nurse', server.baseUrl);
    const replay = await thief.post('/auth/mfa/verify', { code });
    expect(replay.status).toBe(422);
    expect(replay.body.errors[0]).toMatchObject({ field: 'code', rule: 'totp-used' });
    expect((await thief.get('/patients')).body.rule).toBe('mfa-required');
    // The enrolment code itself cannot be replayed for a sign-in either.
    server.clock.advance(31_000);
    const next = currentTotp(secret, server.clock.now());
    expect((await thief.post('/auth/mfa/verify', { code: next })).status).toBe(200);
  });
});

describe('enrolment where the organization requires MFA', () => {
  it('needs an administrator-issued one-time code; the password alone is refused', async () => {
    const org = await buildOrganization(server.db, { mfaRequired: true });
    const admin = await org.signIn('administrator', server.baseUrl);
    const adminSecret = (await admin.post('/auth/mfa/enrol')).body.secret;
    expect((await admin.post('/auth/mfa/enrol/confirm', { code: currentTotp(adminSecret, server.clock.now()) })).status).toBe(200);
    const thief = await org.signIn('prescriber', server.baseUrl);
    const refused = await thief.post('/auth/mfa/enrol');
    expect(refused.status).toBe(403);
    expect(refused.body.rule).toBe('mfa-enrolment-code');
    // Once an administrator has enrolled, a second administrator needs a code too.
    const nurse = await org.signIn('nurse', server.baseUrl);
    expect((await nurse.post(`/users/${org.users.prescriber.id}/mfa-enrolment`)).status).toBe(403);
    const issued = await admin.post(`/users/${org.users.prescriber.id}/mfa-enrolment`);
    expect(issued.status).toBe(200);
    expect(issued.body.enrolmentCode).toMatch(/^[A-Z2-9]{12}$/);
    const owner = await org.signIn('prescriber', server.baseUrl);
    const started = await owner.post('/auth/mfa/enrol', { enrolmentCode: issued.body.enrolmentCode.toLowerCase() });
    expect(started.status).toBe(200);
    expect((await owner.post('/auth/mfa/enrol/confirm', { code: currentTotp(started.body.secret, server.clock.now()) })).status).toBe(200);
    // Spent: the same code cannot start another enrolment after a reset it did not come from.
    expect((await owner.post('/auth/mfa/enrol', { enrolmentCode: issued.body.enrolmentCode })).status).toBe(409);
    // An expired code is refused.
    const again = await admin.post(`/users/${org.users.counselor.id}/mfa-enrolment`);
    server.clock.advanceMinutes(73 * 60);
    const late = await org.signIn('counselor', server.baseUrl);
    expect((await late.post('/auth/mfa/enrol', { enrolmentCode: again.body.enrolmentCode })).status).toBe(403);
  });
});
