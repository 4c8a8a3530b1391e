/** Shapes of the therapy API (the server's response schemas in modules/therapy). */
export interface Billing {
  code: string | null;
  label: string;
  minutes: number;
  reason: string;
}
export interface TemplateSection {
  key: string;
  label: string;
  prompt?: string;
}
export interface NoteTemplate {
  id: string;
  name: string;
  sections: TemplateSection[];
  active: boolean;
  version: number;
}
export interface SessionNote {
  id: string;
  patientId: string;
  episodeId: string | null;
  facilityId: string;
  clinicianId: string;
  clinicianName: string;
  kind: 'individual' | 'family_with_patient' | 'family_without_patient';
  modality: string;
  template: { id: string; name: string; sections: TemplateSection[] } | null;
  sections: Record<string, string>;
  startsAt: string;
  endsAt: string;
  minutes: number;
  location: string | null;
  telehealth: boolean;
  familyMembers: { name: string; relation: string }[];
  progress: { objectiveRef: string | null; objective: string; progress: string }[];
  status: 'draft' | 'signed' | 'awaiting-cosign' | 'cosigned';
  signedAt: string | null;
  signedByName: string | null;
  billing: Billing;
  billingStored: boolean;
  needsCosign: boolean;
  cosign: { byName: string; at: string } | null;
  addenda: { id: string; body: string; reason: string; writtenByName: string; writtenAt: string }[];
  dueAt: string;
  overdue: boolean;
  version: number;
}
export interface GroupType {
  id: string;
  name: string;
  category: string;
  description: string | null;
  peerLed: boolean;
  defaultMinutes: number;
  active: boolean;
  version: number;
}
export interface GroupSessionSummary {
  id: string;
  seriesId: string;
  title: string;
  typeName: string;
  category: string;
  peerLed: boolean;
  facilityId: string;
  leaderId: string;
  leaderName: string;
  startsAt: string;
  endsAt: string;
  location: string | null;
  status: string;
  attended: number;
  noteStatus: 'none' | 'draft' | 'signed' | 'amended';
}
export interface RosterRow {
  patientId: string;
  name: string;
  mrn: string;
  levelOfCare: string | null;
  inRoster: boolean;
  status: string | null;
  minutes: number | null;
}
export interface GroupSessionDetail extends GroupSessionSummary {
  roster: RosterRow[];
  canRun: boolean;
  levelsOfCare: string[];
}
export interface NoteEntry {
  patientId: string;
  name: string;
  status: 'included' | 'removed';
  participation: string | null;
  progress: string | null;
  objectiveRef: string | null;
}
export interface GroupNote {
  groupSessionId: string;
  noteId: string | null;
  sections: { key: string; label: string }[];
  draft: { shared: Record<string, string>; parts: Record<string, { participation: string; progress: string; objectiveRef: string | null }> };
  draftVersion: number;
  signed: boolean;
  authorName: string | null;
  current: { versionNo: number; shared: Record<string, string>; attendees: NoteEntry[] } | null;
  versions: {
    versionNo: number;
    change: string;
    reason: string | null;
    shared: Record<string, string>;
    signedByName: string;
    signedAt: string;
    entries: NoteEntry[];
  }[];
}
export interface ChartGroupNote {
  groupSessionId: string;
  noteId: string;
  title: string;
  typeName: string;
  startsAt: string;
  endsAt: string;
  leaderName: string;
  attendance: string | null;
  sections: { key: string; label: string }[];
  shared: Record<string, string>;
  part: { status: 'included' | 'removed'; participation: string | null; progress: string | null; objectiveRef: string | null } | null;
  history: { versionNo: number; change: string; reason: string | null; signedByName: string; signedAt: string; affectsPatient: boolean }[];
}
export interface HoursWeek {
  weekStart: string;
  individualHours: number;
  groupHours: number;
  hours: number;
  levelOfCare: string;
  minimum: number | null;
  below: number | null;
  flag: 'below-minimum' | 'above-level' | null;
  partial: boolean;
}
export interface MyDay {
  date: string;
  timeZone: string;
  noteDeadlineHours: number;
  caseload: { patientId: string; name: string; mrn: string; levelOfCare: string; episodeId: string; lastSessionAt: string | null }[];
  groupsToday: { id: string; title: string; startsAt: string; endsAt: string; location: string | null; attended: number; noteStatus: string }[];
  sessionsToday: { id: string; patientId: string; patientName: string; kind: string; modality: string; startsAt: string; endsAt: string; signed: boolean }[];
  notesToWrite: { kind: 'session' | 'group'; id: string; title: string; endedAt: string; dueAt: string; overdue: boolean }[];
  cosignQueue: { id: string; patientId: string; patientName: string; authorName: string; signedAt: string }[];
  planReviewsDue: { patientId: string; name: string; dueAt: string }[];
  planReviewsAvailable: boolean;
}
export interface ScheduleEntry {
  kind: string;
  source: 'program-day' | 'group' | 'session' | 'outing';
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  attendance: string | null;
  detail: string | null;
}
export interface ProgramDayItem {
  key: string;
  start: string;
  end: string;
  kind: string;
  title: string;
  days: number[];
}
export interface Outing {
  id: string;
  facilityId: string;
  title: string;
  destination: string | null;
  startsAt: string;
  endsAt: string;
  leadName: string;
  participants: { patientId: string; name: string; signedOutAt: string | null; signedInAt: string | null }[];
}

export const modalityLabels: Record<string, string> = {
  cbt: 'CBT',
  dbt: 'DBT',
  motivational_interviewing: 'Motivational interviewing',
  trauma_informed: 'Trauma-informed',
  relapse_prevention: 'Relapse prevention',
  family: 'Family',
  contingency_management: 'Contingency management',
  psychoeducation: 'Psychoeducation',
  supportive: 'Supportive',
};
export const kindLabels: Record<string, string> = {
  individual: 'Individual',
  family_with_patient: 'Family (with the patient)',
  family_without_patient: 'Family (without the patient)',
};
export const statusLabels: Record<string, string> = {
  draft: 'Draft',
  signed: 'Signed',
  'awaiting-cosign': 'Awaiting co-signature',
  cosigned: 'Signed and co-signed',
};
export const attendanceLabels: Record<string, string> = {
  present: 'Present',
  late: 'Late',
  left_early: 'Left early',
  absent: 'Absent',
  excused: 'Excused',
};
export const changeLabels: Record<string, string> = {
  signed: 'Signed',
  'attendee-added': 'Attendee added',
  'attendee-removed': 'Attendee removed',
  'shared-amended': 'Shared text amended',
};

/** Time of day in the facility's zone, labelled with the zone. */
export function facilityTime(iso: string, timeZone: string | null | undefined): string {
  return new Date(iso).toLocaleString(undefined, {
    timeZone: timeZone ?? undefined,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
}
