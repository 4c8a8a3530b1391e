import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepWithdrawal } from '../src/modules/withdrawal/sweeper';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

// Issue 12, server side: discharge ends withdrawal management; alerts are acknowledged by their audience.
let server: TestServer;
let org: TestOrganization;
let nurse: ApiClient;
let protocolId: string;

const cows9 = {
  pulse: 0,
  sweating: 2,
  restlessness: 1,
  pupil: 1,
  bone_joint_aches: 2,
  runny_nose_tearing: 0,
  gi_upset: 0,
  tremor: 0,
  yawning: 1,
  anxiety_irritability: 2,
  gooseflesh: 0,
};

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  const admin = await org.signIn('administrator', server.baseUrl);
  await admin.patch('/organization', { idleTimeoutMinutes: 720 });
  nurse = await org.signIn('nurse', server.baseUrl);
  protocolId = (await nurse.get('/wm/protocols')).body.items.find((p: { kind: string }) => p.kind === 'buprenorphine_induction').id;
});
afterAll(() => server?.close());

async function startCourse(lastUseHoursAgo = 14) {
  const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management', { bed: `B${Math.floor(Math.random() * 1e6)}` });
  const res = await nurse.post(`/episodes/${episode.id}/withdrawal`, {
    protocolId,
    lastUseAt: new Date(server.clock.now().getTime() - lastUseHoursAgo * 3_600_000).toISOString(),
    lastUseKind: 'short_acting',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { patient, episode, courseId: res.body.course.id as string };
}

async function overdueAlert(patientId: string) {
  return server.db.selectFrom('alerts').selectAll().where('patient_id', '=', patientId).where('kind', '=', 'check-overdue').execute();
}

describe('discharging an episode', () => {
  it('ends its withdrawal-management course: off the board, overdue alerts resolved and no longer raised, charting refused', async () => {
    const { patient, episode, courseId } = await startCourse();
    await nurse.post(`/withdrawal/${courseId}/observations`, { cows: { items: cows9 } });
    server.clock.advanceMinutes(140);
    await sweepWithdrawal(server.db, server.clock.now());
    expect((await overdueAlert(patient.id)).filter((a) => !a.resolved_at)).toHaveLength(1);

    const discharged = await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'against_advice', naloxoneGiven: true, medicationOffered: true });
    expect(discharged.status, JSON.stringify(discharged.body)).toBe(200);

    const course = await nurse.get(`/withdrawal/${courseId}`);
    expect(course.body.course.status).toBe('completed');
    expect(course.body.course.outcome).toBe('discharged');
    const board = await nurse.get(`/facilities/${org.facilityIds[0]}/withdrawal-board`);
    expect(board.body.items.map((r: { courseId: string }) => r.courseId)).not.toContain(courseId);
    expect((await overdueAlert(patient.id)).every((a) => a.resolved_at !== null)).toBe(true);

    server.clock.advanceMinutes(180);
    await sweepWithdrawal(server.db, server.clock.now());
    expect(await overdueAlert(patient.id)).toHaveLength(1);

    const chart = await nurse.post(`/withdrawal/${courseId}/observations`, { cows: { items: cows9 } });
    expect(chart.status).toBe(409);
    expect(chart.body.rule).toBe('course-completed');
    expect(chart.body.detail).toContain('discharged');
    const dose = await nurse.post(`/withdrawal/${courseId}/medications`, { medication: 'clonidine', outcome: 'refused', reason: 'asleep' });
    expect(dose.status).toBe(409);
  });
});

describe('acknowledging an alert', () => {
  it('is refused to a role the alert is not addressed to, and allowed to one it is', async () => {
    const { patient, courseId } = await startCourse();
    await nurse.post(`/withdrawal/${courseId}/observations`, { cows: { items: cows9 } });
    server.clock.advanceMinutes(140);
    await sweepWithdrawal(server.db, server.clock.now());
    const [alert] = await overdueAlert(patient.id);
    expect(alert.audience).toEqual(['nurse']);
    const counselor = await org.signIn('counselor', server.baseUrl);
    const refused = await counselor.post(`/alerts/${alert.id}/acknowledge`);
    expect(refused.status).toBe(403);
    expect(refused.body.rule).toBe('alert.audience');
    const still = await server.db.selectFrom('alerts').select('acknowledged_at').where('id', '=', alert.id).executeTakeFirstOrThrow();
    expect(still.acknowledged_at).toBeNull();
    // A nurse of another facility cannot see the patient: 404, as if it did not exist.
    const other = await org.signIn('otherNurse', server.baseUrl);
    expect((await other.post(`/alerts/${alert.id}/acknowledge`)).status).toBe(404);
    const ok = await nurse.post(`/alerts/${alert.id}/acknowledge`);
    expect(ok.status).toBe(200);
  });
});

