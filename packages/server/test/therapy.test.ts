import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';
import { sweepOverdueNotes } from '../src/modules/therapy/service';

let server: TestServer;
let org: TestOrganization;
let counselor: ApiClient;
let nurse: ApiClient;
let admin: ApiClient;
let prescriber: ApiClient;
let frontDesk: ApiClient;
let peer: ApiClient;
let otherNurse: ApiClient;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  [counselor, nurse, admin, prescriber, frontDesk, peer, otherNurse] = await Promise.all([
    org.signIn('counselor', server.baseUrl),
    org.signIn('nurse', server.baseUrl),
    org.signIn('administrator', server.baseUrl),
    org.signIn('prescriber', server.baseUrl),
    org.signIn('admissions_coordinator', server.baseUrl),
    org.signIn('peer_recovery_specialist', server.baseUrl),
    org.signIn('otherNurse', server.baseUrl),
  ]);
});
afterAll(() => server?.close());

const ago = (minutes: number) => new Date(server.clock.now().getTime() - minutes * 60_000).toISOString();
const dap = async () => (await counselor.get('/therapy/templates')).body.items.find((t: { name: string }) => t.name === 'DAP') as { id: string };

async function draftSession(patientId: string, minutes = 45, extra: Record<string, unknown> = {}) {
  const template = await dap();
  const res = await counselor.post(`/patients/${patientId}/therapy-sessions`, {
    modality: 'cbt',
    templateId: template.id,
    startsAt: ago(minutes + 10),
    endsAt: ago(10),
    location: 'Room 2',
    sections: { data: 'Discussed cravings at work.', assessment: 'Engaged; insight improving.', plan: 'Practise urge surfing.' },
    progress: [{ objective: 'Identify three triggers', progress: 'Named two.' }],
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; billing: { code: string | null }; status: string };
}

describe('individual session notes', () => {
  it('suggests the billing code from the duration, signs and locks, and refuses a second signature naming the field', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const s = await draftSession(patient.id, 45);
    expect(s.status).toBe('draft');
    expect(s.billing.code).toBe('90834');
    const signed = await counselor.post(`/therapy-sessions/${s.id}/sign`, {});
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'signed', billingStored: true, billing: { code: '90834' } });
    const twice = await counselor.post(`/therapy-sessions/${s.id}/sign`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.errors[0]).toMatchObject({ field: 'signedAt', rule: 'note.signed-once' });
    const edit = await counselor.patch(`/therapy-sessions/${s.id}`, { sections: { data: 'rewritten' } }, { 'if-match': `"${signed.body.version}"` });
    expect(edit.status).toBe(409);
    // The database itself refuses to change a signed note.
    await expect(sql`update thr_sessions set sections = '{}' where id = ${s.id}`.execute(server.db)).rejects.toThrow(/signed note never changes/);
    expect((await counselor.get(`/therapy-sessions/${s.id}`)).body.sections.data).toBe('Discussed cravings at work.');
  });

  it('corrects a signed note only by an addendum showing who, when and why', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const s = await draftSession(patient.id, 30);
    const unsignedAddendum = await counselor.post(`/therapy-sessions/${s.id}/addenda`, { body: 'x', reason: 'y' });
    expect(unsignedAddendum.status).toBe(422);
    expect(unsignedAddendum.body.errors[0]).toMatchObject({ field: 'signedAt', rule: 'note.unsigned' });
    await counselor.post(`/therapy-sessions/${s.id}/sign`, {});
    const add = await counselor.post(`/therapy-sessions/${s.id}/addenda`, {
      body: 'The trigger was at home, not at work.',
      reason: 'Patient corrected the history',
    });
    expect(add.status).toBe(201);
    expect(add.body.sections.data).toBe('Discussed cravings at work.');
    expect(add.body.addenda[0]).toMatchObject({
      body: 'The trigger was at home, not at work.',
      reason: 'Patient corrected the history',
      writtenByName: expect.stringContaining('counselor'),
    });
    expect(add.body.addenda[0].writtenAt).toBeTruthy();
  });

  it('refuses a session that ends before it starts, naming endsAt, and keeps the saved draft on a failed save', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const bad = await counselor.post(`/patients/${patient.id}/therapy-sessions`, { modality: 'cbt', startsAt: ago(10), endsAt: ago(60) });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'endsAt', rule: 'after-start' });
    const s = await draftSession(patient.id);
    const failed = await counselor.patch(`/therapy-sessions/${s.id}`, { sections: { data: 'new text' }, endsAt: ago(600) }, { 'if-match': `"${s.version}"` });
    expect(failed.status).toBe(422);
    expect(failed.body.errors[0].field).toBe('endsAt');
    expect((await counselor.get(`/therapy-sessions/${s.id}`)).body.sections.data).toBe('Discussed cravings at work.');
    const stale = await counselor.patch(`/therapy-sessions/${s.id}`, { sections: { data: 'v2' } }, { 'if-match': '"99"' });
    expect(stale.status).toBe(412);
    const ok = await counselor.patch(`/therapy-sessions/${s.id}`, { sections: { data: 'v2', assessment: 'a', plan: 'p' } }, { 'if-match': `"${s.version}"` });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(s.version + 1);
  });

  it('lets a nurse on the unit read a note but not sign it; the front desk cannot read it; another facility sees nothing', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const s = await draftSession(patient.id);
    expect((await nurse.get(`/therapy-sessions/${s.id}`)).status).toBe(200);
    expect((await nurse.post(`/therapy-sessions/${s.id}/sign`, {})).status).toBe(403);
    expect((await frontDesk.get(`/therapy-sessions/${s.id}`)).status).toBe(403);
    expect((await frontDesk.get(`/patients/${patient.id}/therapy-notes`)).status).toBe(403);
    expect((await otherNurse.get(`/therapy-sessions/${s.id}`)).status).toBe(404);
    // Another counselor's note: only the author signs.
    expect((await prescriber.post(`/therapy-sessions/${s.id}/sign`, {})).body.rule).toBe('note.author-signs');
  });

  it('family sessions name the family members present and bill 90846/90847', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const none = await counselor.post(`/patients/${patient.id}/therapy-sessions`, {
      kind: 'family_with_patient',
      modality: 'family',
      startsAt: ago(40),
      endsAt: ago(10),
    });
    expect(none.status).toBe(422);
    expect(none.body.errors[0]).toMatchObject({ field: 'familyMembers', rule: 'required-for-family' });
    const fam = await counselor.post(`/patients/${patient.id}/therapy-sessions`, {
      kind: 'family_with_patient',
      modality: 'family',
      startsAt: ago(40),
      endsAt: ago(10),
      familyMembers: [{ name: 'Ana Ruiz', relation: 'mother' }],
      sections: { notes: 'x' },
    });
    expect(fam.status).toBe(201);
    expect(fam.body.billing.code).toBe('90847');
    expect(fam.body.familyMembers).toEqual([{ name: 'Ana Ruiz', relation: 'mother' }]);
    const without = await counselor.post(`/patients/${patient.id}/therapy-sessions`, {
      kind: 'family_without_patient',
      modality: 'family',
      startsAt: ago(40),
      endsAt: ago(10),
      familyMembers: [{ name: 'Ana Ruiz', relation: 'mother' }],
    });
    expect(without.body.billing.code).toBe('90846');
  });
});

