import type { Tx } from '../../db/schema';

export async function loadEpisodes(tx: Tx, organizationId: string, where: { patientId?: string; episodeId?: string }) {
  let q = tx
    .selectFrom('episodes as e')
    .innerJoin('facilities as f', 'f.id', 'e.facility_id')
    .selectAll('e')
    .select('f.name as facility_name')
    .where('e.organization_id', '=', organizationId);
  if (where.patientId) q = q.where('e.patient_id', '=', where.patientId);
  if (where.episodeId) q = q.where('e.id', '=', where.episodeId);
  const episodes = await q.orderBy('e.admitted_at', 'desc').execute();
  if (episodes.length === 0) return [];
  const changes = await tx
    .selectFrom('level_of_care_changes as c')
    .innerJoin('users as u', 'u.id', 'c.changed_by')
    .selectAll('c')
    .select('u.display_name as changed_by_name')
    .where('c.organization_id', '=', organizationId)
    .where(
      'c.episode_id',
      'in',
      episodes.map((e) => e.id),
    )
    .orderBy('c.changed_at')
    .execute();
  return episodes.map((e) => ({
    id: e.id,
    patientId: e.patient_id,
    facilityId: e.facility_id,
    facilityName: e.facility_name,
    levelOfCare: e.level_of_care,
    bed: e.bed,
    status: e.status,
    admittedAt: e.admitted_at,
    lastOpioidUseAt: e.last_opioid_use_at,
    dischargedAt: e.discharged_at,
    dischargeType: e.discharge_type,
    dischargeReason: e.discharge_reason,
    naloxoneGiven: e.naloxone_given,
    version: e.version,
    levelChanges: changes
      .filter((c) => c.episode_id === e.id)
      .map((c) => ({
        id: c.id,
        fromLevel: c.from_level,
        toLevel: c.to_level,
        direction: c.direction,
        reason: c.reason,
        changedAt: c.changed_at,
        changedByName: c.changed_by_name,
      })),
  }));
}

export async function loadEpisode(tx: Tx, organizationId: string, episodeId: string) {
  const [e] = await loadEpisodes(tx, organizationId, { episodeId });
  return e;
}
