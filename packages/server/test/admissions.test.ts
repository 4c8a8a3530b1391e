import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepAuthorizations } from '../src/modules/admissions/authorization-alerts';
import { admittedPatient, buildOrganization, randomName, registerPatient, type TestOrganization } from './factories';
import { startServer, type ApiClient, type TestServer } from './harness';

let server: TestServer;
let org: TestOrganization;
let coord: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  coord = await org.signIn('admissions_coordinator', server.baseUrl);
  admin = await org.signIn('administrator', server.baseUrl);
});
afterAll(() => server?.close());

const day = (offset: number, from = server.clock.now()) =>
  new Date(from.getTime() + offset * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
const hoursAgo = (n: number) => new Date(server.clock.now().getTime() - n * 3_600_000).toISOString();

function inquiryBody(overrides: Record<string, unknown> = {}) {
  return {
    facilityId: org.facilityIds[0],
    levelOfCare: 'withdrawal_management',
    callerName: 'Dana Caller',
    callerRelation: 'family',
    callbackPhone: '555-0100',
    contactConsent: true,
    referralSource: 'emergency_department',
    referralOrganization: 'County General ED',
    givenName: randomName(),
    familyName: randomName(10),
    birthDate: '1990-04-12',
    sexAtBirth: 'male',
    phone: '555-0111',
    reason: 'Wants help stopping heroin',
    ...overrides,
  };
}

const prescreen = {
  substances: [
    { substance: 'heroin', route: 'injected', frequency: 'daily' },
    { substance: 'fentanyl', route: 'smoked' },
  ],
  lastUseAt: undefined as string | undefined,
  lastUseKind: 'short_acting',
  overdoseCount: 2,
  lastOverdoseOn: '2025-06-01',
  withdrawalHistory: { severe: true, seizures: false, delirium: false },
  pregnancy: 'not_applicable',
  coOccurring: 'Depression, treated',
  currentMoud: 'none',
  urgency: 'urgent',
  recommendedLevel: 'withdrawal_management',
};

async function newInquiry(client = coord, overrides: Record<string, unknown> = {}) {
  const res = await client.post('/admissions/inquiries', inquiryBody(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function convertedInquiry() {
  const inq = await newInquiry();
  const pre = await coord.request('PUT', `/admissions/inquiries/${inq.id}/prescreen`, { body: { ...prescreen, lastUseAt: hoursAgo(14) } });
  expect(pre.status, JSON.stringify(pre.body)).toBe(200);
  const conv = await coord.post(`/admissions/inquiries/${inq.id}/convert`, {});
  expect(conv.status, JSON.stringify(conv.body)).toBe(200);
  return conv.body as { id: string; patientId: string; version: number };
}

async function signConsent(patientId: string, client = coord) {
  const forms = (await client.get('/admissions/consent-forms')).body.items;
  const form = forms.find((f: { code: string }) => f.code === 'consent-to-treatment');
  const res = await client.post(`/patients/${patientId}/consents`, {
    formCode: form.code,
    formVersion: form.version,
    signerName: 'Pat Patient',
    attested: true,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('inquiry to admission', () => {
  it('carries the inquiry and pre-screen through conversion, scheduling and admission without retyping', async () => {
    const inq = await newInquiry();
    expect(inq).toMatchObject({
      status: 'open',
      contactConsent: true,
      referralSource: 'emergency_department',
      nextAction: 'Pre-screen',
      prescreen: null,
      patientId: null,
    });
    const lastUse = hoursAgo(14);
    const pre = await coord.request('PUT', `/admissions/inquiries/${inq.id}/prescreen`, { body: { ...prescreen, lastUseAt: lastUse } });
    expect(pre.status).toBe(200);
    expect(pre.body).toMatchObject({ overdoseCount: 2, urgency: 'urgent', pregnancy: 'not_applicable', currentMoud: 'none' });
    expect(pre.body.substances).toHaveLength(2);
    const read = await coord.get(`/admissions/inquiries/${inq.id}`);
    expect(read.body.prescreen.id).toBe(pre.body.id);
    expect(read.body.nextAction).toBe('Verify insurance and schedule admission');
    // A second pre-screen write is a correction: If-Match required.
    expect((await coord.request('PUT', `/admissions/inquiries/${inq.id}/prescreen`, { body: { ...prescreen, lastUseAt: lastUse } })).status).toBe(428);

    const conv = await coord.post(`/admissions/inquiries/${inq.id}/convert`, {});
    expect(conv.status).toBe(200);
    const patient = (await coord.get(`/patients/${conv.body.patientId}`)).body;
    expect(patient).toMatchObject({
      legalGivenName: inq.givenName,
      legalFamilyName: inq.familyName,
      birthDate: '1990-04-12',
      sexAtBirth: 'male',
      phone: '555-0111',
      facilityId: org.facilityIds[0],
    });
    expect((await coord.post(`/admissions/inquiries/${inq.id}/convert`, {})).body.rule).toBe('already-converted');

    const sched = await coord.post('/admissions/scheduled', {
      patientId: patient.id,
      inquiryId: inq.id,
      facilityId: org.facilityIds[0],
      levelOfCare: 'withdrawal_management',
      scheduledOn: day(0),
    });
    expect(sched.status, JSON.stringify(sched.body)).toBe(201);
    expect((await coord.get(`/admissions/inquiries/${inq.id}`)).body).toMatchObject({ status: 'scheduled', nextActionDue: day(0) });

    // No admission before consent to treatment is signed.
    const early = await coord.post(`/admissions/scheduled/${sched.body.id}/admit`, { bed: 'W1' });
    expect(early.status).toBe(409);
    expect(early.body.rule).toBe('consent-to-treatment-signed');
    await signConsent(patient.id);
    const admitted = await coord.post(`/admissions/scheduled/${sched.body.id}/admit`, { bed: 'W1' });
    expect(admitted.status, JSON.stringify(admitted.body)).toBe(200);
    expect(admitted.body).toMatchObject({ status: 'admitted', episodeId: expect.any(String) });
    const episodes = (await coord.get(`/patients/${patient.id}/episodes`)).body.items;
    expect(episodes[0]).toMatchObject({
      id: admitted.body.episodeId,
      status: 'active',
      levelOfCare: 'withdrawal_management',
      bed: 'W1',
      facilityId: org.facilityIds[0],
    });
    // The pre-screen's last use becomes the episode's last opioid use (withdrawal induction readiness).
    expect(Date.parse(episodes[0].lastOpioidUseAt)).toBe(Date.parse(lastUse));
    expect((await coord.get(`/admissions/inquiries/${inq.id}`)).body.status).toBe('admitted');
    expect((await coord.post(`/admissions/scheduled/${sched.body.id}/admit`, {})).body.rule).toBe('not-scheduled');
  });

  it('finds existing patients before registering; links one, or registers when the coordinator confirms a different person', async () => {
    const existing = await registerPatient(coord, org.facilityIds[0], { birthDate: '1985-02-03' });
    const existingBody = (await coord.get(`/patients/${existing.id}`)).body;
    const inq = await newInquiry(coord, { givenName: existingBody.legalGivenName, familyName: existingBody.legalFamilyName, birthDate: '1985-02-03' });
    const dups = await coord.get(`/admissions/inquiries/${inq.id}/duplicates`);
    expect(dups.status).toBe(200);
    expect(dups.body.candidates.map((c: { id: string }) => c.id)).toContain(existing.id);
    const refused = await coord.post(`/admissions/inquiries/${inq.id}/convert`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.rule).toBe('possible-duplicate');
    expect((await coord.get(`/admissions/inquiries/${inq.id}`)).body.patientId).toBeNull();
    const linked = await coord.post(`/admissions/inquiries/${inq.id}/convert`, { existingPatientId: existing.id });
    expect(linked.body.patientId).toBe(existing.id);

    const twin = await newInquiry(coord, { givenName: existingBody.legalGivenName, familyName: existingBody.legalFamilyName, birthDate: '1985-02-03' });
    const confirmed = await coord.post(`/admissions/inquiries/${twin.id}/convert`, { confirmNotDuplicate: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.patientId).not.toBe(existing.id);
  });

  it('keeps a waitlist with status and next action; closes with a reason', async () => {
    const inq = await newInquiry();
    const wait = await coord.patch(
      `/admissions/inquiries/${inq.id}`,
      { status: 'waitlisted', nextAction: 'Call back Monday for a bed', nextActionDue: day(3) },
      { 'if-match': `"${inq.version}"` },
    );
    expect(wait.status).toBe(200);
    expect(wait.body).toMatchObject({ status: 'waitlisted', nextAction: 'Call back Monday for a bed', nextActionDue: day(3) });
    const stale = await coord.patch(`/admissions/inquiries/${inq.id}`, { status: 'open' }, { 'if-match': `"${inq.version}"` });
    expect(stale.status).toBe(412);
    const list = await coord.get('/admissions/inquiries?status=waitlisted');
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(inq.id);
    const closed = await coord.post(`/admissions/inquiries/${inq.id}/close`, { reason: 'Chose another program' });
    expect(closed.body).toMatchObject({ status: 'closed', closedReason: 'Chose another program' });
    expect((await coord.patch(`/admissions/inquiries/${inq.id}`, { nextAction: 'x' }, { 'if-match': `"${closed.body.version}"` })).body.rule).toBe(
      'inquiry-finished',
    );
  });

  it('refuses bad input naming the field and the rule', async () => {
    const noPhone = await coord.post('/admissions/inquiries', inquiryBody({ callbackPhone: null, phone: null }));
    expect(noPhone.status).toBe(422);
    expect(noPhone.body.errors[0]).toMatchObject({ field: 'callbackPhone', rule: 'required-with-contact-consent' });
    const future = await coord.post('/admissions/inquiries', inquiryBody({ receivedAt: new Date(server.clock.now().getTime() + 86_400_000).toISOString() }));
    expect(future.body.errors[0]).toMatchObject({ field: 'receivedAt', rule: 'not-in-future' });
    const badSource = await coord.post('/admissions/inquiries', inquiryBody({ referralSource: 'billboard' }));
    expect(badSource.status).toBe(400);
    expect(badSource.body.errors[0].field).toBe('referralSource');
    const otherFacility = await coord.post('/admissions/inquiries', inquiryBody({ facilityId: org.facilityIds[1] }));
    expect(otherFacility.body.errors[0]).toMatchObject({ field: 'facilityId', rule: 'facility-in-scope' });
    const inq = await newInquiry();
    const moud = await coord.request('PUT', `/admissions/inquiries/${inq.id}/prescreen`, { body: { ...prescreen, currentMoud: 'methadone' } });
    expect(moud.body.errors[0]).toMatchObject({ field: 'currentMoudDetail', rule: 'required-with-moud' });
    const od = await coord.request('PUT', `/admissions/inquiries/${inq.id}/prescreen`, { body: { ...prescreen, overdoseCount: 0 } });
    expect(od.body.errors[0]).toMatchObject({ field: 'overdoseCount', rule: 'at-least-one-with-date' });
    const noBirth = await newInquiry(coord, { birthDate: null });
    const conv = await coord.post(`/admissions/inquiries/${noBirth.id}/convert`, {});
    expect(conv.body.errors[0]).toMatchObject({ field: 'birthDate', rule: 'required-to-register' });
    // Nothing half-made: the refused pre-screen left no row.
    expect((await coord.get(`/admissions/inquiries/${inq.id}`)).body.prescreen).toBeNull();
  });
});

describe('the coordinator’s work list', () => {
  it('shows the 50 most urgent of a queue and says there are more, auditing only those shown', async () => {
    const own = await buildOrganization(server.db);
    const c = await own.signIn('admissions_coordinator', server.baseUrl);
    for (let i = 0; i < 52; i++) {
      const res = await c.post('/admissions/inquiries', { ...inquiryBody(), facilityId: own.facilityIds[0] });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const wl = await c.get('/admissions/worklist');
    expect(wl.status).toBe(200);
    expect(wl.body.inquiries.items).toHaveLength(50);
    expect(wl.body.inquiries.more).toBe(true);
    const audited = await server.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organization_id', '=', own.organizationId)
      .where('resource_type', '=', 'inquiry')
      .where('action', '=', 'search')
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(50);
  });
});

describe('bed availability', () => {
  it('refuses a day with no free bed of the level, counting occupied beds and other scheduled admissions', async () => {
    const o = await buildOrganization(server.db);
    const director = await o.signIn('administrator', server.baseUrl);
    const a = await o.signIn('admissions_coordinator', server.baseUrl);
    // 20 beds; 2 for withdrawal management, the rest shared by residential.
    const cap = await director.request('PUT', `/admissions/facilities/${o.facilityIds[0]}/bed-capacity`, {
      body: { levels: [{ levelOfCare: 'withdrawal_management', beds: 2 }] },
    });
    expect(cap.status, JSON.stringify(cap.body)).toBe(200);
    await admittedPatient(a, o.facilityIds[0], 'withdrawal_management');
    const p1 = await registerPatient(a, o.facilityIds[0]);
    const p2 = await registerPatient(a, o.facilityIds[0]);
    const avail = await a.get(`/admissions/bed-availability?facilityId=${o.facilityIds[0]}&levelOfCare=withdrawal_management&days=5`);
    expect(avail.body.days[0]).toMatchObject({ capacity: 2, occupied: 1, scheduled: 0, free: 1 });
    const s1 = await a.post('/admissions/scheduled', {
      patientId: p1.id,
      facilityId: o.facilityIds[0],
      levelOfCare: 'withdrawal_management',
      scheduledOn: day(2),
    });
    expect(s1.status).toBe(201);
    const after = (await a.get(`/admissions/bed-availability?facilityId=${o.facilityIds[0]}&levelOfCare=withdrawal_management&days=5`)).body.days;
    expect(after.map((d: { free: number }) => d.free)).toEqual([1, 1, 0, 0, 0]);
    const full = await a.post('/admissions/scheduled', {
      patientId: p2.id,
      facilityId: o.facilityIds[0],
      levelOfCare: 'withdrawal_management',
      scheduledOn: day(3),
    });
    expect(full.status).toBe(422);
    expect(full.body.errors[0]).toMatchObject({ field: 'scheduledOn', rule: 'bed-available' });
    // Day 1 has a bed, but the booking of day 2 would then have none.
    const before = await a.post('/admissions/scheduled', {
      patientId: p2.id,
      facilityId: o.facilityIds[0],
      levelOfCare: 'withdrawal_management',
      scheduledOn: day(1),
    });
    expect(before.body.errors[0].rule).toBe('bed-available');
    // Residential shares the other 18 beds; outpatient needs none.
    expect(
      (await a.post('/admissions/scheduled', { patientId: p2.id, facilityId: o.facilityIds[0], levelOfCare: 'residential', scheduledOn: day(3) })).status,
    ).toBe(201);
    const past = await a.post('/admissions/scheduled', { patientId: p1.id, facilityId: o.facilityIds[0], levelOfCare: 'residential', scheduledOn: day(-2) });
    expect(past.body.errors[0]).toMatchObject({ field: 'scheduledOn', rule: 'not-in-past' });
    const twice = await a.post('/admissions/scheduled', { patientId: p1.id, facilityId: o.facilityIds[0], levelOfCare: 'residential', scheduledOn: day(4) });
    expect(twice.body.rule).toBe('one-scheduled-admission');
    // Cancelling frees the bed.
    await a.post(`/admissions/scheduled/${s1.body.id}/cancel`, { reason: 'Went to a hospital instead' });
    expect((await a.get(`/admissions/bed-availability?facilityId=${o.facilityIds[0]}&levelOfCare=withdrawal_management&days=5`)).body.days[4].free).toBe(1);
    const badCap = await director.request('PUT', `/admissions/facilities/${o.facilityIds[0]}/bed-capacity`, {
      body: { levels: [{ levelOfCare: 'residential', beds: 30 }] },
    });
    expect(badCap.body.errors[0]).toMatchObject({ field: 'levels', rule: 'within-bed-count' });
  });
});

describe('coverage', () => {
  it('records coverage, a verification with who/when/how/reference, and authorizations; dates out of order are refused', async () => {
    const p = await registerPatient(coord, org.facilityIds[0]);
    const bad = await coord.post(`/patients/${p.id}/coverages`, {
      kind: 'insurance',
      payer: 'Aetna',
      memberId: 'M1',
      effectiveFrom: '2026-05-01',
      effectiveTo: '2026-01-01',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'effectiveTo', rule: 'on-or-after-effective-from' });
    const noMember = await coord.post(`/patients/${p.id}/coverages`, { kind: 'insurance', payer: 'Aetna', effectiveFrom: '2026-01-01' });
    expect(noMember.body.errors[0]).toMatchObject({ field: 'memberId', rule: 'required-for-insurance' });
    const cov = await coord.post(`/patients/${p.id}/coverages`, {
      kind: 'insurance',
      payer: 'Aetna',
      plan: 'PPO Gold',
      memberId: 'W123456',
      groupId: 'G77',
      subscriberName: 'Sam Spouse',
      subscriberRelation: 'spouse',
      effectiveFrom: '2026-01-01',
    });
    expect(cov.status, JSON.stringify(cov.body)).toBe(201);
    expect(cov.body).toMatchObject({ verified: false, verifications: [], authorizations: [] });
    const wlRes = await coord.get('/admissions/worklist');
    expect(wlRes.status, JSON.stringify(wlRes.body)).toBe(200);
    const wl = wlRes.body;
    expect(wl.verifications.items.map((v: { coverageId: string }) => v.coverageId)).toContain(cov.body.id);

    const ver = await coord.post(`/coverages/${cov.body.id}/verifications`, {
      method: 'phone',
      referenceNumber: 'REF-889',
      result: 'active',
      contactName: 'Payer rep Jo',
    });
    expect(ver.status).toBe(201);
    expect(ver.body).toMatchObject({
      referenceNumber: 'REF-889',
      method: 'phone',
      verifiedBy: org.users.admissions_coordinator.id,
      verifiedByName: expect.stringContaining('admissions coordinator'),
    });
    expect(ver.body.verifiedAt).toBeTruthy();
    expect((await coord.get(`/patients/${p.id}/coverages`)).body.items[0].verified).toBe(true);
    expect((await coord.get('/admissions/worklist')).body.verifications.items.map((v: { coverageId: string }) => v.coverageId)).not.toContain(cov.body.id);

    const outOfOrder = await coord.post(`/coverages/${cov.body.id}/authorizations`, {
      levelOfCare: 'residential',
      authNumber: 'A-1',
      unit: 'days',
      approved: 14,
      startDate: '2026-03-10',
      endDate: '2026-03-01',
    });
    expect(outOfOrder.body.errors[0]).toMatchObject({ field: 'endDate', rule: 'on-or-after-start-date' });
    const overUsed = await coord.post(`/coverages/${cov.body.id}/authorizations`, {
      levelOfCare: 'residential',
      authNumber: 'A-1',
      unit: 'days',
      approved: 5,
      used: 6,
      startDate: day(0),
      endDate: day(20),
    });
    expect(overUsed.body.errors[0]).toMatchObject({ field: 'used', rule: 'within-approved' });
    const auth = await coord.post(`/coverages/${cov.body.id}/authorizations`, {
      levelOfCare: 'residential',
      authNumber: 'A-1',
      unit: 'days',
      approved: 14,
      startDate: day(-2),
      endDate: day(20),
    });
    expect(auth.status).toBe(201);
    expect(auth.body).toMatchObject({ remaining: 14, status: 'active' });
    const used = await coord.patch(`/authorizations/${auth.body.id}`, { used: 3 }, { 'if-match': `"${auth.body.version}"` });
    expect(used.body.remaining).toBe(11);

    const selfPay = await coord.post(`/patients/${p.id}/coverages`, { kind: 'sliding_scale', priority: 'secondary', effectiveFrom: '2026-01-01' });
    expect(selfPay.body.errors[0]).toMatchObject({ field: 'slidingScalePercent', rule: 'required-for-sliding-scale' });
    const sliding = await coord.post(`/patients/${p.id}/coverages`, {
      kind: 'sliding_scale',
      priority: 'secondary',
      effectiveFrom: '2026-01-01',
      slidingScalePercent: 40,
    });
    expect(sliding.body.verified).toBe(true);
    expect(
      (await coord.post(`/coverages/${sliding.body.id}/verifications`, { method: 'phone', referenceNumber: 'x', result: 'active' })).body.errors[0].rule,
    ).toBe('third-party-payer');
  });

  it('raises one alert per cause before an authorization runs out or expires, for the coordinators, and clears it when extended', async () => {
    const p = await registerPatient(coord, org.facilityIds[0]);
    const cov = (await coord.post(`/patients/${p.id}/coverages`, { kind: 'insurance', payer: 'Cigna', memberId: 'C1', effectiveFrom: '2026-01-01' })).body;
    const auth = (
      await coord.post(`/coverages/${cov.id}/authorizations`, {
        levelOfCare: 'withdrawal_management',
        authNumber: 'WM-7',
        unit: 'days',
        approved: 5,
        used: 3,
        startDate: day(-3),
        endDate: day(4),
      })
    ).body;
    const far = (
      await coord.post(`/coverages/${cov.id}/authorizations`, {
        levelOfCare: 'residential',
        authNumber: 'R-9',
        unit: 'days',
        approved: 30,
        startDate: day(5),
        endDate: day(40),
      })
    ).body;
    await sweepAuthorizations(server.db, server.clock.now());
    await sweepAuthorizations(server.db, server.clock.now());
    // Alerts are the alerts stage's; the coordinator's screen for them is the work list below.
    const open = () =>
      server.db.selectFrom('alerts').select(['kind', 'message', 'audience']).where('patient_id', '=', p.id).where('resolved_at', 'is', null).execute();
    const alerts = await open();
    expect(alerts.map((a) => a.kind).sort()).toEqual(['authorization-expiring', 'authorization-running-out']);
    expect(alerts.find((a) => a.kind === 'authorization-running-out')!.message).toContain('2 of 5 days left');
    expect(alerts.every((a) => a.audience.join() === 'admissions_coordinator')).toBe(true);
    // Addressed to coordinators: a nurse's inbox does not show it.
    const nurse = await org.signIn('nurse', server.baseUrl);
    expect((await nurse.get('/alerts')).body.items.filter((a: { patientId: string }) => a.patientId === p.id)).toEqual([]);
    const wl = (await coord.get('/admissions/worklist')).body;
    const item = wl.authorizations.items.find((a: { id: string }) => a.id === auth.id);
    expect(item).toMatchObject({ daysLeft: 4, remaining: 2 });
    expect(wl.authorizations.items.map((a: { id: string }) => a.id)).not.toContain(far.id);
    const extended = await coord.patch(`/authorizations/${auth.id}`, { approved: 15, endDate: day(30) }, { 'if-match': `"${auth.version}"` });
    expect(extended.status).toBe(200);
    expect(await open()).toEqual([]);
    await sweepAuthorizations(server.db, server.clock.now());
    expect(await open()).toEqual([]);
  });
});

describe('the coordinator’s alerts (minimum necessary, 42 CFR Part 2)', () => {
  it('shows a coordinator the authorization alert raised for coordinators and never the suicide-risk alert on the same patient', async () => {
    const nurse = await org.signIn('nurse', server.baseUrl);
    const counselor = await org.signIn('counselor', server.baseUrl);
    const { patient: p } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const cov = (await coord.post(`/patients/${p.id}/coverages`, { kind: 'insurance', payer: 'Aetna', memberId: 'A9', effectiveFrom: '2026-01-01' })).body;
    const auth = await coord.post(`/coverages/${cov.id}/authorizations`, {
      levelOfCare: 'residential',
      authNumber: 'RES-42',
      unit: 'days',
      approved: 10,
      used: 9,
      startDate: day(-9),
      endDate: day(20),
    });
    expect(auth.status).toBe(201);
    await sweepAuthorizations(server.db, server.clock.now());
    const phq9 = { interest: 0, down: 0, sleep: 0, energy: 0, appetite: 0, self_worth: 0, concentration: 0, psychomotor: 0, self_harm: 2 };
    const screen = await counselor.post(`/patients/${p.id}/instruments/phq-9`, { answers: phq9 });
    expect(screen.status, JSON.stringify(screen.body)).toBe(201);
    const suicideAlertId = screen.body.alertId as string;
    expect(suicideAlertId).toBeTruthy();

    const mine = (await coord.get('/alerts')).body.items.filter((a: { patientId: string }) => a.patientId === p.id);
    expect(mine.map((a: { kind: string }) => a.kind)).toEqual(['authorization-running-out']);
    expect(mine[0]).toMatchObject({ audience: ['admissions_coordinator'], actionRequired: true, mrn: p.mrn });
    // The chart header shows the coordinator the same.
    const header = (await coord.get(`/patients/${p.id}/header`)).body;
    expect(header.alerts.map((a: { kind: string }) => a.kind)).toEqual(['authorization-running-out']);
    // The clinical team still sees the suicide-risk alert on the chart.
    expect((await nurse.get(`/patients/${p.id}/header`)).body.alerts.map((a: { kind: string }) => a.kind)).toContain('suicide-risk');

    // The suicide-risk alert does not exist for the coordinator.
    const notMine = await coord.post(`/alerts/${suicideAlertId}/acknowledge`, { action: 'Tried to silence it' });
    expect(notMine.status).toBe(404);
    // Acknowledged with the action taken, which is required.
    const bare = await coord.post(`/alerts/${mine[0].id}/acknowledge`, {});
    expect(bare.status).toBe(422);
    expect(bare.body.errors[0]).toMatchObject({ field: 'action', rule: 'alert.action-required' });
    const ack = await coord.post(`/alerts/${mine[0].id}/acknowledge`, { action: 'Concurrent review requested from Aetna, ref 77-1' });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body).toMatchObject({ actionTaken: 'Concurrent review requested from Aetna, ref 77-1' });
    expect(ack.body.acknowledgedAt).toBeTruthy();
    expect((await coord.get('/alerts')).body.items.filter((a: { patientId: string }) => a.patientId === p.id)).toEqual([]);
    // The suicide-risk alert is untouched: still open for the counselor.
    const counselorsOpen = (await counselor.get('/alerts')).body.items.filter((a: { patientId: string }) => a.patientId === p.id);
    expect(counselorsOpen.map((a: { kind: string }) => a.kind)).toEqual(['suicide-risk']);
  });
});

describe('consent', () => {
  it('keeps the signed text, signer and time; the signed copy never changes and corrections are amendments', async () => {
    const p = await registerPatient(coord, org.facilityIds[0]);
    const forms = (await coord.get('/admissions/consent-forms')).body.items;
    expect(forms.map((f: { code: string }) => f.code).sort()).toEqual(['consent-to-treatment', 'part2-notice']);
    const part2 = forms.find((f: { code: string }) => f.code === 'part2-notice');
    expect(part2.body).toContain('42 CFR Part 2');
    const notAttested = await coord.post(`/patients/${p.id}/consents`, { formCode: 'part2-notice', formVersion: part2.version, signerName: 'Pat Patient' });
    expect(notAttested.status).toBe(400);
    expect(notAttested.body.errors[0].field).toBe('attested');
    const wrongVersion = await coord.post(`/patients/${p.id}/consents`, {
      formCode: 'part2-notice',
      formVersion: 99,
      signerName: 'Pat Patient',
      attested: true,
    });
    expect(wrongVersion.body.errors[0]).toMatchObject({ field: 'formVersion', rule: 'form-exists' });
    const signed = await coord.post(`/patients/${p.id}/consents`, {
      formCode: 'part2-notice',
      formVersion: part2.version,
      signerName: 'Pat Patient',
      attested: true,
    });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({
      formBody: part2.body,
      formVersion: part2.version,
      signerName: 'Pat Patient',
      signerRelation: 'patient',
      witnessedBy: org.users.admissions_coordinator.id,
    });
    // The database refuses an edit, whoever sends it.
    await expect(server.db.updateTable('adm_consents').set({ signer_name: 'Someone else' }).where('id', '=', signed.body.id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(server.db.deleteFrom('adm_consents').where('id', '=', signed.body.id).execute()).rejects.toThrow(/append-only/);
    const amend = await coord.post(`/consents/${signed.body.id}/amendments`, {
      signerName: 'Pat Q. Patient',
      reason: 'Signer typed a nickname; legal name needed',
      attested: true,
    });
    expect(amend.status).toBe(201);
    expect(amend.body).toMatchObject({
      amendsId: signed.body.id,
      amendmentReason: 'Signer typed a nickname; legal name needed',
      signerName: 'Pat Q. Patient',
      formBody: part2.body,
    });
    const original = (await coord.get(`/consents/${signed.body.id}`)).body;
    expect(original).toMatchObject({ signerName: 'Pat Patient', amendedById: amend.body.id });
    expect((await coord.post(`/consents/${signed.body.id}/amendments`, { signerName: 'x', reason: 'again', attested: true })).body.rule).toBe('amend-latest');
    expect((await coord.get(`/patients/${p.id}/consents`)).body.items).toHaveLength(2);
  });
});

describe('who sees what', () => {
  it('the front desk sees inquiries and coverage; a peer sees none; another facility reads as absent', async () => {
    const inq = await newInquiry();
    const p = await registerPatient(coord, org.facilityIds[0]);
    const cov = (await coord.post(`/patients/${p.id}/coverages`, { kind: 'self_pay', effectiveFrom: '2026-01-01' })).body;
    const peer = await org.signIn('peer_recovery_specialist', server.baseUrl);
    expect((await peer.get(`/admissions/inquiries/${inq.id}`)).status).toBe(403);
    expect((await peer.get(`/patients/${p.id}/coverages`)).status).toBe(403);
    expect((await peer.get('/admissions/worklist')).status).toBe(403);
    const counselor = await org.signIn('counselor', server.baseUrl);
    expect((await counselor.get(`/admissions/inquiries/${inq.id}`)).status).toBe(200);
    expect((await counselor.post('/admissions/inquiries', inquiryBody())).status).toBe(403);
    expect((await counselor.post(`/coverages/${cov.id}/verifications`, { method: 'phone', referenceNumber: 'R', result: 'active' })).status).toBe(403);
    const other = await org.signIn('otherNurse', server.baseUrl);
    expect((await other.get(`/admissions/inquiries/${inq.id}`)).status).toBe(404);
    expect((await other.get(`/patients/${p.id}/coverages`)).status).toBe(404);
    expect((await other.get('/admissions/inquiries')).body.items.map((i: { id: string }) => i.id)).not.toContain(inq.id);
    // Another organization's administrator: absent.
    const o2 = await buildOrganization(server.db);
    const admin2 = await o2.signIn('administrator', server.baseUrl);
    expect((await admin2.get(`/admissions/inquiries/${inq.id}`)).status).toBe(404);
    expect((await admin2.get(`/patients/${p.id}/coverages`)).status).toBe(404);
    expect((await admin.get(`/admissions/inquiries/${inq.id}`)).status).toBe(200);
  });

  it('the work list shows each section filtered by scope', async () => {
    const inq = await newInquiry();
    const conv = await convertedInquiry();
    const s = await coord.post('/admissions/scheduled', {
      patientId: conv.patientId,
      inquiryId: conv.id,
      facilityId: org.facilityIds[0],
      levelOfCare: 'residential',
      scheduledOn: day(1),
    });
    expect(s.status).toBe(201);
    const wl = (await coord.get('/admissions/worklist')).body;
    expect(wl.inquiries.items.map((i: { id: string }) => i.id)).toContain(inq.id);
    expect(wl.inquiries.items.map((i: { id: string }) => i.id)).not.toContain(conv.id);
    expect(wl.scheduled.items.find((x: { id: string }) => x.id === s.body.id)).toMatchObject({ scheduledOn: day(1), levelOfCare: 'residential' });
    const other = await org.signIn('otherNurse', server.baseUrl);
    const theirs = (await other.get('/admissions/worklist')).body;
    expect(theirs.inquiries.items.map((i: { id: string }) => i.id)).not.toContain(inq.id);
    expect(theirs.scheduled.items.map((x: { id: string }) => x.id)).not.toContain(s.body.id);
  });
});
