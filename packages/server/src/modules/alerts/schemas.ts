import { z } from 'zod';
import { roles } from '@waypoint/clinical/care/roles';
import { instant, itemsOf } from '../../platform/http/wire';

export const alertSeverity = z.enum(['info', 'warning', 'critical']);

export const alertSchema = z.object({
  id: z.uuid(),
  /** Null for an alert about a facility (e.g. a controlled-substance count discrepancy). */
  patientId: z.uuid().nullable(),
  facilityId: z.uuid().nullable(),
  episodeId: z.uuid().nullable(),
  kind: z.string(),
  severity: alertSeverity,
  message: z.string(),
  raisedAt: instant,
  acknowledgedAt: instant.nullable(),
  acknowledgedByName: z.string().nullable(),
  /** What was done, when the alert asked for it (a suicide-risk alert). */
  actionTaken: z.string().nullable(),
  /** Acknowledging it needs the action taken (the form asks for it first). */
  actionRequired: z.boolean(),
  escalatedAt: instant.nullable(),
  resolvedAt: instant.nullable(),
  /** Roles the alert is for; empty = everyone who may see the patient. */
  audience: z.array(z.enum(roles)),
});

/** An alert in "my alerts": with whose it is and where. */
export const myAlertSchema = alertSchema.extend({
  patientName: z.string().nullable(),
  mrn: z.string().nullable(),
  bed: z.string().nullable(),
  /** The facility a facility alert is about (null for a patient's alert). */
  facilityName: z.string().nullable(),
});
export const myAlerts = itemsOf(myAlertSchema);
