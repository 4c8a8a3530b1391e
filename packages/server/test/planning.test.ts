import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../src/platform/time';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

let server: TestServer;
let org: TestOrganization;
let counselor: ApiClient;
let prescriber: ApiClient;
let nurse: ApiClient;
let admin: ApiClient;
let counselorName: string;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  admin = await org.signIn('administrator', server.baseUrl);
  await admin.patch('/organization', { idleTimeoutMinutes: 720 });
  counselor = await org.signIn('counselor', server.baseUrl);
  prescriber = await org.signIn('prescriber', server.baseUrl);
  nurse = await org.signIn('nurse', server.baseUrl);
  counselorName = (await counselor.get('/auth/me')).body.user.displayName;
});
afterAll(() => server?.close());

const inDays = (n: number) => new Date(server.clock.now().getTime() + n * 86_400_000).toISOString().slice(0, 10);
// Review dates count in the facility's own days (facility 0 is in New York).
const facilityDayIn = (n: number) => localDay(new Date(server.clock.now().getTime() + n * 86_400_000), 'America/New_York');

const content = () => ({
  problems: [{ id: 'p1', statement: 'Opioid use disorder, severe (F11.20)', source: 'diagnosis', diagnosisCode: 'F11.20' }],
  goals: [{ id: 'g1', problemId: 'p1', patientWords: 'I want to stay clean so I can get my kids back' }],
  objectives: [{ id: 'o1', goalId: 'g1', text: 'Take buprenorphine daily', measure: 'Dosing record, 90% of days', targetDate: inDays(30) }],
  interventions: [
    { id: 'i1', objectiveId: 'o1', text: 'Medication management', modality: 'medication', frequency: 'weekly', responsibleName: 'Dr. Prescriber' },
  ],
});

async function patientWithPlan(level = 'residential') {
  const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], level);
  const detail = (await nurse.get(`/patients/${patient.id}`)).body;
  const created = await counselor.post(`/episodes/${episode.id}/plan`, {});
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { patient, episode, plan: created.body, patientName: `${detail.legalGivenName} ${detail.legalFamilyName}` };
}

async function signBoth(planId: string, n: number, patientName: string) {
  const a = await counselor.post(`/plans/${planId}/versions/${n}/signatures`, { signer: 'patient', typedName: patientName });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  const b = await counselor.post(`/plans/${planId}/versions/${n}/signatures`, { signer: 'clinician', typedName: counselorName });
  expect(b.status, JSON.stringify(b.body)).toBe(200);
  return b.body;
}

