import { z } from 'zod';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { optionalIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { isUuid, requirePatient } from '../../platform/permissions/access';
import { HttpProblem, problems } from '../../platform/problems';
import { addEvent, addEvents } from '../../platform/timeline';
import { currentPlanObjectives, planObjectivesAt } from '../planning/service';
import { attendedStatuses, clinicianProfile, invalid, newId, reaches, requireReach, tags } from './common';
import { groupResource, patientForGroup, requireGroupSession, type GroupSessionRow } from './groups';
import { displayName, rosterOf } from './roster';
import { groupDraftSchema, groupNoteSchema, groupObjectivesSchema, noteEntrySchema } from './schemas';

/**
 * The group note: one shared part written once, a part per attendee reaching each chart, signed
 * versions (late attendee, removal, amendment), co-signature of an intern's note, and each part's
 * progress linked to the attendee's treatment-plan objective.
 */
const part = z
  .object({
    participation: z.string().max(5000).default(''),
    progress: z.string().max(5000).default(''),
    objectiveId: z.string().trim().min(1).max(40).nullable().default(null),
    objectiveRef: z.string().trim().max(100).nullable().default(null),
  })
  .strict();
const sharedIn = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.string().max(20_000));

/** What a group note's shared part holds (one note for everyone, written once). */
export const groupSharedSections = [
  { key: 'topic', label: 'Topic and goals' },
  { key: 'interventions', label: 'Interventions and content' },
  { key: 'observations', label: 'Group process' },
];

const noteOut = groupNoteSchema;
type Draft = z.infer<typeof groupDraftSchema>;
type ObjectivesAt = Awaited<ReturnType<typeof planObjectivesAt>>;

async function loadNote(tx: Tx, organizationId: string, groupSessionId: string) {
  return tx
    .selectFrom('thr_group_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_id')
    .leftJoin('thr_cosignatures as c', (j) =>
      j.onRef('c.organization_id', '=', 'n.organization_id').onRef('c.note_id', '=', 'n.id').on('c.note_kind', '=', 'group'),
    )
    .leftJoin('users as cu', (j) => j.onRef('cu.organization_id', '=', 'c.organization_id').onRef('cu.id', '=', 'c.cosigned_by'))
    .selectAll('n')
    .select(['u.display_name as author_name', 'c.cosigned_at', 'cu.display_name as cosigned_by_name'])
    .where('n.organization_id', '=', organizationId)
    .where('n.group_session_id', '=', groupSessionId)
    .executeTakeFirst();
}

async function noteVersions(tx: Tx, organizationId: string, noteIds: string[]) {
  if (noteIds.length === 0) return { versions: [], entries: [] };
  const versions = await tx
    .selectFrom('thr_group_note_versions as v')
    .innerJoin('users as u', (j) => j.onRef('u.organization_id', '=', 'v.organization_id').onRef('u.id', '=', 'v.signed_by'))
    .selectAll('v')
    .select('u.display_name as signed_by_name')
    .where('v.organization_id', '=', organizationId)
    .where('v.group_note_id', 'in', noteIds)
    .orderBy('v.group_note_id')
    .orderBy('v.version_no')
    .execute();
  const entries = await tx
    .selectFrom('thr_group_note_entries as e')
    .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'e.organization_id').onRef('p.id', '=', 'e.patient_id'))
    .selectAll('e')
    .select(['p.legal_given_name', 'p.legal_family_name', 'p.preferred_name'])
    .where('e.organization_id', '=', organizationId)
    .where('e.group_note_id', 'in', noteIds)
    .orderBy('e.version_no')
    .execute();
  return { versions, entries };
}

type Entry = z.infer<typeof noteEntrySchema>;

/** The plan objective an entry names, with its text as it stood in that signed plan version. */
export function linkedObjective(objectiveId: string | null, planVersionId: string | null, at: ObjectivesAt) {
  const version = planVersionId ? at.get(planVersionId) : undefined;
  const o = version?.objectives.find((x) => x.id === objectiveId);
  return o && version ? { id: o.id, text: o.text, targetDate: o.targetDate, planVersion: version.versionNumber } : null;
}

