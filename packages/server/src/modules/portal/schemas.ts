import { z } from 'zod';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import { instant, itemsOf } from '../../platform/http/wire';
import { teamRoles } from '../care/schemas';

export const accessLogEntrySchema = z.object({ at: instant, who: z.string(), role: z.string().nullable(), action: z.string(), what: z.string() });
export const accessLog = itemsOf(accessLogEntrySchema);

export const portalMeSchema = z.object({
  patient: z.object({
    mrn: z.string(),
    preferredName: z.string().nullable(),
    legalGivenName: z.string(),
    legalFamilyName: z.string(),
    birthDate: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    preferredLanguage: z.string(),
  }),
  episode: z.object({ levelOfCare: z.enum(levelsOfCare), facilityName: z.string(), admittedAt: instant, status: z.enum(['active', 'discharged']) }).nullable(),
  careTeam: z.array(z.object({ displayName: z.string(), teamRole: z.enum(teamRoles) })),
});
