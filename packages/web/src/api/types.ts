export type Role =
  | 'administrator'
  | 'prescriber'
  | 'nurse'
  | 'counselor'
  | 'case_manager'
  | 'admissions_coordinator'
  | 'peer_recovery_specialist'
  | 'patient'
  | 'family_member';

export interface Me {
  user: { id: string; email: string; displayName: string; role: Role; organizationId: string; facilityIds: string[]; mfaEnabled: boolean; patientId: string | null };
  organization: { id: string; name: string; mfaRequired: boolean; idleTimeoutMinutes: number };
  session: { mfaVerified: boolean; mfaRequired: boolean };
  /** "resource.action" pairs this role is granted (the server still checks every request). */
  permissions: string[];
  /** 'resource.action' → how far it reaches. */
  scopes: Record<string, 'organization' | 'facility' | 'care-team' | 'self'>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Facility {
  id: string;
  name: string;
  timeZone: string;
  bedCount: number;
  levelsOfCare: string[];
}

export interface ActiveEpisodeSummary {
  id: string;
  levelOfCare: string;
  facilityId: string;
  facilityName: string;
  admittedAt: string;
  bed: string | null;
}

export interface PatientSummary {
  id: string;
  mrn: string;
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
  birthDate: string;
  age: number;
  sexAtBirth: string;
  activeEpisode: ActiveEpisodeSummary | null;
}

export interface Allergy {
  substance: string;
  reaction?: string;
  severity?: 'mild' | 'moderate' | 'severe';
}

export interface Patient {
  id: string;
  mrn: string;
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
  birthDate: string;
  sexAtBirth: string;
  genderIdentity: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  preferredLanguage: string;
  emergencyContact: { name: string; relationship?: string; phone: string } | null;
  photo: string | null;
  allergies: Allergy[];
  facilityId: string;
  version: number;
}

export interface Alert {
  id: string;
  patientId: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  escalatedAt: string | null;
}

export interface CareTeamMember {
  id: string;
  userId: string;
  displayName: string;
  userRole: Role;
  teamRole: string;
  assignedAt: string;
}

export interface ChartHeader {
  patient: PatientSummary & { photo: string | null; allergies: Allergy[]; genderIdentity: string | null };
  facility: { id: string; name: string } | null;
  episode: { id: string; levelOfCare: string; admittedAt: string; bed: string | null; status: string } | null;
  alerts: Alert[];
  careTeam: CareTeamMember[];
}

export interface Episode {
  id: string;
  patientId: string;
  facilityId: string;
  facilityName: string;
  levelOfCare: string;
  bed: string | null;
  status: 'active' | 'discharged';
  admittedAt: string;
  lastOpioidUseAt: string | null;
  dischargedAt: string | null;
  dischargeType: string | null;
  dischargeReason: string | null;
  naloxoneGiven: boolean | null;
  version: number;
  levelChanges: { id: string; fromLevel: string | null; toLevel: string; direction: string; reason: string; changedAt: string; changedByName: string }[];
}

export interface TimelineEvent {
  id: string;
  occurredAt: string;
  kind: string;
  summary: string;
  actorName: string | null;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  mfaEnabled: boolean;
  facilityIds: string[];
  patientId: string | null;
}

export interface AuditEntry {
  seq: number;
  id: string;
  occurredAt: string;
  userId: string | null;
  userName: string | null;
  role: string | null;
  patientId: string | null;
  patientName: string | null;
  resourceType: string;
  resourceId: string | null;
  action: string;
  outcome: string;
  sourceIp: string | null;
  requestId: string | null;
}

export interface CensusRow {
  episodeId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  levelOfCare: string;
  admittedAt: string;
  bed: string | null;
  daysInCare: number;
}
