import { z } from 'zod';
import { levelsOfCare, dischargeTypes } from '@waypoint/clinical/care/levels';
import { roles } from '@waypoint/clinical/care/roles';
import { instant, itemsOf } from '../../platform/http/wire';
import { facilitySchema } from '../admin/schemas';

export const teamRoles = ['attending_prescriber', 'primary_nurse', 'primary_counselor', 'case_manager', 'peer_recovery_specialist', 'other'] as const;

const levelOfCare = z.enum(levelsOfCare);

export const careTeamMemberSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  displayName: z.string(),
  userRole: z.enum(roles),
  teamRole: z.enum(teamRoles),
  assignedAt: instant,
});
export const careTeam = itemsOf(careTeamMemberSchema);

export const levelChangeSchema = z.object({
  id: z.uuid(),
  fromLevel: levelOfCare.nullable(),
  toLevel: levelOfCare,
  direction: z.enum(['admission', 'step-down', 'step-up', 'lateral']),
  reason: z.string(),
  changedAt: instant,
  changedByName: z.string(),
});

export const episodeSchema = z.object({
  id: z.uuid(),
  patientId: z.uuid(),
  facilityId: z.uuid(),
  facilityName: z.string(),
  levelOfCare,
  bed: z.string().nullable(),
  status: z.enum(['active', 'discharged']),
  admittedAt: instant,
  lastOpioidUseAt: instant.nullable(),
  dischargedAt: instant.nullable(),
  dischargeType: z.enum(dischargeTypes).nullable(),
  dischargeReason: z.string().nullable(),
  naloxoneGiven: z.boolean().nullable(),
  version: z.number().int(),
  levelChanges: z.array(levelChangeSchema),
});
export const episodes = itemsOf(episodeSchema);

export const censusRowSchema = z.object({
  episodeId: z.uuid(),
  patientId: z.uuid(),
  patientName: z.string(),
  mrn: z.string(),
  levelOfCare,
  admittedAt: instant,
  bed: z.string().nullable(),
  daysInCare: z.number().int(),
});
export const censusSchema = z.object({
  facility: facilitySchema,
  /** Beds occupied in the whole facility, whatever the filter or page. */
  occupiedBeds: z.number().int(),
  /** Everyone in care here, by level (counts only: no one is named). */
  byLevel: z.array(z.object({ levelOfCare, inCare: z.number().int() })),
  /** How many match the level filter; `items` is one page of them. */
  total: z.number().int(),
  items: z.array(censusRowSchema),
  nextCursor: z.string().nullable(),
});