describe('treatment plan', () => {
  it('starts from the problem list, is edited as a draft, signed by patient and counselor, then frozen', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const dx = await counselor.post(`/patients/${patient.id}/diagnoses`, {
      icd10Code: 'F11.20',
      description: 'Opioid use disorder, severe',
      category: 'substance-use',
    });
    expect(dx.status).toBe(201);
    const created = await counselor.post(`/episodes/${episode.id}/plan`, {});
    expect(created.status).toBe(201);
    expect(created.body.current.content.problems[0]).toMatchObject({
      statement: 'Opioid use disorder, severe (F11.20)',
      source: 'diagnosis',
      diagnosisCode: 'F11.20',
    });
    const planId = created.body.id;
    const v1 = await counselor.get(`/plans/${planId}/versions/1`);
    const unsignable = await counselor.post(`/plans/${planId}/versions/1/signatures`, { signer: 'clinician', typedName: counselorName });
    expect(unsignable.status).toBe(422);
    expect(unsignable.body.errors[0]).toMatchObject({ field: 'content.problems.0', rule: 'plan.goal-required' });
    const saved = await counselor.patch(`/plans/${planId}/versions/1`, { content: content() }, { 'if-match': v1.headers.get('etag')! });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const detail = (await nurse.get(`/patients/${patient.id}`)).body;
    const wrongName = await counselor.post(`/plans/${planId}/versions/1/signatures`, { signer: 'patient', typedName: 'Someone Else' });
    expect(wrongName.body.errors[0]).toMatchObject({ field: 'typedName', rule: 'signature.patient-name' });
    const half = await counselor.post(`/plans/${planId}/versions/1/signatures`, {
      signer: 'patient',
      typedName: `${detail.legalGivenName} ${detail.legalFamilyName}`,
    });
    expect(half.body).toMatchObject({ status: 'draft', clinicianSignature: null });
    expect(half.body.patientSignature.name).toBe(`${detail.legalGivenName} ${detail.legalFamilyName}`);
    expect((await counselor.get(`/plans/${planId}/versions/1`)).body.patientSignature.name).toBe(`${detail.legalGivenName} ${detail.legalFamilyName}`);
    const signed = await counselor.post(`/plans/${planId}/versions/1/signatures`, { signer: 'clinician', typedName: counselorName });
    expect(signed.body).toMatchObject({ status: 'signed', levelOfCare: 'residential', reviewOverdue: false });
    // Residential: review in 14 days (program default).
    expect(signed.body.reviewDueOn).toBe(facilityDayIn(14));
    const edit = await counselor.patch(`/plans/${planId}/versions/1`, { content: content() }, { 'if-match': signed.headers.get('etag')! });
    expect(edit.status).toBe(409);
    expect(edit.body.rule).toBe('plan.signed');
    await expect(sql`update plan_versions set content = '{}' where plan_id = ${planId}`.execute(server.db)).rejects.toThrow(/signed plan version/);
    await expect(sql`delete from plan_versions where plan_id = ${planId}`.execute(server.db)).rejects.toThrow(/never deleted/);
  });

  it('a revision is a new version; the old one stays readable and the differences are listed item by item', async () => {
    const { plan, patientName } = await patientWithPlan();
    const v1 = await counselor.get(`/plans/${plan.id}/versions/1`);
    await counselor.patch(`/plans/${plan.id}/versions/1`, { content: content() }, { 'if-match': v1.headers.get('etag')! });
    await signBoth(plan.id, 1, patientName);
    const draftOpen = await counselor.post(`/plans/${plan.id}/versions`, { changeReason: 'Add group therapy after week one' });
    expect(draftOpen.status).toBe(201);
    expect(draftOpen.body).toMatchObject({ number: 2, status: 'draft', changeReason: 'Add group therapy after week one' });
    expect((await counselor.post(`/plans/${plan.id}/versions`, { changeReason: 'again' })).body.rule).toBe('plan.draft-open');
    const next = content();
    next.objectives[0].measure = 'Dosing record, 95% of days';
    next.interventions.push({
      id: 'i2',
      objectiveId: 'o1',
      text: 'Relapse-prevention group',
      modality: 'group',
      frequency: '3 times a week',
      responsibleName: counselorName,
    });
    const saved = await counselor.patch(`/plans/${plan.id}/versions/2`, { content: next }, { 'if-match': draftOpen.headers.get('etag')! });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await signBoth(plan.id, 2, patientName);
    const old = await nurse.get(`/plans/${plan.id}/versions/1`);
    expect(old.body.content.interventions).toHaveLength(1);
    expect(old.body.status).toBe('signed');
    const diff = await nurse.get(`/plans/${plan.id}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.changes).toEqual([
      {
        section: 'objectives',
        id: 'o1',
        kind: 'changed',
        label: 'Take buprenorphine daily',
        fields: [{ field: 'measure', from: 'Dosing record, 90% of days', to: 'Dosing record, 95% of days' }],
      },
      { section: 'interventions', id: 'i2', kind: 'added', label: 'Relapse-prevention group' },
    ]);
    const backwards = await nurse.get(`/plans/${plan.id}/diff?from=2&to=1`);
    expect(backwards.body.errors[0]).toMatchObject({ field: 'to', rule: 'after-from' });
    const summary = (await nurse.get(`/patients/${plan.patientId}/plan`)).body.plan;
    expect(summary.versions.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [2, 'signed'],
      [1, 'signed'],
    ]);
  });

  it('refuses broken links and a target date before the plan, naming the field', async () => {
    const { plan } = await patientWithPlan();
    const v1 = await counselor.get(`/plans/${plan.id}/versions/1`);
    const broken = content();
    broken.goals[0].problemId = 'nope';
    const a = await counselor.patch(`/plans/${plan.id}/versions/1`, { content: broken }, { 'if-match': v1.headers.get('etag')! });
    expect(a.status).toBe(422);
    expect(a.body.errors[0]).toMatchObject({ field: 'content.goals.0.problemId', rule: 'plan.known-problem' });
    const early = content();
    early.objectives[0].targetDate = inDays(-3);
    const b = await counselor.patch(`/plans/${plan.id}/versions/1`, { content: early }, { 'if-match': v1.headers.get('etag')! });
    expect(b.body.errors[0]).toMatchObject({ field: 'content.objectives.0.targetDate', rule: 'plan.target-after-start' });
    const noIfMatch = await counselor.patch(`/plans/${plan.id}/versions/1`, { content: content() });
    expect(noIfMatch.status).toBe(428);
  });

  it('prints a signed version as a PDF, audited as an export', async () => {
    const { plan, patientName, patient } = await patientWithPlan();
    const v1 = await counselor.get(`/plans/${plan.id}/versions/1`);
    await counselor.patch(`/plans/${plan.id}/versions/1`, { content: content() }, { 'if-match': v1.headers.get('etag')! });
    await signBoth(plan.id, 1, patientName);
    const res = await fetch(`${server.baseUrl}/api/v1/plans/${plan.id}/versions/1/pdf`, {
      headers: { cookie: (counselor as unknown as { cookie: string }).cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1500);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where patient_id = ${patient.id} and resource_type = 'treatment-plan' and action = 'export'`.execute(server.db);
    expect(audit.rows).toHaveLength(1);
  });
});

