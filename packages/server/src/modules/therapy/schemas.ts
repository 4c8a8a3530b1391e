import { z } from 'zod';
import { activityKinds } from '@waypoint/clinical/care/activities';

// The therapy stage's wire shapes: every route's response schema, and the JSONB documents it parses
// when read. The web app derives its types from these (type-only imports).

const sessionKinds = ['individual', 'family_with_patient', 'family_without_patient'] as const;
const byWhom = z.object({ byName: z.string(), at: z.string() });

// ---- Treatment-plan objectives (read from the planning stage) ----

/** An objective of the patient's current signed plan, as the note forms offer it. */
export const planObjectiveSchema = z.object({ id: z.string(), text: z.string(), measure: z.string(), targetDate: z.string(), goal: z.string().nullable() });
/** A patient's current signed plan's objectives; planVersion null: no signed plan yet (free text is the fallback). */
export const patientObjectivesSchema = z.object({
  patientId: z.string(),
  planVersion: z.number().nullable(),
  objectives: z.array(planObjectiveSchema),
});
export const groupObjectivesSchema = z.object({ items: z.array(patientObjectivesSchema) });
/** The objective a progress entry is about, with its text as it stood in the signed plan version. */
export const linkedObjectiveSchema = z.object({ id: z.string(), text: z.string(), targetDate: z.string(), planVersion: z.number() });

// ---- Stored JSONB ----

/** A session note's progress entry as stored: a plan objective (id and signed version) or, without a signed plan, free text. */
export const storedProgressSchema = z.object({
  objectiveId: z.string().nullable().default(null),
  planVersionId: z.string().nullable().default(null),
  objective: z.string().default(''),
  progress: z.string().default(''),
});
export const groupDraftPartSchema = z.object({
  participation: z.string().default(''),
  progress: z.string().default(''),
  objectiveId: z.string().nullable().default(null),
  objectiveRef: z.string().nullable().default(null),
});
/** A group note's draft: the shared part and each attendee's part, keyed by patient id. */
export const groupDraftSchema = z.object({
  shared: z.record(z.string(), z.string()).default({}),
  parts: z.record(z.string(), groupDraftPartSchema).default({}),
});

// ---- Session notes ----

export const billingSchema = z.object({ code: z.string().nullable(), label: z.string(), minutes: z.number(), reason: z.string() });
export const templateSectionSchema = z.object({ key: z.string(), label: z.string(), prompt: z.string().optional() });
export const progressSchema = z.object({
  objectiveId: z.string().nullable(),
  planObjective: linkedObjectiveSchema.nullable(),
  /** Free text, only when the patient had no signed plan. */
  objective: z.string(),
  progress: z.string(),
});
export const sessionSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  episodeId: z.string().nullable(),
  facilityId: z.string(),
  clinicianId: z.string(),
  clinicianName: z.string(),
  kind: z.enum(sessionKinds),
  modality: z.string(),
  template: z.object({ id: z.string(), name: z.string(), version: z.number().nullable(), sections: z.array(templateSectionSchema) }).nullable(),
  sections: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  minutes: z.number(),
  location: z.string().nullable(),
  telehealth: z.boolean(),
  familyMembers: z.array(z.object({ name: z.string(), relation: z.string() })),
  progress: z.array(progressSchema),
  status: z.enum(['draft', 'signed', 'awaiting-cosign', 'cosigned']),
  signedAt: z.string().nullable(),
  signedByName: z.string().nullable(),
  billing: billingSchema,
  billingStored: z.boolean(),
  needsCosign: z.boolean(),
  cosign: byWhom.nullable(),
  addenda: z.array(z.object({ id: z.string(), body: z.string(), reason: z.string(), writtenByName: z.string(), writtenAt: z.string() })),
  dueAt: z.string(),
  overdue: z.boolean(),
  version: z.number(),
});

// ---- Groups ----

