import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepMissedDoses } from '../src/modules/medication/mar';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';
import { methadoneBottle, methadonePatient as patientOnMethadone } from './medication-fixtures';

let server: TestServer;
let org: TestOrganization;
let nurse: ApiClient;
let prescriber: ApiClient;
let admin: ApiClient;
let counselor: ApiClient;

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

const bottle = (ml = 1000) => methadoneBottle(nurse, facility(), ml);
const methadonePatient = (doseMg = 30, admittedDaysAgo = 0) =>
  patientOnMethadone(nurse, prescriber, facility(), { doseMg, admittedAt: new Date(server.clock.now().getTime() - admittedDaysAgo * 86_400_000) });

describe('controlled-substance stock', () => {
  it('keeps a perpetual ledger: receipts, dispensing, transfers and adjustments, each with the balance after', async () => {
    const a = await bottle(500);
    const b = await bottle(0);
    const t = await nurse.post(`/medication-stock/${a}/transfers`, { toContainerId: b, quantity: 100, reason: 'New bottle on the pump' });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    expect(t.body.out.balanceAfter).toBe(400);
    expect(t.body.in.balanceAfter).toBe(100);
    const adj = await nurse.post(`/medication-stock/${a}/adjustments`, { quantity: -0.5, reason: 'Pump priming loss' });
    expect(adj.body.balanceAfter).toBe(399.5);
    const ledger = await nurse.get(`/medication-stock/${a}/ledger`);
    expect(ledger.body.items.map((e: { kind: string }) => e.kind)).toEqual(['receipt', 'transfer_out', 'adjustment']);
    expect(ledger.body.items[0]).toMatchObject({ supplier: 'Supplier', orderFormNumber: '222-55', mg: 5000 });
  });

  it('can never go negative: an adjustment past zero is refused, and 20 racing dispenses from a small bottle stop at zero', async () => {
    const a = await bottle(10);
    const neg = await nurse.post(`/medication-stock/${a}/adjustments`, { quantity: -11, reason: 'Too much' });
    expect(neg.status).toBe(409);
    expect(neg.body.rule).toBe('stock.insufficient');
    // Ten patients of 30 mg (3 mL) each against 10 mL: three succeed, the rest find the bottle empty.
    const patients = await Promise.all(Array.from({ length: 10 }, () => methadonePatient(30)));
    const res = await Promise.all(patients.map((p) => nurse.post('/medication/doses', { patientId: p.patientId, kind: 'regular', containerId: a })));
    expect(res.filter((r) => r.status === 201)).toHaveLength(3);
    expect(res.filter((r) => r.status === 409).every((r) => r.body.rule === 'stock.insufficient')).toBe(true);
    const ledger = await nurse.get(`/medication-stock/${a}/ledger`);
    expect(ledger.body.container.balance, JSON.stringify(ledger.body)).toBe(1);
    expect(ledger.body.items.at(-1).balanceAfter).toBe(1);
  }, 90_000);

  it('refuses to change or delete a ledger row or a dose in the database', async () => {
    const a = await bottle(10);
    await expect(sql`update med_ledger set quantity = 1 where container_id = ${a}`.execute(server.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from med_ledger where container_id = ${a}`.execute(server.db)).rejects.toThrow(/append-only/);
  });

  it('reconciles a daily count against the ledger and flags a discrepancy to the prescriber and administrator', async () => {
    const a = await bottle(200);
    const ok = await nurse.post(`/medication-stock/${a}/counts`, { counted: 200 });
    expect(ok.body).toMatchObject({ discrepancy: 0, flagged: false });
    const noNote = await nurse.post(`/medication-stock/${a}/counts`, { counted: 198 });
    expect(noNote.status).toBe(422);
    expect(noNote.body.errors[0].field).toBe('note');
    const off = await nurse.post(`/medication-stock/${a}/counts`, { counted: 198, note: 'Two mL short at end of day' });
    expect(off.body).toMatchObject({ discrepancy: -2, flagged: true, ledgerBalance: 200 });
    const work = await prescriber.get('/medication/worklist');
    expect(work.body.discrepancies.map((d: { id: string }) => d.id)).toContain(off.body.id);
    expect((await nurse.post(`/medication-counts/${off.body.id}/review`, { note: 'Reviewed' })).status).toBe(200);
    expect((await admin.post(`/medication-counts/${off.body.id}/review`, { note: 'Already reviewed?' })).status).toBe(409);
  });

  it('raises a count discrepancy to the director (prescriber, administrator) as a facility alert, resolved when the count is reviewed', async () => {
    const a = await bottle(100);
    const alertOf = async (client: ApiClient, id: string) =>
      ((await client.get('/alerts')).body.items as { id: string; kind: string; patientId: string | null; facilityName: string | null }[]).find(
        (x) => x.id === id,
      );
    const matches = await nurse.post(`/medication-stock/${a}/counts`, { counted: 100 });
    expect(matches.body.alertId).toBeNull();
    const off = await nurse.post(`/medication-stock/${a}/counts`, { counted: 97, note: 'Three mL short' });
    expect(off.status, JSON.stringify(off.body)).toBe(201);
    expect(off.body.alertId).toEqual(expect.any(String));
    expect(await alertOf(prescriber, off.body.alertId)).toMatchObject({
      kind: 'medication.count-discrepancy',
      patientId: null,
      facilityName: expect.any(String),
    });
    expect(await alertOf(admin, off.body.alertId)).toMatchObject({ kind: 'medication.count-discrepancy' });
    // Addressed to the director: not the nurse who counted, not a counselor.
    expect(await alertOf(nurse, off.body.alertId)).toBeUndefined();
    expect(await alertOf(counselor, off.body.alertId)).toBeUndefined();
    const [row] = (
      await sql<{ audience: string[]; facility_id: string }>`select audience, facility_id from alerts where id = ${off.body.alertId}`.execute(server.db)
    ).rows;
    expect(row).toMatchObject({ audience: ['prescriber', 'administrator'], facility_id: facility() });
    // Not the nurse's to silence; acknowledging does not close the discrepancy, the review does.
    expect((await nurse.post(`/alerts/${off.body.alertId}/acknowledge`, {})).status).toBe(403);
    expect((await prescriber.post(`/medication-counts/${off.body.id}/review`, { note: 'Spill found and documented' })).status).toBe(200);
    expect(await alertOf(prescriber, off.body.alertId)).toBeUndefined();
    expect(await alertOf(admin, off.body.alertId)).toBeUndefined();
  });

  it('shows a transfer in both ledgers, each naming the other container', async () => {
    const a = await bottle(300);
    const b = await bottle(0);
    const t = await nurse.post(`/medication-stock/${a}/transfers`, { toContainerId: b, quantity: 50, reason: 'Topping up the pump bottle' });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    const from = (await nurse.get(`/medication-stock/${a}/ledger`)).body;
    const to = (await nurse.get(`/medication-stock/${b}/ledger`)).body;
    expect(from.items.at(-1)).toMatchObject({
      kind: 'transfer_out',
      quantity: -50,
      counterpartContainerId: b,
      counterpartLabel: to.container.label,
      reason: 'Topping up the pump bottle',
    });
    expect(to.items.at(-1)).toMatchObject({ kind: 'transfer_in', quantity: 50, counterpartContainerId: a, counterpartLabel: from.container.label });
    const bad = await nurse.post(`/medication-stock/${a}/transfers`, { toContainerId: a, quantity: 1, reason: 'Same one' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('toContainerId');
  });

  it('wastes stock only when a second person signs', async () => {
    const a = await bottle(100);
    const w = await nurse.post(`/medication-stock/${a}/waste`, { kind: 'waste', quantity: 5, reason: 'Spilled dose, witnessed' });
    expect(w.status).toBe(201);
    expect((await nurse.get(`/medication-stock/${a}/ledger`)).body.container.balance).toBe(100);
    const self = await nurse.post(`/medication-waste/${w.body.id}/sign`);
    expect(self.status).toBe(409);
    expect(self.body.rule).toBe('waste.second-signer');
    expect((await counselor.post(`/medication-waste/${w.body.id}/sign`)).status).toBe(403);
    const signed = await prescriber.post(`/medication-waste/${w.body.id}/sign`);
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body).toMatchObject({ kind: 'waste', balanceAfter: 95, secondSigner: org.users.prescriber.id, recordedBy: org.users.nurse.id });
    expect((await admin.post(`/medication-waste/${w.body.id}/sign`)).status).toBe(409);
  });

  it('prints the dispensing log with every field of 21 CFR 1304.24, for a day or a range', async () => {
    const a = await bottle(100);
    const { patientId } = await methadonePatient(40);
    const d = await nurse.post('/medication/doses', { patientId, kind: 'regular', containerId: a });
    const log = await nurse.get(`/facilities/${facility()}/dispensing-log?from=${d.body.dosingDay}`);
    expect(log.status).toBe(200);
    const row = log.body.items.find((i: { doseId: string }) => i.doseId === d.body.id);
    expect(row).toMatchObject({
      substance: 'methadone',
      strength: '10 mg/mL',
      dosageForm: 'liquid',
      amountOnSiteMg: 40,
      amountTakenHomeMg: null,
      date: d.body.dosingDay,
      quantity: 4,
    });
    expect(row.patientIdentifier).toMatch(/^W/);
    expect(row.initials).toMatch(/^[A-Z0-9]+$/);
    expect((await nurse.get(`/facilities/${facility()}/dispensing-log?from=2026-01-02&to=2026-01-01`)).status).toBe(422);
    expect((await counselor.get(`/facilities/${facility()}/dispensing-log?from=2026-01-01`)).status).toBe(403);
    const other = await org.signIn('otherNurse', server.baseUrl);
    expect((await other.get(`/facilities/${facility()}/dispensing-log?from=2026-01-01`)).status).toBe(404);
  });
});

describe('take-homes', () => {
  it('are capped by time in treatment (7 days before day 15) and need the six documented criteria', async () => {
    const { patientId } = await methadonePatient(40, 9);
    const elig = await prescriber.get(`/patients/${patientId}/take-homes`);
    expect(elig.body.eligibility).toMatchObject({ treatmentDay: 10, ruleSet: 'federal-2024', scheduleMaxDays: 7, nextStep: { fromDay: 15, maxDays: 14 } });
    const today = new Date(server.clock.now().getTime());
    const day = (n: number) => new Date(today.getTime() + n * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
    const eight = Array.from({ length: 8 }, (_, i) => day(i + 1));
    const criteria = elig.body.eligibility.criteria;
    const t1 = await prescriber.post(`/patients/${patientId}/take-homes`, { days: eight, criteria, rationale: 'Stable, working' });
    expect(t1.status).toBe(409);
    expect(t1.body.rule).toBe('take-homes.time-in-treatment');
    const missing = await prescriber.post(`/patients/${patientId}/take-homes`, {
      days: eight.slice(0, 2),
      criteria: criteria.slice(0, 3),
      rationale: 'Stable, working',
    });
    expect(missing.body.rule).toBe('take-homes.criteria-documented');
    expect((await nurse.post(`/patients/${patientId}/take-homes`, { days: eight.slice(0, 2), criteria, rationale: 'x x x x x' })).status).toBe(403);
    const plan = await prescriber.post(`/patients/${patientId}/take-homes`, {
      days: eight.slice(0, 2),
      closureDays: [day(3)],
      criteria,
      rationale: 'Stable, working days',
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const a = await bottle(1000);
    const disp = await nurse.post(`/take-home-plans/${plan.body.id}/dispense`, { containerId: a });
    expect(disp.status, JSON.stringify(disp.body)).toBe(201);
    expect(disp.body.bottles).toHaveLength(3);
    expect(disp.body.bottles[0].label).toMatchObject({ dose: '40 mg (4 mL)', date: day(1) });
    // Dispensing again moves nothing: one dose per day.
    await nurse.post(`/take-home-plans/${plan.body.id}/dispense`, { containerId: a });
    expect((await nurse.get(`/medication-stock/${a}/ledger`)).body.container.balance).toBe(988);
    const labels = await counselor.get(`/take-home-plans/${plan.body.id}/labels`);
    expect(labels.body.bottles).toHaveLength(3);
    const check = await nurse.post(`/patients/${patientId}/bottle-checks`, { kind: 'call_back', outcome: 'ok' });
    expect(check.status).toBe(201);
    const bad = await nurse.post(`/patients/${patientId}/bottle-checks`, { kind: 'returned_bottle', outcome: 'tampered' });
    expect(bad.status).toBe(422);
  });

  it('applies the stricter state schedule (Virginia: 5 days on days 8–30)', async () => {
    const settings = await admin.get(`/facilities/${facility()}/medication-settings`);
    const put = await admin.request('PUT', `/facilities/${facility()}/medication-settings`, {
      body: { jurisdiction: 'virginia', missedDoseLimit: 3, takeHomeProgramMax: null, version: settings.body.version },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    try {
      const { patientId } = await methadonePatient(40, 19);
      const elig = await prescriber.get(`/patients/${patientId}/take-homes`);
      expect(elig.body.eligibility).toMatchObject({ treatmentDay: 20, ruleSet: 'virginia-2024', scheduleMaxDays: 5 });
    } finally {
      await admin.request('PUT', `/facilities/${facility()}/medication-settings`, {
        body: { jurisdiction: 'federal', missedDoseLimit: 3, takeHomeProgramMax: null, version: put.body.version },
      });
    }
  });
});

describe('medication administration record', () => {
  it('lists the unit’s patients only, names each in the audit log, and shows a window methadone order as dosed at the window with no stock', async () => {
    const { patientId } = await methadonePatient();
    await bottle();
    // A day-program patient at the same site takes medications at home or at the window, not on the unit.
    const outpatient = await admittedPatient(nurse, facility(), 'partial_hospitalization');
    const otpOrder = await prescriber.post(`/patients/${outpatient.patient.id}/medication-orders`, {
      medication: 'methadone',
      form: 'liquid',
      doseMg: 30,
      frequency: 'daily',
    });
    expect(otpOrder.status, JSON.stringify(otpOrder.body)).toBe(201);
    const before = new Date(server.clock.now().getTime() - 1000);
    const mar = await nurse.get(`/facilities/${facility()}/mar`);
    expect(mar.status).toBe(200);
    const row = mar.body.patients.find((p: { patientId: string }) => p.patientId === patientId);
    expect(row.orders[0]).toMatchObject({ medication: 'methadone', frequency: 'daily', atWindow: true, containers: [], slots: [] });
    const shown = mar.body.patients.map((p: { patientId: string }) => p.patientId).sort();
    expect(shown).not.toContain(outpatient.patient.id);
    const { rows } = await sql<{ patient_id: string }>`select patient_id from audit_log
      where organization_id = ${org.organizationId} and resource_type = 'mar' and action = 'read' and occurred_at >= ${before}`.execute(server.db);
    expect(rows.map((r) => r.patient_id).sort()).toEqual(shown);
  });

  it('shows scheduled doses due on the unit and holds a dose by its parameters', async () => {
    const { patient } = await admittedPatient(nurse, facility(), 'residential', { bed: 'R1' });
    const order = await prescriber.post(`/patients/${patient.id}/medication-orders`, {
      medication: 'other',
      name: 'Clonidine',
      form: 'tablet',
      doseMg: 0.1,
      frequency: 'scheduled',
      scheduleTimes: ['00:00', '06:00', '12:00', '18:00'],
      holdParameters: { systolicBelow: 90, heartRateBelow: 60, vitalsMaxAgeMinutes: 60 },
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const mar = await nurse.get(`/facilities/${facility()}/mar`);
    expect(mar.status).toBe(200);
    const row = mar.body.patients.find((p: { patientId: string }) => p.patientId === patient.id);
    expect(row.orders[0].slots).toHaveLength(4);
    const slot = row.orders[0].slots[0];
    const low = await nurse.post('/medication/administrations', {
      orderId: order.body.id,
      scheduledFor: slot.scheduledFor,
      outcome: 'given',
      vitals: { systolic: 85, heartRate: 70 },
    });
    expect(low.status).toBe(409);
    expect(low.body.rule).toBe('hold.parameters');
    const held = await nurse.post('/medication/administrations', {
      orderId: order.body.id,
      scheduledFor: slot.scheduledFor,
      outcome: 'held',
      reason: 'SBP 85',
    });
    expect(held.status).toBe(201);
    const next = row.orders[0].slots[1];
    const given = await nurse.post('/medication/administrations', {
      orderId: order.body.id,
      scheduledFor: next.scheduledFor,
      outcome: 'given',
      vitals: { systolic: 120, heartRate: 72 },
    });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    const twice = await nurse.post('/medication/administrations', {
      orderId: order.body.id,
      scheduledFor: next.scheduledFor,
      outcome: 'given',
      vitals: { systolic: 120, heartRate: 72 },
    });
    expect(twice.status).toBe(409);
    const after = (await nurse.get(`/facilities/${facility()}/mar`)).body.patients.find((p: { patientId: string }) => p.patientId === patient.id);
    expect(after.orders[0].slots.slice(0, 2).map((s: { status: string }) => s.status)).toEqual(['held', 'given']);
  });

  it('gives an as-needed controlled medication from the stock bottle chosen on the MAR, in use first, with the hold parameters shown', async () => {
    const { patient } = await admittedPatient(nurse, facility(), 'residential', { bed: 'R2' });
    const box = async (label: string, units: number) => {
      const c = await nurse.post(`/facilities/${facility()}/medication-stock`, {
        medication: 'buprenorphine',
        form: 'tablet',
        label,
        unit: 'unit',
        strengthMg: 2,
      });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      await nurse.post(`/medication-stock/${c.body.id}/receipts`, { quantity: units, supplier: 'Supplier', orderFormNumber: '222-77' });
      return c.body.id as string;
    };
    const first = await box(`Bup 2 mg A ${Math.random()}`, 30);
    const second = await box(`Bup 2 mg B ${Math.random()}`, 30);
    const order = await prescriber.post(`/patients/${patient.id}/medication-orders`, {
      medication: 'buprenorphine',
      form: 'tablet',
      doseMg: 2,
      frequency: 'prn',
      prnMinHours: 2,
      prnMaxDailyMg: 8,
      holdParameters: { systolicBelow: 90, vitalsMaxAgeMinutes: 60 },
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const marOrder = async () =>
      (await nurse.get(`/facilities/${facility()}/mar`)).body.patients.find((p: { patientId: string }) => p.patientId === patient.id).orders[0];
    const before = await marOrder();
    expect(before).toMatchObject({
      frequency: 'prn',
      controlled: true,
      prnMinHours: 2,
      prnMaxDailyMg: 8,
      holdParameters: { systolicBelow: 90, vitalsMaxAgeMinutes: 60 },
    });
    expect(before.containers.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([first, second]));
    const noBottle = await nurse.post('/medication/administrations', { orderId: order.body.id, outcome: 'given', vitals: { systolic: 120 } });
    expect(noBottle.status).toBe(422);
    expect(noBottle.body.errors[0].field).toBe('containerId');
    const given = await nurse.post('/medication/administrations', { orderId: order.body.id, outcome: 'given', vitals: { systolic: 120 }, containerId: second });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    expect(given.body).toMatchObject({ kind: 'prn', containerId: second, units: 1 });
    const ledger = (await nurse.get(`/medication-stock/${second}/ledger`)).body;
    expect(ledger.items.at(-1)).toMatchObject({ kind: 'dispense', quantity: -1, doseId: given.body.id, balanceAfter: 29 });
    // The bottle last poured from is the one in use: offered first next time.
    const after = await marOrder();
    expect(after.containers[0].id).toBe(second);
    expect(after.lastGivenAt).toBe(given.body.givenAt);
    const tooSoon = await nurse.post('/medication/administrations', {
      orderId: order.body.id,
      outcome: 'given',
      vitals: { systolic: 120 },
      containerId: second,
    });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.rule).toBe('prn.interval');
  });

  it('records a naloxone kit given, and a dose given elsewhere as outside information that cautions the window', async () => {
    const { patientId } = await methadonePatient(30);
    const kit = await nurse.post(`/patients/${patientId}/naloxone-kits`, {});
    expect(kit.status).toBe(201);
    expect(kit.body).toMatchObject({ kind: 'naloxone_kit', medication: 'naloxone' });
    const out = await nurse.post(`/patients/${patientId}/outside-doses`, {
      medication: 'methadone',
      form: 'liquid',
      doseMg: 30,
      givenAt: server.clock.now().toISOString(),
      source: 'hospital',
      sourceName: 'General Hospital ED',
    });
    expect(out.status).toBe(201);
    const screen = await nurse.get(`/medication/dosing/patients/${patientId}`);
    expect(screen.body.stops.map((s: { rule: string }) => s.rule)).toContain('dose.given-elsewhere');
    const list = await counselor.get(`/patients/${patientId}/medications`);
    expect(list.body.recentDoses.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['naloxone_kit', 'outside']));
  });
});

describe('continuity', () => {
  it('alerts the counselor and prescriber after a run of missed doses, stops the window until a prescriber reviews, and keeps the order visible after discharge', async () => {
    const { patientId, order, episode } = await methadonePatient(30);
    const a = await bottle(100);
    expect((await nurse.post('/medication/doses', { patientId, kind: 'regular', containerId: a })).status).toBe(201);
    server.clock.advance(4 * 86_400_000);
    nurse = await org.signIn('nurse', server.baseUrl);
    prescriber = await org.signIn('prescriber', server.baseUrl);
    counselor = await org.signIn('counselor', server.baseUrl);
    await sweepMissedDoses(server.db, server.clock.now());
    const alerts = await counselor.get(`/patients/${patientId}/header`);
    expect(JSON.stringify(alerts.body)).toContain('missed in a row');
    const screen = await nurse.get(`/medication/dosing/patients/${patientId}`);
    expect(screen.body.missedInARow).toBe(3);
    expect(screen.body.stops.map((s: { rule: string }) => s.rule)).toContain('dose.missed-run-review');
    const stopped = await nurse.post('/medication/doses', { patientId, kind: 'regular', containerId: a });
    expect(stopped.status).toBe(409);
    expect(stopped.body.rule).toBe('dose.missed-run-review');
    expect((await prescriber.post(`/medication-orders/${order.id}/reviews`, { note: 'Seen; restart at same dose' })).status).toBe(201);
    expect((await nurse.post('/medication/doses', { patientId, kind: 'regular', containerId: a })).status).toBe(201);
    // Leaving care: the order stays on the medication list for aftercare.
    const discharged = await nurse.post(`/episodes/${episode.id}/discharge`, {
      dischargeType: 'transferred',
      reason: 'To the outpatient program',
      naloxoneGiven: true,
      medicationOffered: true,
    });
    expect(discharged.status, JSON.stringify(discharged.body)).toBe(200);
    const list = await counselor.get(`/patients/${patientId}/medications`);
    expect(list.body.orders[0]).toMatchObject({ id: order.id, status: 'active' });
  });
});
