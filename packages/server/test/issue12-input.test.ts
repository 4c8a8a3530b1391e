import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedPatient, buildOrganization, patientInput, registerPatient, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

// Issue 12 item 7: inputs that answered 500 (or an unaudited denial) are 4xx problem+json.
let server: TestServer;
let org: TestOrganization;
let nurse: ApiClient;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  nurse = await org.signIn('nurse', server.baseUrl);
});
afterAll(() => server?.close());

const problemJson = (res: { headers: Headers }) => expect(res.headers.get('content-type')).toContain('application/problem+json');

async function deniedRows(userId: string) {
  return server.db
    .selectFrom('audit_log')
    .selectAll()
    .where('organization_id', '=', org.organizationId)
    .where('user_id', '=', userId)
    .where('outcome', '=', 'denied')
    .execute();
}

/** Sends raw bytes and returns the status line and the body. */
function raw(request: string): Promise<{ status: number; head: string; body: string }> {
  const { port } = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      const [head, body = ''] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), head, body });
    });
    setTimeout(() => reject(new Error(`no answer: ${data}`)), 5000);
  });
}

describe('a NUL character', () => {
  it('in a JSON string is refused 400 naming the field, before the database', async () => {
    const res = await nurse.post('/patients', patientInput(org.facilityIds[0], { legalGivenName: 'Ann\u0000a' }));
    expect(res.status).toBe(400);
    problemJson(res);
    expect(res.body.errors[0]).toMatchObject({ field: 'legalGivenName', rule: 'no-nul-character' });
  });

  it('in a path id is not found, and the denial is audited', async () => {
    const before = (await deniedRows(org.users.nurse.id)).length;
    const res = await nurse.get('/patients/a%00b/header');
    expect(res.status).toBe(404);
    problemJson(res);
    const res2 = await nurse.get('/withdrawal/%00');
    expect(res2.status).toBe(404);
    const rows = await deniedRows(org.users.nurse.id);
    expect(rows.length).toBe(before + 2);
    expect(rows.map((r) => r.resource_id)).toContain('a?b');
  });

  it('in a path id of a route the role may not use is refused 403 and audited', async () => {
    const before = (await deniedRows(org.users.nurse.id)).length;
    const res = await nurse.patch('/wm/protocols/x%00y', { name: 'x' });
    expect(res.status).toBe(403);
    expect((await deniedRows(org.users.nurse.id)).length).toBe(before + 1);
  });
});

describe('ids, cursors and versions that could not have been issued', () => {
  it('a 36-character id that is not a UUID is not found', async () => {
    for (const path of [
      '/withdrawal/------------------------------------',
      '/patients/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz/header',
      '/facilities/------------------------------------/withdrawal-board',
    ]) {
      const res = await nurse.get(path);
      expect(res.status, path).toBe(404);
      problemJson(res);
    }
  });

  it('a forged pagination cursor is refused 400 naming the cursor', async () => {
    const patient = await registerPatient(nurse, org.facilityIds[0]);
    for (const forged of [
      ['not-a-date', 'not-a-uuid'],
      [{ a: 1 }, 2],
      ['\u0000', 'x'],
      [1e300, 'y'],
    ]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      for (const path of [`/patients?q=a&cursor=${cursor}`, `/patients/${patient.id}/timeline?cursor=${cursor}`]) {
        const res = await nurse.get(path);
        expect(res.status, `${path} ${JSON.stringify(forged)}`).toBe(400);
        expect(res.body.errors[0]).toMatchObject({ field: 'cursor', rule: 'cursor' });
      }
    }
  });

  it('an over-large If-Match version fails the precondition (412), not the database', async () => {
    const patient = await registerPatient(nurse, org.facilityIds[0]);
    const res = await nurse.patch(`/patients/${patient.id}`, { preferredName: 'Al' }, { 'if-match': '"99999999999999999999999"' });
    expect(res.status).toBe(412);
    const { episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const res2 = await nurse.post(
      `/episodes/${episode.id}/discharge`,
      { dischargeType: 'completed', naloxoneGiven: true, medicationOffered: true },
      { 'if-match': '"4294967296"' },
    );
    expect(res2.status).toBe(412);
  });
});

describe('the router’s and Node’s own refusals', () => {
  it('answer problem+json: malformed percent-encoding, an over-long path segment, headers too large, a malformed request', async () => {
    const bad = await nurse.get('/patients/%E0%A4%A/header');
    expect(bad.status).toBe(400);
    problemJson(bad);
    const long = await nurse.get(`/patients/${'x'.repeat(3000)}/header`);
    expect(long.status).toBe(414);
    problemJson(long);
    const headers = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(headers.status).toBe(431);
    expect(headers.head.toLowerCase()).toContain('content-type: application/problem+json');
    expect(JSON.parse(headers.body)).toMatchObject({ status: 431 });
    const garbage = await raw('THIS IS NOT HTTP\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(garbage.head.toLowerCase()).toContain('content-type: application/problem+json');
  });
});