export const seriesSchema = z.object({
  id: z.string(),
  groupTypeId: z.string(),
  title: z.string(),
  facilityId: z.string(),
  leaderId: z.string(),
  levelsOfCare: z.array(z.string()),
  rrule: z.string(),
  durationMinutes: z.number(),
  location: z.string().nullable(),
  sessionsCreated: z.number(),
});
export const groupNoteStatuses = ['none', 'draft', 'signed', 'awaiting-cosign', 'amended'] as const;
export const groupSessionSummarySchema = z.object({
  id: z.string(),
  seriesId: z.string(),
  title: z.string(),
  typeName: z.string(),
  category: z.string(),
  peerLed: z.boolean(),
  facilityId: z.string(),
  leaderId: z.string(),
  leaderName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  location: z.string().nullable(),
  status: z.string(),
  attended: z.number(),
  noteStatus: z.enum(groupNoteStatuses),
});
export const rosterRowSchema = z.object({
  patientId: z.string(),
  name: z.string(),
  mrn: z.string(),
  levelOfCare: z.string().nullable(),
  inRoster: z.boolean(),
  status: z.string().nullable(),
  minutes: z.number().nullable(),
});
export const groupSessionDetailSchema = groupSessionSummarySchema.extend({
  roster: z.array(rosterRowSchema),
  canRun: z.boolean(),
  levelsOfCare: z.array(z.string()),
});
export const noteEntrySchema = z.object({
  patientId: z.string(),
  name: z.string(),
  status: z.enum(['included', 'removed']),
  participation: z.string().nullable(),
  progress: z.string().nullable(),
  /** Free-text objective, only when the patient had no signed plan. */
  objectiveRef: z.string().nullable(),
  planObjective: linkedObjectiveSchema.nullable(),
});
export const groupNoteVersionSchema = z.object({
  versionNo: z.number(),
  change: z.string(),
  reason: z.string().nullable(),
  shared: z.record(z.string(), z.string()),
  signedByName: z.string(),
  signedAt: z.string(),
  entries: z.array(noteEntrySchema),
});
export const groupNoteSchema = z.object({
  groupSessionId: z.string(),
  noteId: z.string().nullable(),
  sections: z.array(z.object({ key: z.string(), label: z.string() })),
  draft: groupDraftSchema,
  draftVersion: z.number(),
  signed: z.boolean(),
  status: z.enum(['draft', 'signed', 'awaiting-cosign', 'cosigned']),
  needsCosign: z.boolean(),
  cosign: byWhom.nullable(),
  /** The signed-in user is the signer's named, licensed supervisor and the note waits for them. */
  canCosign: z.boolean(),
  authorName: z.string().nullable(),
  current: z.object({ versionNo: z.number(), shared: z.record(z.string(), z.string()), attendees: z.array(noteEntrySchema) }).nullable(),
  versions: z.array(groupNoteVersionSchema),
});

// ---- The chart and the counselor's day ----

export const chartGroupNoteSchema = z.object({
  groupSessionId: z.string(),
  noteId: z.string(),
  title: z.string(),
  typeName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  leaderName: z.string(),
  attendance: z.string().nullable(),
  cosignStatus: z.enum(['not-needed', 'awaiting-cosign', 'cosigned']),
  cosign: byWhom.nullable(),
  sections: z.array(z.object({ key: z.string(), label: z.string() })),
  shared: z.record(z.string(), z.string()),
  part: z
    .object({
      status: z.enum(['included', 'removed']),
      participation: z.string().nullable(),
      progress: z.string().nullable(),
      objectiveRef: z.string().nullable(),
      planObjective: linkedObjectiveSchema.nullable(),
    })
    .nullable(),
  history: z.array(
    z.object({
      versionNo: z.number(),
      change: z.string(),
      reason: z.string().nullable(),
      signedByName: z.string(),
      signedAt: z.string(),
      affectsPatient: z.boolean(),
    }),
  ),
});
export const therapyNotesSchema = z.object({ sessions: z.array(sessionSchema), groupNotes: z.array(chartGroupNoteSchema) });

