import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formInstruments } from '@waypoint/clinical/instruments/registry';
import { scorePhq9 } from '@waypoint/clinical/instruments/phq9';
import { answersFor } from './helpers/instrument-answers';
import { admittedPatient, buildOrganization, registerPatient, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

let server: TestServer;
let org: TestOrganization;
let counselor: ApiClient;
let prescriber: ApiClient;
let nurse: ApiClient;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  counselor = await org.signIn('counselor', server.baseUrl);
  prescriber = await org.signIn('prescriber', server.baseUrl);
  nurse = await org.signIn('nurse', server.baseUrl);
});
afterAll(() => server?.close());

const phq9 = (self_harm: number, rest = 1) => ({
  interest: rest,
  down: rest,
  sleep: rest,
  energy: rest,
  appetite: rest,
  self_worth: rest,
  concentration: rest,
  psychomotor: rest,
  self_harm,
});
const hoursAgo = (h: number) => new Date(server.clock.now().getTime() - h * 3_600_000).toISOString();

const completeSections = () => ({
  medical: { summary: 'Hepatitis C treated 2021; no current medications besides those listed.' },
  substanceUse: {
    substances: [
      {
        substance: 'Fentanyl',
        ageOfFirstUse: 22,
        route: 'smoked' as const,
        frequency: 'Several times a day',
        amount: 'About 1 g a day',
        lastUseAt: hoursAgo(14),
        opioidKind: 'short_acting' as const,
      },
    ],
  },
  mentalHealth: { summary: 'Depression since adolescence; no hospitalizations.' },
  trauma: { summary: 'Reports childhood trauma; declined detail today.' },
  housing: { status: 'unstable' as const, summary: 'Staying with a cousin.' },
  employment: { status: 'unemployed' as const, summary: 'Lost job in March.' },
  legal: { summary: 'No open cases.' },
  family: { summary: 'Sister supportive; two children with their father.' },
  strengths: { summary: 'Motivated by children; finished a trade program.' },
});

describe('instruments', () => {
  it('score through the API exactly as the clinical package scores them, for every instrument', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    for (const [code, form] of Object.entries(formInstruments)) {
      for (let trial = 0; trial < 3; trial++) {
        const answers = answersFor(form, trial);
        const expected = form.score(answers, { sex: 'female' });
        const res = await counselor.post(`/patients/${patient.id}/instruments/${code}`, { answers });
        expect(res.status, `${code}: ${JSON.stringify(res.body)}`).toBe(201);
        expect(res.body).toMatchObject({ instrument: code, total: expected.total, band: expected.band, suicideRisk: expected.suicideRisk?.level ?? null });
        expect(res.body.detail).toEqual(JSON.parse(JSON.stringify(expected.detail)));
      }
    }
    // And against the instrument's own scorer, not only the form adapter.
    const res = await counselor.post(`/patients/${patient.id}/instruments/phq-9`, { answers: phq9(0, 2) });
    expect(res.body.total).toBe(scorePhq9(phq9(0, 2)).total);
    expect(res.body.band).toBe(scorePhq9(phq9(0, 2)).band);
    const list = await counselor.get(`/patients/${patient.id}/instruments`);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(Object.keys(formInstruments).length * 3 + 1);
    // The DSM-5 rows carry the ICD-10-CM code the clinical package gave (all "yes": severe, F11.20).
    expect(list.body.items.filter((i: { instrument: string }) => i.instrument === 'dsm5-oud').map((i: { icd10cm: string | null }) => i.icd10cm)).toContain(
      'F11.20',
    );
  });

  it('does not score a form missing an item: 422 naming the item, nothing stored', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const { appetite: _a, ...missing } = phq9(0);
    const res = await counselor.post(`/patients/${patient.id}/instruments/phq-9`, { answers: missing });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors[0]).toMatchObject({ field: 'answers.appetite', rule: 'required' });
    const wrong = await counselor.post(`/patients/${patient.id}/instruments/gad-7`, { answers: { nervous: 7 } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0].field).toMatch(/^answers\./);
    const unknown = await counselor.post(`/patients/${patient.id}/instruments/beck`, { answers: {} });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'code', rule: 'known-instrument' });
    const future = await counselor.post(`/patients/${patient.id}/instruments/phq-9`, {
      answers: phq9(0),
      administeredAt: new Date(server.clock.now().getTime() + 86_400_000).toISOString(),
    });
    expect(future.body.errors[0]).toMatchObject({ field: 'administeredAt', rule: 'not-in-future' });
    expect((await counselor.get(`/patients/${patient.id}/instruments`)).body.items).toEqual([]);
  });

  it('applies C-SSRS skip logic: method, intent and plan are not asked when there are no suicidal thoughts', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const none = await counselor.post(`/patients/${patient.id}/instruments/c-ssrs-screen`, { answers: { wish_dead: 0, suicidal_thoughts: 0, behavior: 0 } });
    expect(none.status, JSON.stringify(none.body)).toBe(201);
    expect(none.body).toMatchObject({ band: 'no risk identified', suicideRisk: null, alertId: null });
    const gap = await counselor.post(`/patients/${patient.id}/instruments/c-ssrs-screen`, { answers: { wish_dead: 1, suicidal_thoughts: 1, behavior: 0 } });
    expect(gap.status).toBe(422);
    expect(gap.body.errors[0]).toMatchObject({ field: 'answers.method', rule: 'required' });
  });

  it('AUDIT-C needs a sex for its cut-point when the chart records neither', async () => {
    const p = await registerPatient(nurse, org.facilityIds[0], { sexAtBirth: 'unknown' });
    const answers = { frequency: 2, typical_quantity: 1, heavy_episodes: 0 };
    const res = await counselor.post(`/patients/${p.id}/instruments/audit-c`, { answers });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'sex', rule: 'allowed-value' });
    const ok = await counselor.post(`/patients/${p.id}/instruments/audit-c`, { answers, sex: 'male' });
    expect(ok.body).toMatchObject({ total: 3, band: 'negative' });
  });
});

