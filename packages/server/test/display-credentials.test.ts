import { afterAll, beforeAll, expect, it } from 'vitest';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

// The wall display's credential (issue 12): one facility's unit board, nothing else, no idle time-out.
let server: TestServer;
let org: TestOrganization;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  admin = await org.signIn('administrator', server.baseUrl);
});
afterAll(() => server?.close());

async function issue(facilityId = org.facilityIds[0], name = 'Nurses’ station screen') {
  const res = await admin.post(`/facilities/${facilityId}/display-credentials`, { name });
  expect(res.status).toBe(201);
  return res.body as { token: string; url: string; facilityId: string };
}

it('a display credential reads its facility’s unit board and keeps reading it past the idle time-out', async () => {
  const nurse = await org.signIn('nurse', server.baseUrl);
  await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management');
  const { token, url } = await issue();
  expect(url).toBe(`/withdrawal?display=wall&facility=${org.facilityIds[0]}#token=${token}`);
  const display = new ApiClient(server.baseUrl, token);
  const first = await display.get(`/facilities/${org.facilityIds[0]}/withdrawal-board`, { 'x-waypoint-background': '1' });
  expect(first.status).toBe(200);
  expect(first.body.facility.id).toBe(org.facilityIds[0]);
  // Hours of background polling later (the organization's idle time-out is 15 minutes), still showing.
  server.clock.advanceMinutes(6 * 60);
  const later = await display.get(`/facilities/${org.facilityIds[0]}/withdrawal-board`, { 'x-waypoint-background': '1' });
  expect(later.status).toBe(200);
  // A person's session over the same hours has timed out.
  expect((await nurse.get('/auth/me')).status).toBe(401);
  admin = await org.signIn('administrator', server.baseUrl);
});

it('a display credential is refused everywhere else: another facility’s board, patients, its own “me”, any write', async () => {
  const { token } = await issue();
  const display = new ApiClient(server.baseUrl, token);
  expect((await display.get(`/facilities/${org.facilityIds[1]}/withdrawal-board`)).status).toBe(404);
  for (const path of ['/patients', '/auth/me', '/alerts', '/users', `/facilities/${org.facilityIds[0]}/census`, '/audit']) {
    const res = await display.get(path);
    expect(res.status, path).toBe(403);
    expect(res.body.rule, path).toBe('display-credential');
  }
  expect((await display.post(`/facilities/${org.facilityIds[0]}/display-credentials`, { name: 'another' })).status).toBe(403);
  for (const path of ['/auth/mfa/enrol', '/auth/mfa/verify']) expect((await display.post(path, { code: '123456' })).status, path).toBe(403);
  // Signing out with it ends nothing: only an administrator ends a display credential.
  await display.post('/auth/sign-out', {});
  expect((await display.get(`/facilities/${org.facilityIds[0]}/withdrawal-board`)).status).toBe(200);
});

it('only an administrator issues or ends display credentials; another organization’s facility is not found', async () => {
  for (const role of ['nurse', 'prescriber', 'counselor', 'admissions_coordinator'] as const) {
    const client = await org.signIn(role, server.baseUrl);
    expect((await client.post(`/facilities/${org.facilityIds[0]}/display-credentials`, { name: 'x' })).status, role).toBe(403);
  }
  const other = await buildOrganization(server.db);
  expect((await admin.post(`/facilities/${other.facilityIds[0]}/display-credentials`, { name: 'x' })).status).toBe(404);
  expect((await admin.post('/facilities/not-a-facility/display-credentials', { name: 'x' })).status).toBe(404);
});

it('a display credential without a name is refused, naming the field', async () => {
  const res = await admin.post(`/facilities/${org.facilityIds[0]}/display-credentials`, { name: '' });
  expect(res.status).toBe(400);
  expect(res.body.errors[0].field).toBe('name');
});

it('ending a facility’s display credentials signs its wall displays out at their next refresh', async () => {
  const { token } = await issue();
  const display = new ApiClient(server.baseUrl, token);
  expect((await display.get(`/facilities/${org.facilityIds[0]}/withdrawal-board`)).status).toBe(200);
  const ended = await admin.delete(`/facilities/${org.facilityIds[0]}/display-credentials`);
  expect(ended.status).toBe(200);
  expect(ended.body.ended).toBeGreaterThanOrEqual(1);
  expect((await display.get(`/facilities/${org.facilityIds[0]}/withdrawal-board`)).status).toBe(401);
});
