import { z } from 'zod';
import { interpretScreen, type AnalyteResult } from '@waypoint/clinical/drug-screens/interpret';
import { analytes } from '@waypoint/clinical/drug-screens/analytes';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { requireIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { requireEpisode, requirePatient } from '../../platform/permissions/access';
import { inScope } from './scope';
import type { Action } from '../../platform/permissions/decision-table';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import {
  assessmentListSchema,
  assessmentSchema,
  checkSectionDates,
  instant,
  intakeScreenSchema,
  labSchema,
  parseSections,
  requireCompleteSections,
  screenResultSchema,
  sectionNames,
  sectionsSchema,
  type Sections,
  workupSchema,
} from './schemas';
import { feedLastUse } from './last-use';

const tags = ['assessment'];
const idParam = z.object({ id: z.string() });

export function requireAssessment(tx: Tx, ctx: RequestContext, id: string, action: Action) {
  return inScope(
    tx,
    ctx,
    id,
    (i) => tx.selectFrom('asm_assessments').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', i).executeTakeFirst(),
    'assessment',
    action,
    'Assessment',
  );
}

async function detail(
  tx: Tx,
  ctx: RequestContext,
  row: {
    id: string;
    patient_id: string;
    episode_id: string;
    kind: string;
    sections: unknown;
    status: string;
    version: number;
    created_at: Date;
    updated_at: Date;
    created_by: string;
    signed_by: string | null;
    signed_name: string | null;
    signed_at: Date | null;
  },
) {
  const amendments = await tx
    .selectFrom('asm_amendments as a')
    .leftJoin('users as u', 'u.id', 'a.amended_by')
    .select(['a.id', 'a.section', 'a.changes', 'a.reason', 'a.amended_at', 'u.display_name'])
    .where('a.organization_id', '=', ctx.organizationId)
    .where('a.assessment_id', '=', row.id)
    .orderBy('a.amended_at')
    .execute();
  const names = await tx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [row.created_by, ...(row.signed_by ? [row.signed_by] : [])])
    .execute();
  const name = (id: string | null) => names.find((n) => n.id === id)?.display_name ?? null;
  return {
    id: row.id,
    patientId: row.patient_id,
    episodeId: row.episode_id,
    kind: row.kind,
    status: row.status as 'draft' | 'signed',
    sections: parseSections(row.sections),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdByName: name(row.created_by),
    signedAt: row.signed_at,
    signedName: row.signed_name,
    signedByName: name(row.signed_by),
    amendments: amendments.map((a) => ({
      id: a.id,
      section: a.section,
      changes: a.changes as Record<string, unknown>,
      reason: a.reason,
      amendedAt: a.amended_at,
      amendedByName: a.display_name,
    })),
  };
}

