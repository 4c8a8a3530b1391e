import { sql } from 'kysely';
import { z } from 'zod';
import { checkLofexidineAdministration, isLofexidine } from '@waypoint/clinical/medications/lofexidine';
import { applyOverride, standing, type OverrideRole, type RuleFinding } from '@waypoint/clinical/checks';
import { checkHoldParameters } from '@waypoint/clinical/withdrawal/hold';
import { inductionReadiness } from '@waypoint/clinical/withdrawal/induction';
import { checkBuprenorphineFirstDose } from '@waypoint/clinical/medications/buprenorphine';
import { uuidv7 } from '../../db/ids';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { HttpProblem, problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { resolveAlerts } from '../alerts/service';
import { requireCourse } from './courses';
import { courseProtocol } from './protocol-config';
import { assertCourseActive } from './service';
import { presentObservation } from './view';
import type { Wire } from '../../platform/http/wire';
import { administrationResult, holdCheckSchema, reassessmentResult } from './schemas';

const tags = ['withdrawal management'];
/** Two administrations of the same medication this close together are probably one pressed twice. */
const duplicateWindowMinutes = 10;

export const medicationRoutes = [
  route({
    method: 'POST',
    url: '/withdrawal/:id/medications',
    response: administrationResult,
    summary: 'Give, hold or record a refusal of a protocol medication (hold parameters, daily maximum and first-dose readiness checked)',
    tags,
    access: { permission: { resource: 'withdrawal', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({
        medication: z.string().min(1).max(40),
        outcome: z.enum(['given', 'held', 'refused']),
        doseMg: z.number().positive().max(1000).optional(),
        reason: z.string().trim().min(3).max(1000).optional(),
        overrideReason: z.string().trim().min(5).max(1000).optional(),
        occurredAt: z.iso.datetime({ offset: true }).optional(),
      })
      .strict(),
    status: 201,
    idempotent: true,
    auditResource: 'withdrawal',
    handler: async ({ tx, ctx, params, body }) => {
      const course = await requireCourse(tx, ctx, params.id, 'update');
      assertCourseActive(course);
      // Serializes administrations on one course: two nurses pressing at once cannot both pass the checks.
      await sql`select 1 from wm_courses where id = ${course.id} for update`.execute(tx);
      const protocol = courseProtocol(course);
      const med = protocol.medications.find((m) => m.key === body.medication);
      if (!med)
        throw problems.invalid(
          'medication',
          'protocol-medication',
          `medication: not in this protocol; choose one of ${protocol.medications.map((m) => m.key).join(', ')}.`,
        );
      if (body.outcome !== 'given' && !body.reason) throw problems.invalid('reason', 'required', `reason: say why the dose was ${body.outcome}.`);
      const at = body.occurredAt ? new Date(body.occurredAt) : ctx.now;
      if (at.getTime() > ctx.now.getTime() + 5 * 60_000) throw problems.invalid('occurredAt', 'not-in-future', 'occurredAt: cannot be in the future.');
      const dose = body.doseMg ?? med.doseMg;
      const findings: RuleFinding[] = [];
      let holdCheck: Wire<z.infer<typeof holdCheckSchema>> = null;
      let basis: string | null = null;
      const firstDose = body.outcome === 'given' && med.induction && !course.first_dose_at;

      if (body.outcome === 'given') {
        const latestVitals = await tx
          .selectFrom('wm_observations')
          .selectAll()
          .where('course_id', '=', course.id)
          .where((eb) => eb.or([eb('heart_rate', 'is not', null), eb('systolic', 'is not', null)]))
          .orderBy('observed_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (med.hold) {
          const v = latestVitals ? presentObservation(latestVitals).vitals : undefined;
          const vitals = v ? { systolic: v.systolic ?? undefined, diastolic: v.diastolic ?? undefined, heartRate: v.heartRate ?? undefined } : undefined;
          const decision = checkHoldParameters(med.hold, vitals, latestVitals?.observed_at, at);
          holdCheck = { parameters: med.hold, vitals: vitals ?? null, vitalsAt: latestVitals?.observed_at ?? null, decision };
          if (decision.hold) {
            findings.push({
              ruleId: decision.needsVitals ? 'hold.vitals-needed' : 'hold.parameters',
              severity: 'hard-stop',
              message: `Hold ${med.name}: ${decision.reasons.join('; ')}`,
              overrideBy: ['prescriber'],
              source: 'Protocol hold parameters (local protocol; clinical.md §5.4)',
            });
          }
        }
        const lofexidine = isLofexidine(med);
        if (med.maxDailyMg !== undefined || lofexidine) {
          const given = await tx
            .selectFrom('wm_medication_events')
            .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('dose_mg'), sql<string>`0`).as('total'))
            .where('course_id', '=', course.id)
            .where('medication', '=', med.key)
            .where('outcome', '=', 'given')
            .where('occurred_at', '>', new Date(at.getTime() - 24 * 3_600_000))
            .executeTakeFirstOrThrow();
          const total = Number(given.total) + dose;
          // Lofexidine: the label's single-dose and daily maxima (clinical package), hard stops nobody overrides.
          const label = lofexidine ? checkLofexidineAdministration(dose, Number(given.total)) : [];
          findings.push(...label);
          if (med.maxDailyMg !== undefined && total > med.maxDailyMg + 1e-9 && !label.some((f) => f.ruleId === 'lofexidine.daily-max')) {
            findings.push({
              ruleId: 'dose.daily-maximum',
              severity: 'hard-stop',
              message: `${med.name}: ${+total.toFixed(3)} mg in 24 h would exceed the protocol maximum of ${med.maxDailyMg} mg`,
              overrideBy: ['prescriber'],
              source: 'Protocol daily maximum (lofexidine label max 2.88 mg/day, clinical.md §5.4)',
            });
          }
        }
        const recent = await tx
          .selectFrom('wm_medication_events')
          .select('occurred_at')
          .where('course_id', '=', course.id)
          .where('medication', '=', med.key)
          .where('outcome', '=', 'given')
          .where('occurred_at', '>', new Date(at.getTime() - duplicateWindowMinutes * 60_000))
          .executeTakeFirst();
        if (recent) {
          findings.push({
            ruleId: 'dose.possible-duplicate',
            severity: 'warning',
            message: `${med.name} was already given ${Math.max(0, Math.round((at.getTime() - recent.occurred_at.getTime()) / 60_000))} min ago`,
            overrideBy: ['nurse', 'prescriber'],
            source: 'Duplicate-administration guard',
          });
        }
        if (firstDose && protocol.induction) {
          const latestCows = await tx
            .selectFrom('wm_observations')
            .select(['id', 'cows_total', 'observed_at'])
            .where('course_id', '=', course.id)
            .where('cows_total', 'is not', null)
            .orderBy('observed_at', 'desc')
            .limit(1)
            .executeTakeFirst();
          basis = latestCows?.id ?? null;
          const readiness = inductionReadiness({
            thresholds: protocol.induction,
            latestCows: latestCows ? { total: latestCows.cows_total!, observedAt: latestCows.observed_at } : undefined,
            lastUseAt: course.last_use_at,
            lastUseKind: course.last_use_kind,
            now: at,
          });
          findings.push(...checkBuprenorphineFirstDose(readiness));
        }
      }

      // A finding stands unless an allowed role gives a reason; a hard stop nobody may override always
      // stands. An overridden finding is kept, marked with who and why, so the record shows it.
      const override = body.overrideReason ? { role: ctx.role as OverrideRole, by: ctx.userId, reason: body.overrideReason } : null;
      const marked = applyOverride(findings, override);
      findings.splice(0, findings.length, ...marked);
      const blocking = standing(findings).filter((f) => f.severity === 'hard-stop');
      const unconfirmed = standing(findings).filter((f) => f.severity === 'warning');
      if (blocking.length || unconfirmed.length) {
        throw new HttpProblem(409, blocking.length ? 'Hard stop' : 'Warning needs a reason', [...blocking, ...unconfirmed].map((f) => f.message).join(' '), {
          rule: blocking.length ? 'hard-stop' : 'warning-needs-reason',
          findings,
        });
      }

      const id = uuidv7();
      try {
        await tx
          .insertInto('wm_medication_events')
          .values({
            organization_id: ctx.organizationId,
            id,
            course_id: course.id,
            patient_id: course.patient_id,
            medication: med.key,
            dose_mg: body.outcome === 'given' ? dose : null,
            outcome: body.outcome,
            reason: body.reason ?? null,
            hold_check: JSON.stringify(holdCheck),
            basis_observation_id: basis,
            first_dose: firstDose,
            findings: JSON.stringify(findings),
            override_reason: findings.length ? (body.overrideReason ?? null) : null,
            occurred_at: at,
            recorded_by: ctx.userId,
            reassess_due_at: body.outcome === 'given' && med.kind === 'prn' ? new Date(at.getTime() + med.reassessAfterMinutes * 60_000) : null,
          })
          .execute();
      } catch (err) {
        if ((err as { constraint?: string }).constraint === 'wm_first_dose_once')
          throw problems.conflict('first-dose-given', 'The first dose has already been recorded.');
        throw err;
      }
      if (firstDose) {
        await tx
          .updateTable('wm_courses')
          .set({ first_dose_at: at, version: course.version + 1 })
          .where('id', '=', course.id)
          .execute();
        await resolveAlerts(tx, ctx.organizationId, course.patient_id, `wm-ready:${course.id}`, ctx.now);
      }
      const verb = body.outcome === 'given' ? `given ${dose} mg` : body.outcome === 'held' ? 'held' : 'refused';
      await addEvent(tx, ctx, {
        patientId: course.patient_id,
        episodeId: course.episode_id,
        kind: `withdrawal.medication.${body.outcome}`,
        summary: `${med.name} ${verb}${firstDose ? ' (first dose)' : ''}${body.reason ? `: ${body.reason}` : ''}${findings.length ? ` — override: ${body.overrideReason}` : ''}`,
        occurredAt: at,
      });
      recordAudit(ctx, { patientId: course.patient_id, resourceType: 'withdrawal-medication', resourceId: id, action: 'create' });
      return {
        id,
        medication: med.key,
        outcome: body.outcome,
        doseMg: body.outcome === 'given' ? dose : null,
        firstDose,
        basisObservationId: basis,
        findings,
        holdCheck,
        occurredAt: at,
      };
    },
  }),
  route({
    method: 'POST',
    url: '/withdrawal/:id/medications/:eventId/reassess',
    response: reassessmentResult,
    summary: 'Record the effect of an as-needed dose',
    tags,
    access: { permission: { resource: 'withdrawal', action: 'update' } },
    params: z.object({ id: z.string(), eventId: z.uuid() }),
    body: z.object({ effect: z.string().trim().min(2).max(1000) }).strict(),
    auditResource: 'withdrawal',
    handler: async ({ tx, ctx, params, body }) => {
      const course = await requireCourse(tx, ctx, params.id, 'update');
      const row = await tx
        .selectFrom('wm_medication_events')
        .select(['id', 'medication'])
        .where('id', '=', params.eventId)
        .where('course_id', '=', course.id)
        .where('outcome', '=', 'given')
        .executeTakeFirst();
      if (!row) throw problems.notFound('Medication administration');
      await tx
        .insertInto('wm_reassessments')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          medication_event_id: row.id,
          effect: body.effect,
          recorded_at: ctx.now,
          recorded_by: ctx.userId,
        })
        .execute();
      await addEvent(tx, ctx, {
        patientId: course.patient_id,
        episodeId: course.episode_id,
        kind: 'withdrawal.medication.reassessed',
        summary: `Effect of ${row.medication}: ${body.effect}`,
      });
      recordAudit(ctx, { patientId: course.patient_id, resourceType: 'withdrawal-medication', resourceId: row.id, action: 'update' });
      return { id: row.id, reassessedAt: ctx.now, effect: body.effect };
    },
  }),
];
