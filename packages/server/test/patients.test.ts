import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedPatient, buildOrganization, patientInput, randomName, registerPatient, type TestOrganization } from './factories';
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

const ids = (items: { id: string }[]) => items.map((p) => p.id);
const countPatients = async (organizationId: string, family: string) =>
  (await server.db.selectFrom('patients').select('id').where('organization_id', '=', organizationId).where('legal_family_name', '=', family).execute()).length;

describe('registration', () => {
  it('creates a patient with a sequential per-organization MRN and an ETag', async () => {
    const a = await admissions.post(
      '/patients',
      patientInput(org.facilityIds[0], {
        preferredName: 'Sam',
        allergies: [{ substance: 'Latex', severity: 'mild' }],
        emergencyContact: { name: 'Lee', relationship: 'sister', phone: '555-0100' },
      }),
    );
    const b = await admissions.post('/patients', patientInput(org.facilityIds[0]));
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.mrn).toMatch(/^W\d{7}$/);
    expect(b.body.mrn).toMatch(/^W\d{7}$/);
    expect(Number(b.body.mrn.slice(1))).toBe(Number(a.body.mrn.slice(1)) + 1);
    expect(a.headers.get('etag')).toBe('"1"');
    expect(a.body).toMatchObject({ version: 1, preferredName: 'Sam', preferredLanguage: 'en', facilityId: org.facilityIds[0] });
    expect(a.body.allergies).toEqual([{ substance: 'Latex', severity: 'mild' }]);
    expect(a.body.emergencyContact).toEqual({ name: 'Lee', relationship: 'sister', phone: '555-0100' });
    // Another organization counts its own MRNs from the start.
    const other = await buildOrganization(server.db);
    const otherAdmin = await other.signIn('administrator', server.baseUrl);
    expect((await registerPatient(otherAdmin, other.facilityIds[0])).mrn).toBe('W0000001');
    expect((await registerPatient(otherAdmin, other.facilityIds[0])).mrn).toBe('W0000002');
  });

  it('replays an Idempotency-Key instead of registering twice, even when both requests race', async () => {
    const body = patientInput(org.facilityIds[0]);
    const headers = { 'idempotency-key': `reg-${body.legalFamilyName}` };
    const [a, b] = await Promise.all([admissions.post('/patients', body, headers), admissions.post('/patients', body, headers)]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.id).toBe(b.body.id);
    expect(a.body.mrn).toBe(b.body.mrn);
    const c = await admissions.post('/patients', body, headers);
    expect(c.status).toBe(201);
    expect(c.body).toEqual(a.body);
    expect(c.headers.get('idempotent-replay')).toBe('true');
    expect(await countPatients(org.organizationId, body.legalFamilyName)).toBe(1);
    // The key is bound to its request: a different body under the same key is refused.
    const reused = await admissions.post('/patients', { ...body, phone: '555' }, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.rule).toBe('idempotency-key-reuse');
    // Keys are per user: another user's identical key is a new request.
    const nurse = await org.signIn('nurse', server.baseUrl);
    const theirs = await nurse.post('/patients', { ...body, confirmNotDuplicate: true }, headers);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(a.body.id);
  });

  it('warns of a likely duplicate with its candidates, and registers when confirmed different', async () => {
    const first = patientInput(org.facilityIds[0], { birthDate: '1977-05-05' });
    const original = await registerPatient(admissions, org.facilityIds[0], first);
    const check = await admissions.post('/patients/duplicates', {
      legalGivenName: first.legalGivenName,
      legalFamilyName: first.legalFamilyName,
      birthDate: '1977-05-05',
    });
    expect(ids(check.body.candidates)).toEqual([original.id]);
    // The same name and birth date.
    const same = await admissions.post(
      '/patients',
      patientInput(org.facilityIds[0], { legalGivenName: first.legalGivenName, legalFamilyName: first.legalFamilyName, birthDate: '1977-05-05' }),
    );
    expect(same.status).toBe(409);
    expect(same.headers.get('content-type')).toContain('application/problem+json');
    expect(same.body.rule).toBe('possible-duplicate');
    expect(same.body.candidates[0]).toMatchObject({ id: original.id, mrn: original.mrn, legalFamilyName: first.legalFamilyName, birthDate: '1977-05-05' });
    // A near-identical spelling is caught too.
    const near = await admissions.post('/patients', { ...first, legalGivenName: first.legalGivenName.slice(0, -1) });
    expect(near.status).toBe(409);
    expect(await countPatients(org.organizationId, first.legalFamilyName)).toBe(1);
    const confirmed = await admissions.post('/patients', { ...first, confirmNotDuplicate: true });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.id).not.toBe(original.id);
    expect(await countPatients(org.organizationId, first.legalFamilyName)).toBe(2);
  });

  it.each([
    ['birthDate', 'in the future', { birthDate: '2999-01-01' }],
    ['birthDate', 'not a real day', { birthDate: '1990-02-30' }],
    ['birthDate', 'not a date', { birthDate: 'yesterday' }],
    ['birthDate', 'a number', { birthDate: 19900101 }],
    ['sexAtBirth', 'outside the enum', { sexAtBirth: 'robot' }],
    ['photo', 'not a data URL', { photo: 'http://example.com/x.png' }],
    ['photo', 'not an image', { photo: `data:text/html;base64,${Buffer.from('<script>').toString('base64')}` }],
    ['photo', 'over 300 kB', { photo: `data:image/png;base64,${'A'.repeat(430_000)}` }],
    ['email', 'not an address', { email: 'not-an-email' }],
    ['legalFamilyName', 'empty', { legalFamilyName: '' }],
    ['legalGivenName', 'missing', { legalGivenName: undefined }],
    ['facilityId', 'not a uuid', { facilityId: 'facility-0' }],
    ['allergies.0.substance', 'missing in an allergy', { allergies: [{ reaction: 'rash' }] }],
    ['ssn', 'an unknown extra field', { ssn: '123-45-6789' }],
    ['role', 'a mass-assignment attempt', { role: 'administrator' }],
  ])('refuses %s %s with a 400 naming it, and writes nothing', async (field, _what, override) => {
    const body = patientInput(org.facilityIds[0], override);
    const res = await admissions.post('/patients', body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, title: 'Invalid request' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.[jt]s:\d+|node_modules/);
    if (typeof body.legalFamilyName === 'string' && body.legalFamilyName) expect(await countPatients(org.organizationId, body.legalFamilyName)).toBe(0);
  });

  it('refuses malformed JSON, a non-object body and a facility the user does not work at, never with a 500', async () => {
    const malformed = await admissions.request('POST', '/patients', { raw: '{"legalGivenName": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    expect(malformed.body.title).toBe('Malformed JSON');
    for (const raw of ['[]', 'null', '42', '"x"', '{"legalGivenName": "A\\u0000B"}']) {
      const res = await admissions.request('POST', '/patients', { raw });
      expect(res.status, raw).toBe(400);
    }
    const nul = await admissions.post('/patients', patientInput(org.facilityIds[0], { legalGivenName: 'Nul\u0000byte' }));
    expect(nul.status).toBe(400);
    const nurse = await org.signIn('nurse', server.baseUrl);
    const res = await nurse.post('/patients', patientInput(org.facilityIds[1]));
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('facilityId');
    const foreign = await buildOrganization(server.db);
    const elsewhere = await admissions.post('/patients', patientInput(foreign.facilityIds[0]));
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.errors[0].field).toBe('facilityId');
  });

  it('accepts a photo as a small data URL', async () => {
    const photo = `data:image/png;base64,${Buffer.from('tiny').toString('base64')}`;
    const p = await registerPatient(admissions, org.facilityIds[0], { photo });
    expect((await admissions.get(`/patients/${p.id}`)).body.photo).toBe(photo);
  });
});