describe('co-signature', () => {
  it('holds an unlicensed counselor’s signed note for the named supervisor, who co-signs from the queue', async () => {
    const noSupervisor = await admin.request('PUT', `/therapy/clinicians/${org.users.counselor.id}`, { body: { licensed: false } });
    expect(noSupervisor.status).toBe(422);
    expect(noSupervisor.body.errors[0].field).toBe('supervisorId');
    expect((await counselor.request('PUT', `/therapy/clinicians/${org.users.counselor.id}`, { body: { licensed: true } })).status).toBe(403);
    const set = await admin.request('PUT', `/therapy/clinicians/${org.users.counselor.id}`, {
      body: { licensed: false, credential: 'Intern', supervisorId: org.users.prescriber.id },
    });
    expect(set.status).toBe(200);
    try {
      const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
      const s = await draftSession(patient.id, 60);
      const signed = await counselor.post(`/therapy-sessions/${s.id}/sign`, {});
      expect(signed.body).toMatchObject({ status: 'awaiting-cosign', needsCosign: true, billing: { code: '90837' } });
      const queue = (await prescriber.get('/therapy/my-day')).body.cosignQueue as { id: string }[];
      expect(queue.map((q) => q.id)).toContain(s.id);
      expect((await counselor.post(`/therapy-sessions/${s.id}/cosign`, {})).status).toBe(403);
      const done = await prescriber.post(`/therapy-sessions/${s.id}/cosign`, {});
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'cosigned', cosign: { byName: expect.stringContaining('prescriber') } });
      expect((await prescriber.post(`/therapy-sessions/${s.id}/cosign`, {})).body.errors[0]).toMatchObject({ field: 'cosignedAt', rule: 'note.cosigned-once' });
      expect(((await prescriber.get('/therapy/my-day')).body.cosignQueue as { id: string }[]).map((q) => q.id)).not.toContain(s.id);
    } finally {
      await admin.request('PUT', `/therapy/clinicians/${org.users.counselor.id}`, { body: { licensed: true } });
    }
  });
});

async function weeklyGroup(levels = ['residential'], typeName = 'Relapse prevention', client = counselor) {
  const types = (await client.get('/therapy/group-types')).body.items as { id: string; name: string }[];
  const type = types.find((t) => t.name === typeName)!;
  const first = new Date(server.clock.now().getTime() - 7 * 86_400_000);
  const firstDate = first.toISOString().slice(0, 10);
  const res = await client.post(`/facilities/${org.facilityIds[0]}/group-series`, {
    groupTypeId: type.id,
    levelsOfCare: levels,
    rrule: 'FREQ=DAILY',
    firstDate,
    startTime: '00:00',
    durationMinutes: 60,
    location: 'Group room',
  });
  return res;
}

