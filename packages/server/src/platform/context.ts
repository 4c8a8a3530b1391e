import type { Role } from '@waypoint/clinical/care/roles';
import type { AuditEntry } from './audit';
import type { Action, Resource, Scope } from './permissions/decision-table';

/** Who is asking, from where: built once per request by the session check. */
export interface RequestContext {
  organizationId: string;
  userId: string;
  role: Role;
  displayName: string;
  facilityIds: string[];
  /** The patient record of a portal user (role patient). */
  patientId: string | null;
  requestId: string;
  ip: string;
  now: Date;
  /** Audit entries of this request, written in the request's transaction just before it commits. */
  audit: AuditEntry[];
  /** The one access decision: how far this user's access reaches for a resource and action (undefined: none). */
  scopeFor(resource: Resource, action: Action): Scope | undefined;
  /** The roles the decision table grants resource.action (whoever holds them, not this user). */
  rolesWith(resource: Resource, action: Action): Role[];
}
