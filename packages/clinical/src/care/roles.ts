/** The people of a treatment program, as Waypoint's roles (PRODUCT.md "Who uses it"). */
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
