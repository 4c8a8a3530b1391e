import * as ics from 'ics';
import { sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import { levelsOfCare } from '@waypoint/clinical/care/levels';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { requireIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { isUuid, requireFacility, requirePatient } from '../../platform/permissions/access';
import { HttpProblem, problems } from '../../platform/problems';
import { localDay, zonedInstant } from '../../platform/time';
import { displayName, rosterOf } from './roster';
import { outingSchema, patientScheduleSchema, programDayItemSchema, programDaySchema, scheduleEntrySchema, therapyRosterSchema } from './schemas';
import { addDays, attendanceStatuses, facilityZone, instant, invalid, newId, requireReach, tags, weekStart } from './common';

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const item = programDayItemSchema;
type Item = z.infer<typeof item>;

/** A sensible residential day a program starts from and edits. */
export function defaultDay(): Item[] {
  const all = [1, 2, 3, 4, 5, 6, 7];
  const weekdays = [1, 2, 3, 4, 5];
  return [
    { key: 'wake', start: '07:00', end: '07:30', kind: 'wake_up', title: 'Wake-up', days: all },
    { key: 'breakfast', start: '07:30', end: '08:15', kind: 'meal', title: 'Breakfast', days: all },
    { key: 'meditation', start: '08:15', end: '08:45', kind: 'meditation', title: 'Morning meditation', days: all },
    { key: 'groups-am', start: '09:00', end: '12:00', kind: 'group', title: 'Morning groups', days: weekdays },
    { key: 'lunch', start: '12:00', end: '13:00', kind: 'meal', title: 'Lunch', days: all },
    { key: 'individual', start: '13:00', end: '14:00', kind: 'individual', title: 'Individual sessions', days: weekdays },
    { key: 'exercise', start: '14:00', end: '15:00', kind: 'exercise', title: 'Exercise', days: all },
    { key: 'life-skills', start: '15:00', end: '16:00', kind: 'life_skills', title: 'Life skills', days: weekdays },
    { key: 'art-music', start: '16:00', end: '17:00', kind: 'art', title: 'Art or music', days: weekdays },
    { key: 'dinner', start: '17:30', end: '18:30', kind: 'meal', title: 'Dinner', days: all },
    { key: 'evening', start: '19:00', end: '20:00', kind: 'group', title: 'Evening meeting', days: all },
    { key: 'free', start: '20:00', end: '22:00', kind: 'free_time', title: 'Free time', days: all },
  ];
}

function checkLevel(level: string): asserts level is (typeof levelsOfCare)[number] {
  if (!(levelsOfCare as readonly string[]).includes(level)) throw invalid('level', 'level-of-care', `one of ${levelsOfCare.join(', ')}.`);
}

function checkItems(items: Item[]): void {
  const keys = new Set<string>();
  for (const [i, it] of items.entries()) {
    if (it.end <= it.start) throw invalid(`items[${i}].end`, 'after-start', 'the activity ends before it starts.');
    if (keys.has(it.key)) throw invalid(`items[${i}].key`, 'unique', 'each activity needs its own key.');
    keys.add(it.key);
  }
}

type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;

async function dayTemplate(tx: Tx, organizationId: string, facilityId: string, level: string) {
  const row = await tx
    .selectFrom('thr_day_templates')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('facility_id', '=', facilityId)
    .where('level_of_care', '=', level)
    .executeTakeFirst();
  return row
    ? { items: row.items as Item[], version: row.version, isDefault: false }
    : { items: level === 'residential' || level === 'withdrawal_management' ? defaultDay() : [], version: 0, isDefault: true };
}

/** A patient's days from `from` to `to` (local dates): program day, groups on their roster, sessions, outings. */
export async function patientSchedule(tx: Tx, organizationId: string, patientId: string, from: string, to: string) {
  const episode = await tx
    .selectFrom('episodes as e')
    .innerJoin('facilities as f', (j) => j.onRef('f.organization_id', '=', 'e.organization_id').onRef('f.id', '=', 'e.facility_id'))
    .select(['e.id', 'e.facility_id', 'e.level_of_care', 'f.time_zone'])
    .where('e.organization_id', '=', organizationId)
    .where('e.patient_id', '=', patientId)
    .where('e.status', '=', 'active')
    .executeTakeFirst();
  if (!episode) return { timeZone: null, levelOfCare: null, entries: [] as ScheduleEntry[] };
  const zone = episode.time_zone;
  const start = zonedInstant(from, '00:00', zone);
  const end = zonedInstant(addDays(to, 1), '00:00', zone);
  const template = await dayTemplate(tx, organizationId, episode.facility_id, episode.level_of_care);
  const attendance = await tx
    .selectFrom('thr_activity_attendance')
    .select(['day', 'item_key', 'status'])
    .where('organization_id', '=', organizationId)
    .where('patient_id', '=', patientId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
  const entries: ScheduleEntry[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const weekday = ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    for (const it of template.items) {
      if (!it.days.includes(weekday)) continue;
      const att = attendance.find((a) => a.day === d && a.item_key === it.key);
      entries.push({
        kind: it.kind,
        source: 'program-day',
        id: `${d}:${it.key}`,
        title: it.title,
        startsAt: zonedInstant(d, it.start, zone).toISOString(),
        endsAt: zonedInstant(d, it.end, zone).toISOString(),
        attendance: att?.status ?? null,
        detail: null,
      });
    }
  }
  const groups = await tx
    .selectFrom('thr_group_sessions as s')
    .innerJoin('thr_group_series as r', (j) => j.onRef('r.organization_id', '=', 's.organization_id').onRef('r.id', '=', 's.series_id'))
    .leftJoin('thr_group_attendance as a', (j) =>
      j.onRef('a.organization_id', '=', 's.organization_id').onRef('a.group_session_id', '=', 's.id').on('a.patient_id', '=', patientId),
    )
    .select(['s.id', 's.starts_at', 's.ends_at', 'r.title', 'r.location', 'a.status'])
    .where('s.organization_id', '=', organizationId)
    .where('s.facility_id', '=', episode.facility_id)
    .where('s.starts_at', '>=', start)
    .where('s.starts_at', '<', end)
    .where('s.status', '=', 'scheduled')
    .where((eb) => eb.or([sql<SqlBool>`${episode.level_of_care} = any(r.levels_of_care)`, eb('a.status', 'is not', null)]))
    .execute();
  for (const g of groups)
    entries.push({
      kind: 'group',
      source: 'group',
      id: g.id,
      title: g.title,
      startsAt: g.starts_at.toISOString(),
      endsAt: g.ends_at.toISOString(),
      attendance: g.status ?? null,
      detail: g.location,
    });
  const sessions = await tx
    .selectFrom('thr_sessions')
    .select(['id', 'kind', 'starts_at', 'ends_at', 'location', 'telehealth'])
    .where('organization_id', '=', organizationId)
    .where('patient_id', '=', patientId)
    .where('starts_at', '>=', start)
    .where('starts_at', '<', end)
    .execute();
  for (const s of sessions)
    entries.push({
      kind: 'individual',
      source: 'session',
      id: s.id,
      title: s.kind === 'individual' ? 'Individual session' : 'Family session',
      startsAt: s.starts_at.toISOString(),
      endsAt: s.ends_at.toISOString(),
      attendance: null,
      detail: s.telehealth ? 'Telehealth' : s.location,
    });
  const outings = await tx
    .selectFrom('thr_outing_participants as op')
    .innerJoin('thr_outings as o', (j) => j.onRef('o.organization_id', '=', 'op.organization_id').onRef('o.id', '=', 'op.outing_id'))
    .select(['o.id', 'o.title', 'o.destination', 'o.starts_at', 'o.ends_at', 'op.signed_out_at', 'op.signed_in_at'])
    .where('op.organization_id', '=', organizationId)
    .where('op.patient_id', '=', patientId)
    .where('o.starts_at', '>=', start)
    .where('o.starts_at', '<', end)
    .execute();
  for (const o of outings)
    entries.push({
      kind: 'outing',
      source: 'outing',
      id: o.id,
      title: o.title,
      startsAt: o.starts_at.toISOString(),
      endsAt: o.ends_at.toISOString(),
      attendance: o.signed_in_at ? 'returned' : o.signed_out_at ? 'out' : null,
      detail: o.destination,
    });
  entries.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return { timeZone: zone, levelOfCare: episode.level_of_care, entries };
}

function toIcs(
  events: { uid: string; title: string; startsAt: string; endsAt: string; location?: string | null; description?: string }[],
  name: string,
): string {
  if (events.length === 0) {
    return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Waypoint//Therapy//EN', `X-WR-CALNAME:${name}`, 'END:VCALENDAR', ''].join('\r\n');
  }
  const { error, value } = ics.createEvents(
    events.map((e) => ({
      uid: `${e.uid}@waypoint`,
      title: e.title,
      start: Date.parse(e.startsAt),
      startInputType: 'utc' as const,
      startOutputType: 'utc' as const,
      end: Date.parse(e.endsAt),
      endInputType: 'utc' as const,
      endOutputType: 'utc' as const,
      ...(e.location ? { location: e.location } : {}),
      ...(e.description ? { description: e.description } : {}),
    })),
    { productId: '-//Waypoint//Therapy//EN', calName: name },
  );
  if (error || !value) throw new HttpProblem(500, 'Calendar export failed', 'The calendar could not be built.');
  return value;
}

/** iCalendar text (RFC 5545), sent as text/calendar. */
const icsOut = z.string().describe('text/calendar');

function calendarRange(now: Date, zone: string) {
  const today = localDay(now, zone);
  return { from: weekStart(today), to: addDays(weekStart(today), 27) };
}

export const scheduleRoutes = [
  route({
    method: 'GET',
    url: '/facilities/:id/program-day/:level',
    summary: 'The program-day template of a level of care at a facility',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'read' } },
    params: z.object({ id: z.string(), level: z.string() }),
    auditResource: 'facility',
    response: programDaySchema,
    handler: async ({ tx, ctx, params, reply }) => {
      await requireFacility(tx, ctx, params.id, 'therapy-schedule', 'read');
      checkLevel(params.level);
      const t = await dayTemplate(tx, ctx.organizationId, params.id, params.level);
      setEtag(reply, t.version);
      return { facilityId: params.id, levelOfCare: params.level, ...t };
    },
  }),
  route({
    method: 'PUT',
    url: '/facilities/:id/program-day/:level',
    summary: 'Set the program-day template (If-Match; "0" for the first)',
    tags,
    access: { permission: { resource: 'therapy-config', action: 'update' } },
    params: z.object({ id: z.string(), level: z.string() }),
    body: z.object({ items: z.array(item).max(40) }).strict(),
    auditResource: 'facility',
    response: programDaySchema,
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const facility = await requireFacility(tx, ctx, params.id, 'therapy-config', 'update');
      checkLevel(params.level);
      if (!facility.levels_of_care.includes(params.level)) throw invalid('level', 'facility-level', 'this level is not offered at the facility.');
      checkItems(body.items);
      const expected = requireIfMatch(req);
      const current = await dayTemplate(tx, ctx.organizationId, facility.id, params.level);
      if (expected !== current.version) throw problems.preconditionFailed();
      if (current.version === 0) {
        await tx
          .insertInto('thr_day_templates')
          .values({
            organization_id: ctx.organizationId,
            id: newId(),
            facility_id: facility.id,
            level_of_care: params.level,
            items: JSON.stringify(body.items),
          })
          .execute();
      } else {
        await tx
          .updateTable('thr_day_templates')
          .set({ items: JSON.stringify(body.items), version: current.version + 1 })
          .where('organization_id', '=', ctx.organizationId)
          .where('facility_id', '=', facility.id)
          .where('level_of_care', '=', params.level)
          .execute();
      }
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-config', resourceId: `${facility.id}:${params.level}`, action: 'update' });
      const t = await dayTemplate(tx, ctx.organizationId, facility.id, params.level);
      setEtag(reply, t.version);
      return { facilityId: facility.id, levelOfCare: params.level, ...t };
    },
  }),
  route({
    method: 'GET',
    url: '/patients/:id/schedule',
    summary: 'A patient’s days: the program day, their groups, sessions and outings (no note text)',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'read' } },
    params: z.object({ id: z.string() }),
    query: z.object({ from: localDate.optional(), to: localDate.optional() }).strict(),
    auditResource: 'patient',
    response: patientScheduleSchema,
    handler: async ({ tx, ctx, params, query }) => {
      const p = await requirePatient(tx, ctx, params.id, 'therapy-schedule', 'read');
      const today = localDay(ctx.now, await facilityZone(tx, ctx.organizationId, p.facility_id));
      query = { from: query.from ?? today, to: query.to ?? addDays(query.from ?? today, 6) };
      if (query.to! < query.from!) throw invalid('to', 'after-from', 'the end date is before the start date.');
      if (Date.parse(query.to!) - Date.parse(query.from!) > 31 * 86_400_000) throw invalid('to', 'max-31-days', 'ask for at most 31 days at a time.');
      recordAudit(ctx, { patientId: p.id, resourceType: 'therapy-schedule', resourceId: null, action: 'read' });
      return patientSchedule(tx, ctx.organizationId, p.id, query.from!, query.to!);
    },
  }),
  route({
    method: 'PUT',
    url: '/patients/:id/activity-attendance',
    summary: 'Record attendance for a program-day activity (exercise, yoga, art, meals…)',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({ day: localDate, itemKey: z.string().max(40), status: z.enum(attendanceStatuses) }).strict(),
    auditResource: 'patient',
    response: z.object({ day: z.string(), itemKey: z.string(), status: z.string() }),
    handler: async ({ tx, ctx, params, body }) => {
      const p = await requirePatient(tx, ctx, params.id, 'therapy-schedule', 'update');
      const sched = await patientSchedule(tx, ctx.organizationId, p.id, body.day, body.day);
      if (!sched.entries.some((e) => e.source === 'program-day' && e.id === `${body.day}:${body.itemKey}`))
        throw invalid('itemKey', 'program-day-item', 'not an activity of this patient’s program day on that date.');
      if (body.day > localDay(ctx.now, sched.timeZone ?? 'UTC')) throw invalid('day', 'not-in-future', 'attendance is recorded on the day or after.');
      await tx
        .insertInto('thr_activity_attendance')
        .values({
          organization_id: ctx.organizationId,
          patient_id: p.id,
          day: body.day,
          item_key: body.itemKey,
          status: body.status,
          recorded_by: ctx.userId,
          recorded_at: ctx.now,
        })
        .onConflict((oc) =>
          oc.columns(['organization_id', 'patient_id', 'day', 'item_key']).doUpdateSet({ status: body.status, recorded_by: ctx.userId, recorded_at: ctx.now }),
        )
        .execute();
      recordAudit(ctx, { patientId: p.id, resourceType: 'therapy-schedule', resourceId: `${body.day}:${body.itemKey}`, action: 'update' });
      return body;
    },
  }),
  route({
    method: 'POST',
    url: '/facilities/:id/outings',
    summary: 'Plan an outing with the patients going',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'create' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({
        title: z.string().trim().min(1).max(120),
        destination: z.string().trim().max(200).nullable().optional(),
        startsAt: instant,
        endsAt: instant,
        patientIds: z.array(z.string()).max(60).default([]),
      })
      .strict(),
    status: 201,
    idempotent: true,
    auditResource: 'facility',
    response: outingSchema,
    handler: async ({ tx, ctx, params, body }) => {
      await requireFacility(tx, ctx, params.id, 'therapy-schedule', 'create');
      const startsAt = new Date(body.startsAt);
      const endsAt = new Date(body.endsAt);
      if (endsAt <= startsAt) throw invalid('endsAt', 'after-start', 'the outing ends before it starts.');
      const id = newId();
      await tx
        .insertInto('thr_outings')
        .values({
          organization_id: ctx.organizationId,
          id,
          facility_id: params.id,
          title: body.title,
          destination: body.destination ?? null,
          starts_at: startsAt,
          ends_at: endsAt,
          lead_id: ctx.userId,
          created_at: ctx.now,
        })
        .execute();
      for (const [i, pid] of [...new Set(body.patientIds)].entries()) {
        await requirePatient(tx, ctx, pid, 'therapy-schedule', 'update').catch(() => {
          throw new HttpProblem(404, 'Not found', `patientIds[${i}]: patient not found in your scope.`, {
            errors: [{ field: `patientIds[${i}]`, rule: 'patient.in-scope', message: 'Patient not found in your scope.' }],
          });
        });
        await tx.insertInto('thr_outing_participants').values({ organization_id: ctx.organizationId, outing_id: id, patient_id: pid }).execute();
        recordAudit(ctx, { patientId: pid, resourceType: 'therapy-outing', resourceId: id, action: 'create' });
      }
      return outingView(tx, ctx, id);
    },
  }),
  route({
    method: 'GET',
    url: '/facilities/:id/therapy-roster',
    summary: 'Patients in care at a facility, by level of care (for outings and activities; names only)',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'read' } },
    params: z.object({ id: z.string() }),
    auditResource: 'facility',
    response: therapyRosterSchema,
    handler: async ({ tx, ctx, params }) => {
      const f = await requireFacility(tx, ctx, params.id, 'therapy-schedule', 'read');
      const rows = await rosterOf(tx, ctx.organizationId, f.id, f.levels_of_care);
      recordAudit(ctx, { patientId: null, resourceType: 'therapy-schedule', resourceId: f.id, action: 'read' });
      return { items: rows.map((r) => ({ patientId: r.patientId, name: displayName(r), mrn: r.mrn, levelOfCare: r.level_of_care })) };
    },
  }),
  route({
    method: 'GET',
    url: '/facilities/:id/outings',
    summary: 'Outings at a facility between two local dates, with who signed out and back in',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'read' } },
    params: z.object({ id: z.string() }),
    query: z.object({ from: localDate.optional(), to: localDate.optional() }).strict(),
    auditResource: 'facility',
    response: z.object({ items: z.array(outingSchema) }),
    handler: async ({ tx, ctx, params, query }) => {
      const f = await requireFacility(tx, ctx, params.id, 'therapy-schedule', 'read');
      const today = localDay(ctx.now, f.time_zone);
      query = { from: query.from ?? today, to: query.to ?? addDays(query.from ?? today, 6) };
      const rows = await tx
        .selectFrom('thr_outings')
        .select('id')
        .where('organization_id', '=', ctx.organizationId)
        .where('facility_id', '=', params.id)
        .where('starts_at', '>=', zonedInstant(query.from!, '00:00', f.time_zone))
        .where('starts_at', '<', zonedInstant(addDays(query.to!, 1), '00:00', f.time_zone))
        .orderBy('starts_at')
        .limit(100)
        .execute();
      const items = [];
      for (const r of rows) items.push(await outingView(tx, ctx, r.id));
      return { items };
    },
  }),
  route({
    method: 'POST',
    url: '/outings/:id/participants/:patientId/:direction',
    summary: 'Sign a patient out for an outing, or back in (times recorded, who recorded them)',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'update' } },
    params: z.object({ id: z.string(), patientId: z.string(), direction: z.string() }),
    body: z.object({ at: instant.optional() }).strict().optional(),
    response: outingSchema,
    handler: async ({ tx, ctx, params, body }) => {
      const outing = isUuid(params.id)
        ? await tx.selectFrom('thr_outings').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', params.id).executeTakeFirst()
        : undefined;
      if (!outing) throw problems.notFound('Outing');
      requireReach(ctx, outing.facility_id, 'therapy-schedule', 'update', 'Outing');
      if (params.direction !== 'sign-out' && params.direction !== 'sign-in') throw invalid('direction', 'sign-out-or-in', 'sign-out or sign-in.');
      await requirePatient(tx, ctx, params.patientId, 'therapy-schedule', 'update');
      const part = await tx
        .selectFrom('thr_outing_participants')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('outing_id', '=', outing.id)
        .where('patient_id', '=', params.patientId)
        .executeTakeFirst();
      if (!part) throw invalid('patientId', 'outing.participant', 'this patient is not on the outing.');
      const at = body?.at ? new Date(body.at) : ctx.now;
      if (at.getTime() > ctx.now.getTime() + 60_000) throw invalid('at', 'not-in-future', 'a time in the future.');
      if (params.direction === 'sign-out') {
        if (part.signed_out_at) throw problems.conflict('outing.signed-out-once', 'The patient is already signed out.');
        await tx
          .updateTable('thr_outing_participants')
          .set({ signed_out_at: at, signed_out_by: ctx.userId, version: part.version + 1 })
          .where('organization_id', '=', ctx.organizationId)
          .where('outing_id', '=', outing.id)
          .where('patient_id', '=', part.patient_id)
          .execute();
      } else {
        if (!part.signed_out_at) throw invalid('direction', 'outing.signed-out-first', 'sign the patient out first.');
        if (part.signed_in_at) throw problems.conflict('outing.signed-in-once', 'The patient is already signed back in.');
        if (at < part.signed_out_at) throw invalid('at', 'after-sign-out', 'signed in before signing out.');
        await tx
          .updateTable('thr_outing_participants')
          .set({ signed_in_at: at, signed_in_by: ctx.userId, version: part.version + 1 })
          .where('organization_id', '=', ctx.organizationId)
          .where('outing_id', '=', outing.id)
          .where('patient_id', '=', part.patient_id)
          .execute();
      }
      recordAudit(ctx, { patientId: part.patient_id, resourceType: 'therapy-outing', resourceId: outing.id, action: 'update' });
      return outingView(tx, ctx, outing.id);
    },
  }),
  route({
    method: 'GET',
    url: '/patients/:id/calendar.ics',
    summary: 'A patient’s next four weeks as iCalendar (text/calendar)',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'read' } },
    params: z.object({ id: z.string() }),
    auditResource: 'patient',
    response: icsOut,
    handler: async ({ tx, ctx, params, reply }) => {
      const p = await requirePatient(tx, ctx, params.id, 'therapy-schedule', 'read');
      const zone = (await tx.selectFrom('facilities').select('time_zone').where('id', '=', p.facility_id).executeTakeFirst())?.time_zone ?? 'UTC';
      const { from, to } = calendarRange(ctx.now, zone);
      const sched = await patientSchedule(tx, ctx.organizationId, p.id, from, to);
      recordAudit(ctx, { patientId: p.id, resourceType: 'therapy-schedule', resourceId: null, action: 'export' });
      reply.header('content-type', 'text/calendar; charset=utf-8').header('content-disposition', 'attachment; filename="schedule.ics"');
      return reply.send(
        toIcs(
          sched.entries.map((e) => ({ uid: `${e.source}-${e.id}-${p.id}`, title: e.title, startsAt: e.startsAt, endsAt: e.endsAt, location: e.detail })),
          'My schedule',
        ),
      );
    },
  }),
  route({
    method: 'GET',
    url: '/therapy/my-calendar.ics',
    summary: 'My groups and sessions for the next four weeks as iCalendar (no patient names)',
    tags,
    access: { permission: { resource: 'therapy-schedule', action: 'read' } },
    response: icsOut,
    handler: async ({ tx, ctx, reply }) => {
      const zone = ctx.facilityIds[0]
        ? ((await tx.selectFrom('facilities').select('time_zone').where('id', '=', ctx.facilityIds[0]).executeTakeFirst())?.time_zone ?? 'UTC')
        : 'UTC';
      const { from, to } = calendarRange(ctx.now, zone);
      const start = zonedInstant(from, '00:00', zone);
      const end = zonedInstant(addDays(to, 1), '00:00', zone);
      const groups = await tx
        .selectFrom('thr_group_sessions as s')
        .innerJoin('thr_group_series as r', (j) => j.onRef('r.organization_id', '=', 's.organization_id').onRef('r.id', '=', 's.series_id'))
        .select(['s.id', 's.starts_at', 's.ends_at', 'r.title', 'r.location'])
        .where('s.organization_id', '=', ctx.organizationId)
        .where('s.leader_id', '=', ctx.userId)
        .where('s.starts_at', '>=', start)
        .where('s.starts_at', '<', end)
        .where('s.status', '=', 'scheduled')
        .execute();
      const sessions = await tx
        .selectFrom('thr_sessions')
        .select(['id', 'kind', 'starts_at', 'ends_at', 'location'])
        .where('organization_id', '=', ctx.organizationId)
        .where('clinician_id', '=', ctx.userId)
        .where('starts_at', '>=', start)
        .where('starts_at', '<', end)
        .execute();
      reply.header('content-type', 'text/calendar; charset=utf-8').header('content-disposition', 'attachment; filename="my-calendar.ics"');
      // A calendar leaves Waypoint for phones and mail clients: titles only, never a patient's name.
      return reply.send(
        toIcs(
          [
            ...groups.map((g) => ({
              uid: `group-${g.id}`,
              title: g.title,
              startsAt: g.starts_at.toISOString(),
              endsAt: g.ends_at.toISOString(),
              location: g.location,
            })),
            ...sessions.map((s) => ({
              uid: `session-${s.id}`,
              title: s.kind === 'individual' ? 'Individual session' : 'Family session',
              startsAt: s.starts_at.toISOString(),
              endsAt: s.ends_at.toISOString(),
              location: s.location,
            })),
          ],
          'My groups and sessions',
        ),
      );
    },
  }),
];