describe('search', () => {
  it('finds by name fragment, MRN and birth date, in pages that never repeat', async () => {
    const family = `Zz${randomName(6).toLowerCase()}`;
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(
        await registerPatient(admissions, org.facilityIds[0], {
          legalFamilyName: `${family}${'abcde'[i]}`,
          birthDate: `1960-01-0${i + 1}`,
          confirmNotDuplicate: true,
        }),
      );
    const byName = await admissions.get(`/patients?q=${family.toUpperCase()}`);
    expect(byName.status).toBe(200);
    expect(ids(byName.body.items).sort()).toEqual(ids(made).sort());
    expect(byName.body.items[0]).toMatchObject({ mrn: made[0].mrn, birthDate: '1960-01-01', sexAtBirth: 'female', activeEpisode: null });
    expect(byName.body.items[0].age).toBeGreaterThanOrEqual(65);
    // A fragment from the middle of the name.
    const middle = await admissions.get(`/patients?q=${family.slice(3)}c`);
    expect(ids(middle.body.items)).toEqual([made[2].id]);
    const byMrn = await admissions.get(`/patients?q=${made[2].mrn}`);
    expect(ids(byMrn.body.items)).toEqual([made[2].id]);
    expect(ids((await admissions.get(`/patients?q=${made[2].mrn.toLowerCase()}`)).body.items)).toEqual([made[2].id]);
    const byDate = await admissions.get('/patients?q=1960-01-04');
    expect(ids(byDate.body.items)).toContain(made[3].id);
    expect(ids(byDate.body.items)).not.toContain(made[2].id);
    expect(byDate.body.items.every((p: { birthDate: string }) => p.birthDate === '1960-01-04')).toBe(true);
    // Keyset pages of 2: 2 + 2 + 1, nothing repeated, nothing missed.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await admissions.get(
        `/patients?q=${family}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(res.body.items));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen.sort()).toEqual(ids(made).sort());
    expect((await admissions.get('/patients?cursor=garbage')).status).toBe(400);
    expect((await admissions.get('/patients?limit=0')).status).toBe(400);
    // Wildcards are literal.
    expect((await admissions.get('/patients?q=%25')).body.items).toEqual([]);
  });

  it('never shows another organization’s patients', async () => {
    const other = await buildOrganization(server.db);
    const theirs = await registerPatient(await other.signIn('administrator', server.baseUrl), other.facilityIds[0]);
    const admin = await org.signIn('administrator', server.baseUrl);
    expect((await admin.get(`/patients/${theirs.id}`)).status).toBe(404);
    const all = await admin.get(`/patients?q=${theirs.mrn}`);
    expect(ids(all.body.items)).not.toContain(theirs.id);
  });
});

describe('reading and editing', () => {
  it('returns the patient with an ETag', async () => {
    const p = await registerPatient(admissions, org.facilityIds[0], { phone: '555-0199', genderIdentity: 'woman' });
    const res = await admissions.get(`/patients/${p.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toMatchObject({ id: p.id, mrn: p.mrn, phone: '555-0199', genderIdentity: 'woman', version: 1 });
  });

  it('needs If-Match, refuses a stale version, and returns the new ETag', async () => {
    const p = await registerPatient(admissions, org.facilityIds[0]);
    const missing = await admissions.patch(`/patients/${p.id}`, { phone: '555-0101' });
    expect(missing.status).toBe(428);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const ok = await admissions.patch(`/patients/${p.id}`, { phone: '555-0101' }, { 'if-match': '"1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    expect(ok.body).toMatchObject({ phone: '555-0101', version: 2 });
    const stale = await admissions.patch(`/patients/${p.id}`, { phone: '555-0102' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    const read = await admissions.get(`/patients/${p.id}`);
    expect(read.body.phone).toBe('555-0101');
    expect(read.headers.get('etag')).toBe('"2"');
    const next = await admissions.patch(`/patients/${p.id}`, { preferredName: 'Jo' }, { 'if-match': read.headers.get('etag')! });
    expect(next.status).toBe(200);
    expect(next.headers.get('etag')).toBe('"3"');
  });

  it('refuses an empty edit and unknown fields without changing the version', async () => {
    const p = await registerPatient(admissions, org.facilityIds[0]);
    const empty = await admissions.patch(`/patients/${p.id}`, {}, { 'if-match': '"1"' });
    expect(empty.status).toBe(400);
    const mrn = await admissions.patch(`/patients/${p.id}`, { mrn: 'W9999999' }, { 'if-match': '"1"' });
    expect(mrn.status).toBe(400);
    expect(mrn.body.errors[0].field).toBe('mrn');
    const read = await admissions.get(`/patients/${p.id}`);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body.mrn).toBe(p.mrn);
  });
});

describe('scope', () => {
  it('answers 404, never 403, for a patient outside the user’s facilities, and hides them from search', async () => {
    const p = await registerPatient(admissions, org.facilityIds[0], { legalFamilyName: `Hidden${randomName(6)}` });
    const detail = (await admissions.get(`/patients/${p.id}`)).body;
    const other = await org.signIn('otherNurse', server.baseUrl);
    const missing = (await other.get('/patients/00000000-0000-7000-8000-000000000000')).body;
    for (const path of [`/patients/${p.id}`, `/patients/${p.id}/header`, `/patients/${p.id}/timeline`, `/patients/${p.id}/episodes`]) {
      const res = await other.get(path);
      expect(res.status, path).toBe(404);
      // "Exists but not yours" reads exactly like "does not exist".
      expect({ ...res.body, instance: undefined }).toEqual({ ...missing, instance: undefined });
    }
    const patch = await other.patch(`/patients/${p.id}`, { phone: '1' }, { 'if-match': '"1"' });
    expect(patch.status).toBe(404);
    expect((await admissions.get(`/patients/${p.id}`)).body.phone).toBe(detail.phone);
    expect((await other.get(`/patients?q=${p.mrn}`)).body.items).toEqual([]);
    expect((await other.get(`/patients?q=${detail.legalFamilyName}`)).body.items).toEqual([]);
    expect((await other.get(`/patients?q=${detail.birthDate}`)).body.items.map((x: { id: string }) => x.id)).not.toContain(p.id);
    expect((await other.get('/patients/not-a-uuid')).status).toBe(404);
    // Her own facility's patients she does see.
    const mine = await registerPatient(other, org.facilityIds[1]);
    expect((await other.get(`/patients/${mine.id}`)).status).toBe(200);
  });

  it('finds, for a facility’s staff, both the patients registered there and those in care there, in one name order across pages', async () => {
    const own = await buildOrganization(server.db);
    // A coordinator of both facilities admits across them; the nurse works at facility 1 only.
    await server.db
      .insertInto('user_facilities')
      .values({ organization_id: own.organizationId, user_id: own.users.admissions_coordinator.id, facility_id: own.facilityIds[1] })
      .execute();
    const coordinator = await own.signIn('admissions_coordinator', server.baseUrl);
    const nurse = await own.signIn('otherNurse', server.baseUrl);
    const family = `Scoped${randomName(6)}`;
    for (const given of ['Ann', 'Cy', 'Eve']) await registerPatient(coordinator, own.facilityIds[1], { legalFamilyName: family, legalGivenName: given });
    // Registered at facility 0 but in care at facility 1: the nurse's through the episode.
    const inCare = await registerPatient(coordinator, own.facilityIds[0], { legalFamilyName: family, legalGivenName: 'Bo' });
    const admitted = await coordinator.post(`/patients/${inCare.id}/episodes`, { facilityId: own.facilityIds[1], levelOfCare: 'outpatient' });
    expect(admitted.status, JSON.stringify(admitted.body)).toBe(201);
    // Registered at facility 0, not in care: not hers.
    const notHers = await registerPatient(coordinator, own.facilityIds[0], { legalFamilyName: family, legalGivenName: 'Di' });
    const first = (await nurse.get(`/patients?q=${family}&limit=2`)).body;
    const second = (await nurse.get(`/patients?q=${family}&limit=2&cursor=${first.nextCursor}`)).body;
    expect(second.nextCursor).toBeNull();
    const found = [...first.items, ...second.items] as { id: string; legalGivenName: string }[];
    expect(found.map((p) => p.legalGivenName)).toEqual(['Ann', 'Bo', 'Cy', 'Eve']);
    expect(found.map((p) => p.id)).not.toContain(notHers.id);
  });

  it('pages through exactly the matches in scope, in name order, however early or late they sort and however the term is looked up', async () => {
    const own = await buildOrganization(server.db);
    await server.db
      .insertInto('user_facilities')
      .values({ organization_id: own.organizationId, user_id: own.users.admissions_coordinator.id, facility_id: own.facilityIds[1] })
      .execute();
    const coordinator = await own.signIn('admissions_coordinator', server.baseUrl);
    const nurse = await own.signIn('otherNurse', server.baseUrl);
    const tag = randomName(5).toLowerCase();
    const inCare = new Set<string>();
    const add = async (facility: number, family: string, given: string, admitAt?: number) => {
      const p = await registerPatient(coordinator, own.facilityIds[facility], { legalFamilyName: family, legalGivenName: given, confirmNotDuplicate: true });
      if (admitAt !== undefined) {
        const admitted = await coordinator.post(`/patients/${p.id}/episodes`, {
          facilityId: own.facilityIds[admitAt],
          levelOfCare: admitAt === 1 ? 'outpatient' : 'withdrawal_management',
        });
        expect(admitted.status, JSON.stringify(admitted.body)).toBe(201);
        if (admitAt === 1) inCare.add(p.id);
      }
    };
    // The nurse works at facility 1. Registered there: the tag early and late in the alphabet, in the
    // family name and in the given name; registered at facility 0 but in care at 1 (hers), in care at 0
    // or not at all (not hers), sorting among hers.
    for (const [family, given] of [
      [`Aa${tag}`, 'Ann'],
      [`Zz${tag}`, 'Ann'],
      [`Zz${tag}`, 'Bo'],
      [`Zz${tag}q`, 'Cy'],
      ['Mmorrow', `${tag}ella`],
      [`Yy${tag}`, 'Ann'],
      ['Kkeller', 'Ann'],
    ])
      await add(1, family, given);
    await add(0, `Zz${tag}`, 'Di', 1);
    await add(0, `Ab${tag}`, 'Ann', 1);
    await add(0, `Zz${tag}`, 'Eve', 0);
    await add(0, `Ac${tag}`, 'Flo');
    // Names that sort before all of hers, more than a page's walk in name order reads (50 a row of the
    // page), so the page must come from the trigram index after the walk falls short.
    await sql`
      insert into patients (organization_id, id, mrn, legal_given_name, legal_family_name, birth_date, sex_at_birth, preferred_language, facility_id, search_name, allergies)
      select ${own.organizationId}::uuid, gen_random_uuid(), 'F' || lpad(g::text, 7, '0'), 'Filler', 'A0000', date '1960-01-01', 'female', 'en',
             ${own.facilityIds[1]}::uuid, 'a0000 filler ' || g, '[]'
      from generate_series(1, 200) g`.execute(server.db);
    // What she should find: every patient of the organization she may see whose name holds every word,
    // in the database's name order.
    const everyone = await server.db
      .selectFrom('patients')
      .select(['id', 'search_name', 'facility_id'])
      .where('organization_id', '=', own.organizationId)
      .orderBy('search_name')
      .orderBy('id')
      .execute();
    const expected = (term: string) =>
      everyone
        .filter((p) => p.facility_id === own.facilityIds[1] || inCare.has(p.id))
        .filter((p) => term.split(' ').every((w) => p.search_name.includes(w)))
        .map((p) => p.id);
    const pages = async (term: string, limit: number, client = nurse) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await client.get(
          `/patients?q=${encodeURIComponent(term)}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...ids(res.body.items));
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };
    // The tag alone (found through the trigram index), two words, a word of two letters (no trigram: the
    // name-ordered walk), and a word in the given name.
    for (const term of [tag, `zz${tag} ann`, `ann ${tag}`, tag.slice(1, 3), `${tag}ella`, `${tag}q cy`]) {
      const want = expected(term);
      expect(want.length, term).toBeGreaterThan(0);
      expect(await pages(term, 50), term).toEqual(want);
      expect(await pages(term, 2), term).toEqual(want);
    }
    expect(await pages(tag, 1)).toEqual(expected(tag));
    // The coordinator works at both facilities (several facilities: no walk, the trigram index alone).
    const everywhere = everyone.filter((p) => p.search_name.includes(tag)).map((p) => p.id);
    expect(everywhere).toHaveLength(10);
    expect(await pages(tag, 2, coordinator)).toEqual(everywhere);
    expect(await pages(tag, 50, coordinator)).toEqual(everywhere);
    expect(expected(tag)).toHaveLength(8);
  });

  it('lets a peer recovery specialist see only patients whose active episode has them on the care team', async () => {
    const nurse = await org.signIn('nurse', server.baseUrl);
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const bystander = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const peer = await org.signIn('peer_recovery_specialist', server.baseUrl);
    expect((await peer.get(`/patients/${patient.id}`)).status).toBe(404);
    expect((await peer.get(`/patients/${patient.id}/header`)).status).toBe(404);
    expect((await peer.get(`/patients?q=${patient.mrn}`)).body.items).toEqual([]);
    const member = await nurse.post(`/episodes/${episode.id}/care-team`, {
      userId: org.users.peer_recovery_specialist.id,
      teamRole: 'peer_recovery_specialist',
    });
    expect(member.status).toBe(201);
    expect((await peer.get(`/patients/${patient.id}/header`)).status).toBe(200);
    expect(ids((await peer.get(`/patients?q=${patient.mrn}`)).body.items)).toEqual([patient.id]);
    expect(ids((await peer.get('/patients')).body.items)).toEqual([patient.id]);
    expect((await peer.get(`/patients/${bystander.patient.id}`)).status).toBe(404);
    expect((await peer.post('/patients', patientInput(org.facilityIds[0]))).status).toBe(403);
    // Taken off the team, the access ends at once.
    expect((await nurse.delete(`/episodes/${episode.id}/care-team/${member.body.id}`)).status).toBe(204);
    expect((await peer.get(`/patients/${patient.id}/header`)).status).toBe(404);
  });
});

describe('the chart', () => {
  it('has a header with age, MRN, level of care, allergies and alerts', async () => {
    const nurse = await org.signIn('nurse', server.baseUrl);
    const birthDate = new Date(Date.UTC(server.clock.now().getUTCFullYear() - 35, 0, 1)).toISOString().slice(0, 10);
    const patient = await registerPatient(nurse, org.facilityIds[0], {
      birthDate,
      preferredName: 'Robin',
      allergies: [{ substance: 'Codeine', reaction: 'hives', severity: 'severe' }],
    });
    const admit = await nurse.post(`/patients/${patient.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'withdrawal_management', bed: 'R-9' });
    expect(admit.status).toBe(201);
    let header = (await nurse.get(`/patients/${patient.id}/header`)).body;
    expect(header.patient).toMatchObject({
      id: patient.id,
      mrn: patient.mrn,
      birthDate,
      age: 35,
      preferredName: 'Robin',
      allergies: [{ substance: 'Codeine', reaction: 'hives', severity: 'severe' }],
    });
    expect(header.episode).toMatchObject({ id: admit.body.id, levelOfCare: 'withdrawal_management', bed: 'R-9', status: 'active' });
    expect(header.patient.activeEpisode).toMatchObject({ levelOfCare: 'withdrawal_management', facilityId: org.facilityIds[0] });
    expect(header.facility.id).toBe(org.facilityIds[0]);
    expect(header.alerts).toEqual([]);
    // Stepping down from withdrawal management without naloxone raises the overdose-risk alert.
    await nurse.post(`/episodes/${admit.body.id}/level-changes`, { levelOfCare: 'residential', reason: 'Withdrawal complete' });
    header = (await nurse.get(`/patients/${patient.id}/header`)).body;
    expect(header.episode.levelOfCare).toBe('residential');
    expect(header.alerts).toHaveLength(1);
    expect(header.alerts[0]).toMatchObject({ patientId: patient.id, kind: 'overdose-risk', severity: 'critical', acknowledgedAt: null });
  });

  it('has a timeline of registration and admission, newest first, with who did it', async () => {
    const nurse = await org.signIn('nurse', server.baseUrl);
    const patient = await registerPatient(nurse, org.facilityIds[0]);
    server.clock.advanceMinutes(1);
    await nurse.post(`/patients/${patient.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'residential' });
    const res = await nurse.get(`/patients/${patient.id}/timeline`);
    expect(res.status).toBe(200);
    const items = res.body.items;
    expect(items.map((e: { kind: string }) => e.kind)).toEqual(['episode.admitted', 'patient.registered']);
    expect(Date.parse(items[0].occurredAt)).toBeGreaterThan(Date.parse(items[1].occurredAt));
    expect(items[1].summary).toContain(patient.mrn);
    expect(items[0].summary).toMatch(/^Admitted/);
    expect(items[0].actorName).toContain('nurse');
    // Paged, newest first, without repeats.
    const first = (await nurse.get(`/patients/${patient.id}/timeline?limit=1`)).body;
    expect(first.items[0].kind).toBe('episode.admitted');
    const second = (await nurse.get(`/patients/${patient.id}/timeline?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)).body;
    expect(second.items[0].kind).toBe('patient.registered');
    expect(second.nextCursor).toBeNull();
  });
});
