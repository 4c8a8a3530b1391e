import { z } from 'zod';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import { requireIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { isUuid } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { invalid, loadSettings, newId, tags } from './common';
import { clinicianProfileSchema, groupTypeSchema, noteTemplateSchema, therapySettingsSchema } from './schemas';

const section = z
  .object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), label: z.string().trim().min(1).max(80), prompt: z.string().max(300).optional() })
  .strict();

/** The three note formats programs know, theirs to edit. */
export const defaultTemplates = [
  {
    name: 'DAP',
    sections: [
      { key: 'data', label: 'Data' },
      { key: 'assessment', label: 'Assessment' },
      { key: 'plan', label: 'Plan' },
    ],
  },
  {
    name: 'SOAP',
    sections: [
      { key: 'subjective', label: 'Subjective' },
      { key: 'objective', label: 'Objective' },
      { key: 'assessment', label: 'Assessment' },
      { key: 'plan', label: 'Plan' },
    ],
  },
  {
    name: 'BIRP',
    sections: [
      { key: 'behavior', label: 'Behavior' },
      { key: 'intervention', label: 'Intervention' },
      { key: 'response', label: 'Response' },
      { key: 'plan', label: 'Plan' },
    ],
  },
];

export const groupCategories = [
  'relapse_prevention',
  'cbt_skills',
  'dbt_skills',
  'psychoeducation',
  'family_education',
  'twelve_step',
  'process',
  'other',
] as const;

export const defaultGroupTypes: { name: string; category: (typeof groupCategories)[number]; peerLed: boolean; minutes: number }[] = [
  { name: 'Relapse prevention', category: 'relapse_prevention', peerLed: false, minutes: 60 },
  { name: 'CBT skills', category: 'cbt_skills', peerLed: false, minutes: 60 },
  { name: 'DBT skills', category: 'dbt_skills', peerLed: false, minutes: 90 },
  { name: 'Psychoeducation', category: 'psychoeducation', peerLed: false, minutes: 60 },
  { name: 'Family education', category: 'family_education', peerLed: false, minutes: 90 },
  { name: 'On-site NA meeting', category: 'twelve_step', peerLed: true, minutes: 60 },
  { name: 'Process group', category: 'process', peerLed: false, minutes: 90 },
];