async function outingView(tx: Tx, ctx: RequestContext, id: string): Promise<z.infer<typeof outingSchema>> {
  const o = await tx
    .selectFrom('thr_outings as o')
    .innerJoin('users as u', 'u.id', 'o.lead_id')
    .selectAll('o')
    .select('u.display_name')
    .where('o.organization_id', '=', ctx.organizationId)
    .where('o.id', '=', id)
    .executeTakeFirstOrThrow();
  const parts = await tx
    .selectFrom('thr_outing_participants as op')
    .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'op.organization_id').onRef('p.id', '=', 'op.patient_id'))
    .select(['op.patient_id', 'op.signed_out_at', 'op.signed_in_at', 'p.legal_given_name', 'p.legal_family_name', 'p.preferred_name'])
    .where('op.organization_id', '=', ctx.organizationId)
    .where('op.outing_id', '=', id)
    .orderBy('p.legal_family_name')
    .execute();
  return {
    id: o.id,
    facilityId: o.facility_id,
    title: o.title,
    destination: o.destination,
    startsAt: o.starts_at.toISOString(),
    endsAt: o.ends_at.toISOString(),
    leadName: o.display_name,
    participants: parts.map((p) => ({
      patientId: p.patient_id,
      name: `${p.legal_family_name}, ${p.preferred_name ?? p.legal_given_name}`,
      signedOutAt: p.signed_out_at?.toISOString() ?? null,
      signedInAt: p.signed_in_at?.toISOString() ?? null,
    })),
  };
}