function presentEntry(
  e: {
    patient_id: string;
    status: 'included' | 'removed';
    participation: string | null;
    progress: string | null;
    objective_ref: string | null;
    objective_id: string | null;
    plan_version_id: string | null;
    legal_given_name: string;
    legal_family_name: string;
    preferred_name: string | null;
  },
  at: ObjectivesAt,
): Entry {
  return {
    patientId: e.patient_id,
    name: displayName(e),
    status: e.status,
    participation: e.participation,
    progress: e.progress,
    objectiveRef: e.objective_ref,
    planObjective: linkedObjective(e.objective_id, e.plan_version_id, at),
  };
}

/** The note as it stands: each version, and each attendee's latest entry (a removal is an entry too). */
export async function groupNoteView(tx: Tx, ctx: RequestContext, s: GroupSessionRow): Promise<z.infer<typeof noteOut>> {
  const note = await loadNote(tx, ctx.organizationId, s.id);
  const { versions, entries } = await noteVersions(tx, ctx.organizationId, note ? [note.id] : []);
  const at = await planObjectivesAt(
    tx,
    ctx.organizationId,
    entries.flatMap((e) => (e.plan_version_id ? [e.plan_version_id] : [])),
  );
  const latest = new Map<string, Entry>();
  for (const e of entries) latest.set(e.patient_id, presentEntry(e, at));
  const draft = groupDraftSchema.parse(note?.draft ?? {});
  const last = versions[versions.length - 1];
  const signed = versions.length > 0;
  const needsCosign = signed && note!.needs_cosign;
  const cosign = note?.cosigned_at ? { byName: note.cosigned_by_name ?? '', at: note.cosigned_at.toISOString() } : null;
  let canCosign = false;
  if (needsCosign && !cosign && versions[0].signed_by !== ctx.userId && reaches(ctx, s.facility_id, 'therapy-note', 'update')) {
    const [signer, me] = [await clinicianProfile(tx, ctx.organizationId, versions[0].signed_by), await clinicianProfile(tx, ctx.organizationId, ctx.userId)];
    canCosign = me.licensed && signer.supervisorId === ctx.userId;
  }
  return {
    groupSessionId: s.id,
    noteId: note?.id ?? null,
    sections: groupSharedSections,
    draft,
    draftVersion: note?.version ?? 0,
    signed,
    status: !signed ? 'draft' : !needsCosign ? 'signed' : cosign ? 'cosigned' : 'awaiting-cosign',
    needsCosign,
    cosign,
    canCosign,
    authorName: note?.author_name ?? null,
    current: last ? { versionNo: last.version_no, shared: last.shared as Record<string, string>, attendees: [...latest.values()] } : null,
    versions: versions.map((v) => ({
      versionNo: v.version_no,
      change: v.change,
      reason: v.reason,
      shared: v.shared as Record<string, string>,
      signedByName: v.signed_by_name,
      signedAt: v.signed_at.toISOString(),
      entries: entries.filter((e) => e.version_no === v.version_no).map((e) => presentEntry(e, at)),
    })),
  };
}

async function nextVersion(tx: Tx, organizationId: string, noteId: string) {
  const row = await tx
    .selectFrom('thr_group_note_versions')
    .select((eb) => eb.fn.max('version_no').as('v'))
    .where('organization_id', '=', organizationId)
    .where('group_note_id', '=', noteId)
    .executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
}

async function requireSignedNote(tx: Tx, ctx: RequestContext, s: GroupSessionRow) {
  const note = await loadNote(tx, ctx.organizationId, s.id);
  const version = note ? await nextVersion(tx, ctx.organizationId, note.id) : 1;
  if (!note || version === 1) throw invalid('signedAt', 'group-note.signed-first', 'sign the group note first; until then, edit the draft.');
  if (note.author_id !== ctx.userId && s.leader_id !== ctx.userId)
    throw new HttpProblem(403, 'Forbidden', 'Only the note’s author or the group’s leader amends it.', { rule: 'group-note.author-amends' });
  return { note, version };
}

