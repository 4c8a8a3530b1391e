import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { raiseAlert } from '../alerts/service';
import { endCourseForDischarge } from '../withdrawal/service';
import { direction, levelLabels, type DischargeType, type LevelOfCare } from '@waypoint/clinical/care/levels';
import { overdoseRiskAtTransition } from '@waypoint/clinical/transitions/overdose-risk';

/**
 * What the care stage lets other stages do to an episode. Only this stage writes `episodes`,
 * `level_of_care_changes` and `care_team_members`; withdrawal completion, admissions, placement and
 * discharge call these functions, so the version check and the overdose-risk flag apply everywhere.
 */

type Ctx = RequestContext;

export interface EpisodeRow {
  id: string;
  patient_id: string;
  facility_id: string;
  level_of_care: string;
  status: string;
  admitted_at: Date;
  version: number;
  naloxone_given: boolean | null;
}

function notInFuture(field: string, at: Date, now: Date) {
  // Five minutes of clock skew between a workstation and the server is tolerated.
  if (at.getTime() > now.getTime() + 5 * 60_000) throw problems.invalid(field, 'not-in-future', `${field}: cannot be in the future.`);
}

export async function assertBedFree(tx: Tx, organizationId: string, facilityId: string, bed: string) {
  const taken = await tx
    .selectFrom('episodes')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('facility_id', '=', facilityId)
    .where('status', '=', 'active')
    .where('bed', '=', bed)
    .executeTakeFirst();
  if (taken) throw problems.conflict('bed-occupied', `Bed ${bed} is occupied.`);
}

