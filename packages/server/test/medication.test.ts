import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';
import { methadoneBottle as bottleOf, methadonePatient as patientOnMethadone } from './medication-fixtures';

let server: TestServer;
let org: TestOrganization;
let nurse: ApiClient;
let prescriber: ApiClient;
let counselor: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  admin = await org.signIn('administrator', server.baseUrl);
  await admin.patch('/organization', { idleTimeoutMinutes: 720 });
  nurse = await org.signIn('nurse', server.baseUrl);
  prescriber = await org.signIn('prescriber', server.baseUrl);
  counselor = await org.signIn('counselor', server.baseUrl);
});
afterAll(() => server?.close());

const facility = () => org.facilityIds[0];

const methadoneBottle = async (client: ApiClient, facilityId: string, ml = 1000) => ({ id: await bottleOf(client, facilityId, ml) });
const methadonePatient = (doseMg = 30, extra: Record<string, unknown> = {}) => patientOnMethadone(nurse, prescriber, facility(), { doseMg, extra });

describe('orders', () => {
  it('refuses a methadone day-1 total above 50 mg naming the rule and its source, and accepts it with the prescriber’s reason, keeping the finding', async () => {
    const { patient } = await admittedPatient(nurse, facility(), 'residential');
    const body = { medication: 'methadone', form: 'liquid', doseMg: 30, firstDayDosesMg: [30, 10, 10, 10], frequency: 'daily' };
    const refused = await prescriber.post(`/patients/${patient.id}/medication-orders`, body);
    expect(refused.status).toBe(409);
    expect(refused.body.rule).toBe('methadone.day1-total');
    expect(refused.body.source).toContain('42 CFR 8.12');
    expect(refused.body.override.allowedRoles).toContain('prescriber');
    const ok = await prescriber.post(`/patients/${patient.id}/medication-orders`, {
      ...body,
      overrideReason: 'Withdrawal not suppressed at 40 mg; fentanyl use',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.findings).toEqual([
      expect.objectContaining({ ruleId: 'methadone.day1-total', overridden: true, overrideReason: 'Withdrawal not suppressed at 40 mg; fentanyl use' }),
    ]);
    expect(ok.body.ruleSet).toBe('federal-2024');
  });

  it('lets a nurse take a verbal order that waits on the prescriber’s work list until co-signed', async () => {
    const { patient } = await admittedPatient(nurse, facility(), 'residential');
    const written = await nurse.post(`/patients/${patient.id}/medication-orders`, { medication: 'buprenorphine', form: 'film', doseMg: 8, frequency: 'daily' });
    expect(written.status).toBe(422);
    expect(written.body.errors[0].field).toBe('entry');
    const verbal = await nurse.post(`/patients/${patient.id}/medication-orders`, {
      medication: 'buprenorphine',
      form: 'film',
      doseMg: 8,
      frequency: 'daily',
      entry: 'verbal',
      orderedBy: org.users.prescriber.id,
    });
    expect(verbal.status, JSON.stringify(verbal.body)).toBe(201);
    expect(verbal.body.status).toBe('pending_cosign');
    const list = await prescriber.get('/medication/worklist');
    expect(list.body.toCosign.map((o: { id: string }) => o.id)).toContain(verbal.body.id);
    expect((await nurse.post(`/medication-orders/${verbal.body.id}/cosign`)).status).toBe(403);
    const signed = await prescriber.post(`/medication-orders/${verbal.body.id}/cosign`);
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('active');
    expect((await prescriber.get('/medication/worklist')).body.toCosign.map((o: { id: string }) => o.id)).not.toContain(verbal.body.id);
  });

  it('warns above 24 mg of buprenorphine (never a stop) and needs a reason', async () => {
    const { patient } = await admittedPatient(nurse, facility(), 'residential');
    const res = await prescriber.post(`/patients/${patient.id}/medication-orders`, {
      medication: 'buprenorphine_naloxone',
      form: 'film',
      doseMg: 32,
      frequency: 'daily',
      startDay: undefined,
    });
    expect(res.status).toBe(409);
    expect(res.body.title).toBe('Warning needs a reason');
    expect(res.body.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('buprenorphine.over-24mg');
    const ok = await prescriber.post(`/patients/${patient.id}/medication-orders`, {
      medication: 'buprenorphine_naloxone',
      form: 'film',
      doseMg: 32,
      frequency: 'daily',
      overrideReason: 'High-dose initiation for fentanyl use',
    });
    expect(ok.status).toBe(201);
  });

  it('stops naltrexone before 7 opioid-free days; a nurse cannot override, a prescriber can', async () => {
    const { patient } = await admittedPatient(nurse, facility(), 'residential');
    const lastOpioidUse = { at: new Date(server.clock.now().getTime() - 5 * 86_400_000).toISOString(), kind: 'short_acting' };
    const body = { medication: 'naltrexone_xr', form: 'injection', doseMg: 380, frequency: 'monthly', lastOpioidUse };
    const refused = await prescriber.post(`/patients/${patient.id}/medication-orders`, body);
    expect(refused.status).toBe(409);
    expect(refused.body.rule).toBe('naltrexone.opioid-free-days');
    const ok = await prescriber.post(`/patients/${patient.id}/medication-orders`, { ...body, overrideReason: 'Negative naloxone challenge today' });
    expect(ok.status).toBe(201);
  });

  it('refuses a Brixadi strength that does not exist, naming the field', async () => {
    const { patient } = await admittedPatient(nurse, facility(), 'residential');
    const res = await prescriber.post(`/patients/${patient.id}/medication-orders`, {
      medication: 'buprenorphine_xr_weekly_monthly',
      form: 'injection',
      doseMg: 20,
      frequency: 'weekly',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'doseMg', rule: 'brixadi-strength' });
  });

  it('checks a titration step against the 10 mg step and 3-day interval, and versions the order', async () => {
    const { order } = await methadonePatient(30);
    const got = await prescriber.get(`/medication-orders/${order.id}`);
    const jump = await prescriber.patch(`/medication-orders/${order.id}`, { doseMg: 50 }, { 'if-match': got.headers.get('etag')! });
    expect(jump.status).toBe(409);
    expect(jump.body.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(
      expect.arrayContaining(['methadone.titration-step', 'methadone.titration-interval']),
    );
    const ok = await prescriber.patch(
      `/medication-orders/${order.id}`,
      { doseMg: 50, overrideReason: 'Ongoing withdrawal, reviewed in person' },
      { 'if-match': got.headers.get('etag')! },
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.version).toBe(2);
    const stale = await prescriber.patch(`/medication-orders/${order.id}`, { instructions: 'x' }, { 'if-match': got.headers.get('etag')! });
    expect(stale.status).toBe(412);
    const versions = (await prescriber.get(`/medication-orders/${order.id}`)).body.versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(versions[1].findings.every((f: { overridden: boolean }) => f.overridden)).toBe(true);
  });

  it('holds and stops with a reason; a second window order is refused while one is in force', async () => {
    const { patient, order } = await methadonePatient(20);
    const dup = await prescriber.post(`/patients/${patient.id}/medication-orders`, {
      medication: 'buprenorphine',
      form: 'tablet',
      doseMg: 8,
      frequency: 'daily',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.rule).toBe('order.one-window-order');
    expect((await prescriber.post(`/medication-orders/${order.id}/status`, { action: 'hold', reason: 'Sedated at intake' })).body.status).toBe('held');
    expect((await prescriber.post(`/medication-orders/${order.id}/status`, { action: 'stop', reason: 'Transferred' })).body.status).toBe('stopped');
    const list = await counselor.get(`/patients/${patient.id}/medications`);
    expect(list.status).toBe(200);
    expect(list.body.orders[0]).toMatchObject({ status: 'stopped', statusReason: 'Transferred' });
  });

  it('lets a counselor see the medication list but neither order nor dose', async () => {
    const { patient } = await methadonePatient(20);
    expect((await counselor.get(`/patients/${patient.id}/medications`)).status).toBe(200);
    expect(
      (await counselor.post(`/patients/${patient.id}/medication-orders`, { medication: 'methadone', form: 'liquid', doseMg: 20, frequency: 'daily' })).status,
    ).toBe(403);
    expect((await counselor.post('/medication/doses', { patientId: patient.id, kind: 'regular' })).status).toBe(403);
    const front = await org.signIn('admissions_coordinator', server.baseUrl);
    expect((await front.get(`/patients/${patient.id}/medications`)).status).toBe(403);
    const other = await org.signIn('otherNurse', server.baseUrl);
    expect((await other.get(`/patients/${patient.id}/medications`)).status).toBe(404);
  });
});

describe('the dosing window', () => {
  it('finds the patient by name, MRN or date of birth', async () => {
    const { patient } = await methadonePatient(20);
    const p = (await nurse.get(`/patients/${patient.id}`)).body;
    for (const q of [p.mrn, p.birthDate, p.legalFamilyName]) {
      const res = await nurse.get(`/medication/dosing/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { id: string }) => i.id)).toContain(patient.id);
    }
  });

  it('doses once; a second attempt the same dosing day answers 409 with the dose already given', async () => {
    const bottle = await methadoneBottle(nurse, facility());
    const { patient } = await methadonePatient(30);
    const screen = await nurse.get(`/medication/dosing/patients/${patient.id}`);
    expect(screen.body).toMatchObject({ dueMg: 30, stops: [] });
    expect(screen.body.containers.find((c: { id: string }) => c.id === bottle.id).volumeForDue).toBe(3);
    const first = await nurse.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ doseMg: 30, volumeMl: 3, balanceAfter: 997 });
    const second = await nurse.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id });
    expect(second.status).toBe(409);
    expect(second.body.rule).toBe('dose.already-given');
    expect(second.body.dose.id).toBe(first.body.id);
    const after = await nurse.get(`/medication/dosing/patients/${patient.id}`);
    expect(after.body.stops.map((s: { rule: string }) => s.rule)).toContain('dose.already-given');
  });

  it('doses a guest of another program with the home program, its contact, who verified the dose and the visit dates on the record', async () => {
    const bottle = await methadoneBottle(nurse, facility());
    const { patient } = await admittedPatient(nurse, facility(), 'residential');
    const screen = await nurse.get(`/medication/dosing/patients/${patient.id}`);
    expect(screen.body.order).toBeNull();
    expect(screen.body.containers.map((c: { id: string }) => c.id)).toContain(bottle.id);
    const today = screen.body.dosingDay as string;
    const dayOff = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const guest = {
      homeProgram: 'Harbor Treatment Center',
      contact: 'Dosing nurse line 555-0142',
      verifiedWith: 'J. Alvarez, RN',
      medication: 'methadone',
      form: 'liquid',
      doseMg: 60,
      lastDoseDay: dayOff(-1),
      visitFrom: today,
      visitTo: dayOff(3),
    };
    const notCovered = await nurse.post('/medication/doses', {
      patientId: patient.id,
      kind: 'regular',
      containerId: bottle.id,
      guest: { ...guest, visitFrom: dayOff(1) },
    });
    expect(notCovered.status).toBe(422);
    expect(notCovered.body.errors[0].field).toBe('guest.visitFrom');
    const backwards = await nurse.post('/medication/doses', {
      patientId: patient.id,
      kind: 'regular',
      containerId: bottle.id,
      guest: { ...guest, visitTo: dayOff(-2) },
    });
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors[0].field).toBe('guest.visitTo');
    const given = await nurse.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id, guest });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    expect(given.body).toMatchObject({
      kind: 'regular',
      doseMg: 60,
      volumeMl: 6,
      orderId: null,
      guest: {
        homeProgram: 'Harbor Treatment Center',
        contact: 'Dosing nurse line 555-0142',
        verifiedWith: 'J. Alvarez, RN',
        visitFrom: today,
        visitTo: dayOff(3),
      },
    });
    expect(given.body.guest.verifiedBy).toBe(given.body.givenBy);
    expect(given.body.guest.verifiedByName).toEqual(expect.any(String));
    const again = await nurse.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id, guest });
    expect(again.status).toBe(409);
    const after = await nurse.get(`/medication/dosing/patients/${patient.id}`);
    expect(after.body.dosesToday[0].guest).toMatchObject({ homeProgram: 'Harbor Treatment Center' });
    const list = await nurse.get(`/patients/${patient.id}/medications`);
    expect(list.body.recentDoses[0].guestProgram).toMatch(/Harbor Treatment Center.*555-0142.*J\. Alvarez/);
    const counselorTry = await counselor.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id, guest });
    expect(counselorTry.status).toBe(403);
  });

  it('replays a retried dose with the same Idempotency-Key instead of dosing twice', async () => {
    const bottle = await methadoneBottle(nurse, facility());
    const { patient } = await methadonePatient(30);
    const headers = { 'idempotency-key': `dose-${patient.id}` };
    const a = await nurse.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id }, headers);
    const b = await nurse.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id }, headers);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replay')).toBe('true');
    expect(b.body).toEqual(a.body);
  });

  for (let round = 1; round <= 3; round++) {
    it(`lets exactly one of 20 simultaneous doses through (round ${round}) and the ledger moves once`, async () => {
      const bottle = await methadoneBottle(nurse, facility(), 100);
      const { patient } = await methadonePatient(30);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => nurse.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      const ledger = await nurse.get(`/medication-stock/${bottle.id}/ledger`);
      expect(ledger.body.items.filter((e: { kind: string }) => e.kind === 'dispense')).toHaveLength(1);
      expect(ledger.body.container.balance).toBe(97);
    });
  }

  it('refuses to dose a held order, names the stop, and records held, refused and no-show as typed events', async () => {
    const bottle = await methadoneBottle(nurse, facility());
    const { patient, order } = await methadonePatient(30);
    await prescriber.post(`/medication-orders/${order.id}/status`, { action: 'hold', reason: 'QTc review' });
    const res = await nurse.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id });
    expect(res.status).toBe(409);
    expect(res.body.rule).toBe('dose.order-held');
    expect((await nurse.post('/medication/doses', { patientId: patient.id, kind: 'no_show' })).status).toBe(422);
    for (const kind of ['held', 'refused', 'no_show']) {
      const r = await nurse.post('/medication/doses', { patientId: patient.id, kind, reason: 'Order on hold for review' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.kind).toBe(kind);
    }
  });

  it('stops a dose when the patient appears sedated', async () => {
    const bottle = await methadoneBottle(nurse, facility());
    const { patient } = await methadonePatient(30);
    const res = await nurse.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id, appearsSedated: true });
    expect(res.status).toBe(409);
    expect(res.body.rule).toBe('dose.sedated');
  });

  it('gives the first-day parts within the 50 mg limit and refuses a further one', async () => {
    const bottle = await methadoneBottle(nurse, facility());
    const { patient } = await methadonePatient(30, { firstDayDosesMg: [30, 10] });
    expect((await nurse.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id })).status).toBe(201);
    const extra = await nurse.post('/medication/doses', { patientId: patient.id, kind: 'additional', containerId: bottle.id });
    expect(extra.status, JSON.stringify(extra.body)).toBe(201);
    expect(extra.body.doseMg).toBe(10);
    const third = await nurse.post('/medication/doses', { patientId: patient.id, kind: 'additional', containerId: bottle.id });
    expect(third.status).toBe(409);
    expect(third.body.rule).toBe('dose.no-additional-ordered');
  });

  it('refuses a dose bigger than the stock left, leaving no dose behind', async () => {
    const bottle = await methadoneBottle(nurse, facility(), 2);
    const { patient } = await methadonePatient(30);
    const res = await nurse.post('/medication/doses', { patientId: patient.id, kind: 'regular', containerId: bottle.id });
    expect(res.status).toBe(409);
    expect(res.body.rule).toBe('stock.insufficient');
    expect((await nurse.get(`/medication/dosing/patients/${patient.id}`)).body.dosesToday).toHaveLength(0);
  });
});
