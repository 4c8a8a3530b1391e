import { z } from 'zod';
import { roles } from '@waypoint/clinical/care/roles';

/** Who is signed in, their organization, the session's MFA state, and what they may do. */
export const meSchema = z.object({
  user: z.object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(roles),
    organizationId: z.uuid(),
    facilityIds: z.array(z.uuid()),
    mfaEnabled: z.boolean(),
    patientId: z.uuid().nullable(),
  }),
  // crisisPhone: the program's 24/7 line, shown first in the portal when the organization has one (none stored yet).
  organization: z.object({
    id: z.uuid(),
    name: z.string(),
    mfaRequired: z.boolean(),
    idleTimeoutMinutes: z.number().int(),
    crisisPhone: z.string().nullable().optional(),
  }),
  session: z.object({ mfaVerified: z.boolean(), mfaRequired: z.boolean() }),
  /** "resource.action" pairs this role is granted (the server still checks every request). */
  permissions: z.array(z.string()),
  /** 'resource.action' → how far it reaches. */
  scopes: z.record(z.string(), z.enum(['organization', 'facility', 'care-team', 'self'])),
});

export const mfaEnrolment = z.object({ secret: z.string(), otpauthUri: z.string() });
