import { z } from 'zod';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { isUuid, requireFacility, requirePatient } from '../../platform/permissions/access';
import { HttpProblem, problems } from '../../platform/problems';
import { localDay, zonedInstant } from '../../platform/time';
import { addDays, attendanceStatuses, invalid, newId, reaches, requireReach, tags, wallClock } from './common';
import { groupNoteStatuses, groupSessionDetailSchema, groupSessionSummarySchema, seriesSchema } from './schemas';
import { ensureDefaults } from './config';
import { horizonDays, occurrences, parseRule, RecurrenceError } from './recurrence';
import { displayName, rosterOf } from './roster';

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

const seriesOut = seriesSchema;
const sessionSummary = groupSessionSummarySchema;

async function loadGroupSession(tx: Tx, organizationId: string, id: string) {
  if (!isUuid(id)) return undefined;
  return tx
    .selectFrom('thr_group_sessions as s')
    .innerJoin('thr_group_series as r', (j) => j.onRef('r.organization_id', '=', 's.organization_id').onRef('r.id', '=', 's.series_id'))
    .innerJoin('thr_group_types as t', (j) => j.onRef('t.organization_id', '=', 'r.organization_id').onRef('t.id', '=', 'r.group_type_id'))
    .innerJoin('users as u', (j) => j.onRef('u.organization_id', '=', 's.organization_id').onRef('u.id', '=', 's.leader_id'))
    .selectAll('s')
    .select(['r.title', 'r.levels_of_care', 'r.location', 't.name as type_name', 't.category', 't.peer_led', 'u.display_name as leader_name'])
    .where('s.organization_id', '=', organizationId)
    .where('s.id', '=', id)
    .executeTakeFirst();
}
export type GroupSessionRow = NonNullable<Awaited<ReturnType<typeof loadGroupSession>>>;

/** Running a group (attendance, notes) needs 'therapy-group' for clinical groups, 'peer-group' for peer-led ones. */
export function groupResource(peerLed: boolean): string {
  return peerLed ? 'peer-group' : 'therapy-group';
}

export async function requireGroupSession(tx: Tx, ctx: RequestContext, id: string, access: 'schedule' | 'run' | 'read-note') {
  const s = await loadGroupSession(tx, ctx.organizationId, id);
  if (!s) throw problems.notFound('Group session');
  if (access === 'schedule') requireReach(ctx, s.facility_id, 'therapy-schedule', 'read', 'Group session');
  if (access === 'read-note' && !reaches(ctx, s.facility_id, 'therapy-note', 'read') && !reaches(ctx, s.facility_id, groupResource(s.peer_led), 'update')) {
    throw problems.notFound('Group session');
  }
  if (access === 'run') {
    requireReach(ctx, s.facility_id, 'therapy-schedule', 'read', 'Group session');
    if (!reaches(ctx, s.facility_id, groupResource(s.peer_led), 'update')) {
      throw new HttpProblem(403, 'Forbidden', 'This group is run by clinical staff: peer specialists run peer-led groups.', { rule: 'group.clinical-staff' });
    }
  }
  return s;
}

export async function patientForGroup(tx: Tx, ctx: RequestContext, s: GroupSessionRow, patientId: string, field: string) {
  const resource = groupResource(s.peer_led);
  await requirePatient(tx, ctx, patientId, resource, 'update').catch(() => {
    throw new HttpProblem(404, 'Not found', `${field}: patient not found in your scope.`, {
      errors: [{ field, rule: 'patient.in-scope', message: 'Patient not found in your scope.' }],
    });
  });
  const roster = await rosterOf(tx, ctx.organizationId, s.facility_id, s.levels_of_care);
  const member = roster.find((r) => r.patientId === patientId);
  if (!member) throw invalid(field, 'group.roster', `this patient is not on the group's roster (${s.levels_of_care.join(', ')} at this facility).`);
  return member;
}

