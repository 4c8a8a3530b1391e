import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { startServer, type TestServer } from './harness';

let server: TestServer;
let org: TestOrganization;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
});
afterAll(() => server?.close());

/** Moves the server's clock to an instant (the test clock is real time plus an offset). */
function setClock(iso: string) {
  server.clock.advance(Date.parse(iso) - server.clock.now().getTime());
}

/** A dose at `at` (facility 0 of the default organization is in America/New_York). Each call signs in again: the clock jumps past idle time-outs. */
async function dose(patientId: string, bottleId: string, at: string, o: TestOrganization = org) {
  setClock(at);
  const nurse = await o.signIn('nurse', server.baseUrl);
  return nurse.post('/medication/doses', { patientId, kind: 'regular', containerId: bottleId });
}

/** A bottle of methadone and a patient admitted an hour before `at` with a daily 30 mg order, at `o`'s first facility. */
async function setup(at: string, o: TestOrganization = org) {
  setClock(at);
  const nurse = await o.signIn('nurse', server.baseUrl);
  const prescriber = await o.signIn('prescriber', server.baseUrl);
  const c = await nurse.post(`/facilities/${o.facilityIds[0]}/medication-stock`, {
    medication: 'methadone',
    form: 'liquid',
    label: 'DST bottle',
    unit: 'ml',
    strengthMg: 10,
  });
  await nurse.post(`/medication-stock/${c.body.id}/receipts`, { quantity: 500, supplier: 'Supplier', orderFormNumber: '222-1' });
  const { patient } = await admittedPatient(nurse, o.facilityIds[0], 'residential', { admittedAt: new Date(Date.parse(at) - 3_600_000).toISOString() });
  const order = await prescriber.post(`/patients/${patient.id}/medication-orders`, { medication: 'methadone', form: 'liquid', doseMg: 30, frequency: 'daily' });
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  return { patientId: patient.id, bottleId: c.body.id as string };
}

describe('the dosing day is the facility’s calendar day in America/New_York', () => {
  it('across the spring change (2026-03-08, 02:00 EST → 03:00 EDT): the 23-hour day is one dosing day', async () => {
    const { patientId, bottleId } = await setup('2026-03-07T15:00:00Z');
    // 23:30 EST on 7 March is still 7 March.
    const a = await dose(patientId, bottleId, '2026-03-08T04:30:00Z');
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.dosingDay).toBe('2026-03-07');
    // 00:30 EST on 8 March, one hour later: a new dosing day.
    const b = await dose(patientId, bottleId, '2026-03-08T05:30:00Z');
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body.dosingDay).toBe('2026-03-08');
    // 23:30 EDT on 8 March (03:30 UTC on the 9th): the same short day, refused.
    const c = await dose(patientId, bottleId, '2026-03-09T03:30:00Z');
    expect(c.status).toBe(409);
    expect(c.body.dose.dosingDay).toBe('2026-03-08');
    // 00:05 EDT on 9 March: the next day.
    const d = await dose(patientId, bottleId, '2026-03-09T04:05:00Z');
    expect(d.status).toBe(201);
    expect(d.body.dosingDay).toBe('2026-03-09');
  });

  it('across the autumn change (2026-11-01, 02:00 EDT → 01:00 EST): the 25-hour day is one dosing day, 01:30 twice included', async () => {
    const { patientId, bottleId } = await setup('2026-10-31T15:00:00Z');
    // 01:30 EDT on 1 November.
    const a = await dose(patientId, bottleId, '2026-11-01T05:30:00Z');
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.dosingDay).toBe('2026-11-01');
    // 01:30 EST, the repeated hour: the same day.
    expect((await dose(patientId, bottleId, '2026-11-01T06:30:00Z')).status).toBe(409);
    // 23:59 EST on 1 November (04:59 UTC on the 2nd): still the same day.
    expect((await dose(patientId, bottleId, '2026-11-02T04:59:00Z')).status).toBe(409);
    // 00:01 EST on 2 November: the next day.
    const e = await dose(patientId, bottleId, '2026-11-02T05:01:00Z');
    expect(e.status).toBe(201);
    expect(e.body.dosingDay).toBe('2026-11-02');
  });
});

describe('the dosing day at the edges of the world’s time zones (the window reads the days around today in UTC)', () => {
  async function facilityIn(timeZone: string) {
    const o = await buildOrganization(server.db);
    await server.db.updateTable('facilities').set({ time_zone: timeZone }).where('id', '=', o.facilityIds[0]).execute();
    return o;
  }
  async function screenAt(o: TestOrganization, patientId: string, at: string) {
    setClock(at);
    const nurse = await o.signIn('nurse', server.baseUrl);
    const res = await nurse.get(`/medication/dosing/patients/${patientId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { rules: (res.body.stops as { rule: string }[]).map((s) => s.rule), missed: res.body.missedInARow as number };
  }
  for (const [timeZone, doseAt, day, sameDayLater, nextDay, threeDaysOn] of [
    // UTC+14: the local day is UTC's tomorrow for ten hours of each day.
    ['Pacific/Kiritimati', '2026-06-10T12:00:00Z', '2026-06-11', '2026-06-10T20:00:00Z', '2026-06-11T10:30:00Z', '2026-06-13T10:30:00Z'],
    // UTC−11: the local day is UTC's yesterday for eleven hours of each day.
    ['Pacific/Pago_Pago', '2026-06-10T05:00:00Z', '2026-06-09', '2026-06-10T10:59:00Z', '2026-06-10T11:30:00Z', '2026-06-12T11:30:00Z'],
  ] as const) {
    it(`in ${timeZone}: today's dose stops a second one all local day, a new local day is clear, missed days are counted`, async () => {
      const o = await facilityIn(timeZone);
      const { patientId, bottleId } = await setup(doseAt, o);
      const given = await dose(patientId, bottleId, doseAt, o);
      expect(given.status, JSON.stringify(given.body)).toBe(201);
      expect(given.body.dosingDay).toBe(day);
      expect((await screenAt(o, patientId, sameDayLater)).rules).toContain('dose.already-given');
      const next = await screenAt(o, patientId, nextDay);
      expect(next.rules).not.toContain('dose.already-given');
      expect(next.missed).toBe(0);
      // Three local days on: the two days between were missed.
      expect((await screenAt(o, patientId, threeDaysOn)).missed).toBe(2);
    });
  }
});
