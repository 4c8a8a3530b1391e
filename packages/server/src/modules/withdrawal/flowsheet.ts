import { sql } from 'kysely';
import { z } from 'zod';
import { outOfRangeVitals, validateVitals, type Vitals } from '@waypoint/clinical/withdrawal/vitals';
import { uuidv7 } from '../../db/ids';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { problems } from '../../platform/problems';
import { timelineWith } from '../../platform/timeline';
import { applyAlerts, type AlertInput } from '../alerts/service';
import { requireCourse } from './courses';
import { courseProtocol } from './protocol-config';
import { assertCourseActive } from './service';
import { scoreCowsForm, scoreSowsForm } from './scoring';
import { courseStatus, presentObservation, recentObservations } from './view';
import { flowsheetEntryResult } from './schemas';

const tags = ['withdrawal management'];
const score = z.number().int();

export const observationBody = z
  .object({
    observedAt: z.iso.datetime({ offset: true }).optional(),
    cows: z
      .object({ items: z.record(z.string(), score), pulseBpm: z.number().int().min(20).max(250).optional() })
      .strict()
      .optional(),
    sows: z
      .object({ instrument: z.enum(['sows', 'sows-gossop']), items: z.record(z.string(), score) })
      .strict()
      .optional(),
    vitals: z
      .object({
        systolic: z.number().int().optional(),
        diastolic: z.number().int().optional(),
        heartRate: z.number().int().optional(),
        respiratoryRate: z.number().int().optional(),
        temperatureC: z.number().optional(),
        spo2: z.number().int().optional(),
        pain: z.number().int().optional(),
      })
      .strict()
      .optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((b) => b.cows || b.sows || (b.vitals && Object.keys(b.vitals).length > 0), 'record a COWS, a SOWS or at least one vital sign');

export const overdueKey = (courseId: string) => `wm-overdue:${courseId}`;

export const flowsheetRoutes = [
  route({
    method: 'POST',
    url: '/withdrawal/:id/observations',
    response: flowsheetEntryResult,
    summary: 'Record a flowsheet entry: COWS (and SOWS when the protocol asks) with vitals, in one transaction',
    tags,
    access: { permission: { resource: 'withdrawal', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: observationBody,
    status: 201,
    idempotent: true,
    auditResource: 'withdrawal',
    handler: async ({ tx, ctx, params, body }) => {
      const course = await requireCourse(tx, ctx, params.id, 'update');
      assertCourseActive(course);
      const protocol = courseProtocol(course);
      const observedAt = body.observedAt ? new Date(body.observedAt) : ctx.now;
      if (observedAt.getTime() > ctx.now.getTime() + 5 * 60_000) throw problems.invalid('observedAt', 'not-in-future', 'observedAt: cannot be in the future.');
      if (observedAt < course.started_at) throw problems.invalid('observedAt', 'after-start', 'observedAt: must be after withdrawal management started.');
      if (body.sows && !protocol.instruments.includes(body.sows.instrument)) {
        throw problems.invalid('sows.instrument', 'protocol-instrument', `sows.instrument: this protocol records ${protocol.instruments.join(', ')}.`);
      }
      // Scoring refuses an incomplete form or a value outside an item's allowed set, naming the item.
      const cows = body.cows ? scoreCowsForm(body.cows.items, body.cows.pulseBpm) : null;
      const sows = body.sows ? scoreSowsForm(body.sows.instrument, body.sows.items) : null;
      const vitals: Vitals = validateVitals({ ...body.vitals, heartRate: body.vitals?.heartRate ?? body.cows?.pulseBpm });
      const before = await recentObservations(tx, ctx.organizationId, course.id, 2);
      const parts = [
        cows && `COWS ${cows.total} (${cows.band})`,
        sows && `${body.sows!.instrument === 'sows' ? 'SOWS' : 'Short OWS'} ${sows.total}`,
        vitals.heartRate !== undefined && `HR ${vitals.heartRate}`,
        vitals.systolic !== undefined && `BP ${vitals.systolic}/${vitals.diastolic ?? '–'}`,
      ].filter(Boolean);
      const id = uuidv7();
      // The observation and its timeline line in one statement.
      const row = await tx
        .with('observation', (q) =>
          q
            .insertInto('wm_observations')
            .values({
              organization_id: ctx.organizationId,
              id,
              course_id: course.id,
              patient_id: course.patient_id,
              observed_at: observedAt,
              recorded_by: ctx.userId,
              cows_items: JSON.stringify(cows?.items ?? null),
              cows_total: cows?.total ?? null,
              cows_band: cows?.band ?? null,
              pulse_bpm: body.cows?.pulseBpm ?? null,
              sows_instrument: sows ? body.sows!.instrument : null,
              sows_items: JSON.stringify(sows?.items ?? null),
              sows_total: sows?.total ?? null,
              systolic: vitals.systolic ?? null,
              diastolic: vitals.diastolic ?? null,
              heart_rate: vitals.heartRate ?? null,
              respiratory_rate: vitals.respiratoryRate ?? null,
              temperature_c: vitals.temperatureC ?? null,
              spo2: vitals.spo2 ?? null,
              pain: vitals.pain ?? null,
              note: body.note ?? null,
            })
            .returningAll(),
        )
        .with('event', () =>
          timelineWith(sql`select organization_id, ${uuidv7()}::uuid, patient_id, ${course.episode_id}::uuid, observed_at, 'withdrawal.observation',
            ${`Flowsheet: ${parts.join(', ')}`}::text, '{}'::jsonb, recorded_by from observation`),
        )
        .selectFrom('observation')
        .selectAll()
        .executeTakeFirstOrThrow();

      // The two latest after this entry, from the two before it and the new row: no second read.
      const after = [row, ...before].sort((a, b) => b.observed_at.getTime() - a.observed_at.getTime() || (b.id < a.id ? -1 : 1)).slice(0, 2);
      const statusBefore = courseStatus(course, before, ctx.now);
      const status = courseStatus(course, after, ctx.now);
      const alerts: AlertInput[] = [];
      const base = { patientId: course.patient_id, episodeId: course.episode_id };
      if (cows && cows.total >= protocol.alerts.severeCowsFrom) {
        alerts.push({
          ...base,
          kind: 'cows-severe',
          severity: 'critical',
          message: `COWS ${cows.total} (${cows.band}): at or above ${protocol.alerts.severeCowsFrom}`,
          dedupeKey: `wm-cows-severe:${course.id}`,
          audience: ['nurse', 'prescriber'],
        });
      }
      const previousCows = before.find((o) => o.cows_total !== null)?.cows_total;
      if (cows && previousCows != null && cows.total - previousCows >= protocol.alerts.risingBy) {
        alerts.push({
          ...base,
          kind: 'cows-rising',
          severity: 'warning',
          message: `COWS rising: ${previousCows} → ${cows.total}`,
          dedupeKey: `wm-cows-rising:${course.id}`,
          audience: ['nurse', 'prescriber'],
        });
      }
      for (const f of outOfRangeVitals(vitals, protocol.vitalLimits)) {
        const critical = f.field === 'spo2' || (f.field === 'respiratoryRate' && f.direction === 'low');
        alerts.push({
          ...base,
          kind: 'vitals-out-of-range',
          severity: critical ? 'critical' : 'warning',
          message: f.message,
          dedupeKey: `wm-vitals:${course.id}:${f.field}:${f.direction}`,
          audience: ['nurse', 'prescriber'],
        });
      }
      if (status.inductionReadiness?.ready && !statusBefore.inductionReadiness?.ready) {
        alerts.push({
          ...base,
          kind: 'induction-ready',
          severity: 'info',
          message: `Ready for first buprenorphine dose: COWS ${cows?.total ?? status.lastCows?.total}, ${status.inductionReadiness.hoursSinceUse?.toFixed(1)} h since last use`,
          dedupeKey: `wm-ready:${course.id}`,
          audience: ['prescriber', 'nurse'],
        });
      }
      // Causes measured in this entry and no longer present resolve their alerts, so a recurrence
      // alerts again; the entry also clears the overdue-check alert. One statement for all of it.
      const stillRaised = new Set(alerts.map((a) => a.dedupeKey));
      const measured: string[] = [overdueKey(course.id)];
      if (cows) measured.push(`wm-cows-severe:${course.id}`, `wm-cows-rising:${course.id}`);
      for (const field of Object.keys(vitals) as (keyof typeof vitals)[]) {
        if (vitals[field] !== undefined) measured.push(`wm-vitals:${course.id}:${field}:low`, `wm-vitals:${course.id}:${field}:high`);
      }
      const created = await applyAlerts(tx, ctx, {
        raise: alerts,
        resolve: { patientId: course.patient_id, dedupeKeys: measured.filter((k) => !stillRaised.has(k)) },
      });
      const raised = created.map((c) => ({ id: c.id, kind: c.input.kind, severity: c.input.severity, message: c.input.message }));
      recordAudit(ctx, { patientId: course.patient_id, resourceType: 'withdrawal-observation', resourceId: id, action: 'create' });
      return { observation: presentObservation(row), status, alertsRaised: raised };
    },
  }),
];
