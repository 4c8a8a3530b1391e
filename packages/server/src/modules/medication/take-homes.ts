import { z } from 'zod';
import { checkTakeHomes, scheduleMax, takeHomeCriteria } from '@waypoint/clinical/take-homes/schedule';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { isUuid, requirePatient } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { dayNumber } from '../../platform/time';
import { addEvent } from '../../platform/timeline';
import { doseRow, dosingDay, facilityOf, num, round3, ruleSetOn, settingsOf, settleFindings, stockProblem } from './common';
import { doseForDay } from './orders';
import { windowOrder } from './dosing';
import { bottleCheckResultSchema, bottlesSchema, labelsSchema, planSchema, takeHomesSchema } from './schemas';

const tags = ['medication take-homes'];

/** Time in treatment: day 1 is the admission day of the current episode (our documented convention). */
async function treatment(tx: Tx, ctx: RequestContext, patientId: string) {
  const order = await windowOrder(tx, ctx.organizationId, patientId);
  if (!order) throw problems.conflict('take-homes.no-order', 'No methadone or buprenorphine order in force for take-homes.');
  const facility = await facilityOf(tx, ctx.organizationId, order.facility_id);
  const episode = await tx
    .selectFrom('episodes')
    .select(['admitted_at'])
    .where('organization_id', '=', ctx.organizationId)
    .where('patient_id', '=', patientId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  const firstDose = await tx
    .selectFrom('med_doses')
    .select((eb) => eb.fn.min('given_at').as('first'))
    .where('organization_id', '=', ctx.organizationId)
    .where('patient_id', '=', patientId)
    .where('kind', 'in', ['regular', 'take_home'])
    .executeTakeFirst();
  const start = episode?.admitted_at ?? (firstDose?.first as Date | null) ?? ctx.now;
  const settings = await settingsOf(tx, ctx.organizationId, facility.id);
  const today = dosingDay(ctx.now, facility.time_zone);
  const ruleSet = ruleSetOn(settings.jurisdiction, today);
  return { order, facility, settings, today, ruleSet, treatmentDay: Math.max(1, dayNumber(start, ctx.now, facility.time_zone)) };
}

type PlanRow = {
  id: string;
  patient_id: string;
  order_id: string;
  rule_set: string;
  treatment_day: number;
  days: string[];
  closure_days: string[];
  criteria: string[];
  allowed_days: number | null;
  findings: unknown;
  rationale: string;
  decided_by: string;
  decided_at: Date;
};
const presentPlan = (p: PlanRow) => ({
  id: p.id,
  orderId: p.order_id,
  ruleSet: p.rule_set,
  treatmentDay: p.treatment_day,
  days: p.days,
  closureDays: p.closure_days,
  criteria: p.criteria,
  allowedDays: p.allowed_days,
  findings: p.findings as never,
  rationale: p.rationale,
  decidedBy: p.decided_by,
  decidedAt: p.decided_at.toISOString(),
});

async function loadPlan(tx: Tx, ctx: RequestContext, id: string, resource: string, action: 'read' | 'update') {
  if (!isUuid(id)) throw problems.notFound('Take-home plan');
  const plan = await tx.selectFrom('med_take_home_plans').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', id).executeTakeFirst();
  if (!plan) throw problems.notFound('Take-home plan');
  const patient = await requirePatient(tx, ctx, plan.patient_id, resource as never, action).catch(() => {
    throw problems.notFound('Take-home plan');
  });
  return { plan, patient };
}

async function bottlesOf(
  tx: Tx,
  ctx: RequestContext,
  plan: PlanRow,
  patient: { legal_given_name: string; legal_family_name: string; mrn: string },
  programName: string,
) {
  const all = [...plan.days, ...plan.closure_days];
  const rows = all.length
    ? await tx
        .selectFrom('med_doses')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', plan.patient_id)
        .where('kind', '=', 'take_home')
        .where('dosing_day', 'in', all)
        .orderBy('dosing_day')
        .execute()
    : [];
  return rows.map((d) => ({
    doseId: d.id,
    day: d.dosing_day,
    doseMg: Number(d.dose_mg),
    volumeMl: num(d.volume_ml),
    units: num(d.units),
    label: {
      patient: `${patient.legal_given_name} ${patient.legal_family_name}`,
      mrn: patient.mrn,
      medication: `${d.medication} ${d.form}`,
      dose: `${Number(d.dose_mg)} mg${d.volume_ml ? ` (${Number(d.volume_ml)} mL)` : ''}`,
      date: d.dosing_day,
      program: programName,
      instructions: 'Take the whole dose on the date shown. Keep locked, out of reach of children. Return the empty bottle.',
    },
  }));
}

export const takeHomeRoutes = [
  route({
    method: 'GET',
    url: '/patients/:patientId/take-homes',
    summary:
      'Take-home eligibility today (time in treatment under the rule set, federal or the stricter state, and the program’s limit), the plans, bottles and checks',
    tags,
    access: { permission: { resource: 'medication', action: 'read' } },
    params: z.object({ patientId: z.string() }),
    response: takeHomesSchema,
    handler: async ({ tx, ctx, params }) => {
      const p = await requirePatient(tx, ctx, params.patientId, 'medication', 'read');
      const t = await treatment(tx, ctx, p.id);
      const methadone = t.order.medication === 'methadone';
      const max = methadone ? scheduleMax(t.ruleSet, t.treatmentDay) : null;
      const next = methadone ? (t.ruleSet.takeHomeSteps.find((s) => s.fromDay > t.treatmentDay) ?? null) : null;
      const plans = await tx
        .selectFrom('med_take_home_plans')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', p.id)
        .orderBy('decided_at', 'desc')
        .limit(50)
        .execute();
      const checks = await tx
        .selectFrom('med_bottle_checks')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', p.id)
        .orderBy('recorded_at', 'desc')
        .limit(50)
        .execute();
      recordAudit(ctx, { patientId: p.id, resourceType: 'take-homes', resourceId: p.id, action: 'read' });
      const program = t.settings.takeHomeProgramMax;
      return {
        eligibility: {
          medication: t.order.medication,
          treatmentDay: t.treatmentDay,
          ruleSet: t.ruleSet.id,
          ruleSource: t.ruleSet.source,
          scheduleMaxDays: max,
          programMaxDays: program,
          allowedDays: methadone ? Math.min(max!, program ?? Number.POSITIVE_INFINITY) : program,
          nextStep: next,
          criteria: [...takeHomeCriteria],
        },
        plans: plans.map(presentPlan),
        checks: checks.map((c) => ({ id: c.id, kind: c.kind, outcome: c.outcome, note: c.note, doseId: c.dose_id, recordedAt: c.recorded_at.toISOString() })),
      };
    },
  }),
  route({
    method: 'POST',
    url: '/patients/:patientId/take-homes',
    summary:
      'The prescriber’s take-home decision: which days are taken home (and closure days), the documented criteria and rationale, checked against the schedule',
    tags,
    access: { permission: { resource: 'medication-take-home', action: 'create' } },
    params: z.object({ patientId: z.string() }),
    body: z
      .object({
        days: z.array(z.iso.date()).max(28),
        closureDays: z.array(z.iso.date()).max(7).default([]),
        criteria: z.array(z.enum(takeHomeCriteria)).max(6),
        rationale: z.string().trim().min(5).max(2000),
        overrideReason: z.string().trim().min(5).max(1000).optional(),
      })
      .strict(),
    response: planSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const p = await requirePatient(tx, ctx, params.patientId, 'medication-take-home', 'create');
      const t = await treatment(tx, ctx, p.id);
      if (t.order.status !== 'active') throw problems.conflict('take-homes.order-not-active', 'The order must be active (signed, not on hold) for take-homes.');
      const all = [...body.days, ...body.closureDays];
      if (new Set(all).size !== all.length) throw problems.invalid('days', 'unique', 'days: each day once, and not also a closure day.');
      for (const d of all) if (d <= t.today) throw problems.invalid('days', 'future', 'days: take-home days come after today.');
      const { allowedDays, findings } = checkTakeHomes(t.ruleSet, {
        medication: t.order.medication === 'methadone' ? 'methadone' : 'buprenorphine',
        treatmentDay: t.treatmentDay,
        requestedDays: body.days.length,
        closureDays: body.closureDays.length,
        documented: body.criteria,
        programMaxDays: t.settings.takeHomeProgramMax ?? undefined,
      });
      const stored = settleFindings(ctx, findings, body.overrideReason);
      const id = uuidv7();
      const row = await tx
        .insertInto('med_take_home_plans')
        .values({
          organization_id: ctx.organizationId,
          id,
          patient_id: p.id,
          order_id: t.order.id,
          rule_set: t.ruleSet.id,
          treatment_day: t.treatmentDay,
          days: [...body.days].sort(),
          closure_days: [...body.closureDays].sort(),
          criteria: body.criteria,
          allowed_days: allowedDays === Number.POSITIVE_INFINITY ? null : allowedDays,
          findings: JSON.stringify(stored),
          rationale: body.rationale,
          decided_by: ctx.userId,
          decided_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await addEvent(tx, ctx, {
        patientId: p.id,
        kind: 'medication.take-homes',
        summary: `Take-homes approved for ${body.days.length} day(s)${body.closureDays.length ? ` and ${body.closureDays.length} closure day(s)` : ''} (treatment day ${t.treatmentDay}, ${t.ruleSet.id})`,
      });
      recordAudit(ctx, { patientId: p.id, resourceType: 'take-home-plan', resourceId: id, action: 'create' });
      return presentPlan(row);
    },
  }),
  route({
    method: 'POST',
    url: '/take-home-plans/:id/dispense',
    summary: 'Dispense the plan’s bottles from a stock container: one take-home dose per day (the day’s one dose), ledger moved, labels returned',
    tags,
    access: { permission: { resource: 'medication-take-home', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({ containerId: z.uuid() }).strict(),
    response: bottlesSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const { plan, patient } = await loadPlan(tx, ctx, params.id, 'medication-take-home', 'update');
      const order = await tx.selectFrom('med_orders').selectAll().where('id', '=', plan.order_id).executeTakeFirstOrThrow();
      if (order.status !== 'active') throw problems.conflict('take-homes.order-not-active', 'The order is not active.');
      const facility = await facilityOf(tx, ctx.organizationId, order.facility_id);
      const c = await tx
        .selectFrom('med_containers')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', body.containerId)
        .where('facility_id', '=', facility.id)
        .where('medication', '=', order.medication)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (!c) throw problems.invalid('containerId', 'stock.container', `containerId: an open ${order.medication} container of ${facility.name}.`);
      const today = dosingDay(ctx.now, facility.time_zone);
      for (const day of [...plan.days, ...plan.closure_days].sort()) {
        if (day <= today) continue;
        const mg = doseForDay(order, day);
        const q = round3(mg / Number(c.strength_mg));
        const id = uuidv7();
        const inserted = await tx
          .insertInto('med_doses')
          .values(
            doseRow({
              organization_id: ctx.organizationId,
              id,
              patient_id: plan.patient_id,
              facility_id: facility.id,
              order_id: order.id,
              order_version: order.version,
              kind: 'take_home',
              dosing_day: day,
              medication: order.medication,
              form: order.form,
              dose_mg: mg,
              volume_ml: c.unit === 'ml' ? q : null,
              units: c.unit === 'unit' ? q : null,
              container_id: c.id,
              observed: false,
              reason: `Take-home plan ${plan.id}`,
              given_by: ctx.userId,
              given_at: ctx.now,
            }),
          )
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) continue; // Already dispensed (or dosed) for that day.
        await tx
          .insertInto('med_ledger')
          .values({
            organization_id: ctx.organizationId,
            id: uuidv7(),
            container_id: c.id,
            kind: 'dispense',
            quantity: -q,
            mg,
            dose_id: id,
            supplier: null,
            order_form_number: null,
            counterpart_container_id: null,
            reason: 'take-home',
            recorded_by: ctx.userId,
            second_signer: null,
            occurred_at: ctx.now,
          })
          .execute()
          .catch(stockProblem);
      }
      const programName = (await tx.selectFrom('organizations').select('name').where('id', '=', ctx.organizationId).executeTakeFirstOrThrow()).name;
      const bottles = await bottlesOf(tx, ctx, plan, patient, `${programName} — ${facility.name}`);
      await addEvent(tx, ctx, {
        patientId: plan.patient_id,
        kind: 'medication.take-homes.dispensed',
        summary: `${bottles.length} take-home bottle(s) dispensed`,
      });
      recordAudit(ctx, { patientId: plan.patient_id, resourceType: 'take-home-plan', resourceId: plan.id, action: 'update' });
      return { bottles };
    },
  }),
  route({
    method: 'GET',
    url: '/take-home-plans/:id/labels',
    summary: 'Bottle labels of a plan (patient, dose, date, program) for the printable sheet',
    tags,
    access: { permission: { resource: 'medication', action: 'read' } },
    params: z.object({ id: z.string() }),
    response: labelsSchema,
    handler: async ({ tx, ctx, params }) => {
      const { plan, patient } = await loadPlan(tx, ctx, params.id, 'medication', 'read');
      const order = await tx.selectFrom('med_orders').select('facility_id').where('id', '=', plan.order_id).executeTakeFirstOrThrow();
      const facility = await facilityOf(tx, ctx.organizationId, order.facility_id);
      const programName = (await tx.selectFrom('organizations').select('name').where('id', '=', ctx.organizationId).executeTakeFirstOrThrow()).name;
      recordAudit(ctx, { patientId: plan.patient_id, resourceType: 'take-home-plan', resourceId: plan.id, action: 'read' });
      return { plan: presentPlan(plan), bottles: await bottlesOf(tx, ctx, plan, patient, `${programName} — ${facility.name}`) };
    },
  }),
  route({
    method: 'POST',
    url: '/patients/:patientId/bottle-checks',
    summary: 'Record a returned-bottle check or a random call-back, with its outcome',
    tags,
    access: { permission: { resource: 'medication-take-home', action: 'update' } },
    params: z.object({ patientId: z.string() }),
    body: z
      .object({
        kind: z.enum(['returned_bottle', 'call_back']),
        outcome: z.enum(['ok', 'missing', 'tampered', 'no_show', 'discrepancy']),
        doseId: z.uuid().optional(),
        note: z.string().trim().max(2000).optional(),
      })
      .strict(),
    response: bottleCheckResultSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const p = await requirePatient(tx, ctx, params.patientId, 'medication-take-home', 'update');
      if (body.outcome !== 'ok' && !body.note) throw problems.invalid('note', 'required', 'note: say what was found.');
      if (body.doseId) {
        const d = await tx
          .selectFrom('med_doses')
          .select('id')
          .where('organization_id', '=', ctx.organizationId)
          .where('id', '=', body.doseId)
          .where('patient_id', '=', p.id)
          .where('kind', '=', 'take_home')
          .executeTakeFirst();
        if (!d) throw problems.invalid('doseId', 'take-home-dose', 'doseId: a take-home dose of this patient.');
      }
      const id = uuidv7();
      await tx
        .insertInto('med_bottle_checks')
        .values({
          organization_id: ctx.organizationId,
          id,
          patient_id: p.id,
          kind: body.kind,
          outcome: body.outcome,
          dose_id: body.doseId ?? null,
          note: body.note ?? null,
          recorded_by: ctx.userId,
          recorded_at: ctx.now,
        })
        .execute();
      await addEvent(tx, ctx, {
        patientId: p.id,
        kind: `medication.${body.kind}`,
        summary: `${body.kind === 'call_back' ? 'Call-back' : 'Returned bottle'}: ${body.outcome}${body.note ? ` — ${body.note}` : ''}`,
      });
      recordAudit(ctx, { patientId: p.id, resourceType: 'bottle-check', resourceId: id, action: 'create' });
      return { id, kind: body.kind, outcome: body.outcome, recordedAt: ctx.now.toISOString() };
    },
  }),
];
