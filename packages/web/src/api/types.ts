// The API's types, derived from the server's own response schemas (packages/server/src/modules/*/schemas.ts):
// one definition, checked by the server on every response. Type-only imports: no server code is bundled.
import type { z } from 'zod';
import type { meSchema } from '@waypoint/server/schemas/auth';
import type { facilitySchema, userSchema } from '@waypoint/server/schemas/admin';
import type { alertSchema } from '@waypoint/server/schemas/alerts';
import type { auditEntrySchema } from '@waypoint/server/schemas/audit';
import type { careTeamMemberSchema, censusRowSchema, censusSchema, episodeSchema } from '@waypoint/server/schemas/care';
import type {
  activeEpisodeSummarySchema,
  allergy,
  chartHeaderSchema,
  patientSchema,
  patientSummarySchema,
  timelineEventSchema,
} from '@waypoint/server/schemas/patients';
import type {
  boardRowSchema,
  courseDetailSchema,
  courseSchema,
  courseStatusSchema,
  medicationEventSchema,
  observationSchema,
  protocolSchema,
  vitalsSchema,
} from '@waypoint/server/schemas/withdrawal';

export type { Role } from '@waypoint/clinical/care/roles';

/** A keyset page, as every paged route answers (platform/http/wire.ts pageOf). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Me = z.infer<typeof meSchema>;
export type Facility = z.infer<typeof facilitySchema>;
export type User = z.infer<typeof userSchema>;
export type Alert = z.infer<typeof alertSchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type CareTeamMember = z.infer<typeof careTeamMemberSchema>;
export type CensusRow = z.infer<typeof censusRowSchema>;
export type Census = z.infer<typeof censusSchema>;
export type Episode = z.infer<typeof episodeSchema>;
export type ActiveEpisodeSummary = z.infer<typeof activeEpisodeSummarySchema>;
export type PatientSummary = z.infer<typeof patientSummarySchema>;
export type Allergy = z.infer<typeof allergy>;
export type Patient = z.infer<typeof patientSchema>;
export type ChartHeader = z.infer<typeof chartHeaderSchema>;
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

// Withdrawal management
export type Protocol = z.infer<typeof protocolSchema>;
export type ProtocolMedication = Protocol['config']['medications'][number];
export type Vitals = z.infer<typeof vitalsSchema>;
export type CourseStatus = z.infer<typeof courseStatusSchema>;
export type Course = z.infer<typeof courseSchema>;
export type Observation = z.infer<typeof observationSchema>;
export type MedicationEvent = z.infer<typeof medicationEventSchema>;
export type CourseDetail = z.infer<typeof courseDetailSchema>;
export type BoardRow = z.infer<typeof boardRowSchema>;
