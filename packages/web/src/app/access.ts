import type { Me } from '../api/types';

/** May the signed-in user do this? The server's decision table decides; the web app only mirrors it. */
export function can(me: Me, permission: string): boolean {
  return me.permissions.includes(permission);
}

/** The facilities a permission reaches for this user: every facility at organization scope, else the user's own. */
export function reachableFacilities<F extends { id: string }>(me: Me, permission: string, all: F[]): F[] {
  const scope = me.scopes[permission];
  if (scope === 'organization') return all;
  if (scope === 'facility') return all.filter((f) => me.user.facilityIds.includes(f.id));
  return [];
}
