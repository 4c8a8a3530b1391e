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
const timeline = async (patientId: string) => (await nurse.get(`/patients/${patientId}/timeline`)).body.items as { kind: string; summary: string }[];
const daysAgo = (n: number) => new Date(server.clock.now().getTime() - n * 86_400_000).toISOString();

describe('admission', () => {
  it('admits once with an ETag; a second active episode is refused', async () => {
    const p = await registerPatient(nurse, org.facilityIds[0]);
    const lastUse = daysAgo(1);
    const res = await nurse.post(`/patients/${p.id}/episodes`, {
      facilityId: org.facilityIds[0],
      levelOfCare: 'withdrawal_management',
      bed: 'A1',
      lastOpioidUseAt: lastUse,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe(`"${res.body.version}"`);
    expect(res.body).toMatchObject({
      patientId: p.id,
      facilityId: org.facilityIds[0],
      status: 'active',
      levelOfCare: 'withdrawal_management',
      bed: 'A1',
      dischargedAt: null,
      dischargeType: null,
    });
    expect(Date.parse(res.body.lastOpioidUseAt)).toBe(Date.parse(lastUse));
    expect(res.body.levelChanges).toHaveLength(1);
    const again = await nurse.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'residential' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.rule).toBe('one-active-episode');
    expect((await nurse.get(`/patients/${p.id}/episodes`)).body.items).toHaveLength(1);
  });

  it('refuses a level the facility does not offer, a future time, an occupied bed and the wrong role', async () => {
    const p = await registerPatient(nurse, org.facilityIds[0]);
    const wrong = await nurse.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'opioid_treatment_program' });
    expect(wrong.status).toBe(422);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body.errors[0]).toMatchObject({ field: 'levelOfCare', rule: 'offered-by-facility' });
    const future = await nurse.post(`/patients/${p.id}/episodes`, {
      facilityId: org.facilityIds[0],
      levelOfCare: 'residential',
      admittedAt: new Date(server.clock.now().getTime() + 86_400_000).toISOString(),
    });
    expect(future.status).toBe(422);
    expect(future.body.errors[0]).toMatchObject({ field: 'admittedAt', rule: 'not-in-future' });
    const notLevel = await nurse.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'spa' });
    expect(notLevel.status).toBe(400);
    expect(notLevel.body.errors[0].field).toBe('levelOfCare');
    const otherFacility = await nurse.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[1], levelOfCare: 'outpatient' });
    expect(otherFacility.status).toBe(422);
    expect(otherFacility.body.errors[0].field).toBe('facilityId');
    await admittedPatient(nurse, org.facilityIds[0], 'residential', { bed: 'B-busy' });
    const busy = await nurse.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'residential', bed: 'B-busy' });
    expect(busy.status).toBe(409);
    expect(busy.body.rule).toBe('bed-occupied');
    // None of these admitted anyone.
    expect((await nurse.get(`/patients/${p.id}/episodes`)).body.items).toEqual([]);
    const counselor = await org.signIn('counselor', server.baseUrl);
    expect((await counselor.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'residential' })).status).toBe(403);
    // Out of scope reads as absent.
    const other = await org.signIn('otherNurse', server.baseUrl);
    expect((await other.post(`/patients/${p.id}/episodes`, { facilityId: org.facilityIds[1], levelOfCare: 'outpatient' })).status).toBe(404);
  });
});

