import type { Role } from '@waypoint/clinical/care/roles';

/**
 * How far a role's access reaches for one resource and action:
 * - organization: every record of the organization;
 * - facility: patients registered at, or with an episode at, one of the user's facilities;
 * - care-team: patients whose episode has the user on its care team;
 * - self: the patient's own record (portal).
 * A role without an entry is denied (deny by default).
 */
export type Scope = 'organization' | 'facility' | 'care-team' | 'self';

export type Resource =
  | 'organization'
  | 'facility'
  | 'user'
  | 'audit'
  | 'patient'
  | 'episode'
  | 'care-team'
  | 'census'
  | 'alert'
  | 'portal'
  | 'api-token'
  | 'withdrawal'
  | 'withdrawal-board'
  | 'wm-protocol'
  | 'staff-directory'
  | 'assessment'
  | 'diagnosis'
  | 'placement'
  | 'clinical-signature'
  | 'treatment-plan'
  | 'plan-settings'
  | 'counselor-worklist'
  | 'prescriber-worklist';

export type Action = 'read' | 'create' | 'update' | 'admin';

type Grants = Partial<Record<Role, Scope>>;

const clinicalStaffRead: Grants = {
  administrator: 'organization',
  prescriber: 'facility',
  nurse: 'facility',
  counselor: 'facility',
  case_manager: 'facility',
  admissions_coordinator: 'facility',
  peer_recovery_specialist: 'care-team',
};

/** One table drives both the permission check of every route and the generated authorization test. */
export const decisionTable: Record<Resource, Partial<Record<Action, Grants>>> = {
  organization: {
    read: { administrator: 'organization' },
    update: { administrator: 'organization' },
  },
  facility: {
    read: {
      administrator: 'organization',
      prescriber: 'organization',
      nurse: 'organization',
      counselor: 'organization',
      case_manager: 'organization',
      admissions_coordinator: 'organization',
      peer_recovery_specialist: 'organization',
    },
    create: { administrator: 'organization' },
    update: { administrator: 'organization' },
  },
  user: {
    read: { administrator: 'organization' },
    create: { administrator: 'organization' },
    update: { administrator: 'organization' },
  },
  audit: { read: { administrator: 'organization' } },
  patient: {
    read: clinicalStaffRead,
    create: { administrator: 'organization', admissions_coordinator: 'facility', nurse: 'facility', prescriber: 'facility' },
    update: {
      administrator: 'organization',
      admissions_coordinator: 'facility',
      nurse: 'facility',
      prescriber: 'facility',
      counselor: 'facility',
      case_manager: 'facility',
    },
  },
  episode: {
    read: clinicalStaffRead,
    // Admission, level-of-care changes and discharge: the people who make those decisions.
    create: { administrator: 'organization', admissions_coordinator: 'facility', prescriber: 'facility', nurse: 'facility' },
    update: {
      administrator: 'organization',
      prescriber: 'facility',
      nurse: 'facility',
      counselor: 'facility',
      case_manager: 'facility',
      admissions_coordinator: 'facility',
    },
  },
  'care-team': {
    read: clinicalStaffRead,
    update: { administrator: 'organization', prescriber: 'facility', nurse: 'facility', counselor: 'facility', case_manager: 'facility' },
  },
  census: {
    read: {
      administrator: 'organization',
      prescriber: 'facility',
      nurse: 'facility',
      counselor: 'facility',
      case_manager: 'facility',
      admissions_coordinator: 'facility',
    },
  },
  alert: {
    read: clinicalStaffRead,
    update: { administrator: 'organization', prescriber: 'facility', nurse: 'facility', counselor: 'facility' },
  },
  portal: { read: { patient: 'self', family_member: 'self' } },
  'api-token': { create: { administrator: 'organization' } },
  // Withdrawal management: nurses and prescribers run the flowsheet; everyone on the case can read it.
  withdrawal: {
    read: clinicalStaffRead,
    create: { administrator: 'organization', prescriber: 'facility', nurse: 'facility' },
    update: { prescriber: 'facility', nurse: 'facility' },
  },
  'withdrawal-board': {
    read: { administrator: 'organization', prescriber: 'facility', nurse: 'facility', counselor: 'facility', case_manager: 'facility' },
  },
  'wm-protocol': {
    read: { administrator: 'organization', prescriber: 'organization', nurse: 'organization', counselor: 'organization' },
    create: { administrator: 'organization', prescriber: 'organization' },
    update: { administrator: 'organization', prescriber: 'organization' },
  },
  // Names and roles of colleagues, for care-team pickers: any staff member.
  'staff-directory': {
    read: {
      administrator: 'organization',
      prescriber: 'organization',
      nurse: 'organization',
      counselor: 'organization',
      case_manager: 'organization',
      admissions_coordinator: 'organization',
      peer_recovery_specialist: 'organization',
    },
  },
  // --- assessment and planning (moves to the stages' manifests with the stage contract) ---
  assessment: {
    read: { administrator: 'organization', prescriber: 'facility', nurse: 'facility', counselor: 'facility', case_manager: 'facility' },
    create: { prescriber: 'facility', nurse: 'facility', counselor: 'facility' },
    update: { prescriber: 'facility', nurse: 'facility', counselor: 'facility' },
  },
  diagnosis: {
    read: { administrator: 'organization', prescriber: 'facility', nurse: 'facility', counselor: 'facility', case_manager: 'facility' },
    create: { prescriber: 'facility', counselor: 'facility' },
    update: { prescriber: 'facility', counselor: 'facility' },
  },
  placement: {
    read: { administrator: 'organization', prescriber: 'facility', nurse: 'facility', counselor: 'facility', case_manager: 'facility' },
    create: { prescriber: 'facility', counselor: 'facility' },
  },
  'clinical-signature': { create: { prescriber: 'facility' } },
  'treatment-plan': {
    read: { administrator: 'organization', prescriber: 'facility', nurse: 'facility', counselor: 'facility', case_manager: 'facility', peer_recovery_specialist: 'care-team' },
    create: { counselor: 'facility' },
    update: { counselor: 'facility' },
  },
  'plan-settings': { read: { administrator: 'organization', counselor: 'organization' }, update: { administrator: 'organization' } },
  'counselor-worklist': { read: { counselor: 'facility' } },
  'prescriber-worklist': { read: { prescriber: 'facility' } },
};

export function scopeFor(role: Role, resource: Resource, action: Action): Scope | undefined {
  return decisionTable[resource][action]?.[role];
}
