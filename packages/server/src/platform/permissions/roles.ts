/** The people who use Waypoint (PRODUCT.md "Who uses it"). */
export const roles = [
  'administrator',
  'prescriber',
  'nurse',
  'counselor',
  'case_manager',
  'admissions_coordinator',
  'peer_recovery_specialist',
  'patient',
  'family_member',
] as const;
export type Role = (typeof roles)[number];

export const staffRoles: readonly Role[] = roles.filter((r) => r !== 'patient' && r !== 'family_member');

export function isStaff(role: Role): boolean {
  return staffRoles.includes(role);
}

export const roleLabels: Record<Role, string> = {
  administrator: 'Administrator',
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  counselor: 'Counselor',
  case_manager: 'Case manager',
  admissions_coordinator: 'Admissions coordinator',
  peer_recovery_specialist: 'Peer recovery specialist',
  patient: 'Patient',
  family_member: 'Family member',
};