describe('level of care', () => {
  it('records step-down and step-up with reason and time, on the episode and the timeline', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const down = await nurse.post(`/episodes/${episode.id}/level-changes`, {
      levelOfCare: 'partial_hospitalization',
      reason: 'Stable, ready for day program',
      naloxoneGiven: true,
      medicationOffered: true,
    });
    expect(down.status).toBe(200);
    expect(down.body.levelOfCare).toBe('partial_hospitalization');
    expect(down.body.levelChanges.at(-1)).toMatchObject({
      fromLevel: 'residential',
      toLevel: 'partial_hospitalization',
      direction: 'step-down',
      reason: 'Stable, ready for day program',
      changedByName: expect.stringContaining('nurse'),
    });
    expect(down.body.levelChanges.at(-1).changedAt).toBeTruthy();
    expect(down.headers.get('etag')).toBe(`"${down.body.version}"`);
    const up = await nurse.post(`/episodes/${episode.id}/level-changes`, { levelOfCare: 'residential', reason: 'Relapse risk, back to residential' });
    expect(up.status).toBe(200);
    expect(up.body.levelChanges.at(-1)).toMatchObject({
      fromLevel: 'partial_hospitalization',
      toLevel: 'residential',
      direction: 'step-up',
      reason: 'Relapse risk, back to residential',
    });
    const listed = (await nurse.get(`/patients/${patient.id}/episodes`)).body.items[0];
    expect(listed.levelChanges.map((c: { direction: string }) => c.direction)).toEqual(['admission', 'step-down', 'step-up']);
    const same = await nurse.post(`/episodes/${episode.id}/level-changes`, { levelOfCare: 'residential', reason: 'again' });
    expect(same.status).toBe(422);
    expect(same.body.errors[0].field).toBe('levelOfCare');
    const events = await timeline(patient.id);
    expect(events.slice(0, 2).map((e) => e.kind)).toEqual(['episode.step-up', 'episode.step-down']);
    expect(events[0].summary).toContain('Relapse risk, back to residential');
    expect(events[1].summary).toContain('Stable, ready for day program');
    expect((await header(patient.id)).alerts).toEqual([]);
  });

  it('checks If-Match when sent, and needs a reason', async () => {
    const { episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const stale = await nurse.request('POST', `/episodes/${episode.id}/level-changes`, {
      body: { levelOfCare: 'partial_hospitalization', reason: 'step down' },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(412);
    const noReason = await nurse.post(`/episodes/${episode.id}/level-changes`, { levelOfCare: 'partial_hospitalization' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const ok = await nurse.request('POST', `/episodes/${episode.id}/level-changes`, {
      body: { levelOfCare: 'partial_hospitalization', reason: 'step down' },
      headers: { 'if-match': `"${episode.version}"` },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(episode.version + 1);
  });
});

describe('discharge', () => {
  it('from withdrawal management without naloxone raises the critical overdose-risk alert on the chart', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management', { bed: 'W-2' });
    const res = await nurse.post(`/episodes/${episode.id}/discharge`, {
      dischargeType: 'against_advice',
      reason: 'Left before completion',
      naloxoneGiven: false,
      medicationOffered: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'discharged',
      dischargeType: 'against_advice',
      dischargeReason: 'Left before completion',
      naloxoneGiven: false,
      bed: null,
    });
    expect(res.body.dischargedAt).toBeTruthy();
    const h = await header(patient.id);
    expect(h.episode).toBeNull();
    const flags = h.alerts.filter((a: { kind: string }) => a.kind === 'overdose-risk');
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ severity: 'critical', patientId: patient.id, acknowledgedAt: null });
    expect(flags[0].message).toContain('no naloxone given');
    expect(
      (await timeline(patient.id))
        .slice(0, 2)
        .map((e) => e.kind)
        .sort(),
    ).toEqual(['alert.overdose-risk', 'episode.discharged']);
  });

  it('from withdrawal management with naloxone given and medication offered raises none', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management');
    const res = await nurse.post(`/episodes/${episode.id}/discharge`, {
      dischargeType: 'completed',
      naloxoneGiven: true,
      medicationOffered: true,
      reason: 'Plan complete',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'discharged', dischargeType: 'completed', naloxoneGiven: true });
    expect((await header(patient.id)).alerts).toEqual([]);
  });

  it('refuses a second discharge, an unknown type and a missing naloxone answer', async () => {
    const { episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const noAnswer = await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'completed', medicationOffered: true });
    expect(noAnswer.status).toBe(400);
    expect(noAnswer.body.errors[0].field).toBe('naloxoneGiven');
    const badType = await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'vanished', naloxoneGiven: true, medicationOffered: true });
    expect(badType.status).toBe(400);
    expect(badType.body.errors[0].field).toBe('dischargeType');
    expect((await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'transferred', naloxoneGiven: true, medicationOffered: true })).status).toBe(
      200,
    );
    const twice = await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'completed', naloxoneGiven: true, medicationOffered: true });
    expect(twice.status).toBe(409);
    expect(twice.body.rule).toBe('episode-discharged');
    expect((await nurse.post(`/episodes/${episode.id}/level-changes`, { levelOfCare: 'residential', reason: 'too late' })).status).toBe(409);
  });

  it('allows readmission afterwards, and frees the bed', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential', { bed: 'R-free' });
    await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'completed', naloxoneGiven: true, medicationOffered: true });
    const again = await nurse.post(`/patients/${patient.id}/episodes`, { facilityId: org.facilityIds[0], levelOfCare: 'withdrawal_management', bed: 'R-free' });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(episode.id);
    const episodes = (await nurse.get(`/patients/${patient.id}/episodes`)).body.items;
    expect(episodes.map((e: { id: string; status: string }) => [e.id, e.status])).toEqual([
      [again.body.id, 'active'],
      [episode.id, 'discharged'],
    ]);
    const first = (await timeline(patient.id))[0];
    expect(first.kind).toBe('episode.readmitted');
    expect(first.summary).toMatch(/^Readmitted/);
  });
});

