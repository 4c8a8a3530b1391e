import type { Db } from '../../db/schema';
import type { Session } from '../../platform/auth/sessions';
import { permissionsOf, type DecisionTable } from '../../platform/permissions/decision-table';

/** What the web app needs to know about who is signed in. */
export async function loadMe(db: Db, table: DecisionTable, s: Session) {
  const scopes = permissionsOf(table, s.role);
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
    // 'resource.action' → scope: what this user may do, and how far it reaches (organization, facility, care team, self).
    scopes,
    permissions: Object.keys(scopes).sort(),
  };
}