describe('safety at intake', () => {
  it('PHQ-9 item 9 above 0 raises a critical suicide-risk alert for the clinical roles, acknowledged only with the action taken', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const res = await counselor.post(`/patients/${patient.id}/instruments/phq-9`, { answers: phq9(1, 0) });
    expect(res.status).toBe(201);
    // Total 1 is "minimal", yet item 9 alone raises the alert.
    expect(res.body).toMatchObject({ total: 1, band: 'minimal', suicideRisk: 'high' });
    expect(res.body.alertId).toBeTruthy();
    for (const client of [counselor, prescriber, nurse]) {
      const mine = (await client.get('/alerts')).body.items.filter((a: { patientId: string }) => a.patientId === patient.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: 'suicide-risk', severity: 'critical' });
    }
    const bare = await counselor.post(`/alerts/${res.body.alertId}/acknowledge`, {});
    expect(bare.status).toBe(422);
    expect(bare.body.errors[0]).toMatchObject({ field: 'action', rule: 'suicide-risk.action-required' });
    const ack = await counselor.post(`/alerts/${res.body.alertId}/acknowledge`, { action: 'C-SSRS given, safety plan made, prescriber told' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ actionTaken: 'C-SSRS given, safety plan made, prescriber told' });
    expect(ack.body.acknowledgedAt).toBeTruthy();
    expect((await counselor.get('/alerts')).body.items.filter((a: { patientId: string }) => a.patientId === patient.id)).toEqual([]);
  });

  it('a C-SSRS high risk alerts; item 9 at 0 and no C-SSRS risk do not', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    await counselor.post(`/patients/${patient.id}/instruments/phq-9`, { answers: phq9(0, 3) });
    expect((await counselor.get('/alerts')).body.items.filter((a: { patientId: string }) => a.patientId === patient.id)).toEqual([]);
    const high = await counselor.post(`/patients/${patient.id}/instruments/c-ssrs-screen`, {
      answers: { wish_dead: 1, suicidal_thoughts: 1, method: 1, intent: 1, plan: 0, behavior: 0 },
    });
    expect(high.body).toMatchObject({ suicideRisk: 'high', band: 'high risk' });
    const alerts = (await nurse.get('/alerts')).body.items.filter((a: { patientId: string }) => a.patientId === patient.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].message).toContain('Intent to act');
  });
});

