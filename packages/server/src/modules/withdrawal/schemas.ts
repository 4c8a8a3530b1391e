import { z } from 'zod';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import { instant, itemsOf } from '../../platform/http/wire';
import { alertSchema } from '../alerts/schemas';
import { protocolConfig, protocolKinds } from './protocol-config';

// ---- Stored JSONB, parsed with these when read ----

export const holdParametersSchema = z.object({
  systolicBelow: z.number().optional(),
  diastolicBelow: z.number().optional(),
  heartRateBelow: z.number().optional(),
  vitalsMaxAgeMinutes: z.number(),
});

/** What the hold-parameter check saw and decided, kept with the administration. */
export const holdCheckSchema = z
  .object({
    parameters: holdParametersSchema,
    vitals: z.object({ systolic: z.number().optional(), diastolic: z.number().optional(), heartRate: z.number().optional() }).nullable(),
    vitalsAt: instant.nullable(),
    decision: z.object({ hold: z.boolean(), reasons: z.array(z.string()), needsVitals: z.boolean() }),
  })
  .nullable();

export const ruleFindingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(['hard-stop', 'warning']),
  message: z.string(),
  overrideBy: z.array(z.enum(['prescriber', 'medical-director', 'nurse', 'program-sponsor'])),
  source: z.string(),
  /** Kept on the record when overridden: by whom (role, user) and why. */
  overridden: z
    .object({ role: z.enum(['prescriber', 'medical-director', 'nurse', 'program-sponsor']), by: z.string().nullable(), reason: z.string().nullable() })
    .optional(),
});

export const scoreItemsSchema = z.record(z.string(), z.number());

// ---- Responses ----

export const protocolSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(protocolKinds),
  config: protocolConfig,
  active: z.boolean(),
  version: z.number().int(),
});
export const protocols = itemsOf(protocolSchema);

export const vitalsSchema = z.object({
  systolic: z.number().nullable(),
  diastolic: z.number().nullable(),
  heartRate: z.number().nullable(),
  respiratoryRate: z.number().nullable(),
  temperatureC: z.number().nullable(),
  spo2: z.number().nullable(),
  pain: z.number().nullable(),
});

export const observationSchema = z.object({
  id: z.uuid(),
  observedAt: instant,
  recordedByName: z.string().nullable(),
  cows: z.object({ total: z.number().int(), band: z.string(), items: scoreItemsSchema, pulseBpm: z.number().nullable() }).nullable(),
  sows: z.object({ instrument: z.enum(['sows', 'sows-gossop']), total: z.number().int(), items: scoreItemsSchema }).nullable(),
  vitals: vitalsSchema,
  note: z.string().nullable(),
});

export const inductionReadinessSchema = z.object({
  ready: z.boolean(),
  cowsMet: z.boolean(),
  hoursMet: z.boolean(),
  hoursSinceUse: z.number().nullable(),
  hoursRequired: z.number(),
  /** What is still missing, in the nurse's words. */
  reasons: z.array(z.string()),
});

export const courseStatusSchema = z.object({
  hoursSinceStart: z.number(),
  inPeakWindow: z.boolean(),
  peakWindowHours: z.number(),
  dayOfCourse: z.number().int(),
  lastCows: z.object({ total: z.number().int(), band: z.string(), observedAt: instant }).nullable(),
  cowsTrend: z.enum(['rising', 'falling', 'steady']).nullable(),
  cowsDelta: z.number().nullable(),
  lastVitals: vitalsSchema.extend({ observedAt: instant }).nullable(),
  nextCheck: z
    .object({ dueAt: instant, intervalMinutes: z.number(), reason: z.enum(['first-check', 'cows-high', 'peak-window', 'routine']), overdue: z.boolean() })
    .nullable(),
  inductionReadiness: inductionReadinessSchema.nullable(),
  firstDoseAt: instant.nullable(),
});

export const courseSchema = z.object({
  id: z.uuid(),
  episodeId: z.uuid(),
  patientId: z.uuid(),
  facilityId: z.uuid(),
  protocolId: z.uuid(),
  protocolName: z.string().nullable(),
  protocol: protocolConfig,
  startedAt: instant,
  lastUseAt: instant.nullable(),
  lastUseKind: z.enum(['short_acting', 'long_acting', 'unknown']),
  status: z.enum(['active', 'completed']),
  completedAt: instant.nullable(),
  outcome: z.enum(['completed', 'higher_level', 'against_advice', 'discharged']).nullable(),
  nextLevel: z.enum(levelsOfCare).nullable(),
  version: z.number().int(),
});

export const completionSchema = z.object({
  day: z.number().int(),
  settled: z.boolean(),
  beyondExpected: z.boolean(),
  ready: z.boolean(),
  reasons: z.array(z.string()),
  expectedDays: z.object({ min: z.number().int(), max: z.number().int() }),
});

export const medicationEventSchema = z.object({
  id: z.uuid(),
  medication: z.string(),
  doseMg: z.number().nullable(),
  outcome: z.enum(['given', 'held', 'refused']),
  reason: z.string().nullable(),
  holdCheck: holdCheckSchema,
  firstDose: z.boolean(),
  basisObservationId: z.uuid().nullable(),
  findings: z.array(ruleFindingSchema),
  overrideReason: z.string().nullable(),
  occurredAt: instant,
  recordedByName: z.string().nullable(),
  reassessDueAt: instant.nullable(),
  reassessedAt: instant.nullable(),
  effect: z.string().nullable(),
});

export const courseDetailSchema = z.object({
  course: courseSchema,
  status: courseStatusSchema,
  completion: completionSchema,
  observations: z.array(observationSchema),
  medications: z.array(medicationEventSchema),
});

export const patientCourses = itemsOf(courseSchema.extend({ current: courseStatusSchema }));

export const flowsheetEntryResult = z.object({
  observation: observationSchema,
  status: courseStatusSchema,
  alertsRaised: z.array(z.object({ id: z.uuid(), kind: z.string(), severity: z.enum(['info', 'warning', 'critical']), message: z.string() })),
});

export const administrationResult = medicationEventSchema.pick({
  id: true,
  medication: true,
  outcome: true,
  doseMg: true,
  firstDose: true,
  basisObservationId: true,
  findings: true,
  holdCheck: true,
  occurredAt: true,
});
export const reassessmentResult = z.object({ id: z.uuid(), reassessedAt: instant, effect: z.string() });

export const boardRowSchema = courseStatusSchema.extend({
  courseId: z.uuid(),
  patientId: z.uuid(),
  patientName: z.string(),
  mrn: z.string(),
  bed: z.string().nullable(),
  protocolName: z.string(),
  hoursSinceAdmission: z.number(),
  inFirst72HoursOfAdmission: z.boolean(),
  alerts: z.array(alertSchema),
  overdoseRisk: z.boolean(),
});
export const boardSchema = z.object({
  facility: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
  generatedAt: instant,
  items: z.array(boardRowSchema),
});
