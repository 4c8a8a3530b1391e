import { uuidv7 } from '../../db/ids';
import type { Db } from '../../db/schema';
import { normalizeEmail } from '../../platform/auth/email';
import { hashPassword } from '../../platform/auth/passwords';
import type { Role } from '@waypoint/clinical/care/roles';
import type { LevelOfCare } from '@waypoint/clinical/care/levels';

export interface FacilitySpec {
  name: string;
  timeZone: string;
  bedCount: number;
  levelsOfCare: LevelOfCare[];
}

export interface UserSpec {
  email: string;
  displayName: string;
  role: Role;
  password: string;
  /** Indexes into the facilities list. */
  facilities: number[];
}

/**
 * Creates an organization with its facilities and users in one transaction: used by the first-admin
 * bootstrap, the demo program and the test factories.
 */
export async function provisionOrganization(db: Db, spec: { name: string; mfaRequired?: boolean; facilities: FacilitySpec[]; users: UserSpec[] }) {
  const organizationId = uuidv7();
  const facilityIds = spec.facilities.map(() => uuidv7());
  const hashes = await Promise.all(spec.users.map((u) => hashPassword(u.password)));
  const userIds = spec.users.map(() => uuidv7());
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('organizations')
      .values({ id: organizationId, name: spec.name, mfa_required: spec.mfaRequired ?? false })
      .execute();
    if (spec.facilities.length) {
      await tx
        .insertInto('facilities')
        .values(
          spec.facilities.map((f, i) => ({
            organization_id: organizationId,
            id: facilityIds[i],
            name: f.name,
            time_zone: f.timeZone,
            bed_count: f.bedCount,
            levels_of_care: f.levelsOfCare,
          })),
        )
        .execute();
    }
    if (spec.users.length) {
      await tx
        .insertInto('users')
        .values(
          spec.users.map((u, i) => ({
            organization_id: organizationId,
            id: userIds[i],
            email: normalizeEmail(u.email),
            display_name: u.displayName,
            role: u.role,
            password_hash: hashes[i],
            mfa_secret: null,
            locked_until: null,
          })),
        )
        .execute();
      const links = spec.users.flatMap((u, i) =>
        u.facilities.map((f) => ({ organization_id: organizationId, user_id: userIds[i], facility_id: facilityIds[f] })),
      );
      if (links.length) await tx.insertInto('user_facilities').values(links).execute();
    }
  });
  return { organizationId, facilityIds, userIds };
}

export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  return !row;
}
