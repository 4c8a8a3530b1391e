import { z } from 'zod';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import { roles } from '@waypoint/clinical/care/roles';
import { itemsOf } from '../../platform/http/wire';

export const organizationSchema = z.object({ id: z.uuid(), name: z.string(), mfaRequired: z.boolean(), idleTimeoutMinutes: z.number().int() });

export const facilitySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  timeZone: z.string(),
  bedCount: z.number().int(),
  levelsOfCare: z.array(z.enum(levelsOfCare)),
});
export const facilities = itemsOf(facilitySchema);

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  active: z.boolean(),
  mfaEnabled: z.boolean(),
  facilityIds: z.array(z.uuid()),
  patientId: z.uuid().nullable(),
  version: z.number().int(),
});
export const users = itemsOf(userSchema);

/** Shown once: only its hash is kept. */
export const issuedToken = z.object({ token: z.string(), name: z.string() });