export async function materializeSeries(
  tx: Tx,
  organizationId: string,
  series: { id: string; facility_id: string; leader_id: string; rrule: string; first_starts_at: Date; duration_minutes: number },
  timeZone: string,
  today: string,
): Promise<number> {
  const first = wallClock(series.first_starts_at, timeZone);
  const from = first.date > addDays(today, -28) ? first.date : addDays(today, -28);
  const starts = occurrences(series.rrule, first.date, first.time, timeZone, from, addDays(today, horizonDays));
  if (starts.length === 0) return 0;
  const res = await tx
    .insertInto('thr_group_sessions')
    .values(
      starts.map((st) => ({
        organization_id: organizationId,
        id: newId(),
        series_id: series.id,
        facility_id: series.facility_id,
        leader_id: series.leader_id,
        starts_at: st,
        ends_at: new Date(st.getTime() + series.duration_minutes * 60_000),
      })),
    )
    .onConflict((oc) => oc.columns(['organization_id', 'series_id', 'starts_at']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}

export const groupRoutes = [
  route({
    method: 'POST',
    url: '/facilities/:id/group-series',
    summary: 'Schedule a recurring group (RFC 5545 rule, first date and time in the facility’s zone)',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'create' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({
        groupTypeId: z.uuid(),
        title: z.string().trim().min(1).max(120).optional(),
        leaderId: z.uuid().optional(),
        levelsOfCare: z.array(z.enum(levelsOfCare)).min(1),
        rrule: z.string().trim().min(1).max(300),
        firstDate: localDate,
        startTime: localTime,
        durationMinutes: z.number().int().min(5).max(480).optional(),
        location: z.string().trim().max(120).nullable().optional(),
      })
      .strict(),
    status: 201,
    idempotent: true,
    auditResource: 'facility',
    response: seriesOut,
    handler: async ({ tx, ctx, params, body }) => {
      const facility = await requireFacility(tx, ctx, params.id, 'therapy-schedule', 'create');
      await ensureDefaults(tx, ctx.organizationId);
      const type = await tx
        .selectFrom('thr_group_types')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', body.groupTypeId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!type) throw invalid('groupTypeId', 'catalogue', 'not an active group of the catalogue.');
      if (!reaches(ctx, facility.id, groupResource(type.peer_led), 'update') && ctx.scopeFor('therapy-schedule', 'create') !== 'organization') {
        throw new HttpProblem(403, 'Forbidden', 'Peer specialists schedule peer-led groups; this one is run by clinical staff.', {
          rule: 'group.clinical-staff',
        });
      }
      for (const l of body.levelsOfCare)
        if (!facility.levels_of_care.includes(l)) throw invalid('levelsOfCare', 'facility-level', `${l} is not offered at this facility.`);
      const leaderId = body.leaderId ?? ctx.userId;
      const leader = await tx
        .selectFrom('users')
        .select('id')
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', leaderId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!leader) throw invalid('leaderId', 'active-user', 'not an active staff member.');
      try {
        parseRule(body.rrule);
      } catch (e) {
        if (e instanceof RecurrenceError) throw invalid('rrule', 'rfc5545', e.message);
        throw e;
      }
      const firstStartsAt = zonedInstant(body.firstDate, body.startTime, facility.time_zone);
      const series = {
        organization_id: ctx.organizationId,
        id: newId(),
        group_type_id: type.id,
        facility_id: facility.id,
        title: body.title ?? type.name,
        leader_id: leaderId,
        levels_of_care: body.levelsOfCare,
        rrule: body.rrule.replace(/^RRULE:/i, ''),
        first_starts_at: firstStartsAt,
        duration_minutes: body.durationMinutes ?? type.default_minutes,
        location: body.location ?? null,
        created_at: ctx.now,
      };
      await tx.insertInto('thr_group_series').values(series).execute();
      const created = await materializeSeries(tx, ctx.organizationId, series, facility.time_zone, localDay(ctx.now, facility.time_zone));
      if (created === 0) throw invalid('rrule', 'no-occurrences', 'the rule gives no sessions from the first date on.');
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-schedule', resourceId: series.id, action: 'create' });
      return {
        id: series.id,
        groupTypeId: type.id,
        title: series.title,
        facilityId: facility.id,
        leaderId,
        levelsOfCare: body.levelsOfCare,
        rrule: series.rrule,
        durationMinutes: series.duration_minutes,
        location: series.location,
        sessionsCreated: created,
      };
    },
  }),
  route({
    method: 'GET',
    url: '/facilities/:id/group-sessions',
    summary: 'Group sessions at a facility between two local dates (the schedule: no note text)',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'read' } },
    params: z.object({ id: z.string() }),
    query: z.object({ from: localDate.optional(), to: localDate.optional(), leaderId: z.uuid().optional() }).strict(),
    auditResource: 'facility',
    response: z.object({ items: z.array(sessionSummary) }),
    handler: async ({ tx, ctx, params, query }) => {
      const facility = await requireFacility(tx, ctx, params.id, 'therapy-schedule', 'read');
      const today = localDay(ctx.now, facility.time_zone);
      query = { ...query, from: query.from ?? today, to: query.to ?? addDays(query.from ?? today, 6) };
      if (query.to! < query.from!) throw invalid('to', 'after-from', 'the end date is before the start date.');
      if (Date.parse(query.to!) - Date.parse(query.from!) > 62 * 86_400_000) throw invalid('to', 'max-62-days', 'ask for at most 62 days at a time.');
      const from = zonedInstant(query.from!, '00:00', facility.time_zone);
      const to = zonedInstant(addDays(query.to!, 1), '00:00', facility.time_zone);
      return { items: await listGroupSessions(tx, ctx.organizationId, { facilityId: facility.id, from, to, leaderId: query.leaderId }) };
    },
  }),
  route({
    method: 'GET',
    url: '/group-sessions/:id',
    summary: 'A group session: roster by level of care and facility, and attendance',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'read' } },
    params: z.object({ id: z.string() }),
    response: groupSessionDetailSchema,
    handler: async ({ tx, ctx, params }) => {
      const s = await requireGroupSession(tx, ctx, params.id, 'schedule');
      const [summary] = await listGroupSessions(tx, ctx.organizationId, { id: s.id });
      const roster = await rosterOf(tx, ctx.organizationId, s.facility_id, s.levels_of_care);
      const attendance = await tx
        .selectFrom('thr_group_attendance as a')
        .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'a.organization_id').onRef('p.id', '=', 'a.patient_id'))
        .select(['a.patient_id', 'a.status', 'a.minutes', 'p.legal_given_name', 'p.legal_family_name', 'p.preferred_name', 'p.mrn'])
        .where('a.organization_id', '=', ctx.organizationId)
        .where('a.group_session_id', '=', s.id)
        .execute();
      const byPatient = new Map(attendance.map((a) => [a.patient_id, a]));
      const rows: z.infer<typeof groupSessionDetailSchema>['roster'][number][] = roster.map((r) => ({
        patientId: r.patientId,
        name: displayName(r),
        mrn: r.mrn,
        levelOfCare: r.level_of_care,
        inRoster: true,
        status: byPatient.get(r.patientId)?.status ?? null,
        minutes: byPatient.get(r.patientId)?.minutes ?? null,
      }));
      for (const a of attendance)
        if (!roster.some((r) => r.patientId === a.patient_id))
          rows.push({ patientId: a.patient_id, name: displayName(a), mrn: a.mrn, levelOfCare: null, inRoster: false, status: a.status, minutes: a.minutes });
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-schedule', resourceId: s.id, action: 'read' });
      return { ...summary, roster: rows, canRun: reaches(ctx, s.facility_id, groupResource(s.peer_led), 'update'), levelsOfCare: s.levels_of_care };
    },
  }),
  route({
    method: 'PUT',
    url: '/group-sessions/:id/attendance',
    summary: 'Take attendance (present, late, left early, absent, excused) for patients on the roster',
    tags,
    access: { permission: { resource: 'peer-group', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({
        entries: z
          .array(
            z.object({ patientId: z.string(), status: z.enum(attendanceStatuses), minutes: z.number().int().min(0).max(480).nullable().optional() }).strict(),
          )
          .min(1)
          .max(100),
      })
      .strict(),
    response: z.object({ recorded: z.number() }),
    handler: async ({ tx, ctx, params, body }) => {
      const s = await requireGroupSession(tx, ctx, params.id, 'run');
      if (s.status === 'cancelled') throw invalid('id', 'group.cancelled', 'the session was cancelled.');
      if (s.starts_at.getTime() > ctx.now.getTime() + 15 * 60_000) throw invalid('id', 'group.started', 'attendance is taken once the group has started.');
      const duration = Math.round((s.ends_at.getTime() - s.starts_at.getTime()) / 60_000);
      for (const [i, e] of body.entries.entries()) {
        await patientForGroup(tx, ctx, s, e.patientId, `entries[${i}].patientId`);
        if (e.minutes != null && e.minutes > duration) throw invalid(`entries[${i}].minutes`, 'within-session', `at most the session's ${duration} minutes.`);
        await tx
          .insertInto('thr_group_attendance')
          .values({
            organization_id: ctx.organizationId,
            group_session_id: s.id,
            patient_id: e.patientId,
            status: e.status,
            minutes: e.minutes ?? null,
            recorded_by: ctx.userId,
            recorded_at: ctx.now,
          })
          .onConflict((oc) =>
            oc.columns(['organization_id', 'group_session_id', 'patient_id']).doUpdateSet((eb) => ({
              status: e.status,
              minutes: e.minutes ?? null,
              recorded_by: ctx.userId,
              recorded_at: ctx.now,
              version: eb('thr_group_attendance.version', '+', 1),
            })),
          )
          .execute();
        recordAudit(ctx, { patientId: e.patientId, resourceType: 'therapy-attendance', resourceId: s.id, action: 'update' });
      }
      return { recorded: body.entries.length };
    },
  }),
];

/** Group sessions with type, leader, attendance count and note status: one query. */
export async function listGroupSessions(
  tx: Tx,
  organizationId: string,
  where: { id?: string; facilityId?: string; from?: Date; to?: Date; leaderId?: string; patientId?: string },
) {
  let q = tx
    .selectFrom('thr_group_sessions as s')
    .innerJoin('thr_group_series as r', (j) => j.onRef('r.organization_id', '=', 's.organization_id').onRef('r.id', '=', 's.series_id'))
    .innerJoin('thr_group_types as t', (j) => j.onRef('t.organization_id', '=', 'r.organization_id').onRef('t.id', '=', 'r.group_type_id'))
    .innerJoin('users as u', (j) => j.onRef('u.organization_id', '=', 's.organization_id').onRef('u.id', '=', 's.leader_id'))
    .leftJoin('thr_group_notes as n', (j) => j.onRef('n.organization_id', '=', 's.organization_id').onRef('n.group_session_id', '=', 's.id'))
    .select([
      's.id',
      's.series_id',
      'r.title',
      't.name as type_name',
      't.category',
      't.peer_led',
      's.facility_id',
      's.leader_id',
      'u.display_name as leader_name',
      's.starts_at',
      's.ends_at',
      'r.location',
      's.status',
      'n.id as note_id',
      'n.needs_cosign',
    ])
    .select((eb) => [
      eb
        .selectFrom('thr_group_attendance as a')
        .select((e) => e.fn.countAll<number>().as('c'))
        .whereRef('a.organization_id', '=', 's.organization_id')
        .whereRef('a.group_session_id', '=', 's.id')
        .where('a.status', 'in', ['present', 'late', 'left_early'])
        .as('attended'),
      eb
        .selectFrom('thr_group_note_versions as v')
        .select((e) => e.fn.max('v.version_no').as('m'))
        .whereRef('v.organization_id', '=', 'n.organization_id')
        .whereRef('v.group_note_id', '=', 'n.id')
        .as('versions'),
      eb
        .selectFrom('thr_cosignatures as c')
        .select('c.id')
        .whereRef('c.organization_id', '=', 'n.organization_id')
        .where('c.note_kind', '=', 'group')
        .whereRef('c.note_id', '=', 'n.id')
        .as('cosignature_id'),
    ])
    .where('s.organization_id', '=', organizationId);
  if (where.id) q = q.where('s.id', '=', where.id);
  if (where.facilityId) q = q.where('s.facility_id', '=', where.facilityId);
  if (where.leaderId) q = q.where('s.leader_id', '=', where.leaderId);
  if (where.from) q = q.where('s.starts_at', '>=', where.from);
  if (where.to) q = q.where('s.starts_at', '<', where.to);
  const rows = await q.orderBy('s.starts_at').limit(500).execute();
  return rows.map((r) => ({
    id: r.id,
    seriesId: r.series_id,
    title: r.title,
    typeName: r.type_name,
    category: r.category,
    peerLed: r.peer_led,
    facilityId: r.facility_id,
    leaderId: r.leader_id,
    leaderName: r.leader_name,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    location: r.location,
    status: r.status,
    attended: Number(r.attended ?? 0),
    noteStatus: (!r.note_id
      ? 'none'
      : !r.versions
        ? 'draft'
        : r.needs_cosign && !r.cosignature_id
          ? 'awaiting-cosign'
          : Number(r.versions) > 1
            ? 'amended'
            : 'signed') as (typeof groupNoteStatuses)[number],
  }));
}
