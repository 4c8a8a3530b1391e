import type { Db } from './db/schema';
import { passwordRule } from './platform/auth/passwords';
import { isEmpty, provisionOrganization } from './modules/admin/service';

/**
 * Production starts empty: the first administrator comes from WAYPOINT_ADMIN_EMAIL and
 * WAYPOINT_ADMIN_PASSWORD, once, and signs in to create facilities and staff.
 */
export async function createFirstAdministrator(
  db: Db,
  email: string | undefined,
  password: string | undefined,
  organizationName = 'Treatment program',
): Promise<'created' | 'exists' | 'missing'> {
  if (!(await isEmpty(db))) return 'exists';
  if (!email || !password) return 'missing';
  if (password.length < passwordRule.min) throw new Error(`WAYPOINT_ADMIN_PASSWORD must be at least ${passwordRule.min} characters.`);
  await provisionOrganization(db, {
    name: organizationName,
    facilities: [],
    users: [{ email, displayName: 'Administrator', role: 'administrator', password, facilities: [] }],
  });
  return 'created';
}