describe('intake assessment', () => {
  it('is saved as a draft, refuses a signature while unfinished naming the gap, then signs and never changes', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const created = await counselor.post(`/episodes/${episode.id}/assessments`, { sections: { medical: { summary: 'Asthma.' } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.status).toBe('draft');
    const id = created.body.id;
    const etag = created.headers.get('etag')!;
    const early = await counselor.post(`/assessments/${id}/sign`, { typedName: `counselor ${org.users.counselor.email.split('.')[1].split('@')[0]}` });
    expect(early.status).toBe(422);
    expect(early.body.errors[0]).toMatchObject({ field: 'sections.substanceUse', rule: 'assessment.section-required' });
    const noMatch = await counselor.patch(`/assessments/${id}`, { sections: completeSections() }, { 'if-match': '"99"' });
    expect(noMatch.status).toBe(412);
    const incompleteSubstance = { ...completeSections(), substanceUse: { substances: [{ substance: 'Heroin', route: 'injected' as const }] } };
    const saved = await counselor.patch(`/assessments/${id}`, { sections: incompleteSubstance }, { 'if-match': etag });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const me = (await counselor.get('/auth/me')).body.user.displayName as string;
    const gap = await counselor.post(`/assessments/${id}/sign`, { typedName: me });
    expect(gap.body.errors[0]).toMatchObject({ field: 'sections.substanceUse.substances.0.ageOfFirstUse', rule: 'assessment.substance-complete' });
    const full = await counselor.patch(`/assessments/${id}`, { sections: completeSections() }, { 'if-match': saved.headers.get('etag')! });
    expect(full.status).toBe(200);
    expect((await counselor.post(`/assessments/${id}/sign`, { typedName: 'Somebody Else' })).body.errors[0]).toMatchObject({
      field: 'typedName',
      rule: 'signature.own-name',
    });
    const signed = await counselor.post(`/assessments/${id}/sign`, { typedName: me });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body).toMatchObject({ status: 'signed', signedName: me });
    const after = await counselor.patch(`/assessments/${id}`, { sections: { legal: { summary: 'x' } } }, { 'if-match': signed.headers.get('etag')! });
    expect(after.status).toBe(409);
    expect(after.body.rule).toBe('assessment.signed');
    // The database refuses too.
    await expect(sql`update asm_assessments set sections = '{}' where id = ${id}`.execute(server.db)).rejects.toThrow(/signed/);
    const amended = await counselor.post(`/assessments/${id}/amendments`, {
      section: 'legal',
      changes: { summary: 'Probation until 2027.' },
      reason: 'Patient disclosed probation on day 2',
    });
    expect(amended.status, JSON.stringify(amended.body)).toBe(201);
    expect(amended.body.sections.legal.summary).toBe('No open cases.');
    expect(amended.body.amendments[0]).toMatchObject({ section: 'legal', reason: 'Patient disclosed probation on day 2', amendedByName: me });
    const read = await nurse.get(`/patients/${patient.id}/assessments`);
    expect(read.body.items[0].amendments).toHaveLength(1);
  });

  it('refuses dates out of order: first use older than the patient, last use in the future', async () => {
    const { episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const old = await counselor.post(`/episodes/${episode.id}/assessments`, {
      sections: { substanceUse: { substances: [{ substance: 'Heroin', ageOfFirstUse: 99 }] } },
    });
    expect(old.status).toBe(422);
    expect(old.body.errors[0]).toMatchObject({ field: 'sections.substanceUse.substances.0.ageOfFirstUse', rule: 'age-not-after-today' });
    const future = await counselor.post(`/episodes/${episode.id}/assessments`, {
      sections: { substanceUse: { substances: [{ substance: 'Heroin', lastUseAt: new Date(server.clock.now().getTime() + 86_400_000).toISOString() }] } },
    });
    expect(future.body.errors[0]).toMatchObject({ field: 'sections.substanceUse.substances.0.lastUseAt', rule: 'not-in-future' });
    const ok = await counselor.post(`/episodes/${episode.id}/assessments`, {});
    expect(ok.status).toBe(201);
    const twice = await counselor.post(`/episodes/${episode.id}/assessments`, {});
    expect(twice.status).toBe(409);
  });

  it('records the intake urine screen with the clinical interpretation and lists baseline labs ordered and resulted', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const screen = await nurse.post(`/episodes/${episode.id}/intake-screen`, {
      collectedAt: hoursAgo(1),
      results: [
        { analyte: 'fentanyl', result: 'positive' },
        { analyte: 'norfentanyl', result: 'positive' },
        { analyte: '6-mam', result: 'negative' },
      ],
    });
    expect(screen.status, JSON.stringify(screen.body)).toBe(201);
    expect(screen.body.interpretation.findings.map((f: { code: string }) => f.code)).toContain('fentanyl-exposure');
    expect(screen.body.interpretation.interpretations[0].status).toBe('presumptive-positive');
    const dup = await nurse.post(`/episodes/${episode.id}/intake-screen`, {
      collectedAt: hoursAgo(1),
      results: [
        { analyte: 'fentanyl', result: 'positive' },
        { analyte: 'fentanyl', result: 'negative' },
      ],
    });
    expect(dup.body.errors[0]).toMatchObject({ field: 'results.1.analyte', rule: 'unique-analyte' });
    const lab = await nurse.post(`/episodes/${episode.id}/baseline-labs`, { testName: 'Hepatitis C antibody' });
    expect(lab.status).toBe(201);
    expect(lab.body.status).toBe('ordered');
    const early = await nurse.post(`/baseline-labs/${lab.body.id}/result`, { resultedAt: hoursAgo(48), summary: 'Reactive' });
    expect(early.body.errors[0]).toMatchObject({ field: 'resultedAt', rule: 'after-ordered' });
    const resulted = await nurse.post(`/baseline-labs/${lab.body.id}/result`, { resultedAt: server.clock.now().toISOString(), summary: 'Non-reactive' });
    expect(resulted.body).toMatchObject({ status: 'resulted', summary: 'Non-reactive' });
    const workup = await counselor.get(`/patients/${patient.id}/intake-workup`);
    expect(workup.body.screens).toHaveLength(1);
    expect(workup.body.labs[0]).toMatchObject({ testName: 'Hepatitis C antibody', status: 'resulted' });
  });
});

