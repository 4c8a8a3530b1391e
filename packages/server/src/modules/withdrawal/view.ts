import type { Selectable } from 'kysely';
import { inductionReadiness } from '@waypoint/clinical/withdrawal/induction';
import { completionReadiness, defaultCompletionCriteria } from '@waypoint/clinical/withdrawal/completion';
import { isOverdue, nextCheckDue, peakWindow } from '@waypoint/clinical/withdrawal/schedule';
import type { Tx, WmCoursesTable, WmObservationsTable } from '../../db/schema';
import { courseProtocol, type ProtocolConfig } from './protocol-config';
import { scoreItemsSchema } from './schemas';

export type CourseRow = Selectable<WmCoursesTable>;
export type ObservationRow = Selectable<WmObservationsTable>;

export function presentObservation(o: ObservationRow & { recorded_by_name?: string | null }) {
  return {
    id: o.id,
    observedAt: o.observed_at,
    recordedByName: o.recorded_by_name ?? null,
    cows: o.cows_total === null ? null : { total: o.cows_total, band: o.cows_band!, items: scoreItemsSchema.parse(o.cows_items), pulseBpm: o.pulse_bpm },
    sows: o.sows_total === null ? null : { instrument: o.sows_instrument!, total: o.sows_total, items: scoreItemsSchema.parse(o.sows_items) },
    vitals: presentVitals(o),
    note: o.note,
  };
}

/** The columns an observation's vitals and scores are judged by (the board reads only these). */
export type ObservationSummary = Pick<
  ObservationRow,
  'observed_at' | 'cows_total' | 'cows_band' | 'systolic' | 'diastolic' | 'heart_rate' | 'respiratory_rate' | 'temperature_c' | 'spo2' | 'pain'
>;

export function presentVitals(o: ObservationSummary) {
  return {
    systolic: o.systolic,
    diastolic: o.diastolic,
    heartRate: o.heart_rate,
    respiratoryRate: o.respiratory_rate,
    temperatureC: o.temperature_c === null ? null : Number(o.temperature_c),
    spo2: o.spo2,
    pain: o.pain,
  };
}

/**
 * What a nurse needs to know about a course right now: the clock, the trend, readiness. Derived
 * from the rows on every read, so it can never drift from the flowsheet.
 */
/** The columns of a course its status is derived from, with its protocol already resolved. */
export type CourseClock = Pick<CourseRow, 'status' | 'started_at' | 'completed_at' | 'first_dose_at' | 'last_use_at' | 'last_use_kind'>;

export function courseStatus(course: CourseRow, recent: ObservationSummary[], now: Date) {
  return courseStatusUnder(courseProtocol(course), course, recent, now);
}

export function courseStatusUnder(protocol: Readonly<ProtocolConfig>, course: CourseClock, recent: ObservationSummary[], now: Date) {
  const scored = recent.filter((o) => o.cows_total !== null);
  const last = scored[0];
  const previous = scored[1];
  const lastObservation = recent[0];
  const lastVitals = recent.find((o) => o.heart_rate !== null || o.systolic !== null);
  const next =
    course.status === 'active'
      ? nextCheckDue({
          schedule: protocol.schedule,
          startedAt: course.started_at,
          lastObservedAt: lastObservation?.observed_at,
          lastCows: last?.cows_total ?? undefined,
        })
      : null;
  const window = peakWindow(course.started_at, course.status === 'active' ? now : (course.completed_at ?? now), protocol.schedule);
  const readiness =
    protocol.induction && course.status === 'active' && !course.first_dose_at
      ? inductionReadiness({
          thresholds: protocol.induction,
          latestCows: last ? { total: last.cows_total!, observedAt: last.observed_at } : undefined,
          lastUseAt: course.last_use_at,
          lastUseKind: course.last_use_kind,
          now,
        })
      : null;
  return {
    hoursSinceStart: window.hours,
    inPeakWindow: window.inWindow,
    peakWindowHours: protocol.schedule.peakWindowHours,
    dayOfCourse: Math.floor(window.hours / 24) + 1,
    lastCows: last ? { total: last.cows_total!, band: last.cows_band!, observedAt: last.observed_at } : null,
    cowsTrend: last && previous ? trend(last.cows_total!, previous.cows_total!) : null,
    cowsDelta: last && previous ? last.cows_total! - previous.cows_total! : null,
    lastVitals: lastVitals ? { ...presentVitals(lastVitals), observedAt: lastVitals.observed_at } : null,
    nextCheck: next
      ? { dueAt: next.dueAt, intervalMinutes: next.intervalMinutes, reason: next.reason, overdue: isOverdue(next, protocol.schedule, now) }
      : null,
    inductionReadiness: readiness,
    firstDoseAt: course.first_dose_at,
  };
}

function trend(last: number, previous: number): 'rising' | 'falling' | 'steady' {
  return last > previous ? 'rising' : last < previous ? 'falling' : 'steady';
}

/** Completion criteria of the protocol against the flowsheet (observations newest first). */
export function courseCompletion(course: CourseRow, observations: ObservationRow[], now: Date) {
  const protocol = courseProtocol(course);
  const criteria = { expectedDays: protocol.expectedDays, ...(protocol.completion ?? defaultCompletionCriteria) };
  const end = course.status === 'completed' && course.completed_at ? course.completed_at : now;
  const cows = observations.filter((o) => o.cows_total !== null).map((o) => ({ total: o.cows_total!, at: o.observed_at }));
  return { ...completionReadiness({ criteria, startedAt: course.started_at, now: end, cows }), expectedDays: criteria.expectedDays };
}

export async function recentObservations(tx: Tx, organizationId: string, courseId: string, limit = 2) {
  return tx
    .selectFrom('wm_observations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('course_id', '=', courseId)
    .orderBy('observed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function presentCourse(c: CourseRow & { protocol_name?: string }) {
  return {
    id: c.id,
    episodeId: c.episode_id,
    patientId: c.patient_id,
    facilityId: c.facility_id,
    protocolId: c.protocol_id,
    protocolName: c.protocol_name ?? null,
    protocol: courseProtocol(c),
    startedAt: c.started_at,
    lastUseAt: c.last_use_at,
    lastUseKind: c.last_use_kind,
    status: c.status,
    completedAt: c.completed_at,
    outcome: c.outcome,
    nextLevel: c.next_level,
    version: c.version,
  };
}
