import { z } from 'zod';
import { levelLabels, type LevelOfCare } from '@waypoint/clinical/care/levels';
import { waypointPlacementRules } from '@waypoint/clinical/placement/waypoint-rules';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { patientScope, requireEpisode, requirePatient } from '../../platform/permissions/access';
import { inScope } from './scope';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { setLevelFromPlacement } from './level';
import { levelSchema, notesSchema, placementListSchema, placementSchema, prescriberWorkSchema, ratingsSchema } from './schemas';

const tags = ['assessment'];
const idParam = z.object({ id: z.string() });

type PlacementRow = {
  id: string;
  patient_id: string;
  episode_id: string;
  ratings: Record<string, number>;
  notes: Record<string, string>;
  medication_for_oud: string | null;
  suggestion: { level: string; reasons: string[]; referBeyondProgram: string[]; engine: string };
  chosen_level: string;
  override_reason: string | null;
  from_level: string;
  decided_at: Date;
  signed_at: Date | null;
  decided_by_name?: string | null;
  signed_by_name?: string | null;
};

export function presentPlacement(p: PlacementRow) {
  return {
    id: p.id,
    patientId: p.patient_id,
    episodeId: p.episode_id,
    ratings: p.ratings,
    notes: p.notes,
    medicationForOud: p.medication_for_oud,
    suggestion: p.suggestion,
    chosenLevel: p.chosen_level,
    overridden: p.chosen_level !== p.suggestion.level,
    overrideReason: p.override_reason,
    fromLevel: p.from_level,
    levelChanged: p.chosen_level !== p.from_level,
    decidedAt: p.decided_at,
    decidedByName: p.decided_by_name ?? null,
    signedAt: p.signed_at,
    signedByName: p.signed_by_name ?? null,
  };
}

async function placementsOf(tx: Tx, organizationId: string, patientId: string) {
  return tx
    .selectFrom('asm_placements as p')
    .leftJoin('users as u', 'u.id', 'p.decided_by')
    .leftJoin('users as s', 's.id', 'p.signed_by')
    .selectAll('p')
    .select(['u.display_name as decided_by_name', 's.display_name as signed_by_name'])
    .where('p.organization_id', '=', organizationId)
    .where('p.patient_id', '=', patientId)
    .orderBy('p.decided_at', 'desc')
    .limit(50)
    .execute();
}

export const placementRoutes = [
  route({
    method: 'POST',
    url: '/episodes/:id/placements',
    response: placementSchema,
    summary: "Rate the six dimensions, see Waypoint's suggested level, accept it or choose another with a reason; the episode's level follows",
    tags,
    access: { permission: { resource: 'placement', action: 'create' } },
    params: idParam,
    body: z
      .object({
        ratings: ratingsSchema,
        notes: notesSchema.default({}),
        medicationForOud: z.enum(['methadone', 'buprenorphine', 'naltrexone']).nullish(),
        chosenLevel: levelSchema,
        overrideReason: z.string().trim().min(3).max(2000).nullish(),
      })
      .strict(),
    status: 201,
    idempotent: true,
    auditResource: 'episode',
    handler: async ({ tx, ctx, params, body }) => {
      const { episode, patient } = await requireEpisode(tx, ctx, params.id, 'placement', 'create');
      if (episode.status !== 'active') throw problems.conflict('episode-discharged', 'The episode has ended.');
      const suggestion = waypointPlacementRules.suggest({ ratings: body.ratings, medicationForOud: body.medicationForOud ?? null });
      if (body.chosenLevel !== suggestion.level && !body.overrideReason) {
        throw problems.invalid(
          'overrideReason',
          'placement.override-reason',
          `overrideReason: the suggested level is ${levelLabels[suggestion.level]}; choosing ${levelLabels[body.chosenLevel]} needs a reason.`,
        );
      }
      const id = uuidv7();
      const fromLevel = episode.level_of_care;
      const row = {
        organization_id: ctx.organizationId,
        id,
        patient_id: patient.id,
        episode_id: episode.id,
        ratings: JSON.stringify(body.ratings),
        notes: JSON.stringify(body.notes),
        medication_for_oud: body.medicationForOud ?? null,
        suggestion: JSON.stringify(suggestion),
        chosen_level: body.chosenLevel,
        override_reason: body.chosenLevel !== suggestion.level ? body.overrideReason! : null,
        from_level: fromLevel,
        decided_by: ctx.userId,
        decided_at: ctx.now,
      };
      await tx.insertInto('asm_placements').values(row).execute();
      const reason = `Placement: ${body.chosenLevel === suggestion.level ? 'suggested level accepted' : `suggested ${levelLabels[suggestion.level]}, chose otherwise: ${body.overrideReason}`}`;
      if (body.chosenLevel !== fromLevel) await setLevelFromPlacement(tx, ctx, { episode, toLevel: body.chosenLevel as LevelOfCare, reason });
      await addEvent(tx, ctx, {
        patientId: patient.id,
        episodeId: episode.id,
        kind: 'assessment.placement',
        summary: `Placement: ${levelLabels[body.chosenLevel]}${body.chosenLevel !== suggestion.level ? ` (suggested ${levelLabels[suggestion.level]})` : ''}`,
      });
      recordAudit(ctx, { patientId: patient.id, resourceType: 'placement', resourceId: id, action: 'create' });
      return presentPlacement({
        ...row,
        ratings: body.ratings,
        notes: body.notes as Record<string, string>,
        suggestion,
        signed_at: null,
        decided_by_name: ctx.displayName,
      });
    },
  }),

  route({
    method: 'GET',
    url: '/patients/:id/placements',
    response: placementListSchema,
    summary: 'Placement decisions of a patient, newest first',
    tags,
    access: { permission: { resource: 'placement', action: 'read' } },
    params: idParam,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params }) => {
      const patient = await requirePatient(tx, ctx, params.id, 'placement', 'read');
      const rows = await placementsOf(tx, ctx.organizationId, patient.id);
      recordAudit(ctx, { patientId: patient.id, resourceType: 'placement', resourceId: null, action: 'read' });
      return { items: rows.map(presentPlacement) };
    },
  }),

  route({
    method: 'POST',
    url: '/placements/:id/sign',
    response: placementSchema,
    summary: "Prescriber's signature on a placement decision; a signed placement never changes",
    tags,
    access: { permission: { resource: 'clinical-signature', action: 'create' } },
    params: idParam,
    auditResource: 'placement',
    handler: async ({ tx, ctx, params }) => {
      const { row } = await inScope(
        tx,
        ctx,
        params.id,
        (i) => tx.selectFrom('asm_placements').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', i).executeTakeFirst(),
        'clinical-signature',
        'create',
        'Placement',
      );
      if (row.signed_at) throw problems.conflict('placement.signed', 'This placement is already signed.');
      const signed = await tx
        .updateTable('asm_placements')
        .set({ signed_by: ctx.userId, signed_at: ctx.now })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'placement', resourceId: row.id, action: 'update' });
      return presentPlacement({ ...signed, signed_by_name: ctx.displayName });
    },
  }),

  route({
    method: 'GET',
    url: '/worklists/prescriber',
    response: prescriberWorkSchema,
    summary: "The prescriber's work list: diagnoses and placements waiting for a signature, patients in my scope",
    tags: ['work lists'],
    access: { permission: { resource: 'prescriber-worklist', action: 'read' } },
    handler: async ({ tx, ctx }) => prescriberWork(tx, ctx),
  }),
];

