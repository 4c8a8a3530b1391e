import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepWithdrawal } from '../src/modules/withdrawal/sweeper';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

let server: TestServer;
let org: TestOrganization;
let nurse: ApiClient;
let prescriber: ApiClient;
let protocols: { id: string; kind: string; name: string }[];

// COWS item keys (clinical.md §1.1); a form with the given total spread over the items.
const cowsZero = {
  pulse: 0,
  sweating: 0,
  restlessness: 0,
  pupil: 0,
  bone_joint_aches: 0,
  runny_nose_tearing: 0,
  gi_upset: 0,
  tremor: 0,
  yawning: 0,
  anxiety_irritability: 0,
  gooseflesh: 0,
};
const cows14 = {
  pulse: 1,
  sweating: 2,
  restlessness: 1,
  pupil: 1,
  bone_joint_aches: 2,
  runny_nose_tearing: 1,
  gi_upset: 2,
  tremor: 1,
  yawning: 1,
  anxiety_irritability: 2,
  gooseflesh: 0,
}; // C1
const cows9 = { ...cowsZero, sweating: 2, restlessness: 1, pupil: 1, bone_joint_aches: 2, yawning: 1, anxiety_irritability: 2 };
const cows30 = {
  pulse: 4,
  sweating: 4,
  restlessness: 5,
  pupil: 5,
  bone_joint_aches: 4,
  runny_nose_tearing: 4,
  gi_upset: 2,
  tremor: 2,
  yawning: 0,
  anxiety_irritability: 0,
  gooseflesh: 0,
};
const normalVitals = { systolic: 128, diastolic: 82, heartRate: 92, respiratoryRate: 16, temperatureC: 37.0, spo2: 98, pain: 3 };

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  // The tests move the clock by hours; a long idle time-out keeps the sessions alive across the jumps.
  const admin = await org.signIn('administrator', server.baseUrl);
  await admin.patch('/organization', { idleTimeoutMinutes: 720 });
  nurse = await org.signIn('nurse', server.baseUrl);
  prescriber = await org.signIn('prescriber', server.baseUrl);
  protocols = (await nurse.get('/wm/protocols')).body.items;
});
afterAll(() => server?.close());

const protocolId = (kind: string) => protocols.find((p) => p.kind === kind)!.id;