describe('lofexidine limits: one source, the clinical package', () => {
  const normal = { systolic: 124, diastolic: 80, heartRate: 84 };
  async function symptomCourse() {
    const admin = await org.signIn('administrator', server.baseUrl);
    const protocol = (await admin.get('/wm/protocols')).body.items.find((p: { kind: string }) => p.kind === 'symptom_triggered');
    const { episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management', { bed: `L${Math.floor(Math.random() * 1e6)}` });
    const res = await nurse.post(`/episodes/${episode.id}/withdrawal`, { protocolId: protocol.id, lastUseKind: 'unknown' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { admin, protocol, courseId: res.body.course.id as string };
  }

  it('a protocol may be stricter than the label, never looser', async () => {
    const { protocol } = await symptomCourse();
    const admin = await org.signIn('prescriber', server.baseUrl);
    const i = protocol.config.medications.findIndex((m: { key: string }) => m.key === 'lofexidine');
    const withLofexidine = (change: Record<string, unknown>) => ({
      config: { ...protocol.config, medications: protocol.config.medications.map((m: object, j: number) => (j === i ? { ...m, ...change } : m)) },
    });
    const looserDaily = await admin.patch(`/wm/protocols/${protocol.id}`, withLofexidine({ maxDailyMg: 3.6 }));
    expect(looserDaily.status).toBe(400);
    expect(looserDaily.body.errors[0]).toMatchObject({ field: `config.medications.${i}.maxDailyMg`, rule: 'lofexidine.daily-max' });
    const looserDose = await admin.patch(`/wm/protocols/${protocol.id}`, withLofexidine({ doseMg: 0.9 }));
    expect(looserDose.status).toBe(400);
    expect(looserDose.body.errors[0]).toMatchObject({ field: `config.medications.${i}.doseMg`, rule: 'lofexidine.single-max' });
    const stricter = await admin.patch(`/wm/protocols/${protocol.id}`, withLofexidine({ maxDailyMg: 2.16 }));
    expect(stricter.status, JSON.stringify(stricter.body)).toBe(200);
    expect((await admin.patch(`/wm/protocols/${protocol.id}`, { config: protocol.config })).status).toBe(200);
  });

  it('an administration over the label’s single-dose or daily maximum is a hard stop a prescriber cannot override', async () => {
    const { courseId } = await symptomCourse();
    const prescriber = await org.signIn('prescriber', server.baseUrl);
    expect((await nurse.post(`/withdrawal/${courseId}/observations`, { vitals: normal })).status).toBe(201);
    const single = await prescriber.post(`/withdrawal/${courseId}/medications`, {
      medication: 'lofexidine',
      outcome: 'given',
      doseMg: 0.9,
      overrideReason: 'Severe symptoms, prescriber judgement',
    });
    expect(single.status).toBe(409);
    expect(single.body.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('lofexidine.single-max');
    for (let k = 0; k < 5; k++) {
      const given = await prescriber.post(`/withdrawal/${courseId}/medications`, {
        medication: 'lofexidine',
        outcome: 'given',
        overrideReason: 'Spacing confirmed at the bedside',
      });
      expect(given.status, JSON.stringify(given.body)).toBe(201);
    }
    const sixth = await prescriber.post(`/withdrawal/${courseId}/medications`, {
      medication: 'lofexidine',
      outcome: 'given',
      overrideReason: 'Spacing confirmed at the bedside',
    });
    expect(sixth.status).toBe(409);
    expect(sixth.body.rule).toBe('hard-stop');
    const daily = sixth.body.findings.find((f: { ruleId: string }) => f.ruleId === 'lofexidine.daily-max');
    expect(daily).toMatchObject({ overrideBy: [] });
    expect(daily.overridden).toBeUndefined();
  });

  it('an overridden finding is kept on the record, marked with who overrode it and why', async () => {
    const { courseId } = await startCourse(2);
    const prescriber = await org.signIn('prescriber', server.baseUrl);
    await nurse.post(`/withdrawal/${courseId}/observations`, { cows: { items: cows9 } });
    const res = await prescriber.post(`/withdrawal/${courseId}/medications`, {
      medication: 'buprenorphine-sl',
      outcome: 'given',
      overrideReason: 'Low-dose start per prescriber assessment',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.findings[0]).toMatchObject({
      ruleId: 'buprenorphine.first-dose-readiness',
      overridden: { role: 'prescriber', by: org.users.prescriber.id, reason: 'Low-dose start per prescriber assessment' },
    });
    const detail = await nurse.get(`/withdrawal/${courseId}`);
    expect(detail.body.medications[0].findings[0].overridden.reason).toBe('Low-dose start per prescriber assessment');
  });
});