async function currentShared(tx: Tx, organizationId: string, noteId: string, versionNo: number) {
  const v = await tx
    .selectFrom('thr_group_note_versions')
    .select('shared')
    .where('organization_id', '=', organizationId)
    .where('group_note_id', '=', noteId)
    .where('version_no', '=', versionNo)
    .executeTakeFirstOrThrow();
  return v.shared as Record<string, string>;
}

async function currentAttendees(tx: Tx, organizationId: string, noteId: string) {
  const rows = await tx
    .selectFrom('thr_group_note_entries')
    .select(['patient_id', 'status', 'version_no'])
    .where('organization_id', '=', organizationId)
    .where('group_note_id', '=', noteId)
    .orderBy('version_no')
    .execute();
  const latest = new Map<string, string>();
  for (const r of rows) latest.set(r.patient_id, r.status);
  return [...latest].filter(([, st]) => st === 'included').map(([id]) => id);
}

async function episodeOf(tx: Tx, organizationId: string, patientIds: string[]) {
  if (patientIds.length === 0) return new Map<string, string>();
  const rows = await tx
    .selectFrom('episodes')
    .select(['id', 'patient_id'])
    .where('organization_id', '=', organizationId)
    .where('patient_id', 'in', patientIds)
    .where('status', '=', 'active')
    .execute();
  return new Map(rows.map((r) => [r.patient_id, r.id]));
}

/** One attendee added to or removed from a signed note: a new signed version, and an amendment on that chart. */
async function amendAttendee(
  tx: Tx,
  ctx: RequestContext,
  s: GroupSessionRow,
  noteId: string,
  version: number,
  reason: string,
  e: {
    patientId: string;
    status: 'included' | 'removed';
    participation: string | null;
    progress: string | null;
    objectiveRef: string | null;
    objectiveId: string | null;
    planVersionId: string | null;
  },
) {
  const change = e.status === 'included' ? 'attendee-added' : 'attendee-removed';
  const shared = await currentShared(tx, ctx.organizationId, noteId, version - 1);
  await tx
    .insertInto('thr_group_note_versions')
    .values({
      organization_id: ctx.organizationId,
      group_note_id: noteId,
      version_no: version,
      change,
      reason,
      shared: JSON.stringify(shared),
      signed_by: ctx.userId,
      signed_at: ctx.now,
    })
    .execute();
  await tx
    .insertInto('thr_group_note_entries')
    .values({
      organization_id: ctx.organizationId,
      group_note_id: noteId,
      version_no: version,
      patient_id: e.patientId,
      status: e.status,
      participation: e.participation,
      progress: e.progress,
      objective_ref: e.objectiveRef,
      objective_id: e.objectiveId,
      plan_version_id: e.planVersionId,
    })
    .execute();
  const episodes = await episodeOf(tx, ctx.organizationId, [e.patientId]);
  const what = e.status === 'included' ? 'added as attendee' : 'removed as attendee';
  await addEvent(tx, ctx, {
    patientId: e.patientId,
    episodeId: episodes.get(e.patientId) ?? null,
    kind: 'therapy.group-note-amended',
    summary: `Group note amended (${what}): ${s.title} — ${reason}`,
    detail: { groupSessionId: s.id, versionNo: version },
  });
  recordAudit(ctx, { patientId: e.patientId, resourceType: 'therapy-note', resourceId: noteId, action: 'update' });
}

/** The group's patients: its roster (level of care and facility) and anyone whose attendance was taken. */
async function groupPatients(tx: Tx, organizationId: string, s: GroupSessionRow): Promise<string[]> {
  const roster = await rosterOf(tx, organizationId, s.facility_id, s.levels_of_care);
  const attended = await tx
    .selectFrom('thr_group_attendance')
    .select('patient_id')
    .where('organization_id', '=', organizationId)
    .where('group_session_id', '=', s.id)
    .execute();
  return [...new Set([...roster.map((r) => r.patientId), ...attended.map((a) => a.patient_id)])];
}