describe('census', () => {
  it('lists who is in a facility, with bed and days in care; other facilities’ staff get 404', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential', { bed: 'C-3', admittedAt: daysAgo(3) });
    const { patient: noBed } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management');
    const discharged = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    await nurse.post(`/episodes/${discharged.episode.id}/discharge`, { dischargeType: 'completed', naloxoneGiven: true, medicationOffered: true });
    const res = await nurse.get(`/facilities/${org.facilityIds[0]}/census`);
    expect(res.status).toBe(200);
    const census = res.body;
    expect(census.facility).toMatchObject({ id: org.facilityIds[0], bedCount: 20 });
    const row = census.items.find((r: { patientId: string }) => r.patientId === patient.id);
    // Day 1 is the admission's calendar day at the facility (America/New_York): three days on is day 4.
    const localDay = (d: Date) => Date.parse(new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(d));
    const expectedDay = Math.round((localDay(server.clock.now()) - localDay(new Date(row?.admittedAt ?? 0))) / 86_400_000) + 1;
    expect(expectedDay).toBeGreaterThanOrEqual(4);
    expect(row).toMatchObject({ episodeId: episode.id, mrn: patient.mrn, bed: 'C-3', levelOfCare: 'residential', daysInCare: expectedDay });
    expect(row.patientName).toBeTruthy();
    expect(census.items.find((r: { patientId: string }) => r.patientId === noBed.id)).toMatchObject({ bed: null, daysInCare: 1 });
    expect(census.items.map((r: { patientId: string }) => r.patientId)).not.toContain(discharged.patient.id);
    expect(census.occupiedBeds).toBe(census.items.filter((r: { bed: string | null }) => r.bed).length);
    const other = await org.signIn('otherNurse', server.baseUrl);
    const denied = await other.get(`/facilities/${org.facilityIds[0]}/census`);
    expect(denied.status).toBe(404);
    expect(denied.headers.get('content-type')).toContain('application/problem+json');
    const own = await other.get(`/facilities/${org.facilityIds[1]}/census`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((r: { patientId: string }) => r.patientId)).not.toContain(patient.id);
    // A facility of another organization is not found either, even for an administrator.
    const foreign = await buildOrganization(server.db);
    expect((await (await org.signIn('administrator', server.baseUrl)).get(`/facilities/${foreign.facilityIds[0]}/census`)).status).toBe(404);
  });
});