export const assessmentRoutes = [
  route({
    method: 'POST',
    url: '/episodes/:id/assessments',
    response: assessmentSchema,
    summary: 'Start the intake biopsychosocial assessment of an episode (a draft)',
    tags,
    access: { permission: { resource: 'assessment', action: 'create' } },
    params: idParam,
    body: z.object({ sections: sectionsSchema.optional() }).strict(),
    status: 201,
    idempotent: true,
    auditResource: 'episode',
    handler: async ({ tx, ctx, params, body, reply }) => {
      const { episode, patient } = await requireEpisode(tx, ctx, params.id, 'assessment', 'create');
      if (episode.status !== 'active') throw problems.conflict('episode-discharged', 'The episode has ended.');
      const sections = body.sections ?? {};
      checkSectionDates(sections, patient.birth_date, ctx.now);
      const existing = await tx
        .selectFrom('asm_assessments')
        .select('id')
        .where('organization_id', '=', ctx.organizationId)
        .where('episode_id', '=', episode.id)
        .where('kind', '=', 'intake')
        .executeTakeFirst();
      if (existing) throw problems.conflict('assessment.one-intake', 'This episode already has an intake assessment: open it.', { assessmentId: existing.id });
      const id = uuidv7();
      const row = await tx
        .insertInto('asm_assessments')
        .values({
          organization_id: ctx.organizationId,
          id,
          patient_id: patient.id,
          episode_id: episode.id,
          sections: JSON.stringify(sections),
          created_by: ctx.userId,
          created_at: ctx.now,
          updated_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await feedLastUse(tx, ctx, episode, sections);
      await addEvent(tx, ctx, { patientId: patient.id, episodeId: episode.id, kind: 'assessment.started', summary: 'Intake assessment started' });
      recordAudit(ctx, { patientId: patient.id, resourceType: 'assessment', resourceId: id, action: 'create' });
      setEtag(reply, row.version);
      return detail(tx, ctx, row);
    },
  }),

  route({
    method: 'GET',
    url: '/patients/:id/assessments',
    response: assessmentListSchema,
    summary: "A patient's assessments, newest first",
    tags,
    access: { permission: { resource: 'assessment', action: 'read' } },
    params: idParam,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params }) => {
      const patient = await requirePatient(tx, ctx, params.id, 'assessment', 'read');
      const rows = await tx
        .selectFrom('asm_assessments')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', patient.id)
        .orderBy('created_at', 'desc')
        .limit(20)
        .execute();
      recordAudit(ctx, { patientId: patient.id, resourceType: 'assessment', resourceId: null, action: 'read' });
      return { items: await Promise.all(rows.map((r) => detail(tx, ctx, r))) };
    },
  }),

  route({
    method: 'GET',
    url: '/assessments/:id',
    response: assessmentSchema,
    summary: 'One assessment with its sections and amendments',
    tags,
    access: { permission: { resource: 'assessment', action: 'read' } },
    params: idParam,
    auditResource: 'assessment',
    handler: async ({ tx, ctx, params, reply }) => {
      const { row } = await requireAssessment(tx, ctx, params.id, 'read');
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'assessment', resourceId: row.id, action: 'read' });
      setEtag(reply, row.version);
      return detail(tx, ctx, row);
    },
  }),

  route({
    method: 'PATCH',
    url: '/assessments/:id',
    response: assessmentSchema,
    summary: 'Save sections of a draft assessment (each section sent replaces the saved one); If-Match',
    tags,
    access: { permission: { resource: 'assessment', action: 'update' } },
    params: idParam,
    body: z.object({ sections: sectionsSchema }).strict(),
    auditResource: 'assessment',
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const { row, patient } = await requireAssessment(tx, ctx, params.id, 'update');
      const expected = requireIfMatch(req);
      if (row.status === 'signed') throw problems.conflict('assessment.signed', 'The assessment is signed: add an amendment instead.');
      if (row.version !== expected) throw problems.preconditionFailed();
      if (Object.keys(body.sections).length === 0) throw problems.emptyEdit();
      const sections: Sections = { ...parseSections(row.sections), ...body.sections };
      checkSectionDates(sections, patient.birth_date, ctx.now);
      const updated = await tx
        .updateTable('asm_assessments')
        .set({ sections: JSON.stringify(sections), version: row.version + 1, updated_at: ctx.now })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', row.id)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw problems.preconditionFailed();
      if (body.sections.substanceUse) {
        const episode = await tx
          .selectFrom('episodes')
          .selectAll()
          .where('organization_id', '=', ctx.organizationId)
          .where('id', '=', row.episode_id)
          .executeTakeFirstOrThrow();
        await feedLastUse(tx, ctx, episode, sections);
      }
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'assessment', resourceId: row.id, action: 'update' });
      setEtag(reply, updated.version);
      return detail(tx, ctx, updated);
    },
  }),

  route({
    method: 'POST',
    url: '/assessments/:id/sign',
    response: assessmentSchema,
    summary: 'Sign a complete assessment (typed name); an unfinished one is refused naming the first gap',
    tags,
    access: { permission: { resource: 'assessment', action: 'update' } },
    params: idParam,
    body: z.object({ typedName: z.string().trim().min(1).max(200) }).strict(),
    auditResource: 'assessment',
    handler: async ({ tx, ctx, params, body, reply }) => {
      const { row, patient } = await requireAssessment(tx, ctx, params.id, 'update');
      if (row.status === 'signed') throw problems.conflict('assessment.signed', 'The assessment is already signed.');
      if (body.typedName.toLowerCase() !== ctx.displayName.trim().toLowerCase()) {
        throw problems.invalid('typedName', 'signature.own-name', `typedName: type your own name as it appears in Waypoint (${ctx.displayName}).`);
      }
      requireCompleteSections(parseSections(row.sections), patient.birth_date, ctx.now);
      const signed = await tx
        .updateTable('asm_assessments')
        .set({ status: 'signed', signed_by: ctx.userId, signed_name: body.typedName, signed_at: ctx.now, version: row.version + 1, updated_at: ctx.now })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await addEvent(tx, ctx, {
        patientId: row.patient_id,
        episodeId: row.episode_id,
        kind: 'assessment.signed',
        summary: `Intake assessment signed by ${ctx.displayName}`,
      });
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'assessment', resourceId: row.id, action: 'update' });
      setEtag(reply, signed.version);
      return detail(tx, ctx, signed);
    },
  }),

  route({
    method: 'POST',
    url: '/assessments/:id/amendments',
    response: assessmentSchema,
    summary: 'Amend a signed assessment: the correction, who, when and why; the signed text stays as signed',
    tags,
    access: { permission: { resource: 'assessment', action: 'update' } },
    params: idParam,
    body: z.object({ section: z.enum(sectionNames), changes: z.record(z.string(), z.unknown()), reason: z.string().trim().min(3).max(2000) }).strict(),
    status: 201,
    idempotent: true,
    auditResource: 'assessment',
    handler: async ({ tx, ctx, params, body }) => {
      const { row } = await requireAssessment(tx, ctx, params.id, 'update');
      if (row.status !== 'signed') throw problems.conflict('assessment.draft', 'The assessment is still a draft: edit it directly.');
      // The correction must itself be a valid section.
      const parsed = sectionsSchema.safeParse({ [body.section]: body.changes });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw problems.invalid(`changes.${issue.path.slice(1).join('.')}`, issue.code, `changes: ${issue.message}`);
      }
      const id = uuidv7();
      await tx
        .insertInto('asm_amendments')
        .values({
          organization_id: ctx.organizationId,
          id,
          assessment_id: row.id,
          section: body.section,
          changes: JSON.stringify(body.changes),
          reason: body.reason,
          amended_by: ctx.userId,
          amended_at: ctx.now,
        })
        .execute();
      await addEvent(tx, ctx, {
        patientId: row.patient_id,
        episodeId: row.episode_id,
        kind: 'assessment.amended',
        summary: `Assessment amended (${body.section}): ${body.reason}`,
      });
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'assessment', resourceId: row.id, action: 'update' });
      return detail(tx, ctx, row);
    },
  }),

  // The intake point-of-care urine screen. The labs stage will own lab results; this records the cup
  // read at admission, interpreted by the clinical package.
  route({
    method: 'POST',
    url: '/episodes/:id/intake-screen',
    response: intakeScreenSchema,
    summary: 'Record the point-of-care urine drug screen read at intake (interpreted by the clinical package)',
    tags,
    access: { permission: { resource: 'assessment', action: 'create' } },
    params: idParam,
    body: z
      .object({
        collectedAt: instant,
        medication: z.enum(['methadone', 'buprenorphine', 'naltrexone']).nullish(),
        results: z.array(screenResultSchema).min(1).max(20),
      })
      .strict(),
    status: 201,
    idempotent: true,
    auditResource: 'episode',
    handler: async ({ tx, ctx, params, body }) => {
      const { episode, patient } = await requireEpisode(tx, ctx, params.id, 'assessment', 'create');
      const collectedAt = new Date(body.collectedAt);
      if (collectedAt.getTime() > ctx.now.getTime() + 5 * 60_000)
        throw problems.invalid('collectedAt', 'not-in-future', 'collectedAt: cannot be in the future.');
      const seen = new Set<string>();
      body.results.forEach((r, i) => {
        if (seen.has(r.analyte)) throw problems.invalid(`results.${i}.analyte`, 'unique-analyte', `results.${i}.analyte: ${r.analyte} appears twice.`);
        seen.add(r.analyte);
      });
      // A point-of-care cup is an immunoassay read against its cutoff: positive = at or above it.
      const readable: AnalyteResult[] = body.results
        .filter((r) => r.result !== 'invalid')
        .map((r) => ({
          analyte: r.analyte,
          ngMl: r.result === 'positive' ? analytes[r.analyte].cutoffNgMl : null,
          cutoffNgMl: analytes[r.analyte].cutoffNgMl,
          method: 'immunoassay',
        }));
      const interpretation = interpretScreen(readable, body.medication ?? null);
      const id = uuidv7();
      await tx
        .insertInto('asm_drug_screens')
        .values({
          organization_id: ctx.organizationId,
          id,
          patient_id: patient.id,
          episode_id: episode.id,
          collected_at: collectedAt,
          results: JSON.stringify(body.results),
          interpretation: JSON.stringify(interpretation),
          recorded_by: ctx.userId,
          recorded_at: ctx.now,
        })
        .execute();
      const positives = interpretation.interpretations.filter((i) => i.status !== 'negative').map((i) => analytes[i.analyte].label);
      await addEvent(tx, ctx, {
        patientId: patient.id,
        episodeId: episode.id,
        kind: 'assessment.intake-screen',
        summary: `Intake urine screen: ${positives.length ? `presumptive positive for ${positives.join(', ')}` : 'negative'}`,
        occurredAt: collectedAt,
      });
      recordAudit(ctx, { patientId: patient.id, resourceType: 'intake-screen', resourceId: id, action: 'create' });
      return { id, collectedAt, results: body.results, interpretation };
    },
  }),

  route({
    method: 'GET',
    url: '/patients/:id/intake-workup',
    response: workupSchema,
    summary: 'The intake urine screens and the baseline labs (ordered / resulted)',
    tags,
    access: { permission: { resource: 'assessment', action: 'read' } },
    params: idParam,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params }) => {
      const patient = await requirePatient(tx, ctx, params.id, 'assessment', 'read');
      const screens = await tx
        .selectFrom('asm_drug_screens')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', patient.id)
        .orderBy('collected_at', 'desc')
        .limit(20)
        .execute();
      const labs = await tx
        .selectFrom('asm_lab_orders')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', patient.id)
        .orderBy('ordered_at', 'desc')
        .limit(100)
        .execute();
      recordAudit(ctx, { patientId: patient.id, resourceType: 'intake-screen', resourceId: null, action: 'read' });
      return {
        screens: screens.map((s) => ({
          id: s.id,
          collectedAt: s.collected_at,
          results: s.results as { analyte: string; result: string }[],
          interpretation: s.interpretation as Record<string, unknown>,
        })),
        labs: labs.map(presentLab),
      };
    },
  }),

  route({
    method: 'POST',
    url: '/episodes/:id/baseline-labs',
    response: labSchema,
    summary: 'Order a baseline lab at intake',
    tags,
    access: { permission: { resource: 'assessment', action: 'create' } },
    params: idParam,
    body: z.object({ testName: z.string().trim().min(2).max(200), orderedAt: instant.optional() }).strict(),
    status: 201,
    idempotent: true,
    auditResource: 'episode',
    handler: async ({ tx, ctx, params, body }) => {
      const { episode, patient } = await requireEpisode(tx, ctx, params.id, 'assessment', 'create');
      const orderedAt = body.orderedAt ? new Date(body.orderedAt) : ctx.now;
      if (orderedAt.getTime() > ctx.now.getTime() + 5 * 60_000) throw problems.invalid('orderedAt', 'not-in-future', 'orderedAt: cannot be in the future.');
      const row = await tx
        .insertInto('asm_lab_orders')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          patient_id: patient.id,
          episode_id: episode.id,
          test_name: body.testName,
          ordered_at: orderedAt,
          ordered_by: ctx.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: patient.id, resourceType: 'baseline-lab', resourceId: row.id, action: 'create' });
      return presentLab(row);
    },
  }),

  route({
    method: 'POST',
    url: '/baseline-labs/:id/result',
    response: labSchema,
    summary: 'Mark a baseline lab resulted, with a short summary',
    tags,
    access: { permission: { resource: 'assessment', action: 'update' } },
    params: idParam,
    body: z.object({ resultedAt: instant, summary: z.string().trim().min(1).max(2000) }).strict(),
    auditResource: 'baseline-lab',
    handler: async ({ tx, ctx, params, body }) => {
      const { row: lab } = await inScope(
        tx,
        ctx,
        params.id,
        (i) => tx.selectFrom('asm_lab_orders').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', i).executeTakeFirst(),
        'assessment',
        'update',
        'Lab order',
      );
      if (lab.status === 'resulted') throw problems.conflict('lab.resulted', 'This lab is already resulted.');
      const resultedAt = new Date(body.resultedAt);
      if (resultedAt < lab.ordered_at) throw problems.invalid('resultedAt', 'after-ordered', 'resultedAt: must be after the order time.');
      if (resultedAt.getTime() > ctx.now.getTime() + 5 * 60_000) throw problems.invalid('resultedAt', 'not-in-future', 'resultedAt: cannot be in the future.');
      const row = await tx
        .updateTable('asm_lab_orders')
        .set({ status: 'resulted', resulted_at: resultedAt, result_summary: body.summary, version: lab.version + 1 })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', lab.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: lab.patient_id, resourceType: 'baseline-lab', resourceId: lab.id, action: 'update' });
      return presentLab(row);
    },
  }),
];

function presentLab(l: { id: string; test_name: string; ordered_at: Date; status: string; resulted_at: Date | null; result_summary: string | null }) {
  return {
    id: l.id,
    testName: l.test_name,
    orderedAt: l.ordered_at,
    status: l.status as 'ordered' | 'resulted',
    resultedAt: l.resulted_at,
    summary: l.result_summary,
  };
}
