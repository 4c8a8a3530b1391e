import { sql } from 'kysely';
import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import type { FastifyReply } from 'fastify';
import type { Selectable } from 'kysely';
import type { AdmInquiriesTable, Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { requireIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { decodeCursor, page, pageQuery } from '../../platform/pagination';
import { requirePatient } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { localDay } from '../../platform/time';
import { findDuplicates } from './deps';
import { registerPatient } from './deps';
import { presentInquiry, presentPrescreen, presentScheduled } from './present';
import {
  convertInput,
  duplicatesSchema,
  idParams,
  inquiryInput,
  inquiryPatch,
  inquirySchema,
  inquiryStatuses,
  inquirySummarySchema,
  prescreenInput,
  prescreenSchema,
} from './schemas';
import { facilityForAction, facilityWhere, requireInquiry } from './scope';

const tags = ['admissions'];
const resource = 'admissions-inquiry' as const;

function notInFuture(field: string, at: Date, now: Date) {
  if (at.getTime() > now.getTime() + 5 * 60_000) throw problems.invalid(field, 'not-in-future', `${field}: cannot be in the future.`);
}

/** Inquiries are not patient records yet; they are audited as their own resource. */
function audit(ctx: RequestContext, id: string, action: 'read' | 'create' | 'update' | 'search', patientId: string | null = null) {
  recordAudit(ctx, { patientId, resourceType: 'inquiry', resourceId: id, action });
}

export async function loadInquiry(tx: Tx, ctx: RequestContext, row: Awaited<ReturnType<typeof requireInquiry>>): Promise<z.infer<typeof inquirySchema>> {
  const pre = await tx
    .selectFrom('adm_prescreens')
    .selectAll()
    .where('organization_id', '=', ctx.organizationId)
    .where('inquiry_id', '=', row.id)
    .executeTakeFirst();
  const scheduled = await tx
    .selectFrom('adm_scheduled_admissions')
    .selectAll()
    .where('organization_id', '=', ctx.organizationId)
    .where('inquiry_id', '=', row.id)
    .orderBy('created_at', 'desc')
    .execute();
  return { ...presentInquiry(row), prescreen: pre ? presentPrescreen(pre) : null, scheduled: scheduled.map((s) => presentScheduled(s)) };
}

/** The answer to an edit of an inquiry: 412 if someone changed it first, else audited, with its new ETag. */
async function updated(tx: Tx, ctx: RequestContext, reply: FastifyReply, row: Selectable<AdmInquiriesTable> | undefined) {
  if (!row) throw problems.preconditionFailed();
  audit(ctx, row.id, 'update', row.patient_id);
  setEtag(reply, row.version);
  return loadInquiry(tx, ctx, row);
}

export const inquiryRoutes = [
  route({
    method: 'GET',
    url: '/admissions/inquiries',
    summary: 'Inquiries and referrals, newest first (filter by status, facility or name)',
    tags,
    access: { permission: { resource, action: 'read' } },
    query: z
      .object({
        status: z.enum([...inquiryStatuses, 'active']).optional(),
        facilityId: z.uuid().optional(),
        q: z.string().trim().max(100).optional(),
        ...pageQuery,
      })
      .strict(),
    response: z.object({ items: z.array(inquirySummarySchema), nextCursor: z.string().nullable() }),
    handler: async ({ tx, ctx, query }) => {
      const after = decodeCursor<[string, string]>(query.cursor, ['instant', 'uuid']);
      let q = tx
        .selectFrom('adm_inquiries as i')
        .selectAll('i')
        .where('i.organization_id', '=', ctx.organizationId)
        .where((eb) => facilityWhere(ctx, resource, 'read', eb.ref('i.facility_id')));
      if (query.status === 'active') q = q.where('i.status', 'in', ['open', 'waitlisted', 'scheduled']);
      else if (query.status) q = q.where('i.status', '=', query.status);
      if (query.facilityId) q = q.where('i.facility_id', '=', query.facilityId);
      if (query.q) {
        const like = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c: string) => `\\${c}`)}%`;
        q = q.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['i.family_name']), 'like', like),
            eb(eb.fn('lower', ['i.given_name']), 'like', like),
            eb(eb.fn('lower', ['i.caller_name']), 'like', like),
          ]),
        );
      }
      if (after) q = q.where(sql<boolean>`(i.received_at, i.id) < (${new Date(after[0])}, ${after[1]}::uuid)`);
      const rows = await q
        .orderBy('i.received_at', 'desc')
        .orderBy('i.id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const { items, nextCursor } = page(rows, query.limit, (r) => [r.received_at.toISOString(), r.id]);
      for (const r of items) audit(ctx, r.id, 'search', r.patient_id);
      return { items: items.map(presentInquiry), nextCursor };
    },
  }),

  route({
    method: 'POST',
    url: '/admissions/inquiries',
    summary: 'Record an inquiry or referral (caller, referral source, consent to call back)',
    tags,
    access: { permission: { resource, action: 'create' } },
    body: inquiryInput,
    response: inquirySchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, body, reply }) => {
      await facilityForAction(tx, ctx, body.facilityId, resource, 'create');
      const receivedAt = body.receivedAt ? new Date(body.receivedAt) : ctx.now;
      notInFuture('receivedAt', receivedAt, ctx.now);
      if (body.contactConsent && !body.callbackPhone && !body.phone) {
        throw problems.invalid(
          'callbackPhone',
          'required-with-contact-consent',
          'callbackPhone: a number to call back is needed when the caller agrees to be called back.',
        );
      }
      const row = await tx
        .insertInto('adm_inquiries')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          facility_id: body.facilityId,
          level_of_care: body.levelOfCare ?? null,
          received_at: receivedAt,
          channel: body.channel,
          caller_name: body.callerName,
          caller_relation: body.callerRelation,
          callback_phone: body.callbackPhone ?? null,
          contact_consent: body.contactConsent,
          referral_source: body.referralSource,
          referral_organization: body.referralOrganization ?? null,
          referral_contact: body.referralContact ?? null,
          given_name: body.givenName,
          family_name: body.familyName,
          birth_date: body.birthDate ?? null,
          sex_at_birth: body.sexAtBirth ?? null,
          phone: body.phone ?? null,
          email: body.email ?? null,
          reason: body.reason ?? null,
          status: 'open',
          next_action: body.nextAction ?? 'Pre-screen',
          next_action_due: body.nextActionDue ?? null,
          closed_reason: null,
          patient_id: null,
          created_by: ctx.userId,
          created_at: ctx.now,
          updated_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit(ctx, row.id, 'create');
      setEtag(reply, row.version);
      return loadInquiry(tx, ctx, row);
    },
  }),

  route({
    method: 'GET',
    url: '/admissions/inquiries/:id',
    summary: 'An inquiry with its pre-screen and scheduled admissions (with ETag)',
    tags,
    access: { permission: { resource, action: 'read' } },
    params: idParams,
    response: inquirySchema,
    auditResource: 'inquiry',
    handler: async ({ tx, ctx, params, reply }) => {
      const row = await requireInquiry(tx, ctx, params.id, 'read');
      audit(ctx, row.id, 'read', row.patient_id);
      setEtag(reply, row.version);
      return loadInquiry(tx, ctx, row);
    },
  }),

  route({
    method: 'PATCH',
    url: '/admissions/inquiries/:id',
    summary: 'Edit an inquiry, put it on the waitlist, set the next action (If-Match required)',
    tags,
    access: { permission: { resource, action: 'update' } },
    params: idParams,
    body: inquiryPatch,
    response: inquirySchema,
    auditResource: 'inquiry',
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const current = await requireInquiry(tx, ctx, params.id, 'update');
      const expected = requireIfMatch(req);
      if (Object.keys(body).length === 0) throw problems.emptyEdit();
      if (current.status === 'admitted' || current.status === 'closed')
        throw problems.conflict('inquiry-finished', `The inquiry is ${current.status}; it can no longer change.`);
      if (body.status && current.status === 'scheduled')
        throw problems.invalid('status', 'scheduled-admission-open', 'status: an admission is scheduled; cancel it first.');
      if (body.facilityId) await facilityForAction(tx, ctx, body.facilityId, resource, 'update');
      const row = await tx
        .updateTable('adm_inquiries')
        .set({
          ...(body.facilityId !== undefined && { facility_id: body.facilityId }),
          ...(body.levelOfCare !== undefined && { level_of_care: body.levelOfCare }),
          ...(body.channel !== undefined && { channel: body.channel }),
          ...(body.callerName !== undefined && { caller_name: body.callerName }),
          ...(body.callerRelation !== undefined && { caller_relation: body.callerRelation }),
          ...(body.callbackPhone !== undefined && { callback_phone: body.callbackPhone }),
          ...(body.contactConsent !== undefined && { contact_consent: body.contactConsent }),
          ...(body.referralSource !== undefined && { referral_source: body.referralSource }),
          ...(body.referralOrganization !== undefined && { referral_organization: body.referralOrganization }),
          ...(body.referralContact !== undefined && { referral_contact: body.referralContact }),
          ...(body.givenName !== undefined && { given_name: body.givenName }),
          ...(body.familyName !== undefined && { family_name: body.familyName }),
          ...(body.birthDate !== undefined && { birth_date: body.birthDate }),
          ...(body.sexAtBirth !== undefined && { sex_at_birth: body.sexAtBirth }),
          ...(body.phone !== undefined && { phone: body.phone }),
          ...(body.email !== undefined && { email: body.email }),
          ...(body.reason !== undefined && { reason: body.reason }),
          ...(body.status !== undefined && { status: body.status }),
          ...(body.nextAction !== undefined && { next_action: body.nextAction }),
          ...(body.nextActionDue !== undefined && { next_action_due: body.nextActionDue }),
          updated_at: ctx.now,
          version: current.version + 1,
        })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', current.id)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      return updated(tx, ctx, reply, row);
    },
  }),

  route({
    method: 'POST',
    url: '/admissions/inquiries/:id/close',
    summary: 'Close an inquiry that will not lead to an admission, with the reason',
    tags,
    access: { permission: { resource, action: 'update' } },
    params: idParams,
    body: z.object({ reason: z.string().trim().min(3).max(2000) }).strict(),
    response: inquirySchema,
    auditResource: 'inquiry',
    handler: async ({ tx, ctx, params, body, reply }) => {
      const current = await requireInquiry(tx, ctx, params.id, 'update');
      if (current.status === 'admitted' || current.status === 'closed')
        throw problems.conflict('inquiry-finished', `The inquiry is already ${current.status}.`);
      if (current.status === 'scheduled') throw problems.conflict('scheduled-admission-open', 'An admission is scheduled: cancel it first.');
      const row = await tx
        .updateTable('adm_inquiries')
        .set({ status: 'closed', closed_reason: body.reason, next_action: null, next_action_due: null, updated_at: ctx.now, version: current.version + 1 })
        .where('id', '=', current.id)
        .where('version', '=', current.version)
        .returningAll()
        .executeTakeFirst();
      return updated(tx, ctx, reply, row);
    },
  }),

  route({
    method: 'PUT',
    url: '/admissions/inquiries/:id/prescreen',
    summary: 'Record or correct the pre-screen (substances, route, last use, overdose and withdrawal history, pregnancy, MOUD, urgency)',
    tags,
    access: { permission: { resource, action: 'update' } },
    params: idParams,
    body: prescreenInput,
    response: prescreenSchema,
    auditResource: 'inquiry',
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const inquiry = await requireInquiry(tx, ctx, params.id, 'update');
      if (inquiry.status === 'admitted' || inquiry.status === 'closed')
        throw problems.conflict('inquiry-finished', `The inquiry is ${inquiry.status}; the pre-screen can no longer change.`);
      const facility = await tx.selectFrom('facilities').select('time_zone').where('id', '=', inquiry.facility_id).executeTakeFirstOrThrow();
      const lastUse = body.lastUseAt ? new Date(body.lastUseAt) : null;
      if (lastUse) notInFuture('lastUseAt', lastUse, ctx.now);
      if (body.lastOverdoseOn && body.lastOverdoseOn > localDay(ctx.now, facility.time_zone))
        throw problems.invalid('lastOverdoseOn', 'not-in-future', 'lastOverdoseOn: cannot be in the future.');
      if (body.lastOverdoseOn && body.overdoseCount === 0)
        throw problems.invalid('overdoseCount', 'at-least-one-with-date', 'overdoseCount: a last overdose date means at least one overdose.');
      if (body.currentMoud !== 'none' && !body.currentMoudDetail)
        throw problems.invalid(
          'currentMoudDetail',
          'required-with-moud',
          'currentMoudDetail: give the dose and prescriber or program of the current medication.',
        );
      const existing = await tx
        .selectFrom('adm_prescreens')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('inquiry_id', '=', inquiry.id)
        .executeTakeFirst();
      const values = {
        substances: JSON.stringify(body.substances),
        last_use_at: lastUse,
        last_use_kind: body.lastUseKind,
        overdose_count: body.overdoseCount,
        last_overdose_on: body.lastOverdoseOn ?? null,
        withdrawal_history: JSON.stringify(body.withdrawalHistory),
        pregnancy: body.pregnancy,
        co_occurring: body.coOccurring ?? null,
        current_moud: body.currentMoud,
        current_moud_detail: body.currentMoudDetail ?? null,
        urgency: body.urgency,
        recommended_level: body.recommendedLevel ?? null,
        notes: body.notes ?? null,
        recorded_by: ctx.userId,
        recorded_at: ctx.now,
      };
      let row;
      if (existing) {
        const expected = requireIfMatch(req);
        row = await tx
          .updateTable('adm_prescreens')
          .set({ ...values, version: existing.version + 1 })
          .where('id', '=', existing.id)
          .where('version', '=', expected)
          .returningAll()
          .executeTakeFirst();
        if (!row) throw problems.preconditionFailed();
      } else {
        row = await tx
          .insertInto('adm_prescreens')
          .values({ organization_id: ctx.organizationId, id: uuidv7(), inquiry_id: inquiry.id, ...values })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      await tx
        .updateTable('adm_inquiries')
        .set({
          ...(body.recommendedLevel && !inquiry.level_of_care && { level_of_care: body.recommendedLevel }),
          ...(inquiry.next_action === 'Pre-screen' && { next_action: 'Verify insurance and schedule admission' }),
          updated_at: ctx.now,
          version: inquiry.version + 1,
        })
        .where('id', '=', inquiry.id)
        .execute();
      audit(ctx, inquiry.id, existing ? 'update' : 'create', inquiry.patient_id);
      setEtag(reply, row.version);
      return presentPrescreen(row);
    },
  }),

  route({
    method: 'GET',
    url: '/admissions/inquiries/:id/duplicates',
    summary: 'Existing patients who may be the person of this inquiry (checked before a record is made)',
    tags,
    access: { permission: { resource: 'patient', action: 'create' } },
    params: idParams,
    response: duplicatesSchema,
    auditResource: 'inquiry',
    handler: async ({ tx, ctx, params }) => {
      const inquiry = await requireInquiry(tx, ctx, params.id, 'read');
      if (!inquiry.birth_date) return { candidates: [] };
      const candidates = await findDuplicates(tx, ctx, inquiry.given_name, inquiry.family_name, inquiry.birth_date);
      for (const p of candidates) recordAudit(ctx, { patientId: p.id, resourceType: 'patient', resourceId: p.id, action: 'search' });
      return { candidates };
    },
  }),

  route({
    method: 'POST',
    url: '/admissions/inquiries/:id/convert',
    summary: 'Make the inquiry a patient: registers from the inquiry (409 with candidates on likely duplicates) or links an existing patient',
    tags,
    access: { permission: { resource: 'patient', action: 'create' } },
    params: idParams,
    body: convertInput,
    response: inquirySchema,
    auditResource: 'inquiry',
    handler: async ({ tx, ctx, params, body, reply }) => {
      const inquiry = await requireInquiry(tx, ctx, params.id, 'update');
      if (inquiry.patient_id) throw problems.conflict('already-converted', 'The inquiry is already linked to a patient.', { patientId: inquiry.patient_id });
      if (inquiry.status === 'closed') throw problems.conflict('inquiry-finished', 'The inquiry is closed.');
      let patientId: string;
      if (body.existingPatientId) {
        patientId = (
          await requirePatient(tx, ctx, body.existingPatientId, 'patient', 'read').catch(() => {
            throw problems.invalid('existingPatientId', 'patient-in-scope', 'existingPatientId: no such patient you may see.');
          })
        ).id;
      } else {
        const birthDate = body.birthDate ?? inquiry.birth_date;
        if (!birthDate) throw problems.invalid('birthDate', 'required-to-register', 'birthDate: a birth date is needed to register the patient.');
        const patient = await registerPatient(tx, ctx, {
          legalGivenName: inquiry.given_name,
          legalFamilyName: inquiry.family_name,
          birthDate,
          sexAtBirth: body.sexAtBirth ?? (inquiry.sex_at_birth as 'female' | 'male' | 'intersex' | 'unknown' | null) ?? 'unknown',
          phone: inquiry.phone ?? inquiry.callback_phone,
          email: inquiry.email,
          preferredLanguage: 'en',
          allergies: [],
          facilityId: inquiry.facility_id,
          confirmNotDuplicate: body.confirmNotDuplicate,
        });
        patientId = patient.id;
      }
      const row = await tx
        .updateTable('adm_inquiries')
        .set({ patient_id: patientId, updated_at: ctx.now, version: inquiry.version + 1 })
        .where('id', '=', inquiry.id)
        .where('version', '=', inquiry.version)
        .returningAll()
        .executeTakeFirst();
      return updated(tx, ctx, reply, row);
    },
  }),
];