export async function ensureDefaults(tx: Tx, organizationId: string): Promise<void> {
  const t = await tx.selectFrom('thr_note_templates').select('id').where('organization_id', '=', organizationId).limit(1).executeTakeFirst();
  if (!t) {
    const rows = await tx
      .insertInto('thr_note_templates')
      .values(defaultTemplates.map((d) => ({ organization_id: organizationId, id: newId(), name: d.name, sections: JSON.stringify(d.sections) })))
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .execute();
    for (const r of rows) await keepTemplateVersion(tx, r, null, new Date());
  }
  const g = await tx.selectFrom('thr_group_types').select('id').where('organization_id', '=', organizationId).limit(1).executeTakeFirst();
  if (!g) {
    await tx
      .insertInto('thr_group_types')
      .values(
        defaultGroupTypes.map((d) => ({
          organization_id: organizationId,
          id: newId(),
          name: d.name,
          category: d.category,
          description: null,
          peer_led: d.peerLed,
          default_minutes: d.minutes,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

const levelHours = z.object({ minimum: z.number().min(0).max(168).nullable(), below: z.number().min(0).max(168).nullable() }).strict();
const templateOut = noteTemplateSchema;
const groupTypeOut = groupTypeSchema;
const settingsOut = therapySettingsSchema;
const profileOut = clinicianProfileSchema;
type TemplateRow = { organization_id: string; id: string; name: string; sections: unknown; active: boolean; version: number };

/** Every version of a template is kept: a signed note reads with the sections it was signed with. */
async function keepTemplateVersion(tx: Tx, r: TemplateRow, userId: string | null, at: Date): Promise<void> {
  await tx
    .insertInto('thr_note_template_versions')
    .values({
      organization_id: r.organization_id,
      template_id: r.id,
      version: r.version,
      name: r.name,
      sections: JSON.stringify(r.sections),
      active: r.active,
      changed_by: userId,
      changed_at: at,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

async function templateHistory(tx: Tx, organizationId: string, templateIds: string[]) {
  if (templateIds.length === 0) return [];
  return tx
    .selectFrom('thr_note_template_versions as v')
    .leftJoin('users as u', (j) => j.onRef('u.organization_id', '=', 'v.organization_id').onRef('u.id', '=', 'v.changed_by'))
    .select(['v.template_id', 'v.version', 'v.name', 'v.sections', 'v.active', 'v.changed_at', 'u.display_name'])
    .where('v.organization_id', '=', organizationId)
    .where('v.template_id', 'in', templateIds)
    .orderBy('v.version', 'desc')
    .execute();
}

type Section = { key: string; label: string; prompt?: string };
function presentTemplate(r: TemplateRow, history: Awaited<ReturnType<typeof templateHistory>>): z.infer<typeof templateOut> {
  return {
    id: r.id,
    name: r.name,
    sections: r.sections as Section[],
    active: r.active,
    version: r.version,
    history: history
      .filter((h) => h.template_id === r.id)
      .map((h) => ({
        version: h.version,
        name: h.name,
        sections: h.sections as Section[],
        active: h.active,
        changedAt: h.changed_at.toISOString(),
        changedByName: h.display_name ?? null,
      })),
  };
}
async function templateView(tx: Tx, r: TemplateRow) {
  return presentTemplate(r, await templateHistory(tx, r.organization_id, [r.id]));
}
function presentGroupType(r: {
  id: string;
  name: string;
  category: string;
  description: string | null;
  peer_led: boolean;
  default_minutes: number;
  active: boolean;
  version: number;
}) {
  return {
    id: r.id,
    name: r.name,
    category: r.category,
    description: r.description,
    peerLed: r.peer_led,
    defaultMinutes: r.default_minutes,
    active: r.active,
    version: r.version,
  };
}

function checkSections(sections: Section[]): void {
  const keys = new Set<string>();
  sections.forEach((x, i) => {
    if (keys.has(x.key)) throw invalid(`sections.${i}.key`, 'unique-keys', 'each section needs its own key.');
    keys.add(x.key);
  });
}

async function checkTemplateName(tx: Tx, organizationId: string, name: string, except: string | null): Promise<void> {
  let q = tx
    .selectFrom('thr_note_templates')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (except) q = q.where('id', '<>', except);
  if (await q.executeTakeFirst()) throw invalid('name', 'unique', 'a template of that name exists.');
}

export const configRoutes = [
  route({
    method: 'GET',
    url: '/therapy/settings',
    summary: 'Therapy settings: note deadline, family-therapy minimum, expected clinical hours per level',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'read' } },
    response: settingsOut,
    handler: async ({ tx, ctx, reply }) => {
      const s = await loadSettings(tx, ctx.organizationId);
      setEtag(reply, s.version);
      return s;
    },
  }),
  route({
    method: 'PUT',
    url: '/therapy/settings',
    summary: 'Change the therapy settings (If-Match; "0" before the first change)',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'update' } },
    body: z
      .object({
        noteDeadlineHours: z.number().int().min(1).max(720),
        familyMinimumMinutes: z.number().int().min(1).max(120),
        expectedHours: z
          .object(
            Object.fromEntries(levelsOfCare.map((l) => [l, levelHours.optional()])) as Record<(typeof levelsOfCare)[number], z.ZodOptional<typeof levelHours>>,
          )
          .strict(),
      })
      .strict(),
    response: settingsOut,
    handler: async ({ tx, ctx, body, req, reply }) => {
      const expected = requireIfMatch(req);
      const current = await loadSettings(tx, ctx.organizationId);
      if (expected !== current.version) throw problems.preconditionFailed();
      const values = {
        note_deadline_hours: body.noteDeadlineHours,
        family_minimum_minutes: body.familyMinimumMinutes,
        expected_hours: JSON.stringify({ ...current.expectedHours, ...body.expectedHours }),
      };
      if (current.version === 0)
        await tx
          .insertInto('thr_settings')
          .values({ organization_id: ctx.organizationId, ...values })
          .execute();
      else
        await tx
          .updateTable('thr_settings')
          .set({ ...values, version: current.version + 1 })
          .where('organization_id', '=', ctx.organizationId)
          .execute();
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-config', resourceId: 'settings', action: 'update' });
      const s = await loadSettings(tx, ctx.organizationId);
      setEtag(reply, s.version);
      return s;
    },
  }),
  route({
    method: 'GET',
    url: '/therapy/clinicians',
    summary: 'Clinicians who write notes, with licensure and supervisor (interns wait for co-signature)',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'read' } },
    response: z.object({ items: z.array(profileOut) }),
    handler: async ({ tx, ctx }) => {
      const rows = await tx
        .selectFrom('users as u')
        .leftJoin('thr_clinician_profiles as p', (j) => j.onRef('p.organization_id', '=', 'u.organization_id').onRef('p.user_id', '=', 'u.id'))
        .leftJoin('users as s', 's.id', 'p.supervisor_id')
        .select(['u.id', 'u.display_name', 'u.role', 'p.licensed', 'p.credential', 'p.supervisor_id', 's.display_name as supervisor_name', 'p.version'])
        .where('u.organization_id', '=', ctx.organizationId)
        .where('u.active', '=', true)
        .where('u.role', 'in', ['counselor', 'peer_recovery_specialist', 'prescriber', 'case_manager', 'administrator'])
        .orderBy('u.display_name')
        .execute();
      return {
        items: rows.map((r) => ({
          userId: r.id,
          displayName: r.display_name,
          role: r.role,
          licensed: r.licensed ?? true,
          credential: r.credential ?? null,
          supervisorId: r.supervisor_id ?? null,
          supervisorName: r.supervisor_name ?? null,
          version: r.version ?? 0,
        })),
      };
    },
  }),
  route({
    method: 'PUT',
    url: '/therapy/clinicians/:id',
    summary: 'Record a clinician’s licensure and supervisor',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({ licensed: z.boolean(), credential: z.string().trim().max(40).nullable().optional(), supervisorId: z.uuid().nullable().optional() })
      .strict(),
    response: profileOut,
    handler: async ({ tx, ctx, params, body }) => {
      const user = /^[0-9a-f-]{36}$/i.test(params.id)
        ? await tx
            .selectFrom('users')
            .select(['id', 'display_name', 'role'])
            .where('organization_id', '=', ctx.organizationId)
            .where('id', '=', params.id)
            .executeTakeFirst()
        : undefined;
      if (!user) throw problems.notFound('User');
      let supervisorName: string | null = null;
      if (body.supervisorId) {
        if (body.supervisorId === user.id) throw invalid('supervisorId', 'not-self', 'a clinician cannot supervise themselves.');
        const sup = await tx
          .selectFrom('users')
          .select(['id', 'display_name'])
          .where('organization_id', '=', ctx.organizationId)
          .where('id', '=', body.supervisorId)
          .where('active', '=', true)
          .executeTakeFirst();
        if (!sup) throw invalid('supervisorId', 'active-user', 'not an active user of this program.');
        const supProfile = await tx
          .selectFrom('thr_clinician_profiles')
          .select('licensed')
          .where('organization_id', '=', ctx.organizationId)
          .where('user_id', '=', sup.id)
          .executeTakeFirst();
        if (supProfile && !supProfile.licensed) throw invalid('supervisorId', 'licensed-supervisor', 'the supervisor must be licensed.');
        supervisorName = sup.display_name;
      }
      if (!body.licensed && !body.supervisorId)
        throw invalid('supervisorId', 'required-for-unlicensed', 'an unlicensed clinician needs a supervisor who co-signs.');
      const row = await tx
        .insertInto('thr_clinician_profiles')
        .values({
          organization_id: ctx.organizationId,
          user_id: user.id,
          licensed: body.licensed,
          credential: body.credential ?? null,
          supervisor_id: body.supervisorId ?? null,
          updated_at: ctx.now,
        })
        .onConflict((oc) =>
          oc.columns(['organization_id', 'user_id']).doUpdateSet((eb) => ({
            licensed: body.licensed,
            credential: body.credential ?? null,
            supervisor_id: body.supervisorId ?? null,
            updated_at: ctx.now,
            version: eb('thr_clinician_profiles.version', '+', 1),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-config', resourceId: user.id, action: 'update' });
      return {
        userId: user.id,
        displayName: user.display_name,
        role: user.role,
        licensed: row.licensed,
        credential: row.credential,
        supervisorId: row.supervisor_id,
        supervisorName,
        version: row.version,
      };
    },
  }),
  route({
    method: 'GET',
    url: '/therapy/templates',
    summary: 'Note templates of the program (DAP, SOAP, BIRP and the program’s own), each with its versions',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'read' } },
    response: z.object({ items: z.array(templateOut) }),
    handler: async ({ tx, ctx }) => {
      await ensureDefaults(tx, ctx.organizationId);
      const rows = await tx.selectFrom('thr_note_templates').selectAll().where('organization_id', '=', ctx.organizationId).orderBy('name').execute();
      const history = await templateHistory(
        tx,
        ctx.organizationId,
        rows.map((r) => r.id),
      );
      return { items: rows.map((r) => presentTemplate(r, history)) };
    },
  }),
  route({
    method: 'POST',
    url: '/therapy/templates',
    summary: 'Add a note template',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'update' } },
    body: z.object({ name: z.string().trim().min(1).max(60), sections: z.array(section).min(1).max(12) }).strict(),
    status: 201,
    idempotent: true,
    response: templateOut,
    handler: async ({ tx, ctx, body }) => {
      await ensureDefaults(tx, ctx.organizationId);
      checkSections(body.sections);
      await checkTemplateName(tx, ctx.organizationId, body.name, null);
      const row = await tx
        .insertInto('thr_note_templates')
        .values({ organization_id: ctx.organizationId, id: newId(), name: body.name, sections: JSON.stringify(body.sections) })
        .returningAll()
        .executeTakeFirstOrThrow();
      await keepTemplateVersion(tx, row, ctx.userId, ctx.now);
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-config', resourceId: row.id, action: 'create' });
      return templateView(tx, row);
    },
  }),
  route({
    method: 'PATCH',
    url: '/therapy/templates/:id',
    summary: 'Edit a note template: rename, add, rename or reorder sections, deactivate (If-Match); a new version, signed notes keep theirs',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({ name: z.string().trim().min(1).max(60).optional(), sections: z.array(section).min(1).max(12).optional(), active: z.boolean().optional() })
      .strict(),
    response: templateOut,
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      if (Object.keys(body).length === 0) throw problems.emptyEdit();
      const current = isUuid(params.id)
        ? await tx.selectFrom('thr_note_templates').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', params.id).executeTakeFirst()
        : undefined;
      if (!current) throw problems.notFound('Template');
      const expected = requireIfMatch(req);
      if (expected !== current.version) throw problems.preconditionFailed();
      if (body.sections) {
        checkSections(body.sections);
        // Drafts hold text under these keys: a section is renamed, never dropped.
        const kept = new Set(body.sections.map((x) => x.key));
        for (const old of current.sections as Section[])
          if (!kept.has(old.key))
            throw invalid('sections', 'keeps-sections', `the ${old.label} section is in use: rename it, or deactivate the template and make a new one.`);
      }
      if (body.name) await checkTemplateName(tx, ctx.organizationId, body.name, current.id);
      const row = await tx
        .updateTable('thr_note_templates')
        .set({
          ...(body.name ? { name: body.name } : {}),
          ...(body.sections ? { sections: JSON.stringify(body.sections) } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          version: current.version + 1,
        })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', current.id)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw problems.preconditionFailed();
      await keepTemplateVersion(tx, row, ctx.userId, ctx.now);
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-config', resourceId: row.id, action: 'update' });
      setEtag(reply, row.version);
      return templateView(tx, row);
    },
  }),
  route({
    method: 'GET',
    url: '/therapy/group-types',
    summary: 'The group catalogue',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'read' } },
    response: z.object({ items: z.array(groupTypeOut) }),
    handler: async ({ tx, ctx }) => {
      await ensureDefaults(tx, ctx.organizationId);
      const rows = await tx.selectFrom('thr_group_types').selectAll().where('organization_id', '=', ctx.organizationId).orderBy('name').execute();
      return { items: rows.map(presentGroupType) };
    },
  }),
  route({
    method: 'POST',
    url: '/therapy/group-types',
    summary: 'Add a group to the catalogue',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'update' } },
    body: z
      .object({
        name: z.string().trim().min(1).max(80),
        category: z.enum(groupCategories),
        description: z.string().max(1000).nullable().optional(),
        peerLed: z.boolean().default(false),
        defaultMinutes: z.number().int().min(5).max(480).default(60),
      })
      .strict(),
    status: 201,
    idempotent: true,
    response: groupTypeOut,
    handler: async ({ tx, ctx, body }) => {
      await ensureDefaults(tx, ctx.organizationId);
      const clash = await tx
        .selectFrom('thr_group_types')
        .select('id')
        .where('organization_id', '=', ctx.organizationId)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', body.name.toLowerCase()))
        .executeTakeFirst();
      if (clash) throw invalid('name', 'unique', 'a group of that name is in the catalogue.');
      const row = await tx
        .insertInto('thr_group_types')
        .values({
          organization_id: ctx.organizationId,
          id: newId(),
          name: body.name,
          category: body.category,
          description: body.description ?? null,
          peer_led: body.peerLed,
          default_minutes: body.defaultMinutes,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-config', resourceId: row.id, action: 'create' });
      return presentGroupType(row);
    },
  }),
  route({
    method: 'PATCH',
    url: '/therapy/group-types/:id',
    summary: 'Edit a group of the catalogue: name, kind, description, usual length, peer-led, retired (If-Match)',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({
        name: z.string().trim().min(1).max(80).optional(),
        category: z.enum(groupCategories).optional(),
        description: z.string().max(1000).nullable().optional(),
        peerLed: z.boolean().optional(),
        defaultMinutes: z.number().int().min(5).max(480).optional(),
        active: z.boolean().optional(),
      })
      .strict(),
    response: groupTypeOut,
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      if (Object.keys(body).length === 0) throw problems.emptyEdit();
      const current = isUuid(params.id)
        ? await tx.selectFrom('thr_group_types').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', params.id).executeTakeFirst()
        : undefined;
      if (!current) throw problems.notFound('Group type');
      const expected = requireIfMatch(req);
      if (expected !== current.version) throw problems.preconditionFailed();
      if (body.name) {
        const clash = await tx
          .selectFrom('thr_group_types')
          .select('id')
          .where('organization_id', '=', ctx.organizationId)
          .where('id', '<>', current.id)
          .where((eb) => eb(eb.fn('lower', ['name']), '=', body.name!.toLowerCase()))
          .executeTakeFirst();
        if (clash) throw invalid('name', 'unique', 'a group of that name is in the catalogue.');
      }
      const row = await tx
        .updateTable('thr_group_types')
        .set({
          ...(body.name ? { name: body.name } : {}),
          ...(body.category ? { category: body.category } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.peerLed !== undefined ? { peer_led: body.peerLed } : {}),
          ...(body.defaultMinutes !== undefined ? { default_minutes: body.defaultMinutes } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          version: current.version + 1,
        })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', current.id)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw problems.preconditionFailed();
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-config', resourceId: row.id, action: 'update' });
      setEtag(reply, row.version);
      return presentGroupType(row);
    },
  }),
];
