import { z } from 'zod';
import { recordAudit } from '../../platform/audit';
import { optionalIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { reachesFacility, requireEpisode, requirePatient } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { dischargeTypes, levelsOfCare } from '@waypoint/clinical/care/levels';
import { loadEpisode, loadEpisodes } from './present';
import { episodeSchema, episodes } from './schemas';
import { admit, changeLevelOfCare, dischargeEpisode } from './service';

const tags = ['episodes'];
const id = z.object({ id: z.string() });
const instant = z.iso.datetime({ offset: true });

export const episodeRoutes = [
  route({
    method: 'GET',
    url: '/patients/:id/episodes',
    response: episodes,
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
    response: episodeSchema,
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
      const facility = await tx
        .selectFrom('facilities')
        .selectAll()
        .where('id', '=', body.facilityId)
        .where('organization_id', '=', ctx.organizationId)
        .executeTakeFirst();
      if (!facility || !reachesFacility(ctx, facility.id, 'episode', 'create')) {
        throw problems.invalid('facilityId', 'facility-in-scope', 'facilityId: not a facility you work at.');
      }
      const episodeId = await admit(tx, ctx, {
        patientId: p.id,
        facility,
        levelOfCare: body.levelOfCare,
        admittedAt: body.admittedAt ? new Date(body.admittedAt) : undefined,
        bed: body.bed ?? null,
        lastOpioidUseAt: body.lastOpioidUseAt ? new Date(body.lastOpioidUseAt) : null,
      });
      recordAudit(ctx, { patientId: p.id, resourceType: 'episode', resourceId: episodeId, action: 'create' });
      const episode = await loadEpisode(tx, ctx.organizationId, episodeId);
      setEtag(reply, episode.version);
      return episode;
    },
  }),

  route({
    method: 'POST',
    url: '/episodes/:id/level-changes',
    response: episodeSchema,
    summary: 'Change level of care (step-down, step-up) with reason and time',
    tags,
    access: { permission: { resource: 'episode', action: 'update' } },
    params: id,
    body: z
      .object({
        levelOfCare: z.enum(levelsOfCare),
        reason: z.string().trim().min(3).max(2000),
        changedAt: instant.optional(),
        bed: z.string().trim().max(20).nullish(),
        naloxoneGiven: z.boolean().optional(),
        medicationOffered: z.boolean().optional(),
      })
      .strict(),
    auditResource: 'episode',
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const { episode } = await requireEpisode(tx, ctx, params.id, 'episode', 'update');
      const expected = optionalIfMatch(req);
      if (expected !== undefined && expected !== episode.version) throw problems.preconditionFailed();
      await changeLevelOfCare(tx, ctx, {
        episode,
        toLevel: body.levelOfCare,
        reason: body.reason,
        at: body.changedAt ? new Date(body.changedAt) : undefined,
        bed: body.bed,
        naloxoneGiven: body.naloxoneGiven,
        medicationOffered: body.medicationOffered,
      });
      recordAudit(ctx, { patientId: episode.patient_id, resourceType: 'episode', resourceId: episode.id, action: 'update' });
      const result = await loadEpisode(tx, ctx.organizationId, episode.id);
      setEtag(reply, result.version);
      return result;
    },
  }),

  route({
    method: 'POST',
    url: '/episodes/:id/discharge',
    response: episodeSchema,
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
      await dischargeEpisode(tx, ctx, {
        episode,
        type: body.dischargeType,
        reason: body.reason,
        at: body.dischargedAt ? new Date(body.dischargedAt) : undefined,
        naloxoneGiven: body.naloxoneGiven,
        medicationOffered: body.medicationOffered,
      });
      recordAudit(ctx, { patientId: episode.patient_id, resourceType: 'episode', resourceId: episode.id, action: 'update' });
      const result = await loadEpisode(tx, ctx.organizationId, episode.id);
      setEtag(reply, result.version);
      return result;
    },
  }),
];