async function pastSession(seriesId: string) {
  const from = new Date(server.clock.now().getTime() - 8 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(server.clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  const items = (await counselor.get(`/facilities/${org.facilityIds[0]}/group-sessions?from=${from}&to=${to}`)).body.items as {
    id: string;
    seriesId: string;
    startsAt: string;
    endsAt: string;
  }[];
  return items.filter((i) => i.seriesId === seriesId && Date.parse(i.endsAt) < server.clock.now().getTime() - 86_400_000)[0];
}

describe('groups', () => {
  it('schedules a recurring group from an RFC 5545 rule and refuses a bad rule naming rrule', async () => {
    const bad = await counselor.post(`/facilities/${org.facilityIds[0]}/group-series`, {
      groupTypeId: (await counselor.get('/therapy/group-types')).body.items[0].id,
      levelsOfCare: ['residential'],
      rrule: 'FREQ=SOMETIMES',
      firstDate: '2026-01-05',
      startTime: '10:00',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('rrule');
    const res = await weeklyGroup();
    expect(res.status).toBe(201);
    expect(res.body.sessionsCreated).toBeGreaterThan(7);
    // The front desk sees the schedule, never the note.
    const s = await pastSession(res.body.id);
    expect((await frontDesk.get(`/group-sessions/${s.id}`)).status).toBe(200);
    expect((await frontDesk.get(`/group-sessions/${s.id}/note`)).status).toBe(403);
    // Another facility's schedule and sessions read as absent.
    expect((await otherNurse.get(`/group-sessions/${s.id}`)).status).toBe(404);
    expect((await counselor.get(`/facilities/${org.facilityIds[1]}/group-sessions?from=2026-01-01&to=2026-01-07`)).status).toBe(404);
    const backwards = await counselor.get(`/facilities/${org.facilityIds[0]}/group-sessions?from=2026-01-07&to=2026-01-01`);
    expect(backwards.body.errors[0]).toMatchObject({ field: 'to', rule: 'after-from' });
  });

  it('one group note reaches every attendee: roster and scope checked, signed once, late attendee and amendment keep every version', async () => {
    const a = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const b = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const late = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const detox = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management');
    const elsewhere = await admittedPatient(otherNurse, org.facilityIds[1], 'outpatient');
    const series = (await weeklyGroup()).body;
    const s = await pastSession(series.id);
    const detail = (await counselor.get(`/group-sessions/${s.id}`)).body;
    expect(detail.roster.map((r: { patientId: string }) => r.patientId)).toEqual(expect.arrayContaining([a.patient.id, b.patient.id, late.patient.id]));
    const notOnRoster = await counselor.request('PUT', `/group-sessions/${s.id}/attendance`, {
      body: { entries: [{ patientId: detox.patient.id, status: 'present' }] },
    });
    expect(notOnRoster.status).toBe(422);
    expect(notOnRoster.body.errors[0]).toMatchObject({ field: 'entries[0].patientId', rule: 'group.roster' });
    const outOfScope = await counselor.request('PUT', `/group-sessions/${s.id}/attendance`, {
      body: { entries: [{ patientId: elsewhere.patient.id, status: 'present' }] },
    });
    expect(outOfScope.status).toBe(404);
    expect(outOfScope.body.errors[0]).toMatchObject({ field: 'entries[0].patientId', rule: 'patient.in-scope' });
    expect(
      (await nurse.request('PUT', `/group-sessions/${s.id}/attendance`, { body: { entries: [{ patientId: a.patient.id, status: 'present' }] } })).status,
    ).toBe(403);
    expect(
      (await peer.request('PUT', `/group-sessions/${s.id}/attendance`, { body: { entries: [{ patientId: a.patient.id, status: 'present' }] } })).body.rule,
    ).toBe('group.clinical-staff');
    const att = await counselor.request('PUT', `/group-sessions/${s.id}/attendance`, {
      body: {
        entries: [
          { patientId: a.patient.id, status: 'present' },
          { patientId: b.patient.id, status: 'left_early', minutes: 40 },
          { patientId: late.patient.id, status: 'absent' },
        ],
      },
    });
    expect(att.status).toBe(200);
    const draft = await counselor.request('PUT', `/group-sessions/${s.id}/note`, {
      body: {
        shared: { topic: 'High-risk situations', interventions: 'Role play refusal skills' },
        parts: { [a.patient.id]: { participation: 'Active', progress: 'Named a plan' } },
      },
    });
    expect(draft.status).toBe(200);
    const missing = await counselor.post(`/group-sessions/${s.id}/note/sign`, {});
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0]).toMatchObject({ field: `parts.${b.patient.id}.participation`, rule: 'required' });
    const saved = await counselor.request('PUT', `/group-sessions/${s.id}/note`, {
      body: {
        shared: { topic: 'High-risk situations', interventions: 'Role play refusal skills' },
        parts: { [a.patient.id]: { participation: 'Active', progress: 'Named a plan' }, [b.patient.id]: { participation: 'Quiet, left early', progress: '' } },
      },
      headers: { 'if-match': `"${draft.body.draftVersion}"` },
    });
    expect(saved.status).toBe(200);
    expect((await nurse.post(`/group-sessions/${s.id}/note/sign`, {})).status).toBe(403);
    const signed = await counselor.post(`/group-sessions/${s.id}/note/sign`, {});
    expect(signed.status).toBe(200);
    expect(signed.body.current.attendees.map((x: { patientId: string }) => x.patientId).sort()).toEqual([a.patient.id, b.patient.id].sort());
    expect((await counselor.post(`/group-sessions/${s.id}/note/sign`, {})).body.errors[0]).toMatchObject({ field: 'signedAt', rule: 'group-note.signed-once' });

    const chartA = (await nurse.get(`/patients/${a.patient.id}/therapy-notes`)).body.groupNotes;
    expect(chartA[0]).toMatchObject({ shared: { topic: 'High-risk situations' }, part: { participation: 'Active' } });
    const chartB = (await nurse.get(`/patients/${b.patient.id}/therapy-notes`)).body.groupNotes;
    expect(chartB[0].part.participation).toBe('Quiet, left early');

    const added = await counselor.post(`/group-sessions/${s.id}/note/attendees`, {
      patientId: late.patient.id,
      participation: 'Arrived 20 minutes late; engaged',
      reason: 'Attendance corrected: arrived late',
    });
    expect(added.status).toBe(201);
    expect(added.body.versions.map((v: { versionNo: number; change: string }) => v.change)).toEqual(['signed', 'attendee-added']);
    expect(added.body.versions[0].signedByName).toContain('counselor');
    const chartLate = (await nurse.get(`/patients/${late.patient.id}/therapy-notes`)).body.groupNotes[0];
    expect(chartLate.part.participation).toBe('Arrived 20 minutes late; engaged');
    expect(chartLate.history.map((h: { change: string; affectsPatient: boolean }) => [h.change, h.affectsPatient])).toEqual([
      ['signed', false],
      ['attendee-added', true],
    ]);

    const amended = await counselor.post(`/group-sessions/${s.id}/note/amend`, {
      shared: { interventions: 'Role play refusal skills; relapse warning signs worksheet' },
      reason: 'Worksheet omitted',
    });
    expect(amended.status).toBe(200);
    expect(amended.body.versions).toHaveLength(3);
    expect(amended.body.versions[0].shared.interventions).toBe('Role play refusal skills');
    for (const p of [a, b, late]) {
      const g = (await nurse.get(`/patients/${p.patient.id}/therapy-notes`)).body.groupNotes[0];
      expect(g.shared.interventions).toContain('worksheet');
      expect(g.history.at(-1)).toMatchObject({ change: 'shared-amended', reason: 'Worksheet omitted', affectsPatient: true });
    }
    const timeline = (await nurse.get(`/patients/${a.patient.id}/timeline`)).body.items as { kind: string }[];
    expect(timeline.map((t) => t.kind)).toEqual(expect.arrayContaining(['therapy.group-note', 'therapy.group-note-amended']));

    const removed = await counselor.post(`/group-sessions/${s.id}/note/attendees/${b.patient.id}/remove`, {
      reason: 'Charted in error: was at a medical appointment',
    });
    expect(removed.status).toBe(200);
    const chartB2 = (await nurse.get(`/patients/${b.patient.id}/therapy-notes`)).body.groupNotes[0];
    expect(chartB2.part.status).toBe('removed');
    expect(chartB2.history.map((h: { change: string }) => h.change)).toEqual(['signed', 'attendee-added', 'shared-amended', 'attendee-removed']);
    // The versions are append-only in the database.
    await expect(sql`delete from thr_group_note_versions where group_note_id = ${signed.body.noteId}`.execute(server.db)).rejects.toThrow(/append-only/);
  });

  it('lets a peer specialist run a peer-led NA meeting', async () => {
    const p = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const series = await weeklyGroup(['residential'], 'On-site NA meeting', peer);
    expect(series.status).toBe(201);
    const s = await pastSession(series.body.id);
    expect(
      (await peer.request('PUT', `/group-sessions/${s.id}/attendance`, { body: { entries: [{ patientId: p.patient.id, status: 'present' }] } })).status,
    ).toBe(200);
    await peer.request('PUT', `/group-sessions/${s.id}/note`, {
      body: { shared: { topic: 'Step 1' }, parts: { [p.patient.id]: { participation: 'Shared' } } },
    });
    expect((await peer.post(`/group-sessions/${s.id}/note/sign`, {})).status).toBe(200);
    const clinical = (await peer.get('/therapy/group-types')).body.items.find((t: { name: string }) => t.name === 'DBT skills');
    const refused = await peer.post(`/facilities/${org.facilityIds[0]}/group-series`, {
      groupTypeId: clinical.id,
      levelsOfCare: ['residential'],
      rrule: 'FREQ=WEEKLY',
      firstDate: '2026-01-05',
      startTime: '10:00',
    });
    expect(refused.status).toBe(403);
  });
});

describe('hours by level of care and the counselor’s day', () => {
  it('counts signed sessions and attended groups per week against the level’s minimum', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential', { admittedAt: ago(3 * 24 * 60) });
    const s = await draftSession(patient.id, 60);
    await counselor.post(`/therapy-sessions/${s.id}/sign`, {});
    const hours = await counselor.get(`/patients/${patient.id}/therapy-hours`);
    expect(hours.status).toBe(200);
    expect(hours.body.episodeId).toBe(episode.id);
    const week = hours.body.weeks.at(-1);
    expect(week).toMatchObject({ levelOfCare: 'residential', minimum: 5, flag: 'below-minimum' });
    expect(week.individualHours).toBe(1);
    expect((await frontDesk.get(`/patients/${patient.id}/therapy-hours`)).status).toBe(403);
    const settings = await admin.get('/therapy/settings');
    const changed = await admin.request('PUT', '/therapy/settings', {
      body: { noteDeadlineHours: 48, familyMinimumMinutes: 26, expectedHours: { residential: { minimum: 1, below: null } } },
      headers: { 'if-match': settings.headers.get('etag')! },
    });
    expect(changed.status).toBe(200);
    const after = (await counselor.get(`/patients/${patient.id}/therapy-hours`)).body.weeks.at(-1);
    expect(after).toMatchObject({ minimum: 1, flag: null });
  });

  it('shows my caseload, today’s sessions and the notes still to sign with their deadline', async () => {
    const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    await nurse.post(`/episodes/${episode.id}/care-team`, { userId: org.users.counselor.id, teamRole: 'primary_counselor' });
    const s = await draftSession(patient.id, 30);
    const day = await counselor.get('/therapy/my-day');
    expect(day.status).toBe(200);
    expect(day.body.caseload.map((c: { patientId: string }) => c.patientId)).toContain(patient.id);
    const todo = day.body.notesToWrite.find((n: { id: string }) => n.id === s.id);
    expect(todo).toMatchObject({ kind: 'session', overdue: false });
    expect(Date.parse(todo.dueAt) - Date.parse(todo.endedAt)).toBe(day.body.noteDeadlineHours * 3_600_000);
    expect((await frontDesk.get('/therapy/my-day')).status).toBe(403);
  });
});

describe('notes past the deadline', () => {
  it('raise one alert on the chart until the note is signed', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    // Past any deadline a test may have set (another test sets 48 hours).
    const s = await draftSession(patient.id, 45, { startsAt: ago(73 * 60), endsAt: ago(72 * 60) });
    const alerts = async () =>
      ((await nurse.get(`/patients/${patient.id}/header`)).body.alerts as { kind: string }[]).filter((a) => a.kind === 'therapy-note-overdue');
    expect(await alerts()).toHaveLength(0);
    await sweepOverdueNotes(server.db, server.clock.now());
    await sweepOverdueNotes(server.db, server.clock.now());
    expect(await alerts()).toHaveLength(1);
    await counselor.post(`/therapy-sessions/${s.id}/sign`, {});
    expect(await alerts()).toHaveLength(0);
  });
});

