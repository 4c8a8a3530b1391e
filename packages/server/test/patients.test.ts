import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedPatient, buildOrganization, patientInput, registerPatient, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

let server: TestServer;
let org: TestOrganization;
let admissions: ApiClient;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  admissions = await org.signIn('admissions_coordinator', server.baseUrl);
});
afterAll(() => server?.close());

describe('registration', () => {
  it('creates a patient with a sequential per-organization MRN and an ETag', async () => {
    const a = await admissions.post('/patients', patientInput(org.facilityIds[0], { preferredName: 'Sam', allergies: [{ substance: 'Latex', severity: 'mild' }], emergencyContact: { name: 'Lee', relationship: 'sister', phone: '555-0100' } }));
    const b = await admissions.post('/patients', patientInput(org.facilityIds[0]));
    expect(a.status).toBe(201);
    expect(a.body.mrn).toMatch(/^W\d{7}$/);
    expect(Number(b.body.mrn.slice(1))).toBe(Number(a.body.mrn.slice(1)) + 1);
    expect(a.headers.get('etag')).toBe('"1"');
    expect(a.body.allergies).toEqual([{ substance: 'Latex', severity: 'mild' }]);
    // Another organization counts its own MRNs.
    const other = await buildOrganization(server.db);
    const c = await registerPatient(await other.signIn('administrator', server.baseUrl), other.facilityIds[0]);
    expect(c.mrn).toBe('W0000001');
  });

  it('replays an Idempotency-Key instead of registering twice, even when both requests race', async () => {
    const body = patientInput(org.facilityIds[0]);
    const headers = { 'idempotency-key': `reg-${body.legalFamilyName}` };
    const [a, b] = await Promise.all([admissions.post('/patients', body, headers), admissions.post('/patients', body, headers)]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.id).toBe(b.body.id);
    const c = await admissions.post('/patients', body, headers);
    expect(c.body.id).toBe(a.body.id);
    expect(c.headers.get('idempotent-replay')).toBe('true');
    const rows = await server.db.selectFrom('patients').select('id').where('legal_family_name', '=', body.legalFamilyName).execute();
    expect(rows).toHaveLength(1);
    const reused = await admissions.post('/patients', { ...body, phone: '555' }, headers);
    expect(reused.status).toBe(422);
  });

  it('warns of a likely duplicate with its candidates, and registers when confirmed different', async () => {
    const first = patientInput(org.facilityIds[0], { birthDate: '1977-05-05' });
    await admissions.post('/patients', first);
    const early = await admissions.post('/patients/duplicates', { legalGivenName: first.legalGivenName, legalFamilyName: first.legalFamilyName, birthDate: '1977-05-05' });
    expect(early.body.candidates).toHaveLength(1);
    const again = await admissions.post('/patients', { ...first, legalGivenName: first.legalGivenName.slice(0, -1) });
    expect(again.status).toBe(409);
    expect(again.body.rule).toBe('possible-duplicate');
    expect(again.body.candidates[0].legalFamilyName).toBe(first.legalFamilyName);
    const confirmed = await admissions.post('/patients', { ...first, legalGivenName: first.legalGivenName.slice(0, -1), confirmNotDuplicate: true });
    expect(confirmed.status).toBe(201);
  });

  it.each([
    ['birthDate', { birthDate: '2999-01-01' }],
    ['birthDate', { birthDate: '1990-02-30' }],
    ['birthDate', { birthDate: 'yesterday' }],
    ['sexAtBirth', { sexAtBirth: 'robot' }],
    ['photo', { photo: 'http://example.com/x.png' }],
    ['email', { email: 'not-an-email' }],
    ['legalFamilyName', { legalFamilyName: '' }],
    ['allergies.0.substance', { allergies: [{ reaction: 'rash' }] }],
  ])('refuses bad %s with a 400 naming it, and writes nothing', async (field, override) => {
    const body = patientInput(org.facilityIds[0], override);
    const res = await admissions.post('/patients', body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses unknown fields, malformed JSON and a facility the user does not work at', async () => {
    expect((await admissions.post('/patients', { ...patientInput(org.facilityIds[0]), ssn: '123' })).status).toBe(400);
    const malformed = await admissions.request('POST', '/patients', { raw: '{"legalGivenName": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.title).toBe('Malformed JSON');
    const nurse = await org.signIn('nurse', server.baseUrl);
    const res = await nurse.post('/patients', patientInput(org.facilityIds[1]));
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('facilityId');
  });

  it('accepts a photo as a small data URL', async () => {
    const photo = `data:image/png;base64,${Buffer.from('tiny').toString('base64')}`;
    const p = await registerPatient(admissions, org.facilityIds[0], { photo });
    expect((await admissions.get(`/patients/${p.id}`)).body.photo).toBe(photo);
  });
});

describe('search', () => {
  it('finds by name fragment, MRN and birth date, in pages that never repeat', async () => {
    const family = `Zz${Math.random().toString(36).slice(2, 8)}`;
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await registerPatient(admissions, org.facilityIds[0], { legalFamilyName: `${family}${'abcde'[i]}`, birthDate: `1960-01-0${i + 1}`, confirmNotDuplicate: true }));
    const byName = await admissions.get(`/patients?q=${family.toLowerCase()}`);
    expect(byName.body.items).toHaveLength(5);
    const byMrn = await admissions.get(`/patients?q=${made[2].mrn}`);
    expect(byMrn.body.items.map((p: { id: string }) => p.id)).toEqual([made[2].id]);
    const byDate = await admissions.get('/patients?q=1960-01-04');
    expect(byDate.body.items.map((p: { id: string }) => p.id)).toContain(made[3].id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await admissions.get(`/patients?q=${family}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((p) => p.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await admissions.get('/patients?cursor=garbage')).status).toBe(400);
  });
});

describe('editing', () => {
  it('needs If-Match, refuses a stale version, and returns the new ETag', async () => {
    const p = await registerPatient(admissions, org.facilityIds[0]);
    expect((await admissions.patch(`/patients/${p.id}`, { phone: '555-0101' })).status).toBe(428);
    const ok = await admissions.patch(`/patients/${p.id}`, { phone: '555-0101' }, { 'if-match': '"1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    const stale = await admissions.patch(`/patients/${p.id}`, { phone: '555-0102' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect((await admissions.get(`/patients/${p.id}`)).body.phone).toBe('555-0101');
  });
});

describe('scope', () => {
  it('answers 404, never 403, for a patient outside the user’s facilities, and hides them from search', async () => {
    const p = await registerPatient(admissions, org.facilityIds[0]);
    const other = await org.signIn('otherNurse', server.baseUrl);
    for (const path of [`/patients/${p.id}`, `/patients/${p.id}/header`, `/patients/${p.id}/timeline`, `/patients/${p.id}/episodes`]) {
      expect((await other.get(path)).status).toBe(404);
    }
    expect((await other.patch(`/patients/${p.id}`, { phone: '1' }, { 'if-match': '"1"' })).status).toBe(404);
    expect((await other.get(`/patients?q=${p.mrn}`)).body.items).toEqual([]);
    expect((await other.get('/patients/not-a-uuid')).status).toBe(404);
  });

  it('lets a peer recovery specialist see only patients whose care team they are on', async () => {
    const nurse = await org.signIn('nurse', server.baseUrl);
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const peer = await org.signIn('peer_recovery_specialist', server.baseUrl);
    expect((await peer.get(`/patients/${patient.id}/header`)).status).toBe(404);
    await nurse.post(`/episodes/${episode.id}/care-team`, { userId: org.users.peer_recovery_specialist.id, teamRole: 'peer_recovery_specialist' });
    expect((await peer.get(`/patients/${patient.id}/header`)).status).toBe(200);
    expect((await peer.post('/patients', patientInput(org.facilityIds[0]))).status).toBe(403);
  });
});

describe('the chart', () => {
  it('has a header with age, MRN, level, allergies and alerts, and a newest-first timeline', async () => {
    const nurse = await org.signIn('nurse', server.baseUrl);
    const patient = await registerPatient(nurse, org.facilityIds[0], { birthDate: '1990-06-15', allergies: [{ substance: 'Codeine', reaction: 'hives' }] });
    await nurse.post(`/patients/${patient.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'residential', bed: 'R-9' });
    const header = (await nurse.get(`/patients/${patient.id}/header`)).body;
    expect(header.patient).toMatchObject({ mrn: patient.mrn, birthDate: '1990-06-15', allergies: [{ substance: 'Codeine', reaction: 'hives' }] });
    expect(header.patient.age).toBeGreaterThanOrEqual(35);
    expect(header.episode).toMatchObject({ levelOfCare: 'residential', bed: 'R-9' });
    expect(header.facility.id).toBe(org.facilityIds[0]);
    const timeline = (await nurse.get(`/patients/${patient.id}/timeline`)).body.items;
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['episode.admitted', 'patient.registered']);
  });
});
