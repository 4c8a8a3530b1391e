import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { requireIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { isUuid, requirePatient } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { resolveAlerts } from './deps';
import { authorizationAlertKeys } from './authorization-alerts';
import { needsVerification, presentAuthorization, presentCoverage, presentVerification } from './present';
import {
  authorizationInput,
  authorizationPatch,
  authorizationSchema,
  coverageInput,
  coveragePatch,
  coverageSchema,
  idParams,
  listOf,
  verificationInput,
  verificationSchema,
} from './schemas';

const tags = ['coverage'];
const resource = 'coverage' as const;

/** Every coverage of a patient with its verifications (newest first) and authorizations. */
export async function loadCoverages(tx: Tx, organizationId: string, patientId: string, coverageId?: string) {
  let q = tx.selectFrom('adm_coverages').selectAll().where('organization_id', '=', organizationId).where('patient_id', '=', patientId);
  if (coverageId) q = q.where('id', '=', coverageId);
  const coverages = await q.orderBy('active', 'desc').orderBy('priority').orderBy('effective_from', 'desc').execute();
  if (coverages.length === 0) return [];
  const ids = coverages.map((c) => c.id);
  const verifications = await tx
    .selectFrom('adm_verifications as v')
    .innerJoin('users as u', 'u.id', 'v.verified_by')
    .selectAll('v')
    .select('u.display_name as verified_by_name')
    .where('v.organization_id', '=', organizationId)
    .where('v.coverage_id', 'in', ids)
    .orderBy('v.verified_at', 'desc')
    .execute();
  const authorizations = await tx
    .selectFrom('adm_authorizations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('coverage_id', 'in', ids)
    .orderBy('start_date', 'desc')
    .execute();
  return coverages.map((c) =>
    presentCoverage(
      c,
      verifications.filter((v) => v.coverage_id === c.id).map(presentVerification),
      authorizations.filter((a) => a.coverage_id === c.id).map(presentAuthorization),
    ),
  );
}

async function requireCoverage(tx: Tx, ctx: RequestContext, id: string, action: 'read' | 'update' | 'create') {
  if (!isUuid(id)) throw problems.notFound('Coverage');
  const row = await tx.selectFrom('adm_coverages').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', id).executeTakeFirst();
  if (!row) throw problems.notFound('Coverage');
  await requirePatient(tx, ctx, row.patient_id, resource, action).catch(() => {
    throw problems.notFound('Coverage');
  });
  return row;
}

function checkCoverage(b: {
  kind?: string;
  payer?: string | null;
  memberId?: string | null;
  effectiveFrom?: string;
  effectiveTo?: string | null;
  slidingScalePercent?: number | null;
}) {
  if (b.kind === 'insurance') {
    if (!b.payer) throw problems.invalid('payer', 'required-for-insurance', 'payer: name the insurer.');
    if (!b.memberId) throw problems.invalid('memberId', 'required-for-insurance', 'memberId: the member id from the card is needed.');
  }
  if (b.kind === 'sliding_scale' && (b.slidingScalePercent === undefined || b.slidingScalePercent === null)) {
    throw problems.invalid('slidingScalePercent', 'required-for-sliding-scale', 'slidingScalePercent: the share of the fee the patient pays.');
  }
  if (b.effectiveFrom && b.effectiveTo && b.effectiveTo < b.effectiveFrom) {
    throw problems.invalid('effectiveTo', 'on-or-after-effective-from', `effectiveTo: ${b.effectiveTo} is before effectiveFrom ${b.effectiveFrom}.`);
  }
}

function checkAuthorization(b: { startDate: string; endDate: string; approved: number; used: number }) {
  if (b.endDate < b.startDate) throw problems.invalid('endDate', 'on-or-after-start-date', `endDate: ${b.endDate} is before startDate ${b.startDate}.`);
  if (b.used > b.approved) throw problems.invalid('used', 'within-approved', `used: ${b.used} is more than the ${b.approved} approved.`);
}

export const coverageRoutes = [
  route({
    method: 'GET',
    url: '/patients/:id/coverages',
    summary: 'Coverage of a patient: payers, verifications, prior authorizations',
    tags,
    access: { permission: { resource, action: 'read' } },
    params: idParams,
    response: listOf(coverageSchema),
    auditResource: 'patient',
    handler: async ({ tx, ctx, params }) => {
      const p = await requirePatient(tx, ctx, params.id, resource, 'read');
      recordAudit(ctx, { patientId: p.id, resourceType: 'coverage', resourceId: null, action: 'read' });
      return { items: await loadCoverages(tx, ctx.organizationId, p.id) };
    },
  }),

  route({
    method: 'POST',
    url: '/patients/:id/coverages',
    summary: 'Add coverage (insurance, self-pay, sliding scale, state-funded, employee assistance)',
    tags,
    access: { permission: { resource, action: 'create' } },
    params: idParams,
    body: coverageInput,
    response: coverageSchema,
    status: 201,
    idempotent: true,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params, body, reply }) => {
      const p = await requirePatient(tx, ctx, params.id, resource, 'create');
      checkCoverage(body);
      const row = await tx
        .insertInto('adm_coverages')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          patient_id: p.id,
          kind: body.kind,
          priority: body.priority,
          payer: body.payer ?? null,
          plan: body.plan ?? null,
          member_id: body.memberId ?? null,
          group_id: body.groupId ?? null,
          subscriber_name: body.subscriberName ?? null,
          subscriber_relation: body.subscriberRelation ?? null,
          effective_from: body.effectiveFrom,
          effective_to: body.effectiveTo ?? null,
          sliding_scale_percent: body.slidingScalePercent ?? null,
          notes: body.notes ?? null,
          created_by: ctx.userId,
          created_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await addEvent(tx, ctx, {
        patientId: p.id,
        kind: 'coverage.added',
        summary: `Coverage added: ${body.kind.replace(/_/g, ' ')}${body.payer ? ` (${body.payer})` : ''}`,
      });
      recordAudit(ctx, { patientId: p.id, resourceType: 'coverage', resourceId: row.id, action: 'create' });
      setEtag(reply, row.version);
      return (await loadCoverages(tx, ctx.organizationId, p.id, row.id))[0];
    },
  }),

  route({
    method: 'PATCH',
    url: '/coverages/:id',
    summary: 'Edit coverage or mark it inactive (If-Match required)',
    tags,
    access: { permission: { resource, action: 'update' } },
    params: idParams,
    body: coveragePatch,
    response: coverageSchema,
    auditResource: 'coverage',
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const c = await requireCoverage(tx, ctx, params.id, 'update');
      const expected = requireIfMatch(req);
      if (Object.keys(body).length === 0) throw problems.emptyEdit();
      checkCoverage({
        kind: body.kind ?? c.kind,
        payer: body.payer !== undefined ? body.payer : c.payer,
        memberId: body.memberId !== undefined ? body.memberId : c.member_id,
        effectiveFrom: body.effectiveFrom ?? c.effective_from,
        effectiveTo: body.effectiveTo !== undefined ? body.effectiveTo : c.effective_to,
        slidingScalePercent: body.slidingScalePercent !== undefined ? body.slidingScalePercent : c.sliding_scale_percent,
      });
      const row = await tx
        .updateTable('adm_coverages')
        .set({
          ...(body.kind !== undefined && { kind: body.kind }),
          ...(body.priority !== undefined && { priority: body.priority }),
          ...(body.payer !== undefined && { payer: body.payer }),
          ...(body.plan !== undefined && { plan: body.plan }),
          ...(body.memberId !== undefined && { member_id: body.memberId }),
          ...(body.groupId !== undefined && { group_id: body.groupId }),
          ...(body.subscriberName !== undefined && { subscriber_name: body.subscriberName }),
          ...(body.subscriberRelation !== undefined && { subscriber_relation: body.subscriberRelation }),
          ...(body.effectiveFrom !== undefined && { effective_from: body.effectiveFrom }),
          ...(body.effectiveTo !== undefined && { effective_to: body.effectiveTo }),
          ...(body.slidingScalePercent !== undefined && { sliding_scale_percent: body.slidingScalePercent }),
          ...(body.notes !== undefined && { notes: body.notes }),
          ...(body.active !== undefined && { active: body.active }),
          version: c.version + 1,
        })
        .where('id', '=', c.id)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw problems.preconditionFailed();
      recordAudit(ctx, { patientId: c.patient_id, resourceType: 'coverage', resourceId: c.id, action: 'update' });
      setEtag(reply, row.version);
      return (await loadCoverages(tx, ctx.organizationId, c.patient_id, c.id))[0];
    },
  }),

  route({
    method: 'POST',
    url: '/coverages/:id/verifications',
    summary: 'Record an eligibility verification: who, when, how, reference number, result',
    tags,
    access: { permission: { resource, action: 'update' } },
    params: idParams,
    body: verificationInput,
    response: verificationSchema,
    status: 201,
    idempotent: true,
    auditResource: 'coverage',
    handler: async ({ tx, ctx, params, body }) => {
      const c = await requireCoverage(tx, ctx, params.id, 'update');
      if (!needsVerification(c.kind)) throw problems.invalid('coverage', 'third-party-payer', `coverage: ${c.kind.replace(/_/g, ' ')} has no payer to verify.`);
      const verifiedAt = body.verifiedAt ? new Date(body.verifiedAt) : ctx.now;
      if (verifiedAt.getTime() > ctx.now.getTime() + 5 * 60_000) throw problems.invalid('verifiedAt', 'not-in-future', 'verifiedAt: cannot be in the future.');
      const row = await tx
        .insertInto('adm_verifications')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          coverage_id: c.id,
          patient_id: c.patient_id,
          verified_at: verifiedAt,
          verified_by: ctx.userId,
          method: body.method,
          reference_number: body.referenceNumber,
          result: body.result,
          contact_name: body.contactName ?? null,
          benefits_notes: body.benefitsNotes ?? null,
          recorded_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // The coverage keeps its newest result (a back-dated verification does not replace a newer one).
      await tx
        .updateTable('adm_coverages')
        .set({ verification_result: body.result, verified_at: verifiedAt })
        .where('id', '=', c.id)
        .where((eb) => eb.or([eb('verified_at', 'is', null), eb('verified_at', '<=', verifiedAt)]))
        .execute();
      await addEvent(tx, ctx, {
        patientId: c.patient_id,
        kind: 'coverage.verified',
        summary: `Eligibility ${body.result.replace(/_/g, ' ')} (${c.payer ?? c.kind}), ref ${body.referenceNumber}`,
      });
      recordAudit(ctx, { patientId: c.patient_id, resourceType: 'coverage-verification', resourceId: row.id, action: 'create' });
      return presentVerification({ ...row, verified_by_name: ctx.displayName });
    },
  }),

  route({
    method: 'POST',
    url: '/coverages/:id/authorizations',
    summary: 'Record a prior authorization for a level of care (units or days, date range)',
    tags,
    access: { permission: { resource, action: 'update' } },
    params: idParams,
    body: authorizationInput,
    response: authorizationSchema,
    status: 201,
    idempotent: true,
    auditResource: 'coverage',
    handler: async ({ tx, ctx, params, body, reply }) => {
      const c = await requireCoverage(tx, ctx, params.id, 'update');
      checkAuthorization(body);
      const row = await tx
        .insertInto('adm_authorizations')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          coverage_id: c.id,
          patient_id: c.patient_id,
          level_of_care: body.levelOfCare,
          auth_number: body.authNumber,
          unit: body.unit,
          approved: body.approved,
          used: body.used,
          start_date: body.startDate,
          end_date: body.endDate,
          status: 'active',
          notes: body.notes ?? null,
          created_by: ctx.userId,
          created_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await addEvent(tx, ctx, {
        patientId: c.patient_id,
        kind: 'coverage.authorized',
        summary: `Prior authorization ${body.authNumber}: ${body.approved} ${body.unit}, ${body.startDate} to ${body.endDate}`,
      });
      recordAudit(ctx, { patientId: c.patient_id, resourceType: 'authorization', resourceId: row.id, action: 'create' });
      setEtag(reply, row.version);
      return presentAuthorization(row);
    },
  }),

  route({
    method: 'PATCH',
    url: '/authorizations/:id',
    summary: 'Update a prior authorization (units used, extension, close) — If-Match required',
    tags,
    access: { permission: { resource, action: 'update' } },
    params: idParams,
    body: authorizationPatch,
    response: authorizationSchema,
    auditResource: 'authorization',
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      if (!isUuid(params.id)) throw problems.notFound('Authorization');
      const a = await tx
        .selectFrom('adm_authorizations')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', params.id)
        .executeTakeFirst();
      if (!a) throw problems.notFound('Authorization');
      await requirePatient(tx, ctx, a.patient_id, resource, 'update').catch(() => {
        throw problems.notFound('Authorization');
      });
      const expected = requireIfMatch(req);
      if (Object.keys(body).length === 0) throw problems.emptyEdit();
      const next = {
        startDate: body.startDate ?? a.start_date,
        endDate: body.endDate ?? a.end_date,
        approved: body.approved ?? a.approved,
        used: body.used ?? a.used,
      };
      checkAuthorization(next);
      const row = await tx
        .updateTable('adm_authorizations')
        .set({
          ...(body.authNumber !== undefined && { auth_number: body.authNumber }),
          ...(body.unit !== undefined && { unit: body.unit }),
          ...(body.notes !== undefined && { notes: body.notes }),
          ...(body.status !== undefined && { status: body.status }),
          approved: next.approved,
          used: next.used,
          start_date: next.startDate,
          end_date: next.endDate,
          version: a.version + 1,
        })
        .where('id', '=', a.id)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw problems.preconditionFailed();
      // An extension or a close removes the cause: the job raises again if it comes back.
      for (const key of Object.values(authorizationAlertKeys(a.id))) await resolveAlerts(tx, ctx.organizationId, a.patient_id, key, ctx.now);
      recordAudit(ctx, { patientId: a.patient_id, resourceType: 'authorization', resourceId: a.id, action: 'update' });
      setEtag(reply, row.version);
      return presentAuthorization(row);
    },
  }),
];
