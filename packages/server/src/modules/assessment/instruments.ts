import type { Role } from '@waypoint/clinical/care/roles';
import { sql } from 'kysely';
import { z } from 'zod';
import { formInstruments, formInstrumentCodes, type FormContext } from '@waypoint/clinical/instruments/registry';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { requirePatient } from '../../platform/permissions/access';
import { inScope } from './scope';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { raiseAlert } from '../alerts/service';
import { instant, instrumentListSchema, instrumentResultDetailSchema } from './schemas';

const tags = ['assessment'];

/** Who is told about a positive suicide screen: the clinical roles of the care team. */
export const suicideAlertAudience = ['prescriber', 'nurse', 'counselor', 'case_manager'];

type ResultRow = {
  id: string;
  patient_id: string;
  episode_id: string | null;
  instrument: string;
  total: number;
  band: string | null;
  suicide_risk: 'low' | 'moderate' | 'high' | null;
  alert_id: string | null;
  detail: Record<string, unknown>;
  answers: Record<string, number>;
  administered_at: Date;
  recorded_by_name?: string | null;
};

export function presentResult(r: ResultRow) {
  return {
    id: r.id,
    patientId: r.patient_id,
    episodeId: r.episode_id,
    instrument: r.instrument,
    total: r.total,
    band: r.band,
    suicideRisk: r.suicide_risk,
    alertId: r.alert_id,
    detail: r.detail,
    answers: r.answers,
    administeredAt: r.administered_at,
    recordedByName: r.recorded_by_name ?? null,
  };
}

