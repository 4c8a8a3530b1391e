import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepWithdrawal } from '../src/modules/withdrawal/sweeper';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

// Issue 12, server side: discharge ends withdrawal management; alerts are acknowledged by their audience.
let server: TestServer;
let org: TestOrganization;
let nurse: ApiClient;
let protocolId: string;

const cows9 = { pulse: 0, sweating: 2, restlessness: 1, pupil: 1, bone_joint_aches: 2, runny_nose_tearing: 0, gi_upset: 0, tremor: 0, yawning: 1, anxiety_irritability: 2, gooseflesh: 0 };

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  const admin = await org.signIn('administrator', server.baseUrl);
  await admin.patch('/organization', { idleTimeoutMinutes: 720 });
  nurse = await org.signIn('nurse', server.baseUrl);
  protocolId = (await nurse.get('/wm/protocols')).body.items.find((p: { kind: string }) => p.kind === 'buprenorphine_induction').id;
});
afterAll(() => server?.close());

async function startCourse() {
  const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management', { bed: `B${Math.floor(Math.random() * 1e6)}` });
  const res = await nurse.post(`/episodes/${episode.id}/withdrawal`, { protocolId, lastUseAt: new Date(server.clock.now().getTime() - 14 * 3_600_000).toISOString(), lastUseKind: 'short_acting' });
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
    expect(chart.body.rule).toBe('course-ended-by-discharge');
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
