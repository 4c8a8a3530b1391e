import { roles, type Role } from '@waypoint/clinical/care/roles';

export const staffRoles: readonly Role[] = roles.filter((r) => r !== 'patient' && r !== 'family_member');

export function isStaff(role: Role): boolean {
  return staffRoles.includes(role);
}