async function startCourse(kind = 'buprenorphine_induction', lastUseHoursAgo = 14, lastUseKind = 'short_acting') {
  const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management', { bed: `B${Math.floor(Math.random() * 1e6)}` });
  const res = await nurse.post(`/episodes/${episode.id}/withdrawal`, {
    protocolId: protocolId(kind),
    lastUseAt: new Date(server.clock.now().getTime() - lastUseHoursAgo * 3_600_000).toISOString(),
    lastUseKind,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { patient, episode, course: res.body.course as { id: string }, detail: res.body };
}

describe('protocols', () => {
  it('start from four templates the prescriber edits; neither IT administrators nor nurses may change doses', async () => {
    expect(protocols.map((p) => p.kind).sort()).toEqual(['buprenorphine_induction', 'methadone_stabilization', 'symptom_triggered', 'taper']);
    const prescriber = await org.signIn('prescriber', server.baseUrl);
    const admin = await org.signIn('administrator', server.baseUrl);
    const bup = (await prescriber.get('/wm/protocols')).body.items.find((p: { kind: string }) => p.kind === 'buprenorphine_induction');
    const edited = await prescriber.patch(`/wm/protocols/${bup.id}`, { config: { ...bup.config, induction: { ...bup.config.induction, minCows: 13 } } });
    expect(edited.status).toBe(200);
    expect(edited.body.config.induction.minCows).toBe(13);
    // Put it back for the other tests.
    await prescriber.patch(`/wm/protocols/${bup.id}`, { config: bup.config });
    expect((await nurse.patch(`/wm/protocols/${bup.id}`, { name: 'x' })).status).toBe(403);
    expect((await admin.patch(`/wm/protocols/${bup.id}`, { config: { ...bup.config, induction: { ...bup.config.induction, minCows: 1 } } })).status).toBe(403);
    expect((await admin.get('/wm/protocols')).status).toBe(200);
  });
  it('refuse an invalid configuration naming the field', async () => {
    const prescriber = await org.signIn('prescriber', server.baseUrl);
    const res = await prescriber.post('/wm/protocols', { name: 'Bad', kind: 'taper', config: { ...protocols[0], instruments: ['sows'] } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('config');
  });
});

describe('flowsheet', () => {
  it('scores a COWS with its vitals in one entry and schedules the next check', async () => {
    const { course } = await startCourse();
    const res = await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows14 }, vitals: normalVitals });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.observation.cows).toMatchObject({ total: 14, band: 'moderate' });
    expect(res.body.observation.vitals.heartRate).toBe(92);
    // COWS ≥ 13: hourly.
    expect(res.body.status.nextCheck.intervalMinutes).toBe(60);
    expect(res.body.status.inPeakWindow).toBe(true);
  });

  it('computes the pulse item from a measured rate', async () => {
    const { course } = await startCourse();
    const { pulse: _pulse, ...rest } = cows14;
    const res = await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: rest, pulseBpm: 121 } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.observation.cows.total).toBe(14 - 1 + 4);
    expect(res.body.observation.vitals.heartRate).toBe(121);
  });

  it('refuses an incomplete COWS and a value outside an item’s allowed set, naming the item', async () => {
    const { course } = await startCourse();
    const { gooseflesh: _g, ...incomplete } = cows14;
    const a = await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: incomplete } });
    expect(a.status).toBe(422);
    expect(JSON.stringify(a.body)).toContain('gooseflesh');
    const b = await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: { ...cows14, restlessness: 2 } } });
    expect(b.status).toBe(422);
    expect(b.body.errors[0].field).toContain('restlessness');
    const c = await nurse.post(`/withdrawal/${course.id}/observations`, { vitals: { heartRate: 400 } });
    expect(c.status).toBe(422);
    expect(c.body.errors[0].field).toBe('heartRate');
    const d = await nurse.post(`/withdrawal/${course.id}/observations`, {});
    expect(d.status).toBe(400);
    const rows = await server.db.selectFrom('wm_observations').select('id').where('course_id', '=', course.id).execute();
    expect(rows).toHaveLength(0);
  });

  it('raises alerts for out-of-range vitals, a severe COWS and a rising score', async () => {
    const { course, patient } = await startCourse();
    await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows9 } });
    const res = await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows30 }, vitals: { ...normalVitals, systolic: 85, spo2: 90 } });
    expect(res.status).toBe(201);
    const kinds = res.body.alertsRaised.map((a: { kind: string }) => a.kind).sort();
    expect(kinds).toEqual(['cows-rising', 'cows-severe', 'vitals-out-of-range', 'vitals-out-of-range']);
    expect((await header(patient.id)).alerts.some((a: { kind: string; severity: string }) => a.kind === 'cows-severe' && a.severity === 'critical')).toBe(true);
    // The same cause does not raise a second alert while the first is open.
    const again = await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows30 } });
    expect(again.body.alertsRaised).toEqual([]);
    // Back below the threshold resolves it; a new severe score alerts again.
    await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows9 }, vitals: normalVitals });
    expect((await header(patient.id)).alerts.some((a: { kind: string }) => a.kind === 'cows-severe' || a.kind === 'vitals-out-of-range')).toBe(false);
    const relapse = await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows30 } });
    expect(relapse.body.alertsRaised.map((a: { kind: string }) => a.kind)).toContain('cows-severe');
  });

  it('does not record twice on a retried request', async () => {
    const { course } = await startCourse();
    const key = `obs-${course.id}`;
    const a = await nurse.request('POST', `/withdrawal/${course.id}/observations`, { body: { vitals: normalVitals }, headers: { 'idempotency-key': key } });
    const b = await nurse.request('POST', `/withdrawal/${course.id}/observations`, { body: { vitals: normalVitals }, headers: { 'idempotency-key': key } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.observation.id).toBe(a.body.observation.id);
    const rows = await server.db.selectFrom('wm_observations').select('id').where('course_id', '=', course.id).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('the clock and alerts', () => {
  it('raises an overdue alert once, resolves it when the check is done, and escalates what nobody acknowledges', async () => {
    const { course, patient } = await startCourse();
    await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows9 }, vitals: normalVitals });
    server.clock.advanceMinutes(100);
    expect((await sweepWithdrawal(server.db, server.clock.now())).overdueRaised).toBeGreaterThanOrEqual(0);
    let open = await openAlerts(patient.id, 'check-overdue');
    expect(open).toHaveLength(0); // due at 120 min, grace 15
    server.clock.advanceMinutes(40);
    await sweepWithdrawal(server.db, server.clock.now());
    await sweepWithdrawal(server.db, server.clock.now());
    open = await openAlerts(patient.id, 'check-overdue');
    expect(open).toHaveLength(1);
    const board = await nurse.get(`/facilities/${org.facilityIds[0]}/withdrawal-board`);
    const row = board.body.items.find((r: { courseId: string }) => r.courseId === course.id);
    expect(row.nextCheck.overdue).toBe(true);
    // Unacknowledged for 30 minutes: escalated to the prescriber.
    server.clock.advanceMinutes(31);
    await sweepWithdrawal(server.db, server.clock.now());
    const escalated = await server.db.selectFrom('alerts').selectAll().where('id', '=', open[0].id).executeTakeFirstOrThrow();
    expect(escalated.escalated_at).not.toBeNull();
    expect(escalated.severity).toBe('critical');
    expect(escalated.audience).toContain('prescriber');
    // The overdue check is for nurses; escalation added the prescriber. A counselor's inbox stays quiet.
    const inbox = async (c: ApiClient) => (await c.get('/alerts')).body.items.map((a: { id: string }) => a.id);
    expect(await inbox(nurse)).toContain(open[0].id);
    expect(await inbox(prescriber)).toContain(open[0].id);
    expect(await inbox(await org.signIn('counselor', server.baseUrl))).not.toContain(open[0].id);
    expect(await inbox(await org.signIn('otherNurse', server.baseUrl))).not.toContain(open[0].id);
    const ack = await nurse.post(`/alerts/${open[0].id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedByName).toContain('nurse');
    // Acknowledged but still overdue: the next sweep does not raise it again.
    await sweepWithdrawal(server.db, server.clock.now());
    const all = await server.db.selectFrom('alerts').select('id').where('patient_id', '=', patient.id).where('kind', '=', 'check-overdue').execute();
    expect(all).toHaveLength(1);
    // Doing the check clears the clock.
    await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows9 } });
    const after = await nurse.get(`/withdrawal/${course.id}`);
    expect(after.body.status.nextCheck.overdue).toBe(false);
  });
});

async function header(patientId: string) {
  return (await nurse.get(`/patients/${patientId}/header`)).body;
}

async function openAlerts(patientId: string, kind: string) {
  return server.db
    .selectFrom('alerts')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('kind', '=', kind)
    .where('acknowledged_at', 'is', null)
    .where('resolved_at', 'is', null)
    .execute();
}

describe('induction and comfort medications', () => {
  it('blocks a first buprenorphine dose before readiness, then records it with the score it relied on, once', async () => {
    const { course } = await startCourse('buprenorphine_induction', 6);
    await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows9 }, vitals: normalVitals });
    const early = await nurse.post(`/withdrawal/${course.id}/medications`, { medication: 'buprenorphine-sl', outcome: 'given' });
    expect(early.status).toBe(409);
    expect(early.body.rule).toBe('warning-needs-reason');
    expect(early.body.findings[0].ruleId).toBe('buprenorphine.first-dose-readiness');
    // A nurse cannot override; a prescriber can, with a reason — but here we wait instead.
    server.clock.advanceMinutes(7 * 60);
    const obs = await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows9 }, vitals: normalVitals });
    expect(obs.body.status.inductionReadiness.ready).toBe(true);
    expect(obs.body.alertsRaised.map((a: { kind: string }) => a.kind)).toContain('induction-ready');
    const [a, b] = await Promise.all([
      nurse.post(`/withdrawal/${course.id}/medications`, { medication: 'buprenorphine-sl', outcome: 'given' }),
      prescriber.post(`/withdrawal/${course.id}/medications`, { medication: 'buprenorphine-sl', outcome: 'given' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const given = a.status === 201 ? a.body : b.body;
    expect(given.firstDose).toBe(true);
    expect(given.basisObservationId).toBe(obs.body.observation.id);
    const detail = await nurse.get(`/withdrawal/${course.id}`);
    expect(detail.body.status.firstDoseAt).not.toBeNull();
    expect(detail.body.medications.filter((m: { outcome: string }) => m.outcome === 'given')).toHaveLength(1);
  });

  it('lets a prescriber override the readiness stop with a reason, and not a nurse', async () => {
    const { course } = await startCourse('buprenorphine_induction', 2);
    await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows9 } });
    const byNurse = await nurse.post(`/withdrawal/${course.id}/medications`, {
      medication: 'buprenorphine-sl',
      outcome: 'given',
      overrideReason: 'Patient very uncomfortable',
    });
    expect(byNurse.status).toBe(409);
    const byPrescriber = await prescriber.post(`/withdrawal/${course.id}/medications`, {
      medication: 'buprenorphine-sl',
      outcome: 'given',
      overrideReason: 'Low-dose start per prescriber assessment',
    });
    expect(byPrescriber.status).toBe(201);
    expect(byPrescriber.body.findings[0].ruleId).toBe('buprenorphine.first-dose-readiness');
  });

  it('holds clonidine below the protocol’s blood pressure, records holds and refusals with a reason, and reassesses', async () => {
    const { course } = await startCourse('symptom_triggered');
    await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows9 }, vitals: { ...normalVitals, systolic: 88 } });
    const blocked = await nurse.post(`/withdrawal/${course.id}/medications`, { medication: 'clonidine', outcome: 'given' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.findings[0].message).toContain('Systolic BP 88 < 90');
    expect((await nurse.post(`/withdrawal/${course.id}/medications`, { medication: 'clonidine', outcome: 'held' })).status).toBe(422);
    const held = await nurse.post(`/withdrawal/${course.id}/medications`, { medication: 'clonidine', outcome: 'held', reason: 'SBP 88, below hold parameter' });
    expect(held.status).toBe(201);
    await nurse.post(`/withdrawal/${course.id}/observations`, { vitals: { ...normalVitals, systolic: 118, heartRate: 96 } });
    const given = await nurse.post(`/withdrawal/${course.id}/medications`, { medication: 'clonidine', outcome: 'given' });
    expect(given.status).toBe(201);
    expect(given.body.holdCheck.vitals.systolic).toBe(118);
    const again = await nurse.post(`/withdrawal/${course.id}/medications`, { medication: 'clonidine', outcome: 'given' });
    expect(again.status).toBe(409);
    expect(again.body.rule).toBe('warning-needs-reason');
    const effect = await nurse.post(`/withdrawal/${course.id}/medications/${given.body.id}/reassess`, { effect: 'Less restless, sweating eased' });
    expect(effect.status).toBe(200);
    const detail = await nurse.get(`/withdrawal/${course.id}`);
    expect(detail.body.medications.find((m: { id: string }) => m.id === given.body.id).effect).toBe('Less restless, sweating eased');
    // Administrations are the legal record: the database refuses to change or remove one.
    await expect(sql`update wm_medication_events set dose_mg = 1 where id = ${given.body.id}`.execute(server.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from wm_medication_events where id = ${given.body.id}`.execute(server.db)).rejects.toThrow(/append-only/);
    const refused = await nurse.post(`/withdrawal/${course.id}/medications`, {
      medication: 'ondansetron',
      outcome: 'refused',
      reason: 'Declined, nausea settled',
    });
    expect(refused.status).toBe(201);
  });
});

