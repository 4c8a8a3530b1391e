import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { requirePatient } from '../../platform/permissions/access';
import { inScope } from './scope';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { diagnosisSchema, icd10, isoDate, problemListSchema, psychMedicationSchema, diagnosisCategories, diagnosisStatuses } from './schemas';

const tags = ['assessment'];
const idParam = z.object({ id: z.string() });
const categories = diagnosisCategories;
const statuses = diagnosisStatuses;

type DiagnosisRow = {
  id: string;
  patient_id: string;
  episode_id: string | null;
  icd10_code: string;
  description: string;
  category: string;
  onset_date: string | null;
  status: string;
  resolved_date: string | null;
  basis_result_id: string | null;
  diagnosed_by: string;
  diagnosed_at: Date;
  supersedes_id: string | null;
  amendment_reason: string | null;
  signed_by: string | null;
  signed_at: Date | null;
  diagnosed_by_name?: string | null;
  signed_by_name?: string | null;
};

export function presentDiagnosis(d: DiagnosisRow) {
  return {
    id: d.id,
    patientId: d.patient_id,
    icd10Code: d.icd10_code,
    description: d.description,
    category: d.category as (typeof categories)[number],
    onsetDate: d.onset_date,
    status: d.status as (typeof statuses)[number],
    resolvedDate: d.resolved_date,
    basisResultId: d.basis_result_id,
    diagnosedAt: d.diagnosed_at,
    diagnosedByName: d.diagnosed_by_name ?? null,
    supersedesId: d.supersedes_id,
    amendmentReason: d.amendment_reason,
    signedAt: d.signed_at,
    signedByName: d.signed_by_name ?? null,
  };
}

/** The current problem list: diagnoses not replaced by a correction. */
export async function currentDiagnoses(tx: Tx, organizationId: string, patientId: string) {
  return tx
    .selectFrom('asm_diagnoses as d')
    .leftJoin('users as u', 'u.id', 'd.diagnosed_by')
    .leftJoin('users as s', 's.id', 'd.signed_by')
    .selectAll('d')
    .select(['u.display_name as diagnosed_by_name', 's.display_name as signed_by_name'])
    .where('d.organization_id', '=', organizationId)
    .where('d.patient_id', '=', patientId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('asm_diagnoses as n').select('n.id').whereRef('n.organization_id', '=', 'd.organization_id').whereRef('n.supersedes_id', '=', 'd.id'),
        ),
      ),
    )
    .orderBy('d.diagnosed_at', 'desc')
    .limit(200)
    .execute();
}

function checkDates(birthDate: string, today: string, onset: string | null | undefined, resolved: string | null | undefined, status: string) {
  if (onset && onset > today) throw problems.invalid('onsetDate', 'not-in-future', 'onsetDate: cannot be in the future.');
  if (onset && onset < birthDate) throw problems.invalid('onsetDate', 'after-birth', "onsetDate: before the patient's birth.");
  if (resolved && onset && resolved < onset) throw problems.invalid('resolvedDate', 'dates-in-order', 'resolvedDate: must be on or after onsetDate.');
  if (resolved && resolved > today) throw problems.invalid('resolvedDate', 'not-in-future', 'resolvedDate: cannot be in the future.');
  if (status === 'resolved' && !resolved)
    throw problems.invalid('resolvedDate', 'required-when-resolved', 'resolvedDate: give the date a resolved diagnosis resolved.');
}

const diagnosisBody = z
  .object({
    icd10Code: icd10,
    description: z.string().trim().min(2).max(300),
    category: z.enum(categories),
    onsetDate: isoDate.nullish(),
    status: z.enum(statuses).default('active'),
    resolvedDate: isoDate.nullish(),
    basisResultId: z.uuid().nullish(),
  })
  .strict();

const medBody = z
  .object({
    name: z.string().trim().min(2).max(200),
    dose: z.string().trim().min(1).max(100),
    frequency: z.string().trim().min(1).max(100),
    prescribedBy: z.string().trim().max(200).nullish(),
    startedOn: isoDate.nullish(),
  })
  .strict();

function presentMed(m: {
  id: string;
  name: string;
  dose: string;
  frequency: string;
  prescribed_by: string | null;
  started_on: string | null;
  stopped_on: string | null;
  stop_reason: string | null;
  version: number;
}) {
  return {
    id: m.id,
    name: m.name,
    dose: m.dose,
    frequency: m.frequency,
    prescribedBy: m.prescribed_by,
    startedOn: m.started_on,
    stoppedOn: m.stopped_on,
    stopReason: m.stop_reason,
    version: m.version,
  };
}