describe('reviews and work lists', () => {
  it('review dates follow the level of care (configurable) and an overdue review reaches the counselor’s work list', async () => {
    expect((await counselor.request('PUT', '/plan-settings/review-intervals', { body: { reviewDays: { intensive_outpatient: 21 } } })).status).toBe(403);
    const set = await admin.request('PUT', '/plan-settings/review-intervals', { body: { reviewDays: { residential: 10 } } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.reviewDays.residential).toBe(10);
    const bad = await admin.request('PUT', '/plan-settings/review-intervals', { body: { reviewDays: { residential: 0 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('reviewDays.residential');
    // The plan is written and signed twelve days ago (sessions last 12 hours: sign in then, and again now).
    const realCounselor = counselor;
    const realNurse = nurse;
    server.clock.advance(-12 * 86_400_000);
    counselor = await org.signIn('counselor', server.baseUrl);
    nurse = await org.signIn('nurse', server.baseUrl);
    try {
      const { plan, patientName, patient } = await patientWithPlan();
      let work = (await counselor.get('/worklists/counselor')).body;
      expect(work.plansToSign.map((p: { patientId: string }) => p.patientId)).toContain(patient.id);
      expect(work.assessmentsToFinish.map((p: { patientId: string }) => p.patientId)).toContain(patient.id);
      const v1 = await counselor.get(`/plans/${plan.id}/versions/1`);
      await counselor.patch(`/plans/${plan.id}/versions/1`, { content: content() }, { 'if-match': v1.headers.get('etag')! });
      const signed = await signBoth(plan.id, 1, patientName);
      expect(signed.reviewDueOn).toBe(facilityDayIn(10));
      work = (await counselor.get('/worklists/counselor')).body;
      expect(work.plansToSign.map((p: { patientId: string }) => p.patientId)).not.toContain(patient.id);
      expect(work.reviewsOverdue.map((p: { patientId: string }) => p.patientId)).not.toContain(patient.id);
      server.clock.advance(12 * 86_400_000);
      counselor = realCounselor;
      nurse = realNurse;
      work = (await counselor.get('/worklists/counselor')).body;
      expect(work.reviewsOverdue.find((p: { patientId: string }) => p.patientId === patient.id)).toMatchObject({ state: 'review-overdue', versionNumber: 1 });
      expect((await nurse.get(`/patients/${patient.id}/plan`)).body.plan.reviewOverdue).toBe(true);
      // The review makes a new version; once it is open the item moves to "to sign".
      await counselor.post(`/plans/${plan.id}/versions`, { changeReason: 'Scheduled review' });
      work = (await counselor.get('/worklists/counselor')).body;
      expect(work.reviewsOverdue.map((p: { patientId: string }) => p.patientId)).not.toContain(patient.id);
      expect(work.plansToSign.map((p: { patientId: string }) => p.patientId)).toContain(patient.id);
    } finally {
      counselor = realCounselor;
      nurse = realNurse;
    }
    await admin.request('PUT', '/plan-settings/review-intervals', { body: { reviewDays: { residential: 14 } } });
  });
});

describe('who sees the plan', () => {
  it('the front desk never; a peer only on the care team; only a counselor writes; another facility finds nothing', async () => {
    const { plan, patient, episode } = await patientWithPlan();
    const desk = await org.signIn('admissions_coordinator', server.baseUrl);
    expect((await desk.get(`/patients/${patient.id}/plan`)).status).toBe(403);
    expect((await desk.get(`/plans/${plan.id}/versions/1`)).status).toBe(403);
    const peer = await org.signIn('peer_recovery_specialist', server.baseUrl);
    expect((await peer.get(`/patients/${patient.id}/plan`)).status).toBe(404);
    const added = await counselor.post(`/episodes/${episode.id}/care-team`, {
      userId: org.users.peer_recovery_specialist.id,
      teamRole: 'peer_recovery_specialist',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect((await peer.get(`/patients/${patient.id}/plan`)).status).toBe(200);
    expect((await peer.get(`/plans/${plan.id}/versions/1`)).body.number).toBe(1);
    expect((await nurse.post(`/plans/${plan.id}/versions`, { changeReason: 'nurse edit' })).status).toBe(403);
    expect((await prescriber.patch(`/plans/${plan.id}/versions/1`, { content: content() })).status).toBe(403);
    const other = await org.signIn('otherNurse', server.baseUrl);
    expect((await other.get(`/patients/${patient.id}/plan`)).status).toBe(404);
    expect((await other.get(`/plans/${plan.id}/versions/1`)).status).toBe(404);
  });
});