describe('diagnoses and psychiatric medications', () => {
  it('a counselor records, a prescriber signs, a correction replaces the entry with who, when and why', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const dx = await counselor.post(`/patients/${patient.id}/diagnoses`, {
      icd10Code: 'f11.20',
      description: 'Opioid use disorder, severe',
      category: 'substance-use',
      onsetDate: '2019-05-01',
    });
    expect(dx.status, JSON.stringify(dx.body)).toBe(201);
    expect(dx.body.icd10Code).toBe('F11.20');
    expect((await counselor.post(`/diagnoses/${dx.body.id}/sign`)).status).toBe(403);
    const work = (await prescriber.get('/worklists/prescriber')).body;
    expect(work.diagnosesToSign.map((d: { id: string }) => d.id)).toContain(dx.body.id);
    const signed = await prescriber.post(`/diagnoses/${dx.body.id}/sign`);
    expect(signed.status).toBe(200);
    expect(signed.body.signedAt).toBeTruthy();
    expect((await prescriber.get('/worklists/prescriber')).body.diagnosesToSign.map((d: { id: string }) => d.id)).not.toContain(dx.body.id);
    await expect(sql`update asm_diagnoses set description = 'x' where id = ${dx.body.id}`.execute(server.db)).rejects.toThrow(/signed/);
    const fix = await prescriber.post(`/diagnoses/${dx.body.id}/amendments`, { status: 'in-remission', reason: 'Early remission on buprenorphine' });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    expect(fix.body).toMatchObject({
      supersedesId: dx.body.id,
      status: 'in-remission',
      amendmentReason: 'Early remission on buprenorphine',
      icd10Code: 'F11.20',
    });
    const list = (await nurse.get(`/patients/${patient.id}/diagnoses`)).body;
    expect(list.diagnoses.map((d: { id: string }) => d.id)).toEqual([fix.body.id]);
    const again = await prescriber.post(`/diagnoses/${dx.body.id}/amendments`, { status: 'resolved', resolvedDate: '2020-01-01', reason: 'x again' });
    expect(again.status).toBe(409);
  });

  it('refuses a bad ICD-10-CM code and dates out of order', async () => {
    const p = await registerPatient(nurse, org.facilityIds[0]);
    const bad = await counselor.post(`/patients/${p.id}/diagnoses`, { icd10Code: 'OUD', description: 'Opioid use disorder', category: 'substance-use' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('icd10Code');
    const order = await counselor.post(`/patients/${p.id}/diagnoses`, {
      icd10Code: 'F32.1',
      description: 'Major depressive disorder, moderate',
      category: 'mental-health',
      onsetDate: '2022-01-01',
      status: 'resolved',
      resolvedDate: '2021-01-01',
    });
    expect(order.status).toBe(422);
    expect(order.body.errors[0]).toMatchObject({ field: 'resolvedDate', rule: 'dates-in-order' });
    const med = await prescriber.post(`/patients/${p.id}/psych-medications`, {
      name: 'Sertraline',
      dose: '50 mg',
      frequency: 'daily',
      startedOn: '2024-02-01',
    });
    expect(med.status).toBe(201);
    const stopEarly = await prescriber.post(`/psych-medications/${med.body.id}/stop`, { stoppedOn: '2024-01-01', reason: 'Side effects' });
    expect(stopEarly.body.errors[0]).toMatchObject({ field: 'stoppedOn', rule: 'dates-in-order' });
    const stop = await prescriber.post(`/psych-medications/${med.body.id}/stop`, { stoppedOn: '2024-03-01', reason: 'Side effects' });
    expect(stop.body).toMatchObject({ stoppedOn: '2024-03-01', stopReason: 'Side effects' });
    expect((await nurse.get(`/patients/${p.id}/diagnoses`)).body.psychMedications).toHaveLength(1);
  });
});

describe('placement', () => {
  const ratings = { withdrawal: 1, biomedical: 1, emotional: 2, readiness: 1, relapse: 3, environment: 3 };

  it("gives Waypoint's suggestion; choosing another level needs a reason; the episode's level follows; a prescriber signs", async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management');
    const noReason = await counselor.post(`/episodes/${episode.id}/placements`, { ratings, chosenLevel: 'partial_hospitalization' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors[0]).toMatchObject({ field: 'overrideReason', rule: 'placement.override-reason' });
    const res = await counselor.post(`/episodes/${episode.id}/placements`, {
      ratings,
      notes: { environment: 'Lives with people who use' },
      chosenLevel: 'partial_hospitalization',
      overrideReason: 'Patient declines residential: children at home',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.suggestion.level).toBe('residential');
    expect(res.body).toMatchObject({ chosenLevel: 'partial_hospitalization', overridden: true, levelChanged: true, fromLevel: 'withdrawal_management' });
    const header = (await nurse.get(`/patients/${patient.id}/header`)).body;
    expect(header.episode.levelOfCare).toBe('partial_hospitalization');
    expect((await prescriber.get('/worklists/prescriber')).body.placementsToSign.map((p: { id: string }) => p.id)).toContain(res.body.id);
    expect((await counselor.post(`/placements/${res.body.id}/sign`)).status).toBe(403);
    expect((await prescriber.post(`/placements/${res.body.id}/sign`)).body.signedAt).toBeTruthy();
    const badRating = await counselor.post(`/episodes/${episode.id}/placements`, { ratings: { ...ratings, relapse: 5 }, chosenLevel: 'residential' });
    expect(badRating.status).toBe(400);
    expect(badRating.body.errors[0].field).toBe('ratings.relapse');
  });
});

describe('who sees what', () => {
  it('the front desk sees no assessment, instrument, diagnosis or placement; a nurse of another facility finds nothing', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    await counselor.post(`/patients/${patient.id}/instruments/phq-9`, { answers: phq9(0) });
    const desk = await org.signIn('admissions_coordinator', server.baseUrl);
    for (const path of [
      `/patients/${patient.id}/instruments`,
      `/patients/${patient.id}/assessments`,
      `/patients/${patient.id}/diagnoses`,
      `/patients/${patient.id}/placements`,
      `/patients/${patient.id}/intake-workup`,
    ]) {
      expect((await desk.get(path)).status, path).toBe(403);
    }
    expect((await desk.post(`/episodes/${episode.id}/assessments`, {})).status).toBe(403);
    const peer = await org.signIn('peer_recovery_specialist', server.baseUrl);
    expect((await peer.get(`/patients/${patient.id}/instruments`)).status).toBe(403);
    const other = await org.signIn('otherNurse', server.baseUrl);
    expect((await other.get(`/patients/${patient.id}/instruments`)).status).toBe(404);
    expect((await other.post(`/patients/${patient.id}/instruments/phq-9`, { answers: phq9(0) })).status).toBe(404);
    expect((await other.get(`/patients/${patient.id}/diagnoses`)).status).toBe(404);
    const counselorWork = await counselor.get('/worklists/counselor');
    expect(counselorWork.status).toBe(200);
    expect((await nurse.get('/worklists/counselor')).status).toBe(403);
    expect((await nurse.get('/worklists/prescriber')).status).toBe(403);
  });
});