describe('completion', () => {
  it('completes and steps down to residential in one step, flagging overdose risk without naloxone', async () => {
    const { course, patient, episode } = await startCourse();
    // Day 1 with no settled scores: the protocol's completion criteria are not met, so a reason is needed.
    const early = await nurse.post(`/withdrawal/${course.id}/complete`, {
      outcome: 'completed',
      nextLevel: 'residential',
      naloxoneGiven: false,
      medicationOffered: true,
    });
    expect(early.status).toBe(409);
    expect(early.body.findings[0].ruleId).toBe('withdrawal.completion-criteria');
    expect((await nurse.get(`/withdrawal/${course.id}`)).body.completion).toMatchObject({ day: 1, ready: false, expectedDays: { min: 5, max: 14 } });
    const res = await nurse.post(`/withdrawal/${course.id}/complete`, {
      outcome: 'completed',
      nextLevel: 'residential',
      naloxoneGiven: false,
      medicationOffered: true,
      reason: 'Short stay: stable on buprenorphine, wants residential now',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.course.status).toBe('completed');
    const episodes = await nurse.get(`/patients/${patient.id}/episodes`);
    const ep = episodes.body.items.find((e: { id: string }) => e.id === episode.id);
    expect(ep.levelOfCare).toBe('residential');
    expect(ep.levelChanges.at(-1)).toMatchObject({ fromLevel: 'withdrawal_management', toLevel: 'residential', direction: 'step-down' });
    const header = await nurse.get(`/patients/${patient.id}/header`);
    expect(header.body.alerts.some((a: { kind: string }) => a.kind === 'overdose-risk')).toBe(true);
    expect((await nurse.post(`/withdrawal/${course.id}/observations`, { vitals: normalVitals })).status).toBe(409);
  });

  it('raises no flag with naloxone given and medication offered; against advice discharges the episode', async () => {
    const { course, patient } = await startCourse();
    const res = await nurse.post(`/withdrawal/${course.id}/complete`, {
      outcome: 'against_advice',
      naloxoneGiven: true,
      medicationOffered: true,
      reason: 'Left after day 2',
    });
    expect(res.status).toBe(200);
    const header = await nurse.get(`/patients/${patient.id}/header`);
    expect(header.body.episode).toBeNull();
    expect(header.body.alerts.some((a: { kind: string }) => a.kind === 'overdose-risk')).toBe(false);
  });
});

describe('the unit board and its permissions', () => {
  it('shows every patient on the unit with bed, hours, last COWS and trend, next check', async () => {
    const { course } = await startCourse();
    await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows9 } });
    await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows14 }, vitals: normalVitals });
    const res = await nurse.request('GET', `/facilities/${org.facilityIds[0]}/withdrawal-board`, { headers: { 'x-waypoint-background': '1' } });
    expect(res.status).toBe(200);
    const row = res.body.items.find((r: { courseId: string }) => r.courseId === course.id);
    expect(row).toMatchObject({ lastCows: { total: 14, band: 'moderate' }, cowsTrend: 'rising', cowsDelta: 5 });
    expect(row.bed).toMatch(/^B/);
    expect(row.inFirst72HoursOfAdmission).toBe(true);
    expect(row.hoursSinceAdmission).toBeGreaterThanOrEqual(0);
    expect(row.lastVitals.heartRate).toBe(92);
    expect(row.inductionReadiness).not.toBeNull();
  });
  it('lets a counselor read but not record, and hides other facilities', async () => {
    const { course } = await startCourse();
    const counselor = await org.signIn('counselor', server.baseUrl);
    expect((await counselor.get(`/withdrawal/${course.id}`)).status).toBe(200);
    expect((await counselor.post(`/withdrawal/${course.id}/observations`, { vitals: normalVitals })).status).toBe(403);
    const other = await org.signIn('otherNurse', server.baseUrl);
    expect((await other.get(`/withdrawal/${course.id}`)).status).toBe(404);
    expect((await other.post(`/withdrawal/${course.id}/observations`, { vitals: normalVitals })).status).toBe(404);
    expect((await other.get(`/facilities/${org.facilityIds[0]}/withdrawal-board`)).status).toBe(404);
  });
  it('starts only at the withdrawal-management level, once per episode', async () => {
    const { episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const res = await nurse.post(`/episodes/${episode.id}/withdrawal`, { protocolId: protocolId('taper'), lastUseKind: 'unknown' });
    expect(res.status).toBe(422);
    const { episode: wm } = await startCourse();
    const again = await nurse.post(`/episodes/${wm.id}/withdrawal`, { protocolId: protocolId('taper'), lastUseKind: 'unknown' });
    expect(again.status).toBe(409);
  });
});