describe('the structured day', () => {
  it('builds a patient’s day from the program-day template, records activity attendance, outings and exports iCalendar', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const tpl = await frontDesk.get(`/facilities/${org.facilityIds[0]}/program-day/residential`);
    expect(tpl.status).toBe(200);
    expect(tpl.body.items.map((i: { kind: string }) => i.kind)).toEqual(expect.arrayContaining(['wake_up', 'meal', 'exercise', 'meditation']));
    const bad = await admin.request('PUT', `/facilities/${org.facilityIds[0]}/program-day/residential`, {
      body: { items: [{ key: 'yoga', start: '10:00', end: '09:00', kind: 'yoga', title: 'Yoga' }] },
      headers: { 'if-match': tpl.headers.get('etag')! },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ field: 'items[0].end', rule: 'after-start' });
    expect(
      (await counselor.request('PUT', `/facilities/${org.facilityIds[0]}/program-day/residential`, { body: { items: [] }, headers: { 'if-match': '"0"' } }))
        .status,
    ).toBe(403);
    const today = new Date(server.clock.now().getTime()).toISOString().slice(0, 10);
    const yesterday = new Date(server.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    const sched = await frontDesk.get(`/patients/${patient.id}/schedule?from=${yesterday}&to=${today}`);
    expect(sched.status).toBe(200);
    expect(sched.body.entries.some((e: { kind: string }) => e.kind === 'meal')).toBe(true);
    const wake = await counselor.request('PUT', `/patients/${patient.id}/activity-attendance`, {
      body: { day: yesterday, itemKey: 'exercise', status: 'present' },
    });
    expect(wake.status).toBe(200);
    const unknown = await counselor.request('PUT', `/patients/${patient.id}/activity-attendance`, {
      body: { day: yesterday, itemKey: 'skydiving', status: 'present' },
    });
    expect(unknown.body.errors[0]).toMatchObject({ field: 'itemKey' });
    const census = (await frontDesk.get(`/facilities/${org.facilityIds[0]}/therapy-roster`)).body.items as { patientId: string }[];
    expect(census.map((c) => c.patientId)).toContain(patient.id);
    expect((await otherNurse.get(`/facilities/${org.facilityIds[0]}/therapy-roster`)).status).toBe(404);
    const outing = await counselor.post(`/facilities/${org.facilityIds[0]}/outings`, {
      title: 'Park walk',
      destination: 'Riverside park',
      startsAt: ago(120),
      endsAt: ago(30),
      patientIds: [patient.id],
    });
    expect(outing.status).toBe(201);
    expect((await counselor.post(`/outings/${outing.body.id}/participants/${patient.id}/sign-in`, {})).body.errors[0].rule).toBe('outing.signed-out-first');
    const out = await nurse.post(`/outings/${outing.body.id}/participants/${patient.id}/sign-out`, { at: ago(115) });
    expect(out.body.participants[0].signedOutAt).toBeTruthy();
    const back = await nurse.post(`/outings/${outing.body.id}/participants/${patient.id}/sign-in`, {});
    expect(back.body.participants[0].signedInAt).toBeTruthy();
    const ics = await frontDesk.get(`/patients/${patient.id}/calendar.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VCALENDAR');
    expect(ics.body).toContain('BEGIN:VEVENT');
    // Sent as calendar text, not as a JSON string.
    expect(Number(ics.headers.get('content-length') ?? Buffer.byteLength(ics.body))).toBe(Buffer.byteLength(ics.body));
    expect(ics.body.startsWith('BEGIN:VCALENDAR')).toBe(true);
    const mine = await counselor.get('/therapy/my-calendar.ics');
    expect(mine.headers.get('content-type')).toContain('text/calendar');
    expect((await otherNurse.get(`/patients/${patient.id}/calendar.ics`)).status).toBe(404);
  });
});

const inDays = (n: number) => new Date(server.clock.now().getTime() + n * 86_400_000).toISOString().slice(0, 10);

/** An admitted residential patient with a treatment plan signed by patient and counselor (objective ids given). */
async function patientWithSignedPlan(objectives: { id: string; text: string }[]) {
  const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
  const detail = (await nurse.get(`/patients/${patient.id}`)).body;
  const counselorName = (await counselor.get('/auth/me')).body.user.displayName;
  const created = await counselor.post(`/episodes/${episode.id}/plan`, {
    content: {
      problems: [{ id: 'p1', statement: 'Opioid use disorder, severe (F11.20)', source: 'diagnosis', diagnosisCode: 'F11.20' }],
      goals: [{ id: 'g1', problemId: 'p1', patientWords: 'I want to get my kids back' }],
      objectives: objectives.map((o) => ({ ...o, goalId: 'g1', measure: 'Counselor observation', targetDate: inDays(30) })),
      interventions: objectives.map((o, i) => ({
        id: `i${i + 1}`,
        objectiveId: o.id,
        text: 'Weekly individual CBT',
        modality: 'individual',
        frequency: 'weekly',
        responsibleName: 'Counselor',
      })),
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const planId = created.body.id;
  for (const [signer, typedName] of [
    ['patient', `${detail.legalGivenName} ${detail.legalFamilyName}`],
    ['clinician', counselorName],
  ]) {
    const res = await counselor.post(`/plans/${planId}/versions/1/signatures`, { signer, typedName });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return patient;
}

/** A group session that ended yesterday, with these patients marked present. */
async function attendedGroup(patientIds: string[]) {
  const series = (await weeklyGroup()).body;
  const s = await pastSession(series.id);
  const att = await counselor.request('PUT', `/group-sessions/${s.id}/attendance`, {
    body: { entries: patientIds.map((patientId) => ({ patientId, status: 'present' })) },
  });
  expect(att.status).toBe(200);
  return s;
}

describe('progress against the treatment plan’s objectives', () => {
  it('offers the signed plan’s objectives, stores the id and plan version, shows the text on the chart, and refuses an id not in that plan', async () => {
    const patient = await patientWithSignedPlan([
      { id: 'o1', text: 'Names three triggers and a coping skill for each' },
      { id: 'o2', text: 'Attends every group this week' },
    ]);
    const other = await patientWithSignedPlan([{ id: 'o7', text: 'Calls a sponsor daily' }]);
    const offered = await counselor.get(`/patients/${patient.id}/therapy-objectives`);
    expect(offered.status).toBe(200);
    expect(offered.body).toMatchObject({ planVersion: 1, objectives: [{ id: 'o1', targetDate: inDays(30) }, { id: 'o2' }] });
    expect((await frontDesk.get(`/patients/${patient.id}/therapy-objectives`)).status).toBe(403);
    expect((await otherNurse.get(`/patients/${patient.id}/therapy-objectives`)).status).toBe(404);

    const template = await dap();
    const base = { modality: 'cbt', templateId: template.id, startsAt: ago(55), endsAt: ago(10) };
    const foreign = await counselor.post(`/patients/${patient.id}/therapy-sessions`, { ...base, progress: [{ objectiveId: 'o7', progress: 'x' }] });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0]).toMatchObject({ field: 'progress.0.objectiveId', rule: 'plan-objective' });
    const freeText = await counselor.post(`/patients/${patient.id}/therapy-sessions`, { ...base, progress: [{ objective: 'Something else', progress: 'x' }] });
    expect(freeText.status).toBe(422);
    expect(freeText.body.errors[0]).toMatchObject({ field: 'progress.0.objectiveId', rule: 'plan-objective' });
    const s = await counselor.post(`/patients/${patient.id}/therapy-sessions`, {
      ...base,
      progress: [{ objectiveId: 'o1', progress: 'Named two triggers; practised urge surfing' }],
    });
    expect(s.status).toBe(201);
    expect(s.body.progress[0]).toMatchObject({
      objectiveId: 'o1',
      planObjective: { id: 'o1', text: 'Names three triggers and a coping skill for each', planVersion: 1 },
    });
    const chart = (await nurse.get(`/patients/${patient.id}/therapy-notes`)).body.sessions[0];
    expect(chart.progress[0].planObjective.text).toBe('Names three triggers and a coping skill for each');
    const wrongEdit = await counselor.patch(
      `/therapy-sessions/${s.body.id}`,
      { progress: [{ objectiveId: 'o9', progress: 'x' }] },
      { 'if-match': `"${s.body.version}"` },
    );
    expect(wrongEdit.body.errors[0]).toMatchObject({ field: 'progress.0.objectiveId', rule: 'plan-objective' });

    // Group note: each attendee's part names an objective of their own plan.
    const g = await attendedGroup([patient.id, other.id]);
    const offeredInGroup = (await counselor.get(`/group-sessions/${g.id}/objectives`)).body.items as { patientId: string; planVersion: number | null }[];
    expect(offeredInGroup.find((i) => i.patientId === other.id)).toMatchObject({ planVersion: 1 });
    const crossed = await counselor.request('PUT', `/group-sessions/${g.id}/note`, {
      body: { shared: { topic: 'Triggers' }, parts: { [patient.id]: { participation: 'Engaged', objectiveId: 'o7' } } },
    });
    expect(crossed.status).toBe(422);
    expect(crossed.body.errors[0]).toMatchObject({ field: `parts.${patient.id}.objectiveId`, rule: 'plan-objective' });
    // Someone outside the group is refused as such before any plan is read: the answer never says
    // whether that person has a treatment plan.
    const elsewhere = (await admittedPatient(await org.signIn('otherNurse', server.baseUrl), org.facilityIds[1], 'outpatient')).patient;
    for (const outsider of [elsewhere.id, '0190a0b0-0000-7000-8000-00000000dead']) {
      const refused = await counselor.request('PUT', `/group-sessions/${g.id}/note`, {
        body: { shared: { topic: 'Triggers' }, parts: { [outsider]: { participation: 'x', objectiveId: 'o1' } } },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0]).toMatchObject({ field: `parts.${outsider}`, rule: 'group.roster' });
    }
    const saved = await counselor.request('PUT', `/group-sessions/${g.id}/note`, {
      body: {
        shared: { topic: 'Triggers' },
        parts: {
          [patient.id]: { participation: 'Engaged', progress: 'Named a third trigger', objectiveId: 'o1' },
          [other.id]: { participation: 'Listened', objectiveId: 'o7' },
        },
      },
    });
    expect(saved.status).toBe(200);
    expect((await counselor.post(`/group-sessions/${g.id}/note/sign`, {})).status).toBe(200);
    const groupChart = (await nurse.get(`/patients/${patient.id}/therapy-notes`)).body.groupNotes[0];
    expect(groupChart.part.planObjective).toMatchObject({ id: 'o1', text: 'Names three triggers and a coping skill for each', planVersion: 1 });
  });

  it('keeps free text, labelled as such, only while the patient has no signed plan', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    expect((await counselor.get(`/patients/${patient.id}/therapy-objectives`)).body).toMatchObject({ planVersion: null, objectives: [] });
    const s = await draftSession(patient.id);
    expect(s).toMatchObject({ progress: [{ objectiveId: null, planObjective: null, objective: 'Identify three triggers' }] });
    const noPlan = await counselor.patch(`/therapy-sessions/${s.id}`, { progress: [{ objectiveId: 'o1', progress: 'x' }] }, { 'if-match': `"${s.version}"` });
    expect(noPlan.status).toBe(422);
    expect(noPlan.body.errors[0]).toMatchObject({ field: 'progress.0.objectiveId', rule: 'plan-objective' });
  });
});

describe('co-signature of group notes', () => {
  it('holds an intern’s group note for the supervisor: status, the supervisor’s queue, every chart, then who co-signed and when', async () => {
    await admin.request('PUT', `/therapy/clinicians/${org.users.counselor.id}`, {
      body: { licensed: false, credential: 'Intern', supervisorId: org.users.prescriber.id },
    });
    try {
      const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
      const g = await attendedGroup([patient.id]);
      await counselor.request('PUT', `/group-sessions/${g.id}/note`, {
        body: { shared: { topic: 'Refusal skills' }, parts: { [patient.id]: { participation: 'Role-played a refusal', objectiveRef: 'Practise refusal' } } },
      });
      const signed = await counselor.post(`/group-sessions/${g.id}/note/sign`, {});
      expect(signed.body).toMatchObject({ status: 'awaiting-cosign', needsCosign: true, cosign: null, canCosign: false });
      expect(signed.body.current.attendees[0]).toMatchObject({ objectiveRef: 'Practise refusal', planObjective: null });
      const chart = async () =>
        ((await nurse.get(`/patients/${patient.id}/therapy-notes`)).body.groupNotes as { groupSessionId: string }[]).find((n) => n.groupSessionId === g.id);
      expect(await chart()).toMatchObject({ cosignStatus: 'awaiting-cosign', cosign: null });
      const queue = async () => (await prescriber.get('/therapy/my-day')).body.cosignQueue as { kind: string; id: string }[];
      expect(await queue()).toContainEqual(expect.objectContaining({ kind: 'group', id: g.id }));
      const listed = async () =>
        (
          (await counselor.get(`/facilities/${org.facilityIds[0]}/group-sessions?from=${g.startsAt.slice(0, 10)}&to=${g.startsAt.slice(0, 10)}`)).body
            .items as {
            id: string;
            noteStatus: string;
          }[]
        ).find((x) => x.id === g.id);
      expect((await listed())?.noteStatus).toBe('awaiting-cosign');
      expect((await prescriber.get(`/group-sessions/${g.id}/note`)).body.canCosign).toBe(true);
      expect((await counselor.post(`/group-sessions/${g.id}/note/cosign`, {})).body.rule).toBe('note.cosigner-not-author');
      expect((await nurse.post(`/group-sessions/${g.id}/note/cosign`, {})).status).toBe(403);
      expect((await otherNurse.post(`/group-sessions/${g.id}/note/cosign`, {})).status).toBe(403);
      const done = await prescriber.post(`/group-sessions/${g.id}/note/cosign`, {});
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'cosigned', cosign: { byName: expect.stringContaining('prescriber') } });
      expect(Math.abs(Date.parse(done.body.cosign.at) - server.clock.now().getTime())).toBeLessThan(60_000);
      expect((await prescriber.post(`/group-sessions/${g.id}/note/cosign`, {})).body.errors[0]).toMatchObject({
        field: 'cosignedAt',
        rule: 'note.cosigned-once',
      });
      expect(await chart()).toMatchObject({ cosignStatus: 'cosigned', cosign: { byName: expect.stringContaining('prescriber') } });
      expect((await queue()).map((q) => q.id)).not.toContain(g.id);
      expect((await listed())?.noteStatus).toBe('signed');
      const timeline = (await nurse.get(`/patients/${patient.id}/timeline`)).body.items as { kind: string }[];
      expect(timeline.map((t) => t.kind)).toContain('therapy.group-note-cosigned');
    } finally {
      await admin.request('PUT', `/therapy/clinicians/${org.users.counselor.id}`, { body: { licensed: true } });
    }
  });

  it('needs no co-signature when a licensed counselor signs', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const g = await attendedGroup([patient.id]);
    await counselor.request('PUT', `/group-sessions/${g.id}/note`, { body: { shared: { topic: 'x' }, parts: { [patient.id]: { participation: 'y' } } } });
    expect((await counselor.post(`/group-sessions/${g.id}/note/sign`, {})).body).toMatchObject({ status: 'signed', needsCosign: false });
    expect((await prescriber.post(`/group-sessions/${g.id}/note/cosign`, {})).body.rule).toBe('note.no-cosign-needed');
  });
});

describe('program catalogues', () => {
  it('versions a note template: sections renamed, added and reordered, never dropped; a signed note keeps the version it was signed with', async () => {
    const made = await admin.post('/therapy/templates', {
      name: 'Recovery check-in',
      sections: [
        { key: 'status', label: 'Status' },
        { key: 'plan', label: 'Plan' },
      ],
    });
    expect(made.status).toBe(201);
    expect(made.body.history).toHaveLength(1);
    expect((await counselor.post('/therapy/templates', { name: 'Mine', sections: [{ key: 'a', label: 'A' }] })).status).toBe(403);
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'residential');
    const s = await counselor.post(`/patients/${patient.id}/therapy-sessions`, {
      modality: 'supportive',
      templateId: made.body.id,
      startsAt: ago(40),
      endsAt: ago(10),
      sections: { status: 'Stable', plan: 'Continue' },
    });
    expect((await counselor.post(`/therapy-sessions/${s.body.id}/sign`, {})).status).toBe(200);

    const dropped = await admin.patch(`/therapy/templates/${made.body.id}`, { sections: [{ key: 'status', label: 'Status' }] }, { 'if-match': '"1"' });
    expect(dropped.status).toBe(422);
    expect(dropped.body.errors[0]).toMatchObject({ field: 'sections', rule: 'keeps-sections' });
    const edited = await admin.patch(
      `/therapy/templates/${made.body.id}`,
      {
        sections: [
          { key: 'plan', label: 'Next steps' },
          { key: 'status', label: 'How the week went' },
          { key: 'risk', label: 'Risk' },
        ],
      },
      { 'if-match': '"1"' },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, sections: [{ label: 'Next steps' }, { label: 'How the week went' }, { label: 'Risk' }] });
    expect(edited.body.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    expect((await admin.patch(`/therapy/templates/${made.body.id}`, { name: 'x' }, { 'if-match': '"1"' })).status).toBe(412);
    expect((await admin.patch(`/therapy/templates/${made.body.id}`, { name: 'DAP' }, { 'if-match': '"2"' })).body.errors[0]).toMatchObject({
      field: 'name',
      rule: 'unique',
    });
    const signedNote = (await counselor.get(`/therapy-sessions/${s.body.id}`)).body;
    expect(signedNote.template).toMatchObject({
      version: 1,
      sections: [
        { key: 'status', label: 'Status' },
        { key: 'plan', label: 'Plan' },
      ],
    });
    const retired = await admin.patch(`/therapy/templates/${made.body.id}`, { active: false }, { 'if-match': '"2"' });
    expect(retired.body.active).toBe(false);
    const refused = await counselor.post(`/patients/${patient.id}/therapy-sessions`, {
      modality: 'cbt',
      templateId: made.body.id,
      startsAt: ago(40),
      endsAt: ago(10),
    });
    expect(refused.body.errors[0]).toMatchObject({ field: 'templateId', rule: 'active-template' });
  });

  it('edits a group of the catalogue (If-Match), refusing a clashing name and other roles', async () => {
    const added = await admin.post('/therapy/group-types', { name: 'Mindfulness', category: 'other', defaultMinutes: 45 });
    expect(added.status).toBe(201);
    const edited = await admin.patch(`/therapy/group-types/${added.body.id}`, { name: 'Mindfulness skills', defaultMinutes: 60 }, { 'if-match': '"1"' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Mindfulness skills', defaultMinutes: 60, version: 2 });
    expect((await admin.patch(`/therapy/group-types/${added.body.id}`, { active: false }, { 'if-match': '"1"' })).status).toBe(412);
    expect((await admin.patch(`/therapy/group-types/${added.body.id}`, { name: 'DBT skills' }, { 'if-match': '"2"' })).body.errors[0]).toMatchObject({
      field: 'name',
      rule: 'unique',
    });
    expect((await counselor.patch(`/therapy/group-types/${added.body.id}`, { active: false }, { 'if-match': '"2"' })).status).toBe(403);
  });
});