export const myDaySchema = z.object({
  date: z.string(),
  timeZone: z.string(),
  noteDeadlineHours: z.number(),
  caseload: z.array(
    z.object({
      patientId: z.string(),
      name: z.string(),
      mrn: z.string(),
      levelOfCare: z.string(),
      episodeId: z.string(),
      lastSessionAt: z.string().nullable(),
    }),
  ),
  groupsToday: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      location: z.string().nullable(),
      attended: z.number(),
      noteStatus: z.string(),
    }),
  ),
  sessionsToday: z.array(
    z.object({
      id: z.string(),
      patientId: z.string(),
      patientName: z.string(),
      kind: z.string(),
      modality: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      signed: z.boolean(),
    }),
  ),
  notesToWrite: z.array(
    z.object({ kind: z.enum(['session', 'group']), id: z.string(), title: z.string(), endedAt: z.string(), dueAt: z.string(), overdue: z.boolean() }),
  ),
  /** Session notes (id: the session) and group notes (id: the group session) waiting for my co-signature. */
  cosignQueue: z.array(
    z.object({
      kind: z.enum(['session', 'group']),
      id: z.string(),
      patientId: z.string().nullable(),
      title: z.string(),
      authorName: z.string(),
      signedAt: z.string(),
    }),
  ),
  planReviewsDue: z.array(z.object({ patientId: z.string(), name: z.string(), dueAt: z.string() })),
  planReviewsAvailable: z.boolean(),
});

export const hoursWeekSchema = z.object({
  weekStart: z.string(),
  individualHours: z.number(),
  groupHours: z.number(),
  hours: z.number(),
  levelOfCare: z.string(),
  minimum: z.number().nullable(),
  below: z.number().nullable(),
  flag: z.enum(['below-minimum', 'above-level']).nullable(),
  partial: z.boolean(),
});
export const hoursSchema = z.object({ episodeId: z.string().nullable(), timeZone: z.string().nullable(), weeks: z.array(hoursWeekSchema) });

// ---- Program catalogues and settings ----

export const noteTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  sections: z.array(templateSectionSchema),
  active: z.boolean(),
  version: z.number(),
  /** Every version, newest first: a signed note reads with the version it was signed with. */
  history: z.array(
    z.object({
      version: z.number(),
      name: z.string(),
      sections: z.array(templateSectionSchema),
      active: z.boolean(),
      changedAt: z.string(),
      changedByName: z.string().nullable(),
    }),
  ),
});
export const groupTypeSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  description: z.string().nullable(),
  peerLed: z.boolean(),
  defaultMinutes: z.number(),
  active: z.boolean(),
  version: z.number(),
});
export const therapySettingsSchema = z.object({
  noteDeadlineHours: z.number(),
  familyMinimumMinutes: z.number(),
  expectedHours: z.record(z.string(), z.object({ minimum: z.number().nullable(), below: z.number().nullable() })),
  version: z.number(),
});
export const clinicianProfileSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.string(),
  licensed: z.boolean(),
  credential: z.string().nullable(),
  supervisorId: z.string().nullable(),
  supervisorName: z.string().nullable(),
  version: z.number(),
});

// ---- The structured day ----

const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');
/** One activity of the program day (stored in thr_day_templates.items, and the PUT body). */
export const programDayItemSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
    start: localTime,
    end: localTime,
    kind: z.enum(activityKinds),
    title: z.string().trim().min(1).max(80),
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5, 6, 7]),
  })
  .strict();
export const programDaySchema = z.object({
  facilityId: z.string(),
  levelOfCare: z.string(),
  items: z.array(programDayItemSchema),
  version: z.number(),
  isDefault: z.boolean(),
});
export const scheduleEntrySchema = z.object({
  kind: z.string(),
  source: z.enum(['program-day', 'group', 'session', 'outing']),
  id: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  attendance: z.string().nullable(),
  detail: z.string().nullable(),
});
export const patientScheduleSchema = z.object({ timeZone: z.string().nullable(), levelOfCare: z.string().nullable(), entries: z.array(scheduleEntrySchema) });
export const outingSchema = z.object({
  id: z.string(),
  facilityId: z.string(),
  title: z.string(),
  destination: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  leadName: z.string(),
  participants: z.array(z.object({ patientId: z.string(), name: z.string(), signedOutAt: z.string().nullable(), signedInAt: z.string().nullable() })),
});
export const therapyRosterSchema = z.object({
  items: z.array(z.object({ patientId: z.string(), name: z.string(), mrn: z.string(), levelOfCare: z.string() })),
});
