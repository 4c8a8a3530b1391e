// The therapy API's types, derived from the server's own response schemas (modules/therapy/schemas.ts):
// one definition, checked by the server on every response. Type-only imports: no server code is bundled.
import type { z } from 'zod';
import type {
  billingSchema,
  chartGroupNoteSchema,
  clinicianProfileSchema,
  groupNoteSchema,
  groupObjectivesSchema,
  groupSessionDetailSchema,
  groupSessionSummarySchema,
  groupTypeSchema,
  hoursSchema,
  hoursWeekSchema,
  myDaySchema,
  noteEntrySchema,
  noteTemplateSchema,
  outingSchema,
  patientObjectivesSchema,
  patientScheduleSchema,
  planObjectiveSchema,
  programDayItemSchema,
  programDaySchema,
  rosterRowSchema,
  scheduleEntrySchema,
  sessionSchema,
  templateSectionSchema,
  therapyNotesSchema,
  therapyRosterSchema,
  therapySettingsSchema,
} from '@waypoint/server/schemas/therapy';

export type Billing = z.infer<typeof billingSchema>;
export type TemplateSection = z.infer<typeof templateSectionSchema>;
export type NoteTemplate = z.infer<typeof noteTemplateSchema>;
export type SessionNote = z.infer<typeof sessionSchema>;
export type GroupType = z.infer<typeof groupTypeSchema>;
export type GroupSessionSummary = z.infer<typeof groupSessionSummarySchema>;
export type RosterRow = z.infer<typeof rosterRowSchema>;
export type GroupSessionDetail = z.infer<typeof groupSessionDetailSchema>;
export type NoteEntry = z.infer<typeof noteEntrySchema>;
export type GroupNote = z.infer<typeof groupNoteSchema>;
export type ChartGroupNote = z.infer<typeof chartGroupNoteSchema>;
export type TherapyNotes = z.infer<typeof therapyNotesSchema>;
export type HoursWeek = z.infer<typeof hoursWeekSchema>;
export type Hours = z.infer<typeof hoursSchema>;
export type MyDay = z.infer<typeof myDaySchema>;
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;
export type PatientSchedule = z.infer<typeof patientScheduleSchema>;
export type ProgramDayItem = z.infer<typeof programDayItemSchema>;
export type ProgramDay = z.infer<typeof programDaySchema>;
export type Outing = z.infer<typeof outingSchema>;
export type TherapyRoster = z.infer<typeof therapyRosterSchema>;
export type PlanObjective = z.infer<typeof planObjectiveSchema>;
export type PatientObjectives = z.infer<typeof patientObjectivesSchema>;
export type GroupObjectives = z.infer<typeof groupObjectivesSchema>;
export type TherapySettings = z.infer<typeof therapySettingsSchema>;
export type ClinicianProfile = z.infer<typeof clinicianProfileSchema>;

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
export const groupNoteStatusLabels: Record<string, string> = {
  none: '—',
  draft: 'Draft',
  signed: 'Signed',
  'awaiting-cosign': 'Awaiting co-signature',
  amended: 'Amended',
};
export const groupCategories = ['relapse_prevention', 'cbt_skills', 'dbt_skills', 'psychoeducation', 'family_education', 'twelve_step', 'process', 'other'];
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
