import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { suggestBillingCode, type SessionKind } from '@waypoint/clinical/therapy/billing';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { optionalIfMatch, requireIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { isUuid, requirePatient } from '../../platform/permissions/access';
import type { Action } from '../../platform/permissions/decision-table';
import { HttpProblem, problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { resolveAlerts } from '../alerts/service';
import { currentPlanObjectives, planObjectivesAt } from '../planning/service';
import { clinicianProfile, overdueNoteKey, instant, invalid, loadSettings, modalities, newId, tags, type TherapySettings } from './common';
import { ensureDefaults } from './config';
import { patientObjectivesSchema, sessionSchema, storedProgressSchema } from './schemas';

const sessionKinds = ['individual', 'family_with_patient', 'family_without_patient'] as const;
const familyMember = z.object({ name: z.string().trim().min(1).max(120), relation: z.string().trim().min(1).max(60) }).strict();
/** Progress on a plan objective (its id in the patient's signed plan); free text only while there is no signed plan. */
const progressEntry = z
  .object({
    objectiveId: z.string().trim().min(1).max(40).nullable().default(null),
    objective: z.string().trim().max(500).default(''),
    progress: z.string().max(2000),
  })
  .strict();
const sectionsIn = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.string().max(20_000));

const sessionOut = sessionSchema;
export type SessionView = z.infer<typeof sessionSchema>;
type StoredProgress = z.infer<typeof storedProgressSchema>;

type SessionRow = Awaited<ReturnType<typeof loadSessionRows>>[number];

/** Sessions with their template, author, co-signature and addenda: one query each, never one per row. */
export async function loadSessionRows(tx: Tx, organizationId: string, where: { id?: string; patientId?: string; limit?: number }) {
  let q = tx
    .selectFrom('thr_sessions as s')
    .innerJoin('users as u', (j) => j.onRef('u.organization_id', '=', 's.organization_id').onRef('u.id', '=', 's.clinician_id'))
    .leftJoin('users as sb', (j) => j.onRef('sb.organization_id', '=', 's.organization_id').onRef('sb.id', '=', 's.signed_by'))
    .leftJoin('thr_note_templates as t', (j) => j.onRef('t.organization_id', '=', 's.organization_id').onRef('t.id', '=', 's.template_id'))
    .leftJoin('thr_note_template_versions as tv', (j) =>
      j.onRef('tv.organization_id', '=', 's.organization_id').onRef('tv.template_id', '=', 's.template_id').onRef('tv.version', '=', 's.template_version'),
    )
    .leftJoin('thr_cosignatures as c', (j) =>
      j.onRef('c.organization_id', '=', 's.organization_id').onRef('c.note_id', '=', 's.id').on('c.note_kind', '=', 'session'),
    )
    .leftJoin('users as cu', (j) => j.onRef('cu.organization_id', '=', 'c.organization_id').onRef('cu.id', '=', 'c.cosigned_by'))
    .selectAll('s')
    .select([
      'u.display_name as clinician_name',
      'sb.display_name as signed_by_name',
      't.name as template_name',
      't.sections as template_sections',
      't.version as template_current_version',
      'tv.name as signed_template_name',
      'tv.sections as signed_template_sections',
      'c.cosigned_at',
      'cu.display_name as cosigned_by_name',
    ])
    .where('s.organization_id', '=', organizationId);
  if (where.id) q = q.where('s.id', '=', where.id);
  if (where.patientId) q = q.where('s.patient_id', '=', where.patientId);
  return q
    .orderBy('s.starts_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(where.limit ?? 200)
    .execute();
}

async function loadAddenda(tx: Tx, organizationId: string, sessionIds: string[]) {
  if (sessionIds.length === 0) return new Map<string, SessionView['addenda']>();
  const rows = await tx
    .selectFrom('thr_addenda as a')
    .innerJoin('users as u', (j) => j.onRef('u.organization_id', '=', 'a.organization_id').onRef('u.id', '=', 'a.written_by'))
    .select(['a.id', 'a.session_id', 'a.body', 'a.reason', 'a.written_at', 'u.display_name'])
    .where('a.organization_id', '=', organizationId)
    .where('a.session_id', 'in', sessionIds)
    .orderBy('a.written_at')
    .execute();
  const out = new Map<string, SessionView['addenda']>();
  for (const r of rows) {
    const list = out.get(r.session_id) ?? [];
    list.push({ id: r.id, body: r.body, reason: r.reason, writtenByName: r.display_name, writtenAt: r.written_at.toISOString() });
    out.set(r.session_id, list);
  }
  return out;
}

export function suggestion(kind: SessionKind, startsAt: Date, endsAt: Date, settings: TherapySettings) {
  const minutes = Math.floor((endsAt.getTime() - startsAt.getTime()) / 60_000);
  return suggestBillingCode(kind, minutes, { familyMinimumMinutes: settings.familyMinimumMinutes });
}

type ObjectivesAt = Awaited<ReturnType<typeof planObjectivesAt>>;

/** A stored progress entry with its plan objective's text as it stood in the signed plan version. */
export function presentProgress(e: StoredProgress, at: ObjectivesAt): SessionView['progress'][number] {
  const version = e.planVersionId ? at.get(e.planVersionId) : undefined;
  const o = version?.objectives.find((x) => x.id === e.objectiveId);
  return {
    objectiveId: e.objectiveId,
    planObjective: o && version ? { id: o.id, text: o.text, targetDate: o.targetDate, planVersion: version.versionNumber } : null,
    objective: e.objective,
    progress: e.progress,
  };
}

const storedProgressList = z.array(storedProgressSchema);

function present(r: SessionRow, addenda: SessionView['addenda'], settings: TherapySettings, now: Date, objectives: ObjectivesAt): SessionView {
  const billing = suggestion(r.kind, r.starts_at, r.ends_at, settings);
  const dueAt = new Date(r.ends_at.getTime() + settings.noteDeadlineHours * 3_600_000);
  const cosign = r.cosigned_at ? { byName: r.cosigned_by_name ?? '', at: r.cosigned_at.toISOString() } : null;
  return {
    id: r.id,
    patientId: r.patient_id,
    episodeId: r.episode_id,
    facilityId: r.facility_id,
    clinicianId: r.clinician_id,
    clinicianName: r.clinician_name,
    kind: r.kind,
    modality: r.modality,
    // A signed note reads with the template version it was signed with.
    template:
      r.template_id && r.template_name
        ? {
            id: r.template_id,
            name: r.signed_template_name ?? r.template_name,
            version: r.template_version ?? r.template_current_version,
            sections: (r.signed_template_sections ?? r.template_sections) as { key: string; label: string }[],
          }
        : null,
    sections: r.sections as Record<string, string>,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    minutes: Math.floor((r.ends_at.getTime() - r.starts_at.getTime()) / 60_000),
    location: r.location,
    telehealth: r.telehealth,
    familyMembers: r.family_members as { name: string; relation: string }[],
    progress: storedProgressList.parse(r.progress).map((e) => presentProgress(e, objectives)),
    status: !r.signed_at ? 'draft' : !r.needs_cosign ? 'signed' : cosign ? 'cosigned' : 'awaiting-cosign',
    signedAt: r.signed_at?.toISOString() ?? null,
    signedByName: r.signed_by_name ?? null,
    // Derived until signed; the code stored at signing is the record afterwards.
    billing: r.signed_at ? { ...billing, code: r.billing_code } : billing,
    billingStored: r.signed_at !== null,
    needsCosign: r.needs_cosign,
    cosign,
    addenda,
    dueAt: dueAt.toISOString(),
    overdue: !r.signed_at && now.getTime() > dueAt.getTime(),
    version: r.version,
  };
}

export async function presentSessions(tx: Tx, ctx: RequestContext, rows: SessionRow[]): Promise<SessionView[]> {
  const settings = await loadSettings(tx, ctx.organizationId);
  const addenda = await loadAddenda(
    tx,
    ctx.organizationId,
    rows.filter((r) => r.signed_at).map((r) => r.id),
  );
  const versionIds = rows.flatMap((r) => storedProgressList.parse(r.progress).flatMap((e) => (e.planVersionId ? [e.planVersionId] : [])));
  const objectives = await planObjectivesAt(tx, ctx.organizationId, versionIds);
  return rows.map((r) => present(r, addenda.get(r.id) ?? [], settings, ctx.now, objectives));
}

/** A session whose patient is in scope for the action; 404 otherwise. */
export async function requireSession(tx: Tx, ctx: RequestContext, id: string, action: Action) {
  const [row] = isUuid(id) ? await loadSessionRows(tx, ctx.organizationId, { id }) : [];
  if (!row) throw problems.notFound('Session');
  await requirePatient(tx, ctx, row.patient_id, 'therapy-note', action).catch(() => {
    throw problems.notFound('Session');
  });
  return row;
}

async function sessionView(tx: Tx, ctx: RequestContext, row: SessionRow) {
  const [view] = await presentSessions(tx, ctx, [row]);
  return view;
}

/** The note as it now stands, with its ETag. */
async function reloaded(tx: Tx, ctx: RequestContext, id: string, reply?: FastifyReply) {
  const view = await sessionView(tx, ctx, (await loadSessionRows(tx, ctx.organizationId, { id }))[0]);
  if (reply) setEtag(reply, view.version);
  return view;
}

function checkTimes(startsAt: Date, endsAt: Date): void {
  if (endsAt.getTime() < startsAt.getTime()) throw invalid('endsAt', 'after-start', 'the session cannot end before it starts.');
  if (endsAt.getTime() - startsAt.getTime() > 8 * 3_600_000) throw invalid('endsAt', 'max-8-hours', 'a session lasts at most 8 hours.');
}

async function checkTemplate(tx: Tx, organizationId: string, templateId: string | null | undefined, sections: Record<string, string> | undefined) {
  if (!templateId) return null;
  const t = await tx
    .selectFrom('thr_note_templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', templateId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!t) throw invalid('templateId', 'active-template', 'not an active note template of this program.');
  const keys = new Set((t.sections as { key: string }[]).map((s) => s.key));
  for (const k of Object.keys(sections ?? {})) if (!keys.has(k)) throw invalid(`sections.${k}`, 'template-section', `not a section of the ${t.name} template.`);
  return t;
}

function checkFamily(kind: string, members: { name: string }[] | undefined): void {
  if (kind !== 'individual' && (!members || members.length === 0)) throw invalid('familyMembers', 'required-for-family', 'name the family members present.');
}

/**
 * Links each progress entry to the patient's current signed plan: an objective id must be one of its
 * objectives (kept with the plan version); free text only while the patient has no signed plan.
 */
export async function resolveProgress(tx: Tx, organizationId: string, patientId: string, entries: z.infer<typeof progressEntry>[]): Promise<StoredProgress[]> {
  if (entries.length === 0) return [];
  const plan = (await currentPlanObjectives(tx, organizationId, [patientId])).get(patientId);
  return entries.map((e, i) => {
    if (e.objectiveId) {
      if (!plan) throw invalid(`progress.${i}.objectiveId`, 'plan-objective', 'the patient has no signed treatment plan yet: name the objective in words.');
      if (!plan.objectives.some((o) => o.id === e.objectiveId))
        throw invalid(`progress.${i}.objectiveId`, 'plan-objective', 'not an objective of this patient’s current signed treatment plan.');
      return { objectiveId: e.objectiveId, planVersionId: plan.planVersionId, objective: '', progress: e.progress };
    }
    if (plan) throw invalid(`progress.${i}.objectiveId`, 'plan-objective', 'choose one of the objectives of the patient’s signed treatment plan.');
    if (!e.objective) throw invalid(`progress.${i}.objective`, 'required', 'name the objective (the patient has no signed plan yet).');
    return { objectiveId: null, planVersionId: null, objective: e.objective, progress: e.progress };
  });
}

const createBody = z
  .object({
    kind: z.enum(sessionKinds).default('individual'),
    modality: z.enum(modalities),
    templateId: z.uuid().nullable().optional(),
    startsAt: instant,
    endsAt: instant,
    location: z.string().trim().max(120).nullable().optional(),
    telehealth: z.boolean().default(false),
    familyMembers: z.array(familyMember).max(12).default([]),
    sections: sectionsIn.default({}),
    progress: z.array(progressEntry).max(20).default([]),
  })
  .strict();

const editBody = z
  .object({
    modality: z.enum(modalities).optional(),
    templateId: z.uuid().nullable().optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    location: z.string().trim().max(120).nullable().optional(),
    telehealth: z.boolean().optional(),
    familyMembers: z.array(familyMember).max(12).optional(),
    sections: sectionsIn.optional(),
    progress: z.array(progressEntry).max(20).optional(),
  })
  .strict();

function signedOnce(): HttpProblem {
  return new HttpProblem(409, 'Conflict', 'signedAt: this note is already signed; a signed note never changes — add an addendum.', {
    rule: 'note.signed-once',
    errors: [{ field: 'signedAt', rule: 'note.signed-once', message: 'This note is already signed; add an addendum instead.' }],
  });
}

export const noteRoutes = [
  route({
    method: 'GET',
    url: '/patients/:id/therapy-objectives',
    summary: 'The objectives of the patient’s current signed treatment plan (text and target date), for the note’s progress picker',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'read' } },
    params: z.object({ id: z.string() }),
    auditResource: 'patient',
    response: patientObjectivesSchema,
    handler: async ({ tx, ctx, params }) => {
      const patient = await requirePatient(tx, ctx, params.id, 'therapy-note', 'read');
      const plan = (await currentPlanObjectives(tx, ctx.organizationId, [patient.id])).get(patient.id);
      recordAudit(ctx, { patientId: patient.id, resourceType: 'treatment-plan', resourceId: plan?.planId ?? null, action: 'read' });
      return { patientId: patient.id, planVersion: plan?.versionNumber ?? null, objectives: plan?.objectives ?? [] };
    },
  }),
  route({
    method: 'POST',
    url: '/patients/:id/therapy-sessions',
    summary: 'Start an individual or family session note (a draft until signed)',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'create' } },
    params: z.object({ id: z.string() }),
    body: createBody,
    status: 201,
    idempotent: true,
    auditResource: 'patient',
    response: sessionOut,
    handler: async ({ tx, ctx, params, body, reply }) => {
      const patient = await requirePatient(tx, ctx, params.id, 'therapy-note', 'create');
      await ensureDefaults(tx, ctx.organizationId);
      const startsAt = new Date(body.startsAt);
      const endsAt = new Date(body.endsAt);
      checkTimes(startsAt, endsAt);
      checkFamily(body.kind, body.familyMembers);
      await checkTemplate(tx, ctx.organizationId, body.templateId, body.sections);
      const progress = await resolveProgress(tx, ctx.organizationId, patient.id, body.progress);
      const episode = await tx
        .selectFrom('episodes')
        .select(['id', 'facility_id'])
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', patient.id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      const id = newId();
      await tx
        .insertInto('thr_sessions')
        .values({
          organization_id: ctx.organizationId,
          id,
          patient_id: patient.id,
          episode_id: episode?.id ?? null,
          facility_id: episode?.facility_id ?? patient.facility_id,
          clinician_id: ctx.userId,
          kind: body.kind,
          modality: body.modality,
          template_id: body.templateId ?? null,
          starts_at: startsAt,
          ends_at: endsAt,
          location: body.location ?? null,
          telehealth: body.telehealth,
          family_members: JSON.stringify(body.familyMembers),
          sections: JSON.stringify(body.sections),
          progress: JSON.stringify(progress),
          created_at: ctx.now,
          updated_at: ctx.now,
        })
        .execute();
      recordAudit(ctx, { patientId: patient.id, resourceType: 'therapy-note', resourceId: id, action: 'create' });
      return reloaded(tx, ctx, id, reply);
    },
  }),
  route({
    method: 'GET',
    url: '/therapy-sessions/:id',
    summary: 'A session note with its billing suggestion, signature, co-signature and addenda',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'read' } },
    params: z.object({ id: z.string() }),
    response: sessionOut,
    handler: async ({ tx, ctx, params, reply }) => {
      const row = await requireSession(tx, ctx, params.id, 'read');
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'therapy-note', resourceId: row.id, action: 'read' });
      const view = await sessionView(tx, ctx, row);
      setEtag(reply, view.version);
      return view;
    },
  }),
  route({
    method: 'PATCH',
    url: '/therapy-sessions/:id',
    summary: 'Save the draft of a session note (If-Match); a signed note is refused',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: editBody,
    response: sessionOut,
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      if (Object.keys(body).length === 0) throw problems.emptyEdit();
      const row = await requireSession(tx, ctx, params.id, 'update');
      const expected = requireIfMatch(req);
      if (row.signed_at) throw signedOnce();
      if (row.clinician_id !== ctx.userId) throw new HttpProblem(403, 'Forbidden', 'Only the author edits a draft note.', { rule: 'note.author-edits' });
      if (row.version !== expected) throw problems.preconditionFailed();
      const startsAt = body.startsAt ? new Date(body.startsAt) : row.starts_at;
      const endsAt = body.endsAt ? new Date(body.endsAt) : row.ends_at;
      checkTimes(startsAt, endsAt);
      if (body.familyMembers) checkFamily(row.kind, body.familyMembers);
      const templateId = body.templateId !== undefined ? body.templateId : row.template_id;
      await checkTemplate(tx, ctx.organizationId, templateId, body.sections ?? (row.sections as Record<string, string>));
      const progress = body.progress ? await resolveProgress(tx, ctx.organizationId, row.patient_id, body.progress) : undefined;
      await tx
        .updateTable('thr_sessions')
        .set({
          ...(body.modality ? { modality: body.modality } : {}),
          template_id: templateId,
          starts_at: startsAt,
          ends_at: endsAt,
          ...(body.location !== undefined ? { location: body.location } : {}),
          ...(body.telehealth !== undefined ? { telehealth: body.telehealth } : {}),
          ...(body.familyMembers ? { family_members: JSON.stringify(body.familyMembers) } : {}),
          ...(body.sections ? { sections: JSON.stringify(body.sections) } : {}),
          ...(progress ? { progress: JSON.stringify(progress) } : {}),
          updated_at: ctx.now,
          version: row.version + 1,
        })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', row.id)
        .execute();
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'therapy-note', resourceId: row.id, action: 'update' });
      return reloaded(tx, ctx, row.id, reply);
    },
  }),
  route({
    method: 'POST',
    url: '/therapy-sessions/:id/sign',
    summary: 'Sign and lock a session note; the billing code is stored; an intern’s note waits for co-signature',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({}).strict().optional(),
    response: sessionOut,
    handler: async ({ tx, ctx, params, req, reply }) => {
      const row = await requireSession(tx, ctx, params.id, 'update');
      if (row.signed_at) throw signedOnce();
      if (row.clinician_id !== ctx.userId)
        throw new HttpProblem(403, 'Forbidden', 'Only the author signs a note; a supervisor co-signs.', { rule: 'note.author-signs' });
      const expected = optionalIfMatch(req);
      if (expected !== undefined && expected !== row.version) throw problems.preconditionFailed();
      if (row.ends_at.getTime() > ctx.now.getTime()) throw invalid('endsAt', 'session-ended', 'a note is signed after the session has ended.');
      const template = row.template_sections as { key: string; label: string }[] | null;
      const sections = row.sections as Record<string, string>;
      if (template) {
        for (const s of template) if (!sections[s.key]?.trim()) throw invalid(`sections.${s.key}`, 'required', `${s.label} is empty.`);
      } else if (!Object.values(sections).some((v) => v.trim())) {
        throw invalid('sections', 'required', 'the note is empty.');
      }
      const settings = await loadSettings(tx, ctx.organizationId);
      const billing = suggestion(row.kind, row.starts_at, row.ends_at, settings);
      const profile = await clinicianProfile(tx, ctx.organizationId, ctx.userId);
      const updated = await tx
        .updateTable('thr_sessions')
        .set({
          signed_at: ctx.now,
          signed_by: ctx.userId,
          billing_code: billing.code,
          template_version: row.template_id ? row.template_current_version : null,
          needs_cosign: !profile.licensed,
          version: row.version + 1,
          updated_at: ctx.now,
        })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', row.id)
        .where('signed_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw signedOnce();
      await resolveAlerts(tx, ctx.organizationId, row.patient_id, overdueNoteKey(row.id), ctx.now);
      await addEvent(tx, ctx, {
        patientId: row.patient_id,
        episodeId: row.episode_id,
        kind: 'therapy.session-signed',
        summary: `${row.kind === 'individual' ? 'Individual' : 'Family'} session note signed (${row.modality.replace(/_/g, ' ')}, ${billing.minutes} min)${profile.licensed ? '' : ' — awaiting co-signature'}`,
        detail: { sessionId: row.id },
      });
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'therapy-note', resourceId: row.id, action: 'update' });
      return reloaded(tx, ctx, row.id, reply);
    },
  }),
  route({
    method: 'POST',
    url: '/therapy-sessions/:id/cosign',
    summary: 'Co-sign a note by an intern or unlicensed clinician (their named supervisor)',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({}).strict().optional(),
    response: sessionOut,
    handler: async ({ tx, ctx, params }) => {
      const row = await requireSession(tx, ctx, params.id, 'update');
      if (!row.signed_at) throw invalid('signedAt', 'note.signed-first', 'the author signs the note before it is co-signed.');
      if (!row.needs_cosign) throw problems.conflict('note.no-cosign-needed', 'This note was signed by a licensed clinician: no co-signature is needed.');
      if (row.cosigned_at)
        throw new HttpProblem(409, 'Conflict', 'cosignedAt: already co-signed.', {
          rule: 'note.cosigned-once',
          errors: [{ field: 'cosignedAt', rule: 'note.cosigned-once', message: 'Already co-signed.' }],
        });
      const author = await clinicianProfile(tx, ctx.organizationId, row.clinician_id);
      const me = await clinicianProfile(tx, ctx.organizationId, ctx.userId);
      if (ctx.userId === row.clinician_id)
        throw new HttpProblem(403, 'Forbidden', 'A note is co-signed by someone other than its author.', { rule: 'note.cosigner-not-author' });
      if (!me.licensed || author.supervisorId !== ctx.userId) {
        throw new HttpProblem(403, 'Forbidden', 'Only the author’s named, licensed supervisor co-signs this note.', { rule: 'note.cosigner-supervisor' });
      }
      await tx
        .insertInto('thr_cosignatures')
        .values({ organization_id: ctx.organizationId, id: newId(), note_kind: 'session', note_id: row.id, cosigned_by: ctx.userId, cosigned_at: ctx.now })
        .execute();
      await addEvent(tx, ctx, {
        patientId: row.patient_id,
        episodeId: row.episode_id,
        kind: 'therapy.session-cosigned',
        summary: `Session note co-signed by ${ctx.displayName}`,
        detail: { sessionId: row.id },
      });
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'therapy-note', resourceId: row.id, action: 'update' });
      return reloaded(tx, ctx, row.id);
    },
  }),
  route({
    method: 'POST',
    url: '/therapy-sessions/:id/addenda',
    summary: 'Add an addendum to a signed note (who, when and why); the note itself never changes',
    tags,
    access: { permission: { resource: 'therapy-note', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({ body: z.string().trim().min(1).max(20_000), reason: z.string().trim().min(1).max(500) }).strict(),
    status: 201,
    idempotent: true,
    response: sessionOut,
    handler: async ({ tx, ctx, params, body }) => {
      const row = await requireSession(tx, ctx, params.id, 'update');
      if (!row.signed_at) throw invalid('signedAt', 'note.unsigned', 'a draft is edited, not amended: save the draft instead.');
      await tx
        .insertInto('thr_addenda')
        .values({
          organization_id: ctx.organizationId,
          id: newId(),
          session_id: row.id,
          body: body.body,
          reason: body.reason,
          written_by: ctx.userId,
          written_at: ctx.now,
        })
        .execute();
      await addEvent(tx, ctx, {
        patientId: row.patient_id,
        episodeId: row.episode_id,
        kind: 'therapy.addendum',
        summary: `Addendum to a session note: ${body.reason}`,
        detail: { sessionId: row.id },
      });
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'therapy-note', resourceId: row.id, action: 'update' });
      return reloaded(tx, ctx, row.id);
    },
  }),
];