async function activeEpisodeId(tx: Tx, organizationId: string, patientId: string) {
  const e = await tx
    .selectFrom('episodes')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('patient_id', '=', patientId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return e?.id ?? null;
}

export const instrumentRoutes = [
  route({
    method: 'POST',
    url: '/patients/:id/instruments/:code',
    response: instrumentResultDetailSchema,
    summary:
      'Give a screening instrument (PHQ-9, GAD-7, PCL-5, C-SSRS, AUDIT-C, DAST-10, MDQ, BARC-10, DSM-5 OUD): scored on the server by the clinical package',
    tags,
    access: { permission: { resource: 'assessment', action: 'create' } },
    params: z.object({ id: z.string(), code: z.string() }),
    body: z
      .object({
        answers: z.record(z.string(), z.number()),
        administeredAt: instant.optional(),
        /** AUDIT-C's cut-point is sex-specific: needed when the sex at birth recorded is neither. */
        sex: z.enum(['male', 'female']).optional(),
        /** DSM-5 remission: the severity when criteria were last met and months since then. */
        oudHistory: z
          .object({ previousSeverity: z.enum(['mild', 'moderate', 'severe']), monthsWithoutCriteria: z.number().min(0).max(1200) })
          .strict()
          .optional(),
      })
      .strict(),
    status: 201,
    idempotent: true,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params, body }) => {
      const patient = await requirePatient(tx, ctx, params.id, 'assessment', 'create');
      const form = formInstruments[params.code];
      if (!form) throw problems.invalid('code', 'known-instrument', `code: ${params.code} is not an instrument; one of ${formInstrumentCodes.join(', ')}.`);
      const administeredAt = body.administeredAt ? new Date(body.administeredAt) : ctx.now;
      if (administeredAt.getTime() > ctx.now.getTime() + 5 * 60_000)
        throw problems.invalid('administeredAt', 'not-in-future', 'administeredAt: cannot be in the future.');
      if (administeredAt.getTime() < Date.parse(`${patient.birth_date}T00:00:00Z`))
        throw problems.invalid('administeredAt', 'after-birth', "administeredAt: before the patient's birth.");
      const sex = body.sex ?? (patient.sex_at_birth === 'male' || patient.sex_at_birth === 'female' ? patient.sex_at_birth : undefined);
      const context: FormContext = { sex, oudHistory: body.oudHistory };
      const score = prefixed(() => form.score(body.answers, context));
      const id = uuidv7();
      const episodeId = await activeEpisodeId(tx, ctx.organizationId, patient.id);
      let alertId: string | null = null;
      if (score.suicideRisk) {
        const alert = await raiseAlert(tx, ctx, {
          patientId: patient.id,
          episodeId,
          kind: 'suicide-risk',
          severity: score.suicideRisk.level === 'low' ? 'warning' : 'critical',
          message: `Suicide risk (${form.def.name}: ${score.suicideRisk.level}): ${score.suicideRisk.reasons.join('; ')}. Assess safety now and record the action taken.`,
          dedupeKey: `suicide-risk:${id}`,
          audience: [...suicideAlertAudience] as Role[],
        });
        alertId = alert.id;
      }
      const row = {
        organization_id: ctx.organizationId,
        id,
        patient_id: patient.id,
        episode_id: episodeId,
        instrument: form.code,
        answers: JSON.stringify(body.answers),
        context: JSON.stringify(context),
        total: score.total,
        band: score.band,
        detail: JSON.stringify(score.detail),
        suicide_risk: score.suicideRisk?.level ?? null,
        alert_id: alertId,
        administered_at: administeredAt,
        recorded_by: ctx.userId,
        recorded_at: ctx.now,
      };
      await tx.insertInto('asm_instrument_results').values(row).execute();
      await addEvent(tx, ctx, {
        patientId: patient.id,
        episodeId,
        kind: 'assessment.instrument',
        summary: `${form.def.name}: ${score.total}${score.band ? ` (${score.band})` : ''}`,
        occurredAt: administeredAt,
      });
      recordAudit(ctx, { patientId: patient.id, resourceType: 'instrument-result', resourceId: id, action: 'create' });
      return presentResult({ ...row, answers: body.answers, detail: score.detail, recorded_by_name: ctx.displayName });
    },
  }),

  route({
    method: 'GET',
    url: '/patients/:id/instruments',
    response: instrumentListSchema,
    summary: "A patient's instrument results, newest first, with the series for the scores-over-time chart",
    tags,
    access: { permission: { resource: 'assessment', action: 'read' } },
    params: z.object({ id: z.string() }),
    query: z.object({ instrument: z.string().optional(), limit: z.coerce.number().int().min(1).max(2000).default(1000) }).strict(),
    auditResource: 'patient',
    handler: async ({ tx, ctx, params, query }) => {
      const patient = await requirePatient(tx, ctx, params.id, 'assessment', 'read');
      let q = tx
        .selectFrom('asm_instrument_results as r')
        .select(['r.id', 'r.instrument', 'r.total', 'r.band', 'r.suicide_risk', 'r.administered_at', 'r.alert_id'])
        .select(sql<string | null>`r.detail->>'icd10cm'`.as('icd10cm'))
        .where('r.organization_id', '=', ctx.organizationId)
        .where('r.patient_id', '=', patient.id);
      if (query.instrument) q = q.where('r.instrument', '=', query.instrument);
      const rows = await q.orderBy('r.administered_at', 'desc').limit(query.limit).execute();
      recordAudit(ctx, { patientId: patient.id, resourceType: 'instrument-result', resourceId: null, action: 'read' });
      return {
        // The DSM-5 checklist's ICD-10-CM code rides along, for "add the diagnosis from this result".
        items: rows.map((r) => ({
          id: r.id,
          instrument: r.instrument,
          total: r.total,
          band: r.band,
          suicideRisk: r.suicide_risk,
          alertId: r.alert_id,
          administeredAt: r.administered_at,
          icd10cm: r.icd10cm,
        })),
      };
    },
  }),

  route({
    method: 'GET',
    url: '/instrument-results/:id',
    response: instrumentResultDetailSchema,
    summary: 'One instrument result with its answers and everything the scorer reported',
    tags,
    access: { permission: { resource: 'assessment', action: 'read' } },
    params: z.object({ id: z.string() }),
    auditResource: 'instrument-result',
    handler: async ({ tx, ctx, params }) => {
      const { row } = await inScope(
        tx,
        ctx,
        params.id,
        (i) =>
          tx
            .selectFrom('asm_instrument_results as r')
            .leftJoin('users as u', 'u.id', 'r.recorded_by')
            .selectAll('r')
            .select('u.display_name as recorded_by_name')
            .where('r.organization_id', '=', ctx.organizationId)
            .where('r.id', '=', i)
            .executeTakeFirst(),
        'assessment',
        'read',
        'Instrument result',
      );
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'instrument-result', resourceId: row.id, action: 'read' });
      return presentResult(row);
    },
  }),
];

/** Clinical errors name the item as `answers.<item>`. */
function prefixed<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const e = err as { name?: string; field?: string; rule?: string; message?: string };
    if (e?.name === 'ClinicalInputError') {
      const field = e.field === 'sex' ? 'sex' : `answers.${e.field}`;
      throw problems.invalid(field, e.rule!, `${field}: ${e.message}`);
    }
    throw err;
  }
}