async function prescriberWork(tx: Tx, ctx: RequestContext) {
  const diagnoses = await tx
    .selectFrom('asm_diagnoses as d')
    .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'd.organization_id').onRef('p.id', '=', 'd.patient_id'))
    .leftJoin('users as u', 'u.id', 'd.diagnosed_by')
    .select(['d.id', 'd.patient_id', 'd.icd10_code', 'd.description', 'd.diagnosed_at', 'u.display_name', 'p.legal_given_name', 'p.legal_family_name', 'p.mrn'])
    .where('d.organization_id', '=', ctx.organizationId)
    .where('d.signed_at', 'is', null)
    .where(patientScope(ctx, 'clinical-signature', 'create'))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('asm_diagnoses as n').select('n.id').whereRef('n.organization_id', '=', 'd.organization_id').whereRef('n.supersedes_id', '=', 'd.id'),
        ),
      ),
    )
    .orderBy('d.diagnosed_at')
    .limit(200)
    .execute();
  const placements = await tx
    .selectFrom('asm_placements as a')
    .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'a.organization_id').onRef('p.id', '=', 'a.patient_id'))
    .leftJoin('users as u', 'u.id', 'a.decided_by')
    .select([
      'a.id',
      'a.patient_id',
      'a.chosen_level',
      'a.suggestion',
      'a.override_reason',
      'a.decided_at',
      'u.display_name',
      'p.legal_given_name',
      'p.legal_family_name',
      'p.mrn',
    ])
    .where('a.organization_id', '=', ctx.organizationId)
    .where('a.signed_at', 'is', null)
    .where(patientScope(ctx, 'clinical-signature', 'create'))
    .orderBy('a.decided_at')
    .limit(200)
    .execute();
  const who = (r: { patient_id: string; legal_given_name: string; legal_family_name: string; mrn: string }) => ({
    patientId: r.patient_id,
    patientName: `${r.legal_family_name}, ${r.legal_given_name}`,
    mrn: r.mrn,
  });
  for (const r of [...diagnoses, ...placements]) recordAudit(ctx, { patientId: r.patient_id, resourceType: 'worklist', resourceId: r.id, action: 'read' });
  return {
    diagnosesToSign: diagnoses.map((d) => ({
      ...who(d),
      id: d.id,
      icd10Code: d.icd10_code,
      description: d.description,
      since: d.diagnosed_at,
      byName: d.display_name,
    })),
    placementsToSign: placements.map((a) => ({
      ...who(a),
      id: a.id,
      chosenLevel: a.chosen_level,
      suggestedLevel: (a.suggestion as { level: string }).level,
      overrideReason: a.override_reason,
      since: a.decided_at,
      byName: a.display_name,
    })),
  };
}

export { placementsOf };