/** Admits (or readmits) a patient whose facility the caller has already checked. Returns the new episode's id. */
export async function admit(
  tx: Tx,
  ctx: Ctx,
  a: {
    patientId: string;
    facility: { id: string; name: string; levels_of_care: string[] };
    levelOfCare: LevelOfCare;
    admittedAt?: Date;
    bed?: string | null;
    lastOpioidUseAt?: Date | null;
  },
): Promise<string> {
  if (!a.facility.levels_of_care.includes(a.levelOfCare)) {
    throw problems.invalid('levelOfCare', 'offered-by-facility', `levelOfCare: ${a.facility.name} does not offer ${levelLabels[a.levelOfCare]}.`);
  }
  const admittedAt = a.admittedAt ?? ctx.now;
  notInFuture('admittedAt', admittedAt, ctx.now);
  const lastUse = a.lastOpioidUseAt ?? null;
  if (lastUse && lastUse > admittedAt) throw problems.invalid('lastOpioidUseAt', 'before-admission', 'lastOpioidUseAt: must be before admission.');
  const active = await tx
    .selectFrom('episodes')
    .select('id')
    .where('organization_id', '=', ctx.organizationId)
    .where('patient_id', '=', a.patientId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (active)
    throw problems.conflict('one-active-episode', 'The patient already has an active episode: discharge it first, or change its level of care.', {
      episodeId: active.id,
    });
  if (a.bed) await assertBedFree(tx, ctx.organizationId, a.facility.id, a.bed);
  const episodeId = uuidv7();
  await tx
    .insertInto('episodes')
    .values({
      organization_id: ctx.organizationId,
      id: episodeId,
      patient_id: a.patientId,
      facility_id: a.facility.id,
      level_of_care: a.levelOfCare,
      bed: a.bed ?? null,
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
  await tx
    .insertInto('level_of_care_changes')
    .values({
      organization_id: ctx.organizationId,
      id: uuidv7(),
      episode_id: episodeId,
      from_level: null,
      to_level: a.levelOfCare,
      direction: 'admission',
      reason: 'Admission',
      changed_at: admittedAt,
      changed_by: ctx.userId,
    })
    .execute();
  const previous = await tx
    .selectFrom('episodes')
    .select('id')
    .where('organization_id', '=', ctx.organizationId)
    .where('patient_id', '=', a.patientId)
    .where('status', '=', 'discharged')
    .executeTakeFirst();
  await addEvent(tx, ctx, {
    patientId: a.patientId,
    episodeId,
    kind: previous ? 'episode.readmitted' : 'episode.admitted',
    summary: `${previous ? 'Readmitted' : 'Admitted'} to ${a.facility.name}, ${levelLabels[a.levelOfCare]}${a.bed ? `, bed ${a.bed}` : ''}`,
    occurredAt: admittedAt,
  });
  return episodeId;
}

/**
 * Moves an active episode to another level of care, with its reason and time; checks the version the
 * caller read (a concurrent change answers 412), the facility's levels, and the overdose risk of the move.
 */
export async function changeLevelOfCare(
  tx: Tx,
  ctx: Ctx,
  c: {
    episode: EpisodeRow;
    toLevel: LevelOfCare;
    reason: string;
    at?: Date;
    bed?: string | null;
    naloxoneGiven?: boolean;
    medicationOffered?: boolean;
    field?: string;
  },
): Promise<void> {
  const { episode } = c;
  const field = c.field ?? 'levelOfCare';
  if (episode.status !== 'active') throw problems.conflict('episode-discharged', 'The episode has ended; readmit instead.');
  const from = episode.level_of_care as LevelOfCare;
  if (from === c.toLevel) throw problems.invalid(field, 'different-level', `${field}: the patient is already in ${levelLabels[from]}.`);
  const facility = await tx
    .selectFrom('facilities')
    .select(['name', 'levels_of_care'])
    .where('organization_id', '=', ctx.organizationId)
    .where('id', '=', episode.facility_id)
    .executeTakeFirstOrThrow();
  if (!facility.levels_of_care.includes(c.toLevel)) {
    throw problems.invalid(
      field,
      'offered-by-facility',
      `${field}: ${facility.name} does not offer ${levelLabels[c.toLevel]}; discharge with type transferred and admit elsewhere.`,
    );
  }
  const at = c.at ?? ctx.now;
  notInFuture('changedAt', at, ctx.now);
  if (at < episode.admitted_at) throw problems.invalid('changedAt', 'after-admission', 'changedAt: must be after admission.');
  const dir = direction(from, c.toLevel);
  const updated = await tx
    .updateTable('episodes')
    .set({
      level_of_care: c.toLevel,
      version: episode.version + 1,
      ...(c.bed !== undefined && { bed: c.bed }),
      ...(c.naloxoneGiven && { naloxone_given: true }),
    })
    .where('organization_id', '=', ctx.organizationId)
    .where('id', '=', episode.id)
    .where('version', '=', episode.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw problems.preconditionFailed();
  await tx
    .insertInto('level_of_care_changes')
    .values({
      organization_id: ctx.organizationId,
      id: uuidv7(),
      episode_id: episode.id,
      from_level: from,
      to_level: c.toLevel,
      direction: dir,
      reason: c.reason,
      changed_at: at,
      changed_by: ctx.userId,
    })
    .execute();
  await addEvent(tx, ctx, {
    patientId: episode.patient_id,
    episodeId: episode.id,
    kind: `episode.${dir}`,
    summary: `${dir === 'step-down' ? 'Stepped down' : dir === 'step-up' ? 'Stepped up' : 'Moved'} from ${levelLabels[from]} to ${levelLabels[c.toLevel]}: ${c.reason}`,
    occurredAt: at,
  });
  const risk = overdoseRiskAtTransition({
    fromLevel: from,
    toLevel: c.toLevel,
    naloxoneGiven: c.naloxoneGiven ?? episode.naloxone_given === true,
    medicationOffered: c.medicationOffered ?? false,
  });
  if (risk.flag)
    await raiseAlert(tx, ctx, {
      patientId: episode.patient_id,
      episodeId: episode.id,
      kind: 'overdose-risk',
      severity: 'critical',
      message: risk.message!,
      dedupeKey: `overdose-risk:${episode.id}`,
    });
}

/**
 * Ends an episode: its type and reason, naloxone and medication at leaving (the overdose-risk flag when
 * either is missing), the care team released, the bed freed, and every stage's running work for the
 * episode ended (a withdrawal course leaves the unit board and stops raising overdue checks).
 */
export async function dischargeEpisode(
  tx: Tx,
  ctx: Ctx,
  d: { episode: EpisodeRow; type: DischargeType; reason?: string | null; at?: Date; naloxoneGiven: boolean; medicationOffered: boolean },
): Promise<void> {
  const { episode } = d;
  if (episode.status !== 'active') throw problems.conflict('episode-discharged', 'The episode has already ended.');
  const at = d.at ?? ctx.now;
  notInFuture('dischargedAt', at, ctx.now);
  if (at < episode.admitted_at) throw problems.invalid('dischargedAt', 'after-admission', 'dischargedAt: must be after admission.');
  const updated = await tx
    .updateTable('episodes')
    .set({
      status: 'discharged',
      discharged_at: at,
      discharge_type: d.type,
      discharge_reason: d.reason ?? null,
      naloxone_given: d.naloxoneGiven,
      version: episode.version + 1,
      bed: null,
    })
    .where('organization_id', '=', ctx.organizationId)
    .where('id', '=', episode.id)
    .where('version', '=', episode.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw problems.preconditionFailed();
  await tx
    .updateTable('care_team_members')
    .set({ removed_at: at })
    .where('organization_id', '=', ctx.organizationId)
    .where('episode_id', '=', episode.id)
    .where('removed_at', 'is', null)
    .execute();
  await endCourseForDischarge(tx, ctx, episode.id, at);
  const from = episode.level_of_care as LevelOfCare;
  await addEvent(tx, ctx, {
    patientId: episode.patient_id,
    episodeId: episode.id,
    kind: 'episode.discharged',
    summary: `Discharged (${d.type.replace(/_/g, ' ')}) from ${levelLabels[from]}${d.naloxoneGiven ? '; naloxone given' : '; no naloxone given'}${d.reason ? `: ${d.reason}` : ''}`,
    occurredAt: at,
  });
  if (d.type !== 'died') {
    const risk = overdoseRiskAtTransition({
      fromLevel: from,
      toLevel: null,
      stoppingMedication: from === 'opioid_treatment_program',
      naloxoneGiven: d.naloxoneGiven,
      medicationOffered: d.medicationOffered,
    });
    if (risk.flag)
      await raiseAlert(tx, ctx, {
        patientId: episode.patient_id,
        episodeId: episode.id,
        kind: 'overdose-risk',
        severity: 'critical',
        message: risk.message!,
        dedupeKey: `overdose-risk:${episode.id}`,
      });
  }
}

/** The last opioid use (from a pre-screen, intake or the unit): feeds induction readiness. */
export async function recordLastUse(tx: Tx, ctx: Ctx, episodeId: string, lastUse: Date | null): Promise<void> {
  await tx.updateTable('episodes').set({ last_opioid_use_at: lastUse }).where('organization_id', '=', ctx.organizationId).where('id', '=', episodeId).execute();
}

/** The patient's active episode, if any (for stages that act on "the current stay"). */
export async function activeEpisode(tx: Tx, ctx: Pick<Ctx, 'organizationId'>, patientId: string) {
  return tx
    .selectFrom('episodes')
    .selectAll()
    .where('organization_id', '=', ctx.organizationId)
    .where('patient_id', '=', patientId)
    .where('status', '=', 'active')
    .executeTakeFirst();
}
