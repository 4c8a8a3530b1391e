import { sql } from 'kysely';
import { z } from 'zod';
import { levelLabels, type LevelOfCare } from '@waypoint/clinical/care/levels';
import { uuidv7 } from '../../db/ids';
import { recordAudit } from '../../platform/audit';
import { setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { requireFacility, requirePatient, isUuid } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { localDay } from '../../platform/time';
import { addEvent } from '../../platform/timeline';
import { admit } from './deps';
import { bedAvailability, needsBed } from './beds';
import { presentScheduled } from './present';
import {
  admitInput,
  availabilitySchema,
  bedCapacityInput,
  bedCapacitySchema,
  idParams,
  level,
  listOf,
  localDate,
  scheduleInput,
  scheduledSchema,
} from './schemas';
import { facilityForAction, facilityWhere } from './scope';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';

const tags = ['admissions'];
const resource = 'admissions-schedule' as const;
export const consentToTreatment = 'consent-to-treatment';

/** A facility's beds per bed-based level, with the bed-based levels it offers (the rows a settings form shows). */
async function bedCapacityOf(tx: Tx, facility: { organization_id: string; id: string; bed_count: number; levels_of_care: string[] }) {
  const rows = await tx
    .selectFrom('adm_bed_capacity')
    .select(['level_of_care', 'beds'])
    .where('organization_id', '=', facility.organization_id)
    .where('facility_id', '=', facility.id)
    .orderBy('level_of_care')
    .execute();
  return {
    facilityId: facility.id,
    bedCount: facility.bed_count,
    bedLevels: facility.levels_of_care.filter(needsBed) as LevelOfCare[],
    levels: rows.map((r) => ({ levelOfCare: r.level_of_care as LevelOfCare, beds: r.beds })),
  };
}

async function requireScheduled(tx: Tx, ctx: RequestContext, id: string, action: 'read' | 'update') {
  if (!isUuid(id)) throw problems.notFound('Scheduled admission');
  const row = await tx
    .selectFrom('adm_scheduled_admissions as s')
    .selectAll('s')
    .where('s.organization_id', '=', ctx.organizationId)
    .where('s.id', '=', id)
    .where((eb) => facilityWhere(ctx, resource, action, eb.ref('s.facility_id')))
    .executeTakeFirst();
  if (!row) throw problems.notFound('Scheduled admission');
  return row;
}

export const scheduleRoutes = [
  route({
    method: 'GET',
    url: '/admissions/bed-availability',
    summary: 'Free beds of a level of care at a facility, day by day (occupied + already scheduled counted)',
    tags,
    access: { permission: { resource, action: 'read' } },
    query: z
      .object({ facilityId: z.string(), levelOfCare: level, from: localDate.optional(), days: z.coerce.number().int().min(1).max(62).default(14) })
      .strict(),
    response: availabilitySchema,
    handler: async ({ tx, ctx, query }) => {
      const facility = await facilityForAction(tx, ctx, query.facilityId, resource, 'read').catch(() => {
        throw problems.notFound('Facility');
      });
      const from = query.from ?? localDay(ctx.now, facility.time_zone);
      const days = await bedAvailability(tx, ctx.organizationId, facility, query.levelOfCare, from, query.days);
      return { facilityId: facility.id, levelOfCare: query.levelOfCare, needsBed: needsBed(query.levelOfCare), days };
    },
  }),

  route({
    method: 'GET',
    url: '/admissions/facilities/:id/bed-capacity',
    summary: 'Beds by level of care at a facility, and which of its levels use beds',
    tags,
    access: { permission: { resource: 'facility', action: 'read' } },
    params: idParams,
    response: bedCapacitySchema,
    handler: async ({ tx, ctx, params }) => bedCapacityOf(tx, await requireFacility(tx, ctx, params.id, 'facility', 'read')),
  }),

  route({
    method: 'PUT',
    url: '/admissions/facilities/:id/bed-capacity',
    summary: 'Beds by level of care at a facility (levels left out share the rest of the facility’s beds)',
    tags,
    access: { permission: { resource: 'facility', action: 'update' } },
    params: idParams,
    body: bedCapacityInput,
    response: bedCapacitySchema,
    handler: async ({ tx, ctx, params, body }) => {
      const facility = isUuid(params.id)
        ? await tx.selectFrom('facilities').selectAll().where('id', '=', params.id).where('organization_id', '=', ctx.organizationId).executeTakeFirst()
        : undefined;
      if (!facility) throw problems.notFound('Facility');
      const levels = body.levels.filter((l: { levelOfCare: string }) => needsBed(l.levelOfCare));
      if (levels.length !== body.levels.length)
        throw problems.invalid('levels', 'bed-based-level', 'levels: only withdrawal management and residential care use beds.');
      if (new Set(levels.map((l: { levelOfCare: string }) => l.levelOfCare)).size !== levels.length)
        throw problems.invalid('levels', 'no-repeats', 'levels: each level once.');
      const total = levels.reduce((n: number, l: { beds: number }) => n + l.beds, 0);
      if (total > facility.bed_count)
        throw problems.invalid('levels', 'within-bed-count', `levels: ${total} beds is more than the facility's ${facility.bed_count}.`);
      await tx.deleteFrom('adm_bed_capacity').where('organization_id', '=', ctx.organizationId).where('facility_id', '=', facility.id).execute();
      if (levels.length) {
        await tx
          .insertInto('adm_bed_capacity')
          .values(
            levels.map((l: { levelOfCare: string; beds: number }) => ({
              organization_id: ctx.organizationId,
              facility_id: facility.id,
              level_of_care: l.levelOfCare,
              beds: l.beds,
            })),
          )
          .execute();
      }
      recordAudit(ctx, { patientId: null, resourceType: 'facility', resourceId: facility.id, action: 'update' });
      return bedCapacityOf(tx, facility);
    },
  }),

  route({
    method: 'GET',
    url: '/admissions/scheduled',
    summary: 'Scheduled admissions by date (facility scope)',
    tags,
    access: { permission: { resource, action: 'read' } },
    query: z
      .object({ facilityId: z.uuid().optional(), status: z.enum(['scheduled', 'admitted', 'cancelled']).default('scheduled'), patientId: z.uuid().optional() })
      .strict(),
    response: listOf(scheduledSchema),
    handler: async ({ tx, ctx, query }) => {
      let q = tx
        .selectFrom('adm_scheduled_admissions as s')
        .innerJoin('patients as p', 'p.id', 's.patient_id')
        .selectAll('s')
        .select([sql<string>`p.legal_family_name || ', ' || p.legal_given_name`.as('patient_name'), 'p.mrn'])
        .where('s.organization_id', '=', ctx.organizationId)
        .where('s.status', '=', query.status)
        .where((eb) => facilityWhere(ctx, resource, 'read', eb.ref('s.facility_id')));
      if (query.facilityId) q = q.where('s.facility_id', '=', query.facilityId);
      if (query.patientId) q = q.where('s.patient_id', '=', query.patientId);
      const rows = await q.orderBy('s.scheduled_on').orderBy('s.id').limit(500).execute();
      for (const r of rows) recordAudit(ctx, { patientId: r.patient_id, resourceType: 'scheduled-admission', resourceId: r.id, action: 'search' });
      return { items: rows.map((r) => presentScheduled(r, r)) };
    },
  }),

  route({
    method: 'POST',
    url: '/admissions/scheduled',
    summary: 'Schedule an admission on a day a bed of that level is free (rule bed-available)',
    tags,
    access: { permission: { resource, action: 'create' } },
    body: scheduleInput,
    response: scheduledSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, body, reply }) => {
      const patient = await requirePatient(tx, ctx, body.patientId, 'patient', 'read').catch(() => {
        throw problems.invalid('patientId', 'patient-in-scope', 'patientId: no such patient you may see.');
      });
      const facility = await facilityForAction(tx, ctx, body.facilityId, resource, 'create');
      if (!facility.levels_of_care.includes(body.levelOfCare)) {
        throw problems.invalid(
          'levelOfCare',
          'offered-by-facility',
          `levelOfCare: ${facility.name} does not offer ${levelLabels[body.levelOfCare as LevelOfCare]}.`,
        );
      }
      const today = localDay(ctx.now, facility.time_zone);
      if (body.scheduledOn < today)
        throw problems.invalid('scheduledOn', 'not-in-past', `scheduledOn: ${body.scheduledOn} is before today (${today}, facility time).`);
      let inquiry;
      if (body.inquiryId) {
        inquiry = await tx
          .selectFrom('adm_inquiries')
          .selectAll()
          .where('organization_id', '=', ctx.organizationId)
          .where('id', '=', body.inquiryId)
          .executeTakeFirst();
        if (!inquiry || inquiry.patient_id !== patient.id)
          throw problems.invalid('inquiryId', 'inquiry-of-patient', 'inquiryId: not an inquiry converted to this patient.');
      }
      const active = await tx
        .selectFrom('episodes')
        .select('id')
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', patient.id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (active) throw problems.conflict('one-active-episode', 'The patient is in care already: change the level of care instead.', { episodeId: active.id });
      const pending = await tx
        .selectFrom('adm_scheduled_admissions')
        .select(['id', 'scheduled_on'])
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', patient.id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      if (pending)
        throw problems.conflict('one-scheduled-admission', `An admission is already scheduled for ${pending.scheduled_on}: cancel it first.`, {
          scheduledId: pending.id,
        });
      // Serialize bookings of one facility so two coordinators cannot take the last bed together.
      await sql`select pg_advisory_xact_lock(hashtextextended(${`adm-beds:${facility.id}`}, 0))`.execute(tx);
      if (needsBed(body.levelOfCare)) {
        const horizon = 62;
        const days = await bedAvailability(tx, ctx.organizationId, facility, body.levelOfCare, body.scheduledOn, horizon);
        // The booking holds a bed from its day on, so every later day already counted must still have one free.
        const full = days.find((d) => d.free <= 0);
        if (full) {
          throw problems.invalid(
            'scheduledOn',
            'bed-available',
            full.date === body.scheduledOn
              ? `scheduledOn: no ${levelLabels[body.levelOfCare as LevelOfCare]} bed is free at ${facility.name} on ${body.scheduledOn} (${full.capacity} beds, ${full.occupied} occupied, ${full.scheduled} already scheduled).`
              : `scheduledOn: a bed is free on ${body.scheduledOn} but not on ${full.date}, when all ${full.capacity} ${levelLabels[body.levelOfCare as LevelOfCare]} beds at ${facility.name} are taken by admissions already scheduled.`,
          );
        }
      }
      const row = await tx
        .insertInto('adm_scheduled_admissions')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          patient_id: patient.id,
          inquiry_id: inquiry?.id ?? null,
          facility_id: facility.id,
          level_of_care: body.levelOfCare,
          scheduled_on: body.scheduledOn,
          status: 'scheduled',
          episode_id: null,
          admitted_at: null,
          cancelled_reason: null,
          created_by: ctx.userId,
          created_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (inquiry) {
        await tx
          .updateTable('adm_inquiries')
          .set({
            status: 'scheduled',
            next_action: `Admit on ${body.scheduledOn}`,
            next_action_due: body.scheduledOn,
            updated_at: ctx.now,
            version: inquiry.version + 1,
          })
          .where('id', '=', inquiry.id)
          .execute();
      }
      await addEvent(tx, ctx, {
        patientId: patient.id,
        kind: 'admission.scheduled',
        summary: `Admission scheduled for ${body.scheduledOn} at ${facility.name}, ${levelLabels[body.levelOfCare as LevelOfCare]}`,
      });
      recordAudit(ctx, { patientId: patient.id, resourceType: 'scheduled-admission', resourceId: row.id, action: 'create' });
      setEtag(reply, row.version);
      return presentScheduled(row);
    },
  }),

  route({
    method: 'POST',
    url: '/admissions/scheduled/:id/cancel',
    summary: 'Cancel a scheduled admission with the reason (the bed is free again)',
    tags,
    access: { permission: { resource, action: 'update' } },
    params: idParams,
    body: z.object({ reason: z.string().trim().min(3).max(2000), waitlist: z.boolean().default(true) }).strict(),
    response: scheduledSchema,
    auditResource: 'scheduled-admission',
    handler: async ({ tx, ctx, params, body, reply }) => {
      const s = await requireScheduled(tx, ctx, params.id, 'update');
      if (s.status !== 'scheduled') throw problems.conflict('not-scheduled', `The admission is ${s.status}.`);
      const row = await tx
        .updateTable('adm_scheduled_admissions')
        .set({ status: 'cancelled', cancelled_reason: body.reason, version: s.version + 1 })
        .where('id', '=', s.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (s.inquiry_id) {
        await tx
          .updateTable('adm_inquiries')
          .set((eb) => ({
            status: body.waitlist ? 'waitlisted' : 'open',
            next_action: 'Reschedule admission',
            next_action_due: null,
            updated_at: ctx.now,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', s.inquiry_id)
          .execute();
      }
      await addEvent(tx, ctx, {
        patientId: s.patient_id,
        kind: 'admission.cancelled',
        summary: `Scheduled admission of ${s.scheduled_on} cancelled: ${body.reason}`,
      });
      recordAudit(ctx, { patientId: s.patient_id, resourceType: 'scheduled-admission', resourceId: s.id, action: 'update' });
      setEtag(reply, row.version);
      return presentScheduled(row);
    },
  }),

  route({
    method: 'POST',
    url: '/admissions/scheduled/:id/admit',
    summary: 'Admit a scheduled patient: opens the episode with the pre-screen’s last use (consent to treatment must be signed)',
    tags,
    access: { permission: { resource: 'episode', action: 'create' } },
    params: idParams,
    body: admitInput,
    response: scheduledSchema,
    auditResource: 'scheduled-admission',
    handler: async ({ tx, ctx, params, body, reply }) => {
      const s = await requireScheduled(tx, ctx, params.id, 'read');
      if (s.status !== 'scheduled') throw problems.conflict('not-scheduled', `The admission is ${s.status}.`);
      await requirePatient(tx, ctx, s.patient_id, 'episode', 'create');
      const consent = await tx
        .selectFrom('adm_consents')
        .select('id')
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', s.patient_id)
        .where('form_code', '=', consentToTreatment)
        .where((eb) => eb.or([eb('admission_id', '=', s.id), eb('signed_at', '>=', s.created_at)]))
        .executeTakeFirst();
      if (!consent) throw problems.conflict('consent-to-treatment-signed', 'Consent to treatment must be signed before admission.');
      const prescreen = s.inquiry_id
        ? await tx
            .selectFrom('adm_prescreens')
            .select(['last_use_at', 'last_use_kind'])
            .where('organization_id', '=', ctx.organizationId)
            .where('inquiry_id', '=', s.inquiry_id)
            .executeTakeFirst()
        : undefined;
      const facility = await tx
        .selectFrom('facilities')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', s.facility_id)
        .executeTakeFirstOrThrow();
      // The pre-screen's last use becomes the episode's last opioid use (induction readiness).
      const episodeId = await admit(tx, ctx, {
        patientId: s.patient_id,
        facility,
        levelOfCare: s.level_of_care as LevelOfCare,
        admittedAt: body.admittedAt ? new Date(body.admittedAt) : ctx.now,
        bed: body.bed ?? null,
        lastOpioidUseAt: prescreen?.last_use_at ?? null,
      });
      const row = await tx
        .updateTable('adm_scheduled_admissions')
        .set({ status: 'admitted', episode_id: episodeId, admitted_at: body.admittedAt ? new Date(body.admittedAt) : ctx.now, version: s.version + 1 })
        .where('id', '=', s.id)
        .where('version', '=', s.version)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw problems.preconditionFailed();
      if (s.inquiry_id) {
        await tx
          .updateTable('adm_inquiries')
          .set((eb) => ({ status: 'admitted', next_action: null, next_action_due: null, updated_at: ctx.now, version: eb('version', '+', 1) }))
          .where('id', '=', s.inquiry_id)
          .execute();
      }
      recordAudit(ctx, { patientId: s.patient_id, resourceType: 'scheduled-admission', resourceId: s.id, action: 'update' });
      setEtag(reply, row.version);
      return presentScheduled(row);
    },
  }),
];
