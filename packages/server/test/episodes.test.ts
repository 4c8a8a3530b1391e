import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedPatient, buildOrganization, registerPatient, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

let server: TestServer;
let org: TestOrganization;
let nurse: ApiClient;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  nurse = await org.signIn('nurse', server.baseUrl);
});
afterAll(() => server?.close());

const header = async (patientId: string) => (await nurse.get(`/patients/${patientId}/header`)).body;

describe('admission', () => {
  it('admits once; a second active episode is refused', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management', { bed: 'A1' });
    expect(episode).toMatchObject({ status: 'active', levelOfCare: 'withdrawal_management', bed: 'A1' });
    const again = await nurse.post(`/patients/${patient.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'residential' });
    expect(again.status).toBe(409);
    expect(again.body.rule).toBe('one-active-episode');
  });

  it('refuses a level the facility does not offer, a future time, an occupied bed', async () => {
    const p = await registerPatient(nurse, org.facilityIds[0]);
    const wrong = await nurse.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'opioid_treatment_program' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].field).toBe('levelOfCare');
    const future = await nurse.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'residential', admittedAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.body.errors[0].field).toBe('admittedAt');
    await admittedPatient(nurse, org.facilityIds[0], 'residential', { bed: 'B-busy' });
    const busy = await nurse.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'residential', bed: 'B-busy' });
    expect(busy.status).toBe(409);
    expect(busy.body.rule).toBe('bed-occupied');
    const counselor = await org.signIn('counselor', server.baseUrl);
    expect((await counselor.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'residential' })).status).toBe(403);
  });
});

describe('level of care', () => {
  it('records step-down and step-up with reason and time, on the episode and the timeline', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const down = await nurse.post(`/episodes/${episode.id}/level-changes`, { levelOfCare: 'partial_hospitalization', reason: 'Stable, ready for day program', naloxoneGiven: true, medicationOffered: true });
    expect(down.status).toBe(200);
    expect(down.body.levelChanges.at(-1)).toMatchObject({ fromLevel: 'residential', toLevel: 'partial_hospitalization', direction: 'step-down', reason: 'Stable, ready for day program' });
    const up = await nurse.post(`/episodes/${episode.id}/level-changes`, { levelOfCare: 'residential', reason: 'Relapse risk, back to residential' });
    expect(up.body.levelChanges.at(-1).direction).toBe('step-up');
    const same = await nurse.post(`/episodes/${episode.id}/level-changes`, { levelOfCare: 'residential', reason: 'again' });
    expect(same.status).toBe(422);
    const timeline = (await nurse.get(`/patients/${patient.id}/timeline`)).body.items.map((e: { kind: string }) => e.kind);
    expect(timeline.slice(0, 2)).toEqual(['episode.step-up', 'episode.step-down']);
    expect((await header(patient.id)).alerts).toEqual([]);
  });

  it('checks If-Match when sent', async () => {
    const { episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const stale = await nurse.request('POST', `/episodes/${episode.id}/level-changes`, { body: { levelOfCare: 'partial_hospitalization', reason: 'step down' }, headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);
  });
});

describe('discharge', () => {
  it('from withdrawal management without naloxone raises the overdose-risk flag', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management');
    const res = await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'against_advice', naloxoneGiven: false, medicationOffered: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'discharged', dischargeType: 'against_advice', naloxoneGiven: false });
    const h = await header(patient.id);
    expect(h.episode).toBeNull();
    const flag = h.alerts.find((a: { kind: string }) => a.kind === 'overdose-risk');
    expect(flag.severity).toBe('critical');
    expect(flag.message).toContain('no naloxone given');
  });

  it('with naloxone given and medication offered raises none; a second discharge is refused', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'completed', naloxoneGiven: true, medicationOffered: true, reason: 'Plan complete' });
    expect((await header(patient.id)).alerts).toEqual([]);
    expect((await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'completed', naloxoneGiven: true, medicationOffered: true })).status).toBe(409);
    expect((await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'vanished', naloxoneGiven: true, medicationOffered: true })).status).toBe(400);
  });

  it('allows readmission afterwards', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'completed', naloxoneGiven: true, medicationOffered: true });
    const again = await nurse.post(`/patients/${patient.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'withdrawal_management' });
    expect(again.status).toBe(201);
    const episodes = (await nurse.get(`/patients/${patient.id}/episodes`)).body.items;
    expect(episodes.map((e: { status: string }) => e.status)).toEqual(['active', 'discharged']);
    expect((await nurse.get(`/patients/${patient.id}/timeline`)).body.items[0].summary).toMatch(/^Readmitted/);
  });
});

