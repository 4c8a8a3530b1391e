import { z } from 'zod';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import { requireIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { problems } from '../../platform/problems';
import { invalid, loadSettings, newId, tags } from './common';

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
    await tx
      .insertInto('thr_note_templates')
      .values(defaultTemplates.map((d) => ({ organization_id: organizationId, id: newId(), name: d.name, sections: JSON.stringify(d.sections) })))
      .onConflict((oc) => oc.doNothing())
      .execute();
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

const templateOut = z.object({
  id: z.string(),
  name: z.string(),
  sections: z.array(z.object({ key: z.string(), label: z.string(), prompt: z.string().optional() })),
  active: z.boolean(),
  version: z.number(),
});
const groupTypeOut = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  description: z.string().nullable(),
  peerLed: z.boolean(),
  defaultMinutes: z.number(),
  active: z.boolean(),
  version: z.number(),
});
const levelHours = z.object({ minimum: z.number().min(0).max(168).nullable(), below: z.number().min(0).max(168).nullable() }).strict();
const settingsOut = z.object({
  noteDeadlineHours: z.number(),
  familyMinimumMinutes: z.number(),
  expectedHours: z.record(z.string(), z.object({ minimum: z.number().nullable(), below: z.number().nullable() })),
  version: z.number(),
});
const profileOut = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.string(),
  licensed: z.boolean(),
  credential: z.string().nullable(),
  supervisorId: z.string().nullable(),
  supervisorName: z.string().nullable(),
  version: z.number(),
});

function presentTemplate(r: { id: string; name: string; sections: unknown; active: boolean; version: number }) {
  return { id: r.id, name: r.name, sections: r.sections as { key: string; label: string; prompt?: string }[], active: r.active, version: r.version };
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
    summary: 'Note templates of the program (DAP, SOAP, BIRP and the program’s own)',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'read' } },
    response: z.object({ items: z.array(templateOut) }),
    handler: async ({ tx, ctx }) => {
      await ensureDefaults(tx, ctx.organizationId);
      const rows = await tx.selectFrom('thr_note_templates').selectAll().where('organization_id', '=', ctx.organizationId).orderBy('name').execute();
      return { items: rows.map(presentTemplate) };
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
      if (new Set(body.sections.map((s) => s.key)).size !== body.sections.length) throw invalid('sections', 'unique-keys', 'each section needs its own key.');
      const clash = await tx
        .selectFrom('thr_note_templates')
        .select('id')
        .where('organization_id', '=', ctx.organizationId)
        .where((eb) => eb(eb.fn('lower', ['name']), '=', body.name.toLowerCase()))
        .executeTakeFirst();
      if (clash) throw invalid('name', 'unique', 'a template of that name exists.');
      const row = await tx
        .insertInto('thr_note_templates')
        .values({ organization_id: ctx.organizationId, id: newId(), name: body.name, sections: JSON.stringify(body.sections) })
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-config', resourceId: row.id, action: 'create' });
      return presentTemplate(row);
    },
  }),
  route({
    method: 'PATCH',
    url: '/therapy/templates/:id',
    summary: 'Edit a note template (signed notes keep the text they were signed with)',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({ name: z.string().trim().min(1).max(60).optional(), sections: z.array(section).min(1).max(12).optional(), active: z.boolean().optional() })
      .strict(),
    response: templateOut,
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      if (Object.keys(body).length === 0) throw problems.emptyEdit();
      const exists =
        /^[0-9a-f-]{36}$/i.test(params.id) &&
        (await tx
          .selectFrom('thr_note_templates')
          .select('id')
          .where('organization_id', '=', ctx.organizationId)
          .where('id', '=', params.id)
          .executeTakeFirst());
      if (!exists) throw problems.notFound('Template');
      const expected = requireIfMatch(req);
      const row = /^[0-9a-f-]{36}$/i.test(params.id)
        ? await tx
            .updateTable('thr_note_templates')
            .set((eb) => ({
              ...(body.name ? { name: body.name } : {}),
              ...(body.sections ? { sections: JSON.stringify(body.sections) } : {}),
              ...(body.active !== undefined ? { active: body.active } : {}),
              version: eb('version', '+', 1),
            }))
            .where('organization_id', '=', ctx.organizationId)
            .where('id', '=', params.id)
            .where('version', '=', expected)
            .returningAll()
            .executeTakeFirst()
        : undefined;
      if (!row) {
        const exists =
          /^[0-9a-f-]{36}$/i.test(params.id) &&
          (await tx
            .selectFrom('thr_note_templates')
            .select('id')
            .where('organization_id', '=', ctx.organizationId)
            .where('id', '=', params.id)
            .executeTakeFirst());
        throw exists ? problems.preconditionFailed() : problems.notFound('Template');
      }
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-config', resourceId: row.id, action: 'update' });
      setEtag(reply, row.version);
      return presentTemplate(row);
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
];
