import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import { recordAudit } from '../../platform/audit';
import { optionalIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { requireEpisode, requirePatient } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { raiseAlert } from '../alerts/raise';
import { endCourseForDischarge } from '../withdrawal/service';
import { direction, dischargeTypes, levelLabels, levelsOfCare, type LevelOfCare } from '@waypoint/clinical/care/levels';
import { loadEpisode, loadEpisodes } from './present';
import { overdoseRiskAtTransition } from '@waypoint/clinical/transitions/overdose-risk';

const tags = ['episodes'];
const id = z.object({ id: z.string() });
const instant = z.iso.datetime({ offset: true });

function notInFuture(field: string, at: Date, now: Date) {
  // Five minutes of clock skew between a workstation and the server is tolerated.
  if (at.getTime() > now.getTime() + 5 * 60_000) throw problems.invalid(field, 'not-in-future', `${field}: cannot be in the future.`);
}

export const episodeRoutes = [
  route({
    method: 'GET',
    url: '/patients/:id/episodes',
    summary: 'All episodes of care of a patient, newest first, with level-of-care changes',
    tags,
    access: { permission: { resource: 'episode', action: 'read' } },
    params: id,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params }) => {
      const p = await requirePatient(tx, ctx, params.id, 'episode', 'read');
      recordAudit(ctx, { patientId: p.id, resourceType: 'episode', resourceId: null, action: 'read' });
      return { items: await loadEpisodes(tx, ctx.organizationId, { patientId: p.id }) };
    },
  }),

  route({
    method: 'POST',
    url: '/patients/:id/episodes',
    summary: 'Admit (or readmit) a patient to a facility and level of care',
    tags,
    access: { permission: { resource: 'episode', action: 'create' } },
    params: id,
    body: z
      .object({
        facilityId: z.uuid(),
        levelOfCare: z.enum(levelsOfCare),
        admittedAt: instant.optional(),
        bed: z.string().trim().min(1).max(20).nullish(),
        lastOpioidUseAt: instant.nullish(),
      })
      .strict(),
    status: 201,
    idempotent: true,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params, body, reply }) => {
      const p = await requirePatient(tx, ctx, params.id, 'episode', 'create');
      const facility = await tx.selectFrom('facilities').selectAll().where('id', '=', body.facilityId).where('organization_id', '=', ctx.organizationId).executeTakeFirst();
      if (!facility || (ctx.role !== 'administrator' && !ctx.facilityIds.includes(facility.id))) {
        throw problems.invalid('facilityId', 'facility-in-scope', 'facilityId: not a facility you work at.');
      }
      if (!facility.levels_of_care.includes(body.levelOfCare)) {
        throw problems.invalid('levelOfCare', 'offered-by-facility', `levelOfCare: ${facility.name} does not offer ${levelLabels[body.levelOfCare]}.`);
      }
      const admittedAt = body.admittedAt ? new Date(body.admittedAt) : ctx.now;
      notInFuture('admittedAt', admittedAt, ctx.now);
      const lastUse = body.lastOpioidUseAt ? new Date(body.lastOpioidUseAt) : null;
      if (lastUse && lastUse > admittedAt) throw problems.invalid('lastOpioidUseAt', 'before-admission', 'lastOpioidUseAt: must be before admission.');
      const active = await tx.selectFrom('episodes').select('id').where('patient_id', '=', p.id).where('status', '=', 'active').executeTakeFirst();
      if (active) throw problems.conflict('one-active-episode', 'The patient already has an active episode: discharge it first, or change its level of care.', { episodeId: active.id });
      if (body.bed) await assertBedFree(tx, ctx.organizationId, facility.id, body.bed);
      const episodeId = uuidv7();
      await tx
        .insertInto('episodes')
        .values({
          organization_id: ctx.organizationId,
          id: episodeId,
          patient_id: p.id,
          facility_id: facility.id,
          level_of_care: body.levelOfCare,
          bed: body.bed ?? null,
          status: 'active',
          admitted_at: admittedAt,
          last_opioid_use_at: lastUse,
          discharged_at: null,
          discharge_type: null,
          discharge_reason: null,
          naloxone_given: null,
          created_by: ctx.userId,
        })
        .execute();
      await tx.insertInto('level_of_care_changes').values({ organization_id: ctx.organizationId, id: uuidv7(), episode_id: episodeId, from_level: null, to_level: body.levelOfCare, direction: 'admission', reason: 'Admission', changed_at: admittedAt, changed_by: ctx.userId }).execute();
      const previous = await tx.selectFrom('episodes').select('id').where('patient_id', '=', p.id).where('status', '=', 'discharged').executeTakeFirst();
      await addEvent(tx, ctx, { patientId: p.id, episodeId, kind: previous ? 'episode.readmitted' : 'episode.admitted', summary: `${previous ? 'Readmitted' : 'Admitted'} to ${facility.name}, ${levelLabels[body.levelOfCare]}${body.bed ? `, bed ${body.bed}` : ''}`, occurredAt: admittedAt });
      recordAudit(ctx, { patientId: p.id, resourceType: 'episode', resourceId: episodeId, action: 'create' });
      const episode = await loadEpisode(tx, ctx.organizationId, episodeId);
      setEtag(reply, episode.version);
      return episode;
    },
  }),

  route({
    method: 'POST',
    url: '/episodes/:id/level-changes',
    summary: 'Change level of care (step-down, step-up) with reason and time',
    tags,
    access: { permission: { resource: 'episode', action: 'update' } },
    params: id,
    body: z.object({ levelOfCare: z.enum(levelsOfCare), reason: z.string().trim().min(3).max(2000), changedAt: instant.optional(), bed: z.string().trim().max(20).nullish(), naloxoneGiven: z.boolean().optional(), medicationOffered: z.boolean().optional() }).strict(),
    auditResource: 'episode',
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const { episode } = await requireEpisode(tx, ctx, params.id, 'episode', 'update');
      const expected = optionalIfMatch(req);
      if (expected !== undefined && expected !== episode.version) throw problems.preconditionFailed();
      if (episode.status !== 'active') throw problems.conflict('episode-discharged', 'The episode has ended; readmit instead.');
      const from = episode.level_of_care as LevelOfCare;
      if (from === body.levelOfCare) throw problems.invalid('levelOfCare', 'different-level', `levelOfCare: the patient is already in ${levelLabels[from]}.`);
      const facility = await tx.selectFrom('facilities').select(['name', 'levels_of_care']).where('id', '=', episode.facility_id).executeTakeFirstOrThrow();
      if (!facility.levels_of_care.includes(body.levelOfCare)) {
        throw problems.invalid('levelOfCare', 'offered-by-facility', `levelOfCare: ${facility.name} does not offer ${levelLabels[body.levelOfCare]}; discharge with type transferred and admit elsewhere.`);
      }
      const changedAt = body.changedAt ? new Date(body.changedAt) : ctx.now;
      notInFuture('changedAt', changedAt, ctx.now);
      if (changedAt < episode.admitted_at) throw problems.invalid('changedAt', 'after-admission', 'changedAt: must be after admission.');
      const dir = direction(from, body.levelOfCare);
      const updated = await tx
        .updateTable('episodes')
        .set({ level_of_care: body.levelOfCare, version: episode.version + 1, ...(body.bed !== undefined && { bed: body.bed }), ...(body.naloxoneGiven && { naloxone_given: true }) })
        .where('id', '=', episode.id)
        .where('version', '=', episode.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw problems.preconditionFailed();
      await tx.insertInto('level_of_care_changes').values({ organization_id: ctx.organizationId, id: uuidv7(), episode_id: episode.id, from_level: from, to_level: body.levelOfCare, direction: dir, reason: body.reason, changed_at: changedAt, changed_by: ctx.userId }).execute();
      await addEvent(tx, ctx, { patientId: episode.patient_id, episodeId: episode.id, kind: `episode.${dir}`, summary: `${dir === 'step-down' ? 'Stepped down' : dir === 'step-up' ? 'Stepped up' : 'Moved'} from ${levelLabels[from]} to ${levelLabels[body.levelOfCare]}: ${body.reason}`, occurredAt: changedAt });
      const risk = overdoseRiskAtTransition({ fromLevel: from, toLevel: body.levelOfCare, naloxoneGiven: body.naloxoneGiven ?? episode.naloxone_given === true, medicationOffered: body.medicationOffered ?? false });
      if (risk.flag) await raiseAlert(tx, ctx, { patientId: episode.patient_id, episodeId: episode.id, kind: 'overdose-risk', severity: 'critical', message: risk.message!, dedupeKey: `overdose-risk:${episode.id}` });
      recordAudit(ctx, { patientId: episode.patient_id, resourceType: 'episode', resourceId: episode.id, action: 'update' });
      const result = await loadEpisode(tx, ctx.organizationId, episode.id);
      setEtag(reply, result.version);
      return result;
    },
  }),

  route({
    method: 'POST',
    url: '/episodes/:id/discharge',
    summary: 'Discharge with type; raises the overdose-risk flag when naloxone or medication was not given',
    tags,
    access: { permission: { resource: 'episode', action: 'update' } },
    params: id,
    body: z
      .object({
        dischargeType: z.enum(dischargeTypes),
        reason: z.string().trim().max(2000).nullish(),
        dischargedAt: instant.optional(),
        naloxoneGiven: z.boolean(),
        medicationOffered: z.boolean(),
      })
      .strict(),
    auditResource: 'episode',
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const { episode } = await requireEpisode(tx, ctx, params.id, 'episode', 'update');
      const expected = optionalIfMatch(req);
      if (expected !== undefined && expected !== episode.version) throw problems.preconditionFailed();
      if (episode.status !== 'active') throw problems.conflict('episode-discharged', 'The episode has already ended.');
      const at = body.dischargedAt ? new Date(body.dischargedAt) : ctx.now;
      notInFuture('dischargedAt', at, ctx.now);
      if (at < episode.admitted_at) throw problems.invalid('dischargedAt', 'after-admission', 'dischargedAt: must be after admission.');
      const updated = await tx
        .updateTable('episodes')
        .set({ status: 'discharged', discharged_at: at, discharge_type: body.dischargeType, discharge_reason: body.reason ?? null, naloxone_given: body.naloxoneGiven, version: episode.version + 1, bed: null })
        .where('id', '=', episode.id)
        .where('version', '=', episode.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw problems.preconditionFailed();
      await tx.updateTable('care_team_members').set({ removed_at: at }).where('episode_id', '=', episode.id).where('removed_at', 'is', null).execute();
      // A running withdrawal-management course ends with the episode (off the board, no more overdue alerts).
      await endCourseForDischarge(tx, ctx, episode.id, at);
      await addEvent(tx, ctx, { patientId: episode.patient_id, episodeId: episode.id, kind: 'episode.discharged', summary: `Discharged (${body.dischargeType.replace(/_/g, ' ')}) from ${levelLabels[episode.level_of_care as LevelOfCare]}${body.naloxoneGiven ? '; naloxone given' : '; no naloxone given'}${body.reason ? `: ${body.reason}` : ''}`, occurredAt: at });
      if (body.dischargeType !== 'died') {
        const risk = overdoseRiskAtTransition({ fromLevel: episode.level_of_care as LevelOfCare, toLevel: null, stoppingMedication: episode.level_of_care === 'opioid_treatment_program', naloxoneGiven: body.naloxoneGiven, medicationOffered: body.medicationOffered });
        if (risk.flag) await raiseAlert(tx, ctx, { patientId: episode.patient_id, episodeId: episode.id, kind: 'overdose-risk', severity: 'critical', message: risk.message!, dedupeKey: `overdose-risk:${episode.id}` });
      }
      recordAudit(ctx, { patientId: episode.patient_id, resourceType: 'episode', resourceId: episode.id, action: 'update' });
      const result = await loadEpisode(tx, ctx.organizationId, episode.id);
      setEtag(reply, result.version);
      return result;
    },
  }),
];

async function assertBedFree(tx: Parameters<typeof loadEpisode>[0], organizationId: string, facilityId: string, bed: string) {
  const taken = await tx.selectFrom('episodes').select('id').where('organization_id', '=', organizationId).where('facility_id', '=', facilityId).where('status', '=', 'active').where('bed', '=', bed).executeTakeFirst();
  if (taken) throw problems.conflict('bed-occupied', `Bed ${bed} is occupied.`);
}