type ObjectiveLink = { objectiveId: string | null; planVersionId: string | null; objectiveRef: string | null };

/**
 * Each attendee's progress names an objective of their current signed plan (kept with the plan
 * version); free text only for a patient without a signed plan. Errors name the attendee's field.
 */
async function linkObjectives(
  tx: Tx,
  organizationId: string,
  parts: Record<string, { objectiveId?: string | null; objectiveRef?: string | null } | undefined>,
  prefix: (patientId: string) => string,
): Promise<Map<string, ObjectiveLink>> {
  const out = new Map<string, ObjectiveLink>();
  const asked = Object.keys(parts).filter((pid) => parts[pid]?.objectiveId || parts[pid]?.objectiveRef?.trim());
  const plans = await currentPlanObjectives(tx, organizationId, asked);
  for (const pid of asked) {
    const part = parts[pid]!;
    const plan = plans.get(pid);
    const field = `${prefix(pid)}objectiveId`;
    if (part.objectiveId) {
      if (!plan) throw invalid(field, 'plan-objective', 'the patient has no signed treatment plan yet: name the objective in words.');
      if (!plan.objectives.some((o) => o.id === part.objectiveId))
        throw invalid(field, 'plan-objective', 'not an objective of this patient’s current signed treatment plan.');
      out.set(pid, { objectiveId: part.objectiveId, planVersionId: plan.planVersionId, objectiveRef: null });
    } else {
      if (plan) throw invalid(field, 'plan-objective', 'choose one of the objectives of the patient’s signed treatment plan.');
      out.set(pid, { objectiveId: null, planVersionId: null, objectiveRef: part.objectiveRef!.trim() });
    }
  }
  return out;
}