describe('census', () => {
  it('lists who is in a facility, with bed and days in care; other facilities’ staff get 404', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential', { bed: 'C-3', admittedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    const census = (await nurse.get(`/facilities/${org.facilityIds[0]}/census`)).body;
    const row = census.items.find((r: { patientId: string }) => r.patientId === patient.id);
    expect(row).toMatchObject({ bed: 'C-3', levelOfCare: 'residential', daysInCare: 4 });
    expect(census.occupiedBeds).toBeGreaterThan(0);
    const other = await org.signIn('otherNurse', server.baseUrl);
    expect((await other.get(`/facilities/${org.facilityIds[0]}/census`)).status).toBe(404);
    expect((await other.get(`/facilities/${org.facilityIds[1]}/census`)).status).toBe(200);
  });
});

describe('care team', () => {
  it('assigns, lists and removes staff; refuses non-staff and duplicates', async () => {
    const { episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const add = await nurse.post(`/episodes/${episode.id}/care-team`, { userId: org.users.counselor.id, teamRole: 'primary_counselor' });
    expect(add.status).toBe(201);
    expect((await nurse.post(`/episodes/${episode.id}/care-team`, { userId: org.users.counselor.id, teamRole: 'primary_counselor' })).status).toBe(409);
    const patientUser = await nurse.post(`/episodes/${episode.id}/care-team`, { userId: org.users.patient.id, teamRole: 'other' });
    expect(patientUser.status).toBe(422);
    expect(patientUser.body.errors[0].field).toBe('userId');
    const list = (await nurse.get(`/episodes/${episode.id}/care-team`)).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ userRole: 'counselor', teamRole: 'primary_counselor' });
    expect((await nurse.delete(`/episodes/${episode.id}/care-team/${add.body.id}`)).status).toBe(204);
    expect((await nurse.get(`/episodes/${episode.id}/care-team`)).body.items).toEqual([]);
  });
});

describe('alerts', () => {
  it('are acknowledged with who and when', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management');
    await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'against_advice', naloxoneGiven: false, medicationOffered: false });
    const alert = (await header(patient.id)).alerts[0];
    const ack = await nurse.post(`/alerts/${alert.id}/acknowledge`);
    expect(ack.body.acknowledgedAt).toBeTruthy();
    expect(ack.body.acknowledgedByName).toContain('nurse');
    expect((await header(patient.id)).alerts).toEqual([]);
  });
});

describe('portal', () => {
  it('shows a patient only their own record', async () => {
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(admin, org.facilityIds[0]);
    const email = `portal.${p.id.slice(-6)}@test.waypoint`;
    expect((await admin.post('/users', { email, displayName: 'Portal user', role: 'patient', password: 'a-long-password-1', patientId: p.id })).status).toBe(201);
    const me = new ApiClient(server.baseUrl);
    await me.signIn(email, 'a-long-password-1');
    const portal = await me.get('/portal/me');
    expect(portal.body.patient.mrn).toBe(p.mrn);
    expect((await me.get(`/patients/${p.id}`)).status).toBe(403);
    // Who looked at my record: the administrator's reads are listed, the patient's own are not.
    await admin.get(`/patients/${p.id}`);
    const log = (await me.get('/portal/access-log')).body.items;
    expect(log.length).toBeGreaterThan(0);
    expect(log[0]).toMatchObject({ role: 'administrator', action: 'read', what: 'patient' });
    expect(log.every((e: { role: string }) => e.role !== 'patient')).toBe(true);
    expect((await me.get('/patients')).status).toBe(403);
  });
});