describe('discharge during detox', () => {
  it('ends the course: off the unit board, no overdue alerts, and the flowsheet refuses new entries', async () => {
    const { patient, episode, course } = await startCourse();
    expect((await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows30 } })).status).toBe(201);
    const discharged = await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'against_advice', naloxoneGiven: true, medicationOffered: true });
    expect(discharged.status, JSON.stringify(discharged.body)).toBe(200);
    const board = await nurse.get(`/facilities/${org.facilityIds[0]}/withdrawal-board`);
    expect(board.body.items.map((r: { courseId: string }) => r.courseId)).not.toContain(course.id);
    const again = await nurse.post(`/withdrawal/${course.id}/observations`, { cows: { items: cows14 } });
    expect(again.status).toBe(409);
    expect(again.body.rule).toBe('course-completed');
    // Hours later the sweeper finds nothing overdue for this patient, and the severe-score alert is resolved.
    await sweepWithdrawal(server.db, new Date(server.clock.now().getTime() + 8 * 3_600_000));
    const open = await server.db
      .selectFrom('alerts')
      .select(['kind', 'dedupe_key'])
      .where('organization_id', '=', org.organizationId)
      .where('patient_id', '=', patient.id)
      .where('resolved_at', 'is', null)
      .execute();
    expect(open.filter((a) => a.dedupe_key?.startsWith('wm-'))).toEqual([]);
    const detail = await nurse.get(`/withdrawal/${course.id}`);
    expect(detail.status, JSON.stringify(detail.body).slice(0, 300)).toBe(200);
    expect(detail.body.course).toMatchObject({ status: 'completed', outcome: 'discharged' });
  });
});
