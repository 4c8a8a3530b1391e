import type { LevelOfCare } from '@waypoint/clinical/care/levels';
import type { Tx } from '../../db/schema';

/**
 * A group's roster: patients with an active episode at the group's facility at one of the group's
 * levels of care (derived, never copied, so admissions and step-downs change it by themselves).
 */
export async function rosterOf(tx: Tx, organizationId: string, facilityId: string, levels: string[]) {
  if (levels.length === 0) return [];
  return tx
    .selectFrom('episodes as e')
    .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'e.organization_id').onRef('p.id', '=', 'e.patient_id'))
    .select(['p.id as patientId', 'p.legal_given_name', 'p.legal_family_name', 'p.preferred_name', 'p.mrn', 'e.level_of_care', 'e.id as episodeId'])
    .where('e.organization_id', '=', organizationId)
    .where('e.facility_id', '=', facilityId)
    .where('e.status', '=', 'active')
    .where('e.level_of_care', 'in', levels as LevelOfCare[])
    .orderBy('p.legal_family_name')
    .orderBy('p.legal_given_name')
    .execute();
}

export function displayName(p: { legal_given_name: string; legal_family_name: string; preferred_name: string | null }): string {
  return `${p.legal_family_name}, ${p.preferred_name ?? p.legal_given_name}`;
}