describe('census pages', () => {
  it('pages a large census in ward bed order with counts by level, auditing only the patients shown', async () => {
    const own = await buildOrganization(server.db);
    const n = await own.signIn('nurse', server.baseUrl);
    const f = own.facilityIds[0];
    for (const bed of ['R10', 'R2', 'R1']) await admittedPatient(n, f, 'residential', { bed });
    await admittedPatient(n, f, 'residential');
    await admittedPatient(n, f, 'partial_hospitalization');
    const first = await n.get(`/facilities/${f}/census?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: { bed: string | null }) => r.bed)).toEqual(['R1', 'R2']);
    expect(first.body).toMatchObject({ total: 5, occupiedBeds: 3 });
    expect(first.body.byLevel).toEqual(
      expect.arrayContaining([
        { levelOfCare: 'residential', inCare: 4 },
        { levelOfCare: 'partial_hospitalization', inCare: 1 },
      ]),
    );
    const audited = await server.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organization_id', '=', own.organizationId)
      .where('resource_type', '=', 'census')
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(2);
    const second = await n.get(`/facilities/${f}/census?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((r: { bed: string | null }) => r.bed)).toEqual(['R10', null]);
    const third = await n.get(`/facilities/${f}/census?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.items).toHaveLength(1);
    expect(third.body.nextCursor).toBeNull();
    const outpatients = await n.get(`/facilities/${f}/census?level=partial_hospitalization`);
    expect(outpatients.body).toMatchObject({ total: 1, occupiedBeds: 3 });
    expect(outpatients.body.items.map((r: { levelOfCare: string }) => r.levelOfCare)).toEqual(['partial_hospitalization']);
    const badLevel = await n.get(`/facilities/${f}/census?level=spa`);
    expect(badLevel.status).toBe(400);
    expect(JSON.stringify(badLevel.body)).toContain('level');
    const badCursor = await n.get(`/facilities/${f}/census?cursor=not-ours`);
    expect(badCursor.status).toBe(400);
    expect(JSON.stringify(badCursor.body)).toContain('cursor');
  });
});

describe('staff pickers', () => {
  it('lists only the staff whose role the grants let do something (may=resource.action), and refuses a malformed permission', async () => {
    const all = (await nurse.get('/staff')).body.items as { role: string }[];
    expect(new Set(all.map((s) => s.role)).size).toBeGreaterThan(2);
    const signers = await nurse.get('/staff?may=medication-order-sign.create');
    expect(signers.status).toBe(200);
    expect(signers.body.items.length).toBeGreaterThan(0);
    expect(new Set(signers.body.items.map((s: { role: string }) => s.role))).toEqual(new Set(['prescriber']));
    expect((await nurse.get('/staff?may=no-such-thing.read')).body.items).toEqual([]);
    const bad = await nurse.get('/staff?may=sign-orders');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('may');
  });
});

describe('care team', () => {
  it('assigns, lists and removes staff; refuses non-staff and duplicates', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const add = await nurse.post(`/episodes/${episode.id}/care-team`, { userId: org.users.counselor.id, teamRole: 'primary_counselor' });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ userId: org.users.counselor.id, userRole: 'counselor', teamRole: 'primary_counselor' });
    const second = await nurse.post(`/episodes/${episode.id}/care-team`, { userId: org.users.prescriber.id, teamRole: 'attending_prescriber' });
    expect(second.status).toBe(201);
    const dup = await nurse.post(`/episodes/${episode.id}/care-team`, { userId: org.users.counselor.id, teamRole: 'primary_counselor' });
    expect(dup.status).toBe(409);
    expect(dup.body.rule).toBe('already-on-team');
    for (const role of ['patient', 'family_member'] as const) {
      const notStaff = await nurse.post(`/episodes/${episode.id}/care-team`, { userId: org.users[role].id, teamRole: 'other' });
      expect(notStaff.status, role).toBe(422);
      expect(notStaff.body.errors[0]).toMatchObject({ field: 'userId', rule: 'active-staff' });
    }
    const foreign = await buildOrganization(server.db);
    expect((await nurse.post(`/episodes/${episode.id}/care-team`, { userId: foreign.users.nurse.id, teamRole: 'other' })).status).toBe(422);
    expect((await nurse.post(`/episodes/${episode.id}/care-team`, { userId: org.users.nurse.id, teamRole: 'boss' })).status).toBe(400);
    const list = (await nurse.get(`/episodes/${episode.id}/care-team`)).body.items;
    expect(list.map((m: { userId: string; teamRole: string }) => [m.userId, m.teamRole])).toEqual([
      [org.users.counselor.id, 'primary_counselor'],
      [org.users.prescriber.id, 'attending_prescriber'],
    ]);
    expect(list[0].displayName).toContain('counselor');
    expect((await header(patient.id)).careTeam).toHaveLength(2);
    expect((await nurse.delete(`/episodes/${episode.id}/care-team/${add.body.id}`)).status).toBe(204);
    expect((await nurse.delete(`/episodes/${episode.id}/care-team/${add.body.id}`)).status).toBe(404);
    expect((await nurse.get(`/episodes/${episode.id}/care-team`)).body.items.map((m: { userId: string }) => m.userId)).toEqual([org.users.prescriber.id]);
    expect((await timeline(patient.id)).map((e) => e.kind)).toEqual(expect.arrayContaining(['care-team.assigned', 'care-team.removed']));
  });
});

describe('alerts', () => {
  it('are acknowledged with who and when, and leave the header', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management');
    await nurse.post(`/episodes/${episode.id}/discharge`, { dischargeType: 'against_advice', naloxoneGiven: false, medicationOffered: false });
    const alert = (await header(patient.id)).alerts[0];
    expect(alert).toMatchObject({ kind: 'overdose-risk', acknowledgedAt: null, acknowledgedByName: null });
    const before = server.clock.now().getTime();
    const ack = await nurse.post(`/alerts/${alert.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.id).toBe(alert.id);
    expect(Date.parse(ack.body.acknowledgedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(ack.body.acknowledgedAt)).toBeLessThanOrEqual(server.clock.now().getTime());
    expect(ack.body.acknowledgedByName).toBe(`nurse ${org.users.nurse.email.split('.')[1].split('@')[0]}`);
    const row = await server.db.selectFrom('alerts').select(['acknowledged_by']).where('id', '=', alert.id).executeTakeFirstOrThrow();
    expect(row.acknowledged_by).toBe(org.users.nurse.id);
    expect((await header(patient.id)).alerts).toEqual([]);
    // A second acknowledgement keeps the first one's who and when.
    const prescriber = await org.signIn('prescriber', server.baseUrl);
    const again = await prescriber.post(`/alerts/${alert.id}/acknowledge`);
    expect(again.body.acknowledgedAt).toBe(ack.body.acknowledgedAt);
    expect(again.body.acknowledgedByName).toBe(ack.body.acknowledgedByName);
    // Staff of another facility cannot reach it.
    expect((await (await org.signIn('otherNurse', server.baseUrl)).post(`/alerts/${alert.id}/acknowledge`)).status).toBe(404);
  });
});

describe('portal', () => {
  it('shows a patient only their own record', async () => {
    const admin = await org.signIn('administrator', server.baseUrl);
    const p = await registerPatient(admin, org.facilityIds[0]);
    const email = `portal.${p.id.slice(-6)}@test.waypoint`;
    expect((await admin.post('/users', { email, displayName: 'Portal user', role: 'patient', password: 'a-long-password-1', patientId: p.id })).status).toBe(
      201,
    );
    const me = new ApiClient(server.baseUrl);
    await me.signIn(email, 'a-long-password-1');
    const portal = await me.get('/portal/me');
    expect(portal.body.patient.mrn).toBe(p.mrn);
    // Their own record reads; another patient's answers 404, as if it did not exist.
    expect((await me.get(`/patients/${p.id}`)).status).toBe(200);
    const other = await registerPatient(admin, org.facilityIds[0]);
    const refused = await me.get(`/patients/${other.id}`);
    expect(refused.status).toBe(404);
    expect(refused.body.title).toBe((await me.get('/patients/00000000-0000-7000-8000-000000000000')).body.title);
    // Who looked at my record: the administrator's reads are listed, the patient's own are not.
    await admin.get(`/patients/${p.id}`);
    const log = (await me.get('/portal/access-log')).body.items;
    expect(log.length).toBeGreaterThan(0);
    expect(log[0]).toMatchObject({ role: 'administrator', action: 'read', what: 'patient' });
    expect(log.every((e: { role: string }) => e.role !== 'patient')).toBe(true);
    // A search finds only themselves.
    const found = (await me.get(`/patients?q=${encodeURIComponent(other.mrn)}`)).body.items;
    expect(found).toEqual([]);
    expect((await me.get('/withdrawal/00000000-0000-7000-8000-000000000000')).status).toBe(403);
  });
});