export const groupNoteRoutes = [
  route({
    method: 'GET',
    url: '/group-sessions/:id/note',
    summary: 'The group note: draft, shared text, each attendee’s part, and every signed version',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'read' } },
    params: z.object({ id: z.string() }),
    response: noteOut,
    handler: async ({ tx, ctx, params, reply }) => {
      const s = await requireGroupSession(tx, ctx, params.id, 'read-note');
      const view = await groupNoteView(tx, ctx, s);
      for (const a of view.current?.attendees ?? [])
        recordAudit(ctx, { patientId: a.patientId, resourceType: 'therapy-note', resourceId: s.id, action: 'read' });
      setEtag(reply, view.draftVersion);
      return view;
    },
  }),
  route({
    method: 'PUT',
    url: '/group-sessions/:id/note',
    summary: 'Save the group note’s draft: the shared part and each attendee’s part (If-Match after the first save)',
    tags,
    access: { permission: { resource: 'peer-group', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({ shared: sharedIn, parts: z.record(z.string(), part) }).strict(),
    response: noteOut,
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const s = await requireGroupSession(tx, ctx, params.id, 'run');
      const note = await loadNote(tx, ctx.organizationId, s.id);
      const expected = optionalIfMatch(req);
      if (note && expected === undefined) throw problems.preconditionRequired();
      if (note && expected !== note.version) throw problems.preconditionFailed();
      if (note && (await nextVersion(tx, ctx.organizationId, note.id)) > 1) {
        throw new HttpProblem(409, 'Conflict', 'signedAt: the group note is signed; amend it instead.', {
          rule: 'group-note.signed',
          errors: [{ field: 'signedAt', rule: 'group-note.signed', message: 'The note is signed: amend it instead.' }],
        });
      }
      for (const k of Object.keys(body.shared))
        if (!groupSharedSections.some((x) => x.key === k)) throw invalid(`shared.${k}`, 'section', 'not a section of the group note.');
      for (const pid of Object.keys(body.parts)) if (!isUuid(pid)) throw invalid(`parts.${pid}`, 'patient-id', 'not a patient id.');
      // Only this group's patients, checked before any plan is read: a refusal about someone else's
      // treatment plan would tell the writer whether that person has one.
      const members = new Set(await groupPatients(tx, ctx.organizationId, s));
      for (const pid of Object.keys(body.parts))
        if (!members.has(pid))
          throw invalid(`parts.${pid}`, 'group.roster', `this patient is not on the group's roster (${s.levels_of_care.join(', ')} at this facility).`);
      await linkObjectives(tx, ctx.organizationId, body.parts, (pid) => `parts.${pid}.`);
      const draft = JSON.stringify(body);
      if (note) {
        await tx
          .updateTable('thr_group_notes')
          .set({ draft, version: note.version + 1, updated_at: ctx.now })
          .where('organization_id', '=', ctx.organizationId)
          .where('id', '=', note.id)
          .execute();
      } else {
        await tx
          .insertInto('thr_group_notes')
          .values({
            organization_id: ctx.organizationId,
            id: newId(),
            group_session_id: s.id,
            author_id: ctx.userId,
            draft,
            created_at: ctx.now,
            updated_at: ctx.now,
          })
          .execute();
      }
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-note', resourceId: s.id, action: 'update' });
      const view = await groupNoteView(tx, ctx, s);
      setEtag(reply, view.draftVersion);
      return view;
    },
  }),
  route({
    method: 'POST',
    url: '/group-sessions/:id/note/sign',
    summary: 'Sign the group note: one transaction puts it on every attendee’s chart',
    tags,
    access: { permission: { resource: 'peer-group', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({}).strict().optional(),
    response: noteOut,
    handler: async ({ tx, ctx, params, req }) => {
      const s = await requireGroupSession(tx, ctx, params.id, 'run');
      const note = await loadNote(tx, ctx.organizationId, s.id);
      if (!note) throw invalid('shared', 'required', 'write the note first.');
      const expected = optionalIfMatch(req);
      if (expected !== undefined && expected !== note.version) throw problems.preconditionFailed();
      if ((await nextVersion(tx, ctx.organizationId, note.id)) > 1) {
        throw new HttpProblem(409, 'Conflict', 'signedAt: the group note is already signed.', {
          rule: 'group-note.signed-once',
          errors: [{ field: 'signedAt', rule: 'group-note.signed-once', message: 'Already signed: amend it instead.' }],
        });
      }
      if (note.author_id !== ctx.userId && s.leader_id !== ctx.userId)
        throw new HttpProblem(403, 'Forbidden', 'The note’s author or the group’s leader signs it.', { rule: 'group-note.author-signs' });
      if (s.ends_at.getTime() > ctx.now.getTime()) throw invalid('endsAt', 'session-ended', 'a group note is signed after the group has ended.');
      const draft: Draft = groupDraftSchema.parse(note.draft);
      if (!Object.values(draft.shared).some((v) => v.trim())) throw invalid('shared', 'required', 'the shared part is empty.');
      const attendance = await tx
        .selectFrom('thr_group_attendance')
        .select(['patient_id', 'status'])
        .where('organization_id', '=', ctx.organizationId)
        .where('group_session_id', '=', s.id)
        .execute();
      const attendees = attendance.filter((a) => attendedStatuses.includes(a.status)).map((a) => a.patient_id);
      if (attendees.length === 0) throw invalid('attendance', 'required', 'take attendance first: nobody is marked present.');
      for (const pid of attendees)
        if (!draft.parts[pid]?.participation?.trim())
          throw invalid(`parts.${pid}.participation`, 'required', 'each attendee’s participation is written before signing.');
      const links = await linkObjectives(tx, ctx.organizationId, Object.fromEntries(attendees.map((pid) => [pid, draft.parts[pid]])), (pid) => `parts.${pid}.`);
      // An intern's or unlicensed counselor's group note waits for their supervisor, as session notes do.
      const signer = await clinicianProfile(tx, ctx.organizationId, ctx.userId);
      await tx
        .updateTable('thr_group_notes')
        .set({ needs_cosign: !signer.licensed, updated_at: ctx.now })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', note.id)
        .execute();
      await tx
        .insertInto('thr_group_note_versions')
        .values({
          organization_id: ctx.organizationId,
          group_note_id: note.id,
          version_no: 1,
          change: 'signed',
          reason: null,
          shared: JSON.stringify(draft.shared),
          signed_by: ctx.userId,
          signed_at: ctx.now,
        })
        .execute();
      await tx
        .insertInto('thr_group_note_entries')
        .values(
          attendees.map((pid) => ({
            organization_id: ctx.organizationId,
            group_note_id: note.id,
            version_no: 1,
            patient_id: pid,
            status: 'included' as const,
            participation: draft.parts[pid].participation,
            progress: draft.parts[pid].progress || null,
            objective_ref: links.get(pid)?.objectiveRef ?? null,
            objective_id: links.get(pid)?.objectiveId ?? null,
            plan_version_id: links.get(pid)?.planVersionId ?? null,
          })),
        )
        .execute();
      const episodes = await episodeOf(tx, ctx.organizationId, attendees);
      await addEvents(
        tx,
        ctx,
        attendees.map((pid) => ({
          patientId: pid,
          episodeId: episodes.get(pid) ?? null,
          kind: 'therapy.group-note',
          summary: `Group note signed: ${s.title}${signer.licensed ? '' : ' — awaiting co-signature'}`,
          detail: { groupSessionId: s.id },
        })),
      );
      for (const pid of attendees) recordAudit(ctx, { patientId: pid, resourceType: 'therapy-note', resourceId: note.id, action: 'create' });
      return groupNoteView(tx, ctx, s);
    },
  }),
  route({
    method: 'POST',
    url: '/group-sessions/:id/note/attendees',
    summary: 'Add a late attendee to a signed group note: a new signed version; earlier ones stay',
    tags,
    access: { permission: { resource: 'peer-group', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({
        patientId: z.string(),
        status: z.enum(['present', 'late', 'left_early']).default('late'),
        participation: z.string().trim().min(1).max(5000),
        progress: z.string().max(5000).default(''),
        objectiveId: z.string().trim().min(1).max(40).nullable().default(null),
        objectiveRef: z.string().trim().max(100).nullable().default(null),
        reason: z.string().trim().min(1).max(500),
      })
      .strict(),
    status: 201,
    idempotent: true,
    response: noteOut,
    handler: async ({ tx, ctx, params, body }) => {
      const s = await requireGroupSession(tx, ctx, params.id, 'run');
      const { note, version } = await requireSignedNote(tx, ctx, s);
      await patientForGroup(tx, ctx, s, body.patientId, 'patientId');
      const link = (await linkObjectives(tx, ctx.organizationId, { [body.patientId]: body }, () => '')).get(body.patientId);
      if ((await currentAttendees(tx, ctx.organizationId, note.id)).includes(body.patientId))
        throw problems.conflict('group-note.already-included', 'patientId: this patient is already on the note.');
      await tx
        .insertInto('thr_group_attendance')
        .values({
          organization_id: ctx.organizationId,
          group_session_id: s.id,
          patient_id: body.patientId,
          status: body.status,
          minutes: null,
          recorded_by: ctx.userId,
          recorded_at: ctx.now,
        })
        .onConflict((oc) =>
          oc
            .columns(['organization_id', 'group_session_id', 'patient_id'])
            .doUpdateSet((eb) => ({ status: body.status, recorded_by: ctx.userId, recorded_at: ctx.now, version: eb('thr_group_attendance.version', '+', 1) })),
        )
        .execute();
      await amendAttendee(tx, ctx, s, note.id, version, body.reason, {
        patientId: body.patientId,
        status: 'included',
        participation: body.participation,
        progress: body.progress || null,
        objectiveRef: link?.objectiveRef ?? null,
        objectiveId: link?.objectiveId ?? null,
        planVersionId: link?.planVersionId ?? null,
      });
      return groupNoteView(tx, ctx, s);
    },
  }),
  route({
    method: 'POST',
    url: '/group-sessions/:id/note/attendees/:patientId/remove',
    summary: 'Remove an attendee from a signed group note, with the reason: a new version; the earlier stays readable',
    tags,
    access: { permission: { resource: 'peer-group', action: 'update' } },
    params: z.object({ id: z.string(), patientId: z.string() }),
    body: z.object({ reason: z.string().trim().min(1).max(500) }).strict(),
    response: noteOut,
    handler: async ({ tx, ctx, params, body }) => {
      const s = await requireGroupSession(tx, ctx, params.id, 'run');
      const { note, version } = await requireSignedNote(tx, ctx, s);
      if (!(await currentAttendees(tx, ctx.organizationId, note.id)).includes(params.patientId))
        throw invalid('patientId', 'group-note.included', 'this patient is not on the note.');
      await requirePatient(tx, ctx, params.patientId, groupResource(s.peer_led), 'update').catch(() => {
        throw problems.notFound('Patient');
      });
      await amendAttendee(tx, ctx, s, note.id, version, body.reason, {
        patientId: params.patientId,
        status: 'removed',
        participation: null,
        progress: null,
        objectiveRef: null,
        objectiveId: null,
        planVersionId: null,
      });
      await tx
        .updateTable('thr_group_attendance')
        .set((eb) => ({ status: 'absent', recorded_by: ctx.userId, recorded_at: ctx.now, version: eb('version', '+', 1) }))
        .where('organization_id', '=', ctx.organizationId)
        .where('group_session_id', '=', s.id)
        .where('patient_id', '=', params.patientId)
        .execute();
      return groupNoteView(tx, ctx, s);
    },
  }),
  route({
    method: 'POST',
    url: '/group-sessions/:id/note/amend',
    summary: 'Amend the shared text of a signed group note, with the reason: an amendment on every attendee’s chart',
    tags,
    access: { permission: { resource: 'peer-group', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({ shared: sharedIn, reason: z.string().trim().min(1).max(500) }).strict(),
    response: noteOut,
    handler: async ({ tx, ctx, params, body }) => {
      const s = await requireGroupSession(tx, ctx, params.id, 'run');
      const { note, version } = await requireSignedNote(tx, ctx, s);
      for (const k of Object.keys(body.shared))
        if (!groupSharedSections.some((x) => x.key === k)) throw invalid(`shared.${k}`, 'section', 'not a section of the group note.');
      const before = await currentShared(tx, ctx.organizationId, note.id, version - 1);
      const after = { ...before, ...body.shared };
      if (JSON.stringify(after) === JSON.stringify(before)) throw invalid('shared', 'changed', 'the amendment changes nothing.');
      await tx
        .insertInto('thr_group_note_versions')
        .values({
          organization_id: ctx.organizationId,
          group_note_id: note.id,
          version_no: version,
          change: 'shared-amended',
          reason: body.reason,
          shared: JSON.stringify(after),
          signed_by: ctx.userId,
          signed_at: ctx.now,
        })
        .execute();
      const attendees = await currentAttendees(tx, ctx.organizationId, note.id);
      const episodes = await episodeOf(tx, ctx.organizationId, attendees);
      await addEvents(
        tx,
        ctx,
        attendees.map((pid) => ({
          patientId: pid,
          episodeId: episodes.get(pid) ?? null,
          kind: 'therapy.group-note-amended',
          summary: `Group note amended: ${s.title} — ${body.reason}`,
          detail: { groupSessionId: s.id, versionNo: version },
        })),
      );
      for (const pid of attendees) recordAudit(ctx, { patientId: pid, resourceType: 'therapy-note', resourceId: note.id, action: 'update' });
      return groupNoteView(tx, ctx, s);
    },
  }),
  route({
    method: 'POST',
    url: '/group-sessions/:id/note/cosign',
    summary: 'Co-sign a group note signed by an intern or unlicensed counselor (their named, licensed supervisor)',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({}).strict().optional(),
    response: noteOut,
    handler: async ({ tx, ctx, params }) => {
      const s = await requireGroupSession(tx, ctx, params.id, 'read-note');
      requireReach(ctx, s.facility_id, 'therapy-note', 'update', 'Group session');
      const note = await loadNote(tx, ctx.organizationId, s.id);
      const [first] = note ? (await noteVersions(tx, ctx.organizationId, [note.id])).versions : [];
      if (!note || !first) throw invalid('signedAt', 'note.signed-first', 'the group note is signed before it is co-signed.');
      if (!note.needs_cosign)
        throw problems.conflict('note.no-cosign-needed', 'This group note was signed by a licensed clinician: no co-signature is needed.');
      if (note.cosigned_at)
        throw new HttpProblem(409, 'Conflict', 'cosignedAt: already co-signed.', {
          rule: 'note.cosigned-once',
          errors: [{ field: 'cosignedAt', rule: 'note.cosigned-once', message: 'Already co-signed.' }],
        });
      if (first.signed_by === ctx.userId)
        throw new HttpProblem(403, 'Forbidden', 'A note is co-signed by someone other than its author.', { rule: 'note.cosigner-not-author' });
      const signer = await clinicianProfile(tx, ctx.organizationId, first.signed_by);
      const me = await clinicianProfile(tx, ctx.organizationId, ctx.userId);
      if (!me.licensed || signer.supervisorId !== ctx.userId)
        throw new HttpProblem(403, 'Forbidden', 'Only the signer’s named, licensed supervisor co-signs this note.', { rule: 'note.cosigner-supervisor' });
      await tx
        .insertInto('thr_cosignatures')
        .values({ organization_id: ctx.organizationId, id: newId(), note_kind: 'group', note_id: note.id, cosigned_by: ctx.userId, cosigned_at: ctx.now })
        .execute();
      const attendees = await currentAttendees(tx, ctx.organizationId, note.id);
      const episodes = await episodeOf(tx, ctx.organizationId, attendees);
      await addEvents(
        tx,
        ctx,
        attendees.map((pid) => ({
          patientId: pid,
          episodeId: episodes.get(pid) ?? null,
          kind: 'therapy.group-note-cosigned',
          summary: `Group note co-signed by ${ctx.displayName}: ${s.title}`,
          detail: { groupSessionId: s.id },
        })),
      );
      for (const pid of attendees) recordAudit(ctx, { patientId: pid, resourceType: 'therapy-note', resourceId: note.id, action: 'update' });
      return groupNoteView(tx, ctx, s);
    },
  }),
  route({
    method: 'GET',
    url: '/group-sessions/:id/objectives',
    summary: 'The current signed treatment-plan objectives of each patient on the group’s roster, for the group note’s progress picker',
    tags,
    access: { permission: { resource: 'peer-group', action: 'update' } },
    params: z.object({ id: z.string() }),
    response: groupObjectivesSchema,
    handler: async ({ tx, ctx, params }) => {
      const s = await requireGroupSession(tx, ctx, params.id, 'schedule');
      // Only those who write this group's note need its patients' objectives.
      if (!reaches(ctx, s.facility_id, groupResource(s.peer_led), 'update')) return { items: [] };
      const ids = await groupPatients(tx, ctx.organizationId, s);
      const plans = await currentPlanObjectives(tx, ctx.organizationId, ids);
      for (const pid of ids) recordAudit(ctx, { patientId: pid, resourceType: 'treatment-plan', resourceId: plans.get(pid)?.planId ?? null, action: 'read' });
      return {
        items: ids.map((pid) => ({
          patientId: pid,
          planVersion: plans.get(pid)?.versionNumber ?? null,
          objectives: plans.get(pid)?.objectives ?? [],
        })),
      };
    },
  }),
];
