import type { Db } from '../../db/schema';
import type { Session } from '../../platform/auth/sessions';
import { decisionTable } from '../../platform/permissions/decision-table';

/** What this role may do, as "resource.action" pairs, so the web app shows only what will work. */
export function grantsOf(role: Session['role']): string[] {
  return Object.entries(decisionTable).flatMap(([resource, actions]) =>
    Object.entries(actions)
      .filter(([, grants]) => grants?.[role])
      .map(([action]) => `${resource}.${action}`),
  );
}

/** What the web app needs to know about who is signed in. */
export async function loadMe(db: Db, s: Session) {
  const org = await db.selectFrom('organizations').selectAll().where('id', '=', s.organizationId).executeTakeFirstOrThrow();
  return {
    user: {
      id: s.userId,
      email: s.email,
      displayName: s.displayName,
      role: s.role,
      organizationId: s.organizationId,
      facilityIds: s.facilityIds,
      mfaEnabled: s.mfaEnabled,
      patientId: s.patientId,
    },
    organization: { id: org.id, name: org.name, mfaRequired: org.mfa_required, idleTimeoutMinutes: org.idle_timeout_minutes },
    session: { mfaVerified: s.mfaVerified, mfaRequired: s.mfaRequired },
    permissions: grantsOf(s.role),
  };
}
