import { z } from 'zod';
import * as R from './schemas';
import { levelsOfCare, type LevelOfCare } from '@waypoint/clinical/care/levels';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { requireIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { episodesInReach, isUuid, patientScope, requireEpisode, requirePatient } from '../../platform/permissions/access';
import type { Action } from '../../platform/permissions/decision-table';
import { problems } from '../../platform/problems';
import { localDay } from '../../platform/time';
import { addEvent } from '../../platform/timeline';
import { assessmentsToFinish, problemList } from '../assessment/service';
import { checkContent, diffContent, emptyContent, planContent, requireComplete, type PlanContent } from './content';
import { renderPlanPdf } from './pdf';

const tags = ['treatment plan'];
const planParam = z.object({ id: z.string() });
// The version number is checked after the plan's scope, so an out-of-scope plan is a 404 whatever follows it.
const versionParam = z.object({ id: z.string(), n: z.string() });
function versionNumber(n: string): number {
  if (!/^[1-9][0-9]{0,4}$/.test(n)) throw problems.invalid('n', 'version-number', 'n: a plan version number (1, 2, …).');
  return Number(n);
}

/**
 * Days between plan reviews by level of care. Program settings; these defaults are ours and
 * UNVERIFIED (clinical.md states none; payers and states set their own): configurable per program.
 */
export const defaultReviewDays: Record<LevelOfCare, number> = {
  withdrawal_management: 7,
  residential: 14,
  partial_hospitalization: 14,
  intensive_outpatient: 30,
  outpatient: 90,
  opioid_treatment_program: 90,
};

export async function reviewDays(tx: Tx, organizationId: string): Promise<Record<LevelOfCare, number>> {
  const rows = await tx.selectFrom('plan_review_settings').select(['level_of_care', 'review_days']).where('organization_id', '=', organizationId).execute();
  const out = { ...defaultReviewDays };
  for (const r of rows) out[r.level_of_care as LevelOfCare] = r.review_days;
  return out;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

async function requirePlan(tx: Tx, ctx: RequestContext, id: string, action: Action) {
  const plan = isUuid(id)
    ? await tx.selectFrom('plan_plans').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!plan) throw problems.notFound('Treatment plan');
  const patient = await requirePatient(tx, ctx, plan.patient_id, 'treatment-plan', action).catch(() => {
    throw problems.notFound('Treatment plan');
  });
  return { plan, patient };
}

async function loadVersion(tx: Tx, ctx: RequestContext, planId: string, n: number) {
  const v = await tx
    .selectFrom('plan_versions')
    .selectAll()
    .where('organization_id', '=', ctx.organizationId)
    .where('plan_id', '=', planId)
    .where('number', '=', n)
    .executeTakeFirst();
  if (!v) throw problems.notFound('Plan version');
  return v;
}

type VersionRow = Awaited<ReturnType<typeof loadVersion>>;

function presentVersion(v: VersionRow, today: string) {
  return {
    id: v.id,
    planId: v.plan_id,
    number: v.number,
    status: v.status,
    content: planContent.parse(v.content),
    changeReason: v.change_reason,
    version: v.version,
    createdAt: v.created_at,
    updatedAt: v.updated_at,
    patientSignature: v.patient_signed_at ? { name: v.patient_signed_name!, at: v.patient_signed_at } : null,
    clinicianSignature: v.clinician_signed_at ? { name: v.clinician_signed_name!, at: v.clinician_signed_at } : null,
    signedAt: v.signed_at,
    levelOfCare: v.level_of_care,
    reviewDueOn: v.review_due_on,
    reviewOverdue: v.status === 'signed' && !!v.review_due_on && v.review_due_on < today,
  };
}

async function facilityZone(tx: Tx, organizationId: string, facilityId: string) {
  const f = await tx.selectFrom('facilities').select('time_zone').where('organization_id', '=', organizationId).where('id', '=', facilityId).executeTakeFirst();
  return f?.time_zone ?? 'UTC';
}

async function planSummary(tx: Tx, ctx: RequestContext, plan: { id: string; patient_id: string; episode_id: string; created_at: Date }, today: string) {
  const versions = await tx
    .selectFrom('plan_versions')
    .selectAll()
    .where('organization_id', '=', ctx.organizationId)
    .where('plan_id', '=', plan.id)
    .orderBy('number', 'desc')
    .execute();
  const latestSigned = versions.find((v) => v.status === 'signed');
  const draft = versions.find((v) => v.status === 'draft');
  return {
    id: plan.id,
    patientId: plan.patient_id,
    episodeId: plan.episode_id,
    createdAt: plan.created_at,
    versions: versions.map((v) => ({
      number: v.number,
      status: v.status,
      createdAt: v.created_at,
      signedAt: v.signed_at,
      changeReason: v.change_reason,
      reviewDueOn: v.review_due_on,
    })),
    current: versions[0] ? presentVersion(versions[0], today) : null,
    latestSignedNumber: latestSigned?.number ?? null,
    draftNumber: draft?.number ?? null,
    reviewDueOn: latestSigned?.review_due_on ?? null,
    reviewOverdue: !!latestSigned?.review_due_on && latestSigned.review_due_on < today && !draft,
  };
}

export const planRoutes = [
  route({
    method: 'GET',
    url: '/patients/:id/plan',
    response: R.planOfPatient,
    summary: "The patient's treatment plan for the current (or latest) episode: versions and the newest in full",
    tags,
    access: { permission: { resource: 'treatment-plan', action: 'read' } },
    params: planParam,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params }) => {
      const patient = await requirePatient(tx, ctx, params.id, 'treatment-plan', 'read');
      const plan = await tx
        .selectFrom('plan_plans as pl')
        .innerJoin('episodes as e', (j) => j.onRef('e.organization_id', '=', 'pl.organization_id').onRef('e.id', '=', 'pl.episode_id'))
        .selectAll('pl')
        .select('e.facility_id')
        .where('pl.organization_id', '=', ctx.organizationId)
        .where('pl.patient_id', '=', patient.id)
        .orderBy('pl.created_at', 'desc')
        .executeTakeFirst();
      recordAudit(ctx, { patientId: patient.id, resourceType: 'treatment-plan', resourceId: plan?.id ?? null, action: 'read' });
      if (!plan) return { plan: null };
      const today = localDay(ctx.now, await facilityZone(tx, ctx.organizationId, plan.facility_id));
      return { plan: await planSummary(tx, ctx, plan, today) };
    },
  }),

  route({
    method: 'POST',
    url: '/episodes/:id/plan',
    response: R.planSummary,
    summary: "Start the episode's treatment plan (version 1, a draft); problems start from the problem list",
    tags,
    access: { permission: { resource: 'treatment-plan', action: 'create' } },
    params: planParam,
    body: z.object({ content: planContent.optional() }).strict(),
    status: 201,
    idempotent: true,
    auditResource: 'episode',
    handler: async ({ tx, ctx, params, body }) => {
      const { episode, patient } = await requireEpisode(tx, ctx, params.id, 'treatment-plan', 'create');
      if (episode.status !== 'active') throw problems.conflict('episode-discharged', 'The episode has ended.');
      const existing = await tx
        .selectFrom('plan_plans')
        .select('id')
        .where('organization_id', '=', ctx.organizationId)
        .where('episode_id', '=', episode.id)
        .executeTakeFirst();
      if (existing) throw problems.conflict('plan.one-per-episode', 'This episode already has a treatment plan: revise it.', { planId: existing.id });
      const today = localDay(ctx.now, await facilityZone(tx, ctx.organizationId, episode.facility_id));
      let content: PlanContent = body.content ?? emptyContent;
      if (!body.content) {
        const dx = await problemList(tx, ctx.organizationId, patient.id);
        content = {
          ...emptyContent,
          problems: dx.map((d, i) => ({
            id: `p${i + 1}`,
            statement: `${d.description} (${d.icd10Code})`,
            source: 'diagnosis' as const,
            diagnosisCode: d.icd10Code,
          })),
        };
      }
      checkContent(content, today);
      const planId = uuidv7();
      await tx
        .insertInto('plan_plans')
        .values({
          organization_id: ctx.organizationId,
          id: planId,
          patient_id: patient.id,
          episode_id: episode.id,
          created_by: ctx.userId,
          created_at: ctx.now,
        })
        .execute();
      await tx
        .insertInto('plan_versions')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          plan_id: planId,
          number: 1,
          content: JSON.stringify(content),
          created_by: ctx.userId,
          created_at: ctx.now,
          updated_at: ctx.now,
          change_reason: null,
        })
        .execute();
      await addEvent(tx, ctx, { patientId: patient.id, episodeId: episode.id, kind: 'plan.started', summary: 'Treatment plan started' });
      recordAudit(ctx, { patientId: patient.id, resourceType: 'treatment-plan', resourceId: planId, action: 'create' });
      const plan = await tx
        .selectFrom('plan_plans')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', planId)
        .executeTakeFirstOrThrow();
      return planSummary(tx, ctx, plan, today);
    },
  }),

  route({
    method: 'GET',
    url: '/plans/:id/versions/:n',
    response: R.planVersion,
    summary: 'One version of a treatment plan (signed versions never change)',
    tags,
    access: { permission: { resource: 'treatment-plan', action: 'read' } },
    params: versionParam,
    auditResource: 'treatment-plan',
    handler: async ({ tx, ctx, params, reply }) => {
      const { plan, patient } = await requirePlan(tx, ctx, params.id, 'read');
      const v = await loadVersion(tx, ctx, plan.id, versionNumber(params.n));
      recordAudit(ctx, { patientId: patient.id, resourceType: 'treatment-plan', resourceId: v.id, action: 'read' });
      setEtag(reply, v.version);
      return presentVersion(v, localDay(ctx.now, await facilityZone(tx, ctx.organizationId, patient.facility_id)));
    },
  }),

  route({
    method: 'PATCH',
    url: '/plans/:id/versions/:n',
    response: R.planVersion,
    summary: 'Edit a draft version: problems, goals in the patient’s words, objectives with target dates, interventions; If-Match',
    tags,
    access: { permission: { resource: 'treatment-plan', action: 'update' } },
    params: versionParam,
    body: z.object({ content: planContent, changeReason: z.string().trim().min(3).max(2000).optional() }).strict(),
    auditResource: 'treatment-plan',
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const { plan, patient } = await requirePlan(tx, ctx, params.id, 'update');
      const expected = requireIfMatch(req);
      const v = await loadVersion(tx, ctx, plan.id, versionNumber(params.n));
      if (v.status === 'signed') throw problems.conflict('plan.signed', 'A signed version never changes: start a new version.');
      if (v.version !== expected) throw problems.preconditionFailed();
      const zone = await facilityZone(tx, ctx.organizationId, patient.facility_id);
      checkContent(body.content, localDay(v.created_at, zone));
      // Editing after a signature voids it: both sign the content they see.
      const updated = await tx
        .updateTable('plan_versions')
        .set({
          content: JSON.stringify(body.content),
          ...(body.changeReason ? { change_reason: body.changeReason } : {}),
          version: v.version + 1,
          updated_at: ctx.now,
          patient_signed_name: null,
          patient_signed_at: null,
          patient_signature_witnessed_by: null,
          clinician_signed_name: null,
          clinician_signed_by: null,
          clinician_signed_at: null,
        })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', v.id)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw problems.preconditionFailed();
      recordAudit(ctx, { patientId: patient.id, resourceType: 'treatment-plan', resourceId: v.id, action: 'update' });
      setEtag(reply, updated.version);
      return presentVersion(updated, localDay(ctx.now, zone));
    },
  }),

  route({
    method: 'POST',
    url: '/plans/:id/versions/:n/signatures',
    response: R.planVersion,
    summary: "Sign a plan version by typed name: the patient's (witnessed by the counselor) or the clinician's own; with both, it is final",
    tags,
    access: { permission: { resource: 'treatment-plan', action: 'update' } },
    params: versionParam,
    body: z.object({ signer: z.enum(['patient', 'clinician']), typedName: z.string().trim().min(1).max(200) }).strict(),
    auditResource: 'treatment-plan',
    handler: async ({ tx, ctx, params, body, reply }) => {
      const { plan, patient } = await requirePlan(tx, ctx, params.id, 'update');
      const v = await loadVersion(tx, ctx, plan.id, versionNumber(params.n));
      if (v.status === 'signed') throw problems.conflict('plan.signed', 'This version is already signed by both.');
      const content = planContent.parse(v.content);
      requireComplete(content);
      const typed = body.typedName.toLowerCase().replace(/\s+/g, ' ');
      if (body.signer === 'patient') {
        const names = [
          `${patient.legal_given_name} ${patient.legal_family_name}`,
          ...(patient.preferred_name ? [`${patient.preferred_name} ${patient.legal_family_name}`] : []),
        ].map((n) => n.toLowerCase());
        if (!names.includes(typed))
          throw problems.invalid('typedName', 'signature.patient-name', 'typedName: the patient types their own name as on the chart.');
        if (v.patient_signed_at) throw problems.conflict('plan.patient-signed', 'The patient has already signed this version.');
      } else {
        if (typed !== ctx.displayName.trim().toLowerCase().replace(/\s+/g, ' '))
          throw problems.invalid('typedName', 'signature.own-name', `typedName: type your own name as it appears in Waypoint (${ctx.displayName}).`);
        if (v.clinician_signed_at) throw problems.conflict('plan.clinician-signed', 'A clinician has already signed this version.');
      }
      const patientDone = body.signer === 'patient' || !!v.patient_signed_at;
      const clinicianDone = body.signer === 'clinician' || !!v.clinician_signed_at;
      const final = patientDone && clinicianDone;
      let finalFields = {};
      if (final) {
        const episode = await tx
          .selectFrom('episodes')
          .select(['level_of_care', 'facility_id'])
          .where('organization_id', '=', ctx.organizationId)
          .where('id', '=', plan.episode_id)
          .executeTakeFirstOrThrow();
        const days = (await reviewDays(tx, ctx.organizationId))[episode.level_of_care as LevelOfCare] ?? 30;
        const today = localDay(ctx.now, await facilityZone(tx, ctx.organizationId, episode.facility_id));
        finalFields = { status: 'signed' as const, signed_at: ctx.now, level_of_care: episode.level_of_care, review_due_on: addDays(today, days) };
      }
      const updated = await tx
        .updateTable('plan_versions')
        .set({
          ...(body.signer === 'patient'
            ? { patient_signed_name: body.typedName, patient_signed_at: ctx.now, patient_signature_witnessed_by: ctx.userId }
            : { clinician_signed_name: body.typedName, clinician_signed_by: ctx.userId, clinician_signed_at: ctx.now }),
          ...finalFields,
          version: v.version + 1,
          updated_at: ctx.now,
        })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', v.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await addEvent(tx, ctx, {
        patientId: patient.id,
        episodeId: plan.episode_id,
        kind: final ? 'plan.signed' : 'plan.signature',
        summary: final
          ? `Treatment plan version ${v.number} signed by patient and clinician`
          : `Treatment plan version ${v.number} signed by the ${body.signer}`,
      });
      recordAudit(ctx, { patientId: patient.id, resourceType: 'treatment-plan', resourceId: v.id, action: 'update' });
      setEtag(reply, updated.version);
      return presentVersion(updated, localDay(ctx.now, await facilityZone(tx, ctx.organizationId, patient.facility_id)));
    },
  }),

  route({
    method: 'POST',
    url: '/plans/:id/versions',
    response: R.planVersion,
    summary: 'Revise a signed plan (or record a review): a new draft version starting from the latest signed one',
    tags,
    access: { permission: { resource: 'treatment-plan', action: 'update' } },
    params: planParam,
    body: z.object({ changeReason: z.string().trim().min(3).max(2000) }).strict(),
    status: 201,
    idempotent: true,
    auditResource: 'treatment-plan',
    handler: async ({ tx, ctx, params, body, reply }) => {
      const { plan, patient } = await requirePlan(tx, ctx, params.id, 'update');
      const latest = await tx
        .selectFrom('plan_versions')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('plan_id', '=', plan.id)
        .orderBy('number', 'desc')
        .executeTakeFirstOrThrow();
      if (latest.status === 'draft')
        throw problems.conflict('plan.draft-open', `Version ${latest.number} is still a draft: finish and sign it first.`, { number: latest.number });
      const row = await tx
        .insertInto('plan_versions')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          plan_id: plan.id,
          number: latest.number + 1,
          content: JSON.stringify(planContent.parse(latest.content)),
          change_reason: body.changeReason,
          created_by: ctx.userId,
          created_at: ctx.now,
          updated_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await addEvent(tx, ctx, {
        patientId: patient.id,
        episodeId: plan.episode_id,
        kind: 'plan.revised',
        summary: `Treatment plan version ${row.number} started: ${body.changeReason}`,
      });
      recordAudit(ctx, { patientId: patient.id, resourceType: 'treatment-plan', resourceId: row.id, action: 'create' });
      setEtag(reply, row.version);
      return presentVersion(row, localDay(ctx.now, await facilityZone(tx, ctx.organizationId, patient.facility_id)));
    },
  }),

  route({
    method: 'GET',
    url: '/plans/:id/diff',
    response: R.planDiff,
    summary: 'What changed between two versions of a plan, item by item',
    tags,
    access: { permission: { resource: 'treatment-plan', action: 'read' } },
    params: planParam,
    query: z.object({ from: z.coerce.number().int().min(1).optional(), to: z.coerce.number().int().min(1).optional() }).strict(),
    auditResource: 'treatment-plan',
    handler: async ({ tx, ctx, params, query }) => {
      const { plan, patient } = await requirePlan(tx, ctx, params.id, 'read');
      // Without numbers: the newest version against the one before it.
      const newest = await tx
        .selectFrom('plan_versions')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('organization_id', '=', ctx.organizationId)
        .where('plan_id', '=', plan.id)
        .executeTakeFirst();
      const to = query.to ?? Number(newest?.n ?? 1);
      const from = query.from ?? to - 1;
      if (to <= from || from < 1) throw problems.invalid('to', 'after-from', 'to: compare an older version (from) with a newer one (to).');
      const a = await loadVersion(tx, ctx, plan.id, from);
      const b = await loadVersion(tx, ctx, plan.id, to);
      recordAudit(ctx, { patientId: patient.id, resourceType: 'treatment-plan', resourceId: plan.id, action: 'read' });
      return { from, to, changes: diffContent(planContent.parse(a.content), planContent.parse(b.content)) };
    },
  }),

  route({
    method: 'GET',
    url: '/plans/:id/versions/:n/pdf',
    response: R.pdfBytes,
    summary: 'The plan version as a PDF (a draft is marked DRAFT)',
    tags,
    access: { permission: { resource: 'treatment-plan', action: 'read' } },
    params: versionParam,
    auditResource: 'treatment-plan',
    handler: async ({ tx, ctx, params, reply }) => {
      const { plan, patient } = await requirePlan(tx, ctx, params.id, 'read');
      const v = await loadVersion(tx, ctx, plan.id, versionNumber(params.n));
      const episode = await tx
        .selectFrom('episodes as e')
        .innerJoin('facilities as f', 'f.id', 'e.facility_id')
        .select(['e.level_of_care', 'f.name', 'f.time_zone'])
        .where('e.organization_id', '=', ctx.organizationId)
        .where('e.id', '=', plan.episode_id)
        .executeTakeFirstOrThrow();
      const org = await tx.selectFrom('organizations').select('name').where('id', '=', ctx.organizationId).executeTakeFirstOrThrow();
      const pdf = await renderPlanPdf({
        organization: org.name,
        facility: episode.name,
        timeZone: episode.time_zone,
        patient: { name: `${patient.legal_family_name}, ${patient.legal_given_name}`, mrn: patient.mrn, birthDate: patient.birth_date },
        version: presentVersion(v, localDay(ctx.now, episode.time_zone)),
        levelOfCare: v.level_of_care ?? episode.level_of_care,
        printedAt: ctx.now,
        printedBy: ctx.displayName,
      });
      recordAudit(ctx, { patientId: patient.id, resourceType: 'treatment-plan', resourceId: v.id, action: 'export' });
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `attachment; filename="treatment-plan-${patient.mrn}-v${v.number}.pdf"`);
      return pdf;
    },
  }),

  route({
    method: 'GET',
    url: '/plan-settings/review-intervals',
    response: R.reviewSettings,
    summary: 'Days between treatment-plan reviews for each level of care (program setting)',
    tags,
    access: { permission: { resource: 'plan-settings', action: 'read' } },
    handler: async ({ tx, ctx }) => ({ reviewDays: await reviewDays(tx, ctx.organizationId), defaults: defaultReviewDays }),
  }),

  route({
    method: 'PUT',
    url: '/plan-settings/review-intervals',
    response: R.reviewSettings,
    summary: 'Set the days between treatment-plan reviews for levels of care',
    tags,
    access: { permission: { resource: 'plan-settings', action: 'update' } },
    body: z.object({ reviewDays: z.partialRecord(z.enum(levelsOfCare), z.number().int().min(1).max(365)) }).strict(),
    handler: async ({ tx, ctx, body }) => {
      for (const [level, days] of Object.entries(body.reviewDays)) {
        await tx
          .insertInto('plan_review_settings')
          .values({ organization_id: ctx.organizationId, level_of_care: level, review_days: days!, updated_by: ctx.userId, updated_at: ctx.now })
          .onConflict((oc) => oc.columns(['organization_id', 'level_of_care']).doUpdateSet({ review_days: days!, updated_by: ctx.userId, updated_at: ctx.now }))
          .execute();
      }
      recordAudit(ctx, { patientId: null, resourceType: 'plan-settings', resourceId: null, action: 'update' });
      return { reviewDays: await reviewDays(tx, ctx.organizationId), defaults: defaultReviewDays };
    },
  }),

  route({
    method: 'GET',
    url: '/worklists/counselor',
    response: R.counselorWork,
    summary: "The counselor's work list: assessments to finish, plans to write or sign, reviews due — patients in my scope",
    tags: ['work lists'],
    access: { permission: { resource: 'counselor-worklist', action: 'read' } },
    handler: async ({ tx, ctx }) => {
      const assessments = await assessmentsToFinish(tx, ctx);
      const today = ctx.now.toISOString().slice(0, 10);
      // The episodes whose plan needs work first (offset 0 keeps this a step of its own), then their
      // patients: at network scale nearly every one of a facility's 1,000 active episodes has a signed,
      // current plan, and reading each one's patient before knowing that was a third of the list's work.
      const due = tx
        .selectFrom('episodes as e')
        // The episode's plan (one per episode) and its latest version: a probe each per episode, never a
        // scan of every plan of the organization.
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('plan_plans as lp')
              .select(['lp.organization_id', 'lp.id'])
              .whereRef('lp.organization_id', '=', 'e.organization_id')
              .whereRef('lp.episode_id', '=', 'e.id')
              .limit(1)
              .as('pl'),
          (j) => j.onTrue(),
        )
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('plan_versions as lv')
              .select(['lv.number', 'lv.status', 'lv.review_due_on', 'lv.patient_signed_at', 'lv.clinician_signed_at', 'lv.updated_at'])
              .whereRef('lv.organization_id', '=', 'pl.organization_id')
              .whereRef('lv.plan_id', '=', 'pl.id')
              .orderBy('lv.number', 'desc')
              .limit(1)
              .as('v'),
          (j) => j.onTrue(),
        )
        .select([
          'e.organization_id',
          'e.id as episode_id',
          'e.patient_id',
          'e.admitted_at',
          'pl.id as plan_id',
          'v.number',
          'v.status',
          'v.review_due_on',
          'v.patient_signed_at',
          'v.clinician_signed_at',
          'v.updated_at',
        ])
        .where('e.organization_id', '=', ctx.organizationId)
        .where('e.status', '=', 'active')
        .where((eb) => eb.or([eb('pl.id', 'is', null), eb('v.status', '=', 'draft'), eb('v.review_due_on', '<', today)]))
        .where(episodesInReach(ctx, 'treatment-plan', 'update'))
        .offset(0);
      const rows = await tx
        .selectFrom(due.as('d'))
        .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'd.organization_id').onRef('p.id', '=', 'd.patient_id'))
        .select([
          'd.episode_id',
          'd.patient_id',
          'd.admitted_at',
          'p.legal_given_name',
          'p.legal_family_name',
          'p.mrn',
          'd.plan_id',
          'd.number',
          'd.status',
          'd.review_due_on',
          'd.patient_signed_at',
          'd.clinician_signed_at',
          'd.updated_at',
        ])
        .where(patientScope(ctx, 'treatment-plan', 'update'))
        .orderBy('d.admitted_at')
        .limit(200)
        .execute();
      const who = (r: { patient_id: string; legal_given_name: string; legal_family_name: string; mrn: string }) => ({
        patientId: r.patient_id,
        patientName: `${r.legal_family_name}, ${r.legal_given_name}`,
        mrn: r.mrn,
      });
      const plans = rows.map((r) => ({
        ...who(r),
        episodeId: r.episode_id,
        planId: r.plan_id,
        versionNumber: r.number,
        state: !r.plan_id ? ('not-started' as const) : r.status === 'draft' ? ('to-sign' as const) : ('review-overdue' as const),
        waitingFor: r.status === 'draft' ? [...(r.patient_signed_at ? [] : ['patient']), ...(r.clinician_signed_at ? [] : ['clinician'])] : [],
        reviewDueOn: r.review_due_on,
        since: r.status === 'signed' ? r.review_due_on : (r.updated_at ?? r.admitted_at),
      }));
      for (const r of [...assessments, ...plans])
        recordAudit(ctx, { patientId: r.patientId, resourceType: 'worklist', resourceId: r.episodeId, action: 'read' });
      return {
        assessmentsToFinish: assessments,
        plansToWrite: plans.filter((p) => p.state === 'not-started'),
        plansToSign: plans.filter((p) => p.state === 'to-sign'),
        reviewsOverdue: plans.filter((p) => p.state === 'review-overdue'),
      };
    },
  }),
];
