import { z } from 'zod';
import { defaultExpectedHours, type ExpectedHours } from '@waypoint/clinical/therapy/hours';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { reachesFacility } from '../../platform/permissions/access';
import type { Action } from '../../platform/permissions/decision-table';
import { HttpProblem, problems } from '../../platform/problems';

export const tags = ['therapy'];
export const instant = z.iso.datetime({ offset: true });
export const uuidParam = z.object({ id: z.string() });

export const modalities = [
  'cbt',
  'dbt',
  'motivational_interviewing',
  'trauma_informed',
  'relapse_prevention',
  'family',
  'contingency_management',
  'psychoeducation',
  'supportive',
] as const;
export const attendanceStatuses = ['present', 'late', 'left_early', 'absent', 'excused'] as const;
export const attendedStatuses = ['present', 'late', 'left_early'] as ('present' | 'late' | 'left_early' | 'absent' | 'excused')[];

export interface TherapySettings {
  noteDeadlineHours: number;
  familyMinimumMinutes: number;
  expectedHours: ExpectedHours;
  version: number;
}

/** The program's therapy settings, with clinical.md's defaults until an administrator changes them. */
export async function loadSettings(tx: Tx, organizationId: string): Promise<TherapySettings> {
  const row = await tx.selectFrom('thr_settings').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) return { noteDeadlineHours: 24, familyMinimumMinutes: 26, expectedHours: defaultExpectedHours, version: 0 };
  return {
    noteDeadlineHours: row.note_deadline_hours,
    familyMinimumMinutes: row.family_minimum_minutes,
    expectedHours: { ...defaultExpectedHours, ...(row.expected_hours as Partial<ExpectedHours>) },
    version: row.version,
  };
}

/** Licensure of a clinician; a user without a profile is taken as licensed (the program records interns). */
export async function clinicianProfile(tx: Tx, organizationId: string, userId: string) {
  const row = await tx
    .selectFrom('thr_clinician_profiles')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return { licensed: row?.licensed ?? true, supervisorId: row?.supervisor_id ?? null, credential: row?.credential ?? null };
}

/** A 422 naming several fields is rare; one field and its rule is the norm. */
export function invalid(field: string, rule: string, message: string): HttpProblem {
  return problems.invalid(field, rule, `${field}: ${message}`);
}

/** Refuses a facility the user cannot reach for this resource; 404 like a missing one. */
export function requireReach(ctx: RequestContext, facilityId: string, resource: string, action: Action, what = 'Facility'): void {
  if (!reachesFacility(ctx, facilityId, resource, action)) throw problems.notFound(what);
}

export function reaches(ctx: RequestContext, facilityId: string, resource: string, action: Action): boolean {
  return reachesFacility(ctx, facilityId, resource, action);
}

/** Wall-clock date and time of an instant in a zone. */
export function wallClock(at: Date, timeZone: string): { date: string; time: string; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const wd = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}`, weekday: wd };
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday of a date's week (ISO weeks). */
export function weekStart(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const wd = (d.getUTCDay() + 6) % 7;
  return addDays(date, -wd);
}

export const newId = uuidv7;

export async function facilityZone(tx: Tx, organizationId: string, facilityId: string): Promise<string> {
  const f = await tx.selectFrom('facilities').select('time_zone').where('organization_id', '=', organizationId).where('id', '=', facilityId).executeTakeFirst();
  return f?.time_zone ?? 'UTC';
}

/** The alert raised while a session note is unsigned past the deadline. */
export const overdueNoteKey = (sessionId: string) => `therapy-note-overdue:${sessionId}`;