function requireDiagnosis(tx: Tx, ctx: RequestContext, id: string, resource: 'diagnosis' | 'clinical-signature', action: 'create' | 'update' | 'read') {
  return inScope(
    tx,
    ctx,
    id,
    (i) => tx.selectFrom('asm_diagnoses').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', i).executeTakeFirst(),
    resource,
    action,
    'Diagnosis',
  );
}

const todayUtc = (now: Date) => now.toISOString().slice(0, 10);

export const diagnosisRoutes = [
  route({
    method: 'GET',
    url: '/patients/:id/diagnoses',
    response: problemListSchema,
    summary: 'The problem list (current diagnoses, corrections applied) and the psychiatric medications',
    tags,
    access: { permission: { resource: 'diagnosis', action: 'read' } },
    params: idParam,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params }) => {
      const patient = await requirePatient(tx, ctx, params.id, 'diagnosis', 'read');
      const diagnoses = await currentDiagnoses(tx, ctx.organizationId, patient.id);
      const meds = await tx
        .selectFrom('asm_psych_medications')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', patient.id)
        .orderBy('recorded_at', 'desc')
        .limit(200)
        .execute();
      recordAudit(ctx, { patientId: patient.id, resourceType: 'diagnosis', resourceId: null, action: 'read' });
      return { diagnoses: diagnoses.map(presentDiagnosis), psychMedications: meds.map(presentMed) };
    },
  }),

  route({
    method: 'POST',
    url: '/patients/:id/diagnoses',
    response: diagnosisSchema,
    summary: 'Add a diagnosis to the problem list (ICD-10-CM, onset, status); a prescriber signs it',
    tags,
    access: { permission: { resource: 'diagnosis', action: 'create' } },
    params: idParam,
    body: diagnosisBody,
    status: 201,
    idempotent: true,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params, body }) => {
      const patient = await requirePatient(tx, ctx, params.id, 'diagnosis', 'create');
      checkDates(patient.birth_date, todayUtc(ctx.now), body.onsetDate, body.resolvedDate, body.status);
      if (body.basisResultId) {
        const basis = await tx
          .selectFrom('asm_instrument_results')
          .select('id')
          .where('organization_id', '=', ctx.organizationId)
          .where('patient_id', '=', patient.id)
          .where('id', '=', body.basisResultId)
          .executeTakeFirst();
        if (!basis) throw problems.invalid('basisResultId', 'own-result', "basisResultId: not one of this patient's instrument results.");
      }
      const episode = await tx
        .selectFrom('episodes')
        .select('id')
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', patient.id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      const row = await tx
        .insertInto('asm_diagnoses')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          patient_id: patient.id,
          episode_id: episode?.id ?? null,
          icd10_code: body.icd10Code,
          description: body.description,
          category: body.category,
          onset_date: body.onsetDate ?? null,
          status: body.status,
          resolved_date: body.resolvedDate ?? null,
          basis_result_id: body.basisResultId ?? null,
          diagnosed_by: ctx.userId,
          diagnosed_at: ctx.now,
          supersedes_id: null,
          amendment_reason: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await addEvent(tx, ctx, {
        patientId: patient.id,
        episodeId: episode?.id ?? null,
        kind: 'assessment.diagnosis',
        summary: `Diagnosis ${body.icd10Code} ${body.description}`,
      });
      recordAudit(ctx, { patientId: patient.id, resourceType: 'diagnosis', resourceId: row.id, action: 'create' });
      return presentDiagnosis({ ...row, diagnosed_by_name: ctx.displayName });
    },
  }),

  route({
    method: 'POST',
    url: '/diagnoses/:id/amendments',
    response: diagnosisSchema,
    summary: 'Correct a diagnosis: a new entry replaces it on the problem list, with who, when and why; the old one stays readable',
    tags,
    access: { permission: { resource: 'diagnosis', action: 'update' } },
    params: idParam,
    body: diagnosisBody
      .partial()
      .extend({ reason: z.string().trim().min(3).max(2000) })
      .strict(),
    status: 201,
    idempotent: true,
    auditResource: 'diagnosis',
    handler: async ({ tx, ctx, params, body }) => {
      const { row, patient } = await requireDiagnosis(tx, ctx, params.id, 'diagnosis', 'update');
      const replaced = await tx
        .selectFrom('asm_diagnoses')
        .select('id')
        .where('organization_id', '=', ctx.organizationId)
        .where('supersedes_id', '=', row.id)
        .executeTakeFirst();
      if (replaced)
        throw problems.conflict('diagnosis.already-corrected', 'This diagnosis was already corrected: amend the current entry.', { currentId: replaced.id });
      const next = {
        icd10_code: body.icd10Code ?? row.icd10_code,
        description: body.description ?? row.description,
        category: body.category ?? row.category,
        onset_date: body.onsetDate !== undefined ? body.onsetDate : row.onset_date,
        status: body.status ?? row.status,
        resolved_date: body.resolvedDate !== undefined ? body.resolvedDate : row.resolved_date,
      };
      checkDates(patient.birth_date, todayUtc(ctx.now), next.onset_date, next.resolved_date, next.status);
      const created = await tx
        .insertInto('asm_diagnoses')
        .values({
          ...next,
          organization_id: ctx.organizationId,
          id: uuidv7(),
          patient_id: row.patient_id,
          episode_id: row.episode_id,
          basis_result_id: row.basis_result_id,
          diagnosed_by: ctx.userId,
          diagnosed_at: ctx.now,
          supersedes_id: row.id,
          amendment_reason: body.reason,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await addEvent(tx, ctx, {
        patientId: row.patient_id,
        episodeId: row.episode_id,
        kind: 'assessment.diagnosis-amended',
        summary: `Diagnosis ${row.icd10_code} amended: ${body.reason}`,
      });
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'diagnosis', resourceId: created.id, action: 'create' });
      return presentDiagnosis({ ...created, diagnosed_by_name: ctx.displayName });
    },
  }),

  route({
    method: 'POST',
    url: '/diagnoses/:id/sign',
    response: diagnosisSchema,
    summary: "Prescriber's signature on a diagnosis; a signed diagnosis never changes",
    tags,
    access: { permission: { resource: 'clinical-signature', action: 'create' } },
    params: idParam,
    auditResource: 'diagnosis',
    handler: async ({ tx, ctx, params }) => {
      const { row } = await requireDiagnosis(tx, ctx, params.id, 'clinical-signature', 'create');
      if (row.signed_at) throw problems.conflict('diagnosis.signed', 'This diagnosis is already signed.');
      const signed = await tx
        .updateTable('asm_diagnoses')
        .set({ signed_by: ctx.userId, signed_at: ctx.now })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'diagnosis', resourceId: row.id, action: 'update' });
      return presentDiagnosis({ ...signed, signed_by_name: ctx.displayName });
    },
  }),

  route({
    method: 'POST',
    url: '/patients/:id/psych-medications',
    response: psychMedicationSchema,
    summary: 'Record a psychiatric medication the patient takes',
    tags,
    access: { permission: { resource: 'diagnosis', action: 'create' } },
    params: idParam,
    body: medBody,
    status: 201,
    idempotent: true,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params, body }) => {
      const patient = await requirePatient(tx, ctx, params.id, 'diagnosis', 'create');
      if (body.startedOn && body.startedOn > todayUtc(ctx.now)) throw problems.invalid('startedOn', 'not-in-future', 'startedOn: cannot be in the future.');
      const row = await tx
        .insertInto('asm_psych_medications')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          patient_id: patient.id,
          name: body.name,
          dose: body.dose,
          frequency: body.frequency,
          prescribed_by: body.prescribedBy ?? null,
          started_on: body.startedOn ?? null,
          recorded_by: ctx.userId,
          recorded_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: patient.id, resourceType: 'psych-medication', resourceId: row.id, action: 'create' });
      return presentMed(row);
    },
  }),

  route({
    method: 'POST',
    url: '/psych-medications/:id/stop',
    response: psychMedicationSchema,
    summary: 'Record that a psychiatric medication was stopped, when and why',
    tags,
    access: { permission: { resource: 'diagnosis', action: 'update' } },
    params: idParam,
    body: z.object({ stoppedOn: isoDate, reason: z.string().trim().min(2).max(500) }).strict(),
    auditResource: 'psych-medication',
    handler: async ({ tx, ctx, params, body }) => {
      const { row: med } = await inScope(
        tx,
        ctx,
        params.id,
        (i) => tx.selectFrom('asm_psych_medications').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', i).executeTakeFirst(),
        'diagnosis',
        'update',
        'Medication',
      );
      if (med.stopped_on) throw problems.conflict('medication.stopped', 'Already stopped.');
      if (med.started_on && body.stoppedOn < med.started_on)
        throw problems.invalid('stoppedOn', 'dates-in-order', 'stoppedOn: must be on or after the start date.');
      if (body.stoppedOn > todayUtc(ctx.now)) throw problems.invalid('stoppedOn', 'not-in-future', 'stoppedOn: cannot be in the future.');
      const row = await tx
        .updateTable('asm_psych_medications')
        .set({ stopped_on: body.stoppedOn, stop_reason: body.reason, version: med.version + 1 })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', med.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: med.patient_id, resourceType: 'psych-medication', resourceId: med.id, action: 'update' });
      return presentMed(row);
    },
  }),
];
