import { sql } from 'kysely';
import { z } from 'zod';
import { unitLevels } from '@waypoint/clinical/care/levels';
import type { RuleFinding } from '@waypoint/clinical/checks';
import { checkHoldParameters, type HoldParameters } from '@waypoint/clinical/withdrawal/hold';
import { uuidv7 } from '../../db/ids';
import type { Db, Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { requirePatient } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { raiseAlert } from '../alerts/service';
import {
  defaultMissedDoseLimit,
  dosingDay,
  facilityOf,
  formKeys,
  isControlled,
  medicationKeys,
  num,
  requireMedFacility,
  round3,
  settleFindings,
  stockProblem,
  windowMedications,
  doseRow,
  isWindowOrder,
} from './common';
import { zonedInstant } from '../../platform/time';
import { missedDays, presentDose } from './dosing';
import type { OrderRow } from './present';
import { doseSchema, holdParametersSchema, marSchema, type marRowSchema, type marSlotSchema, type pourableSchema } from './schemas';

const tags = ['medication administration record'];
/** A scheduled dose not given this long after its time shows as overdue. */
const overdueAfterMinutes = 60;

/**
 * The open containers of these medications at a facility, the one in use first: the one last dispensed
 * from, then the oldest opened (what the nurse would reach for).
 */
async function openStock(tx: Tx, organizationId: string, facilityId: string, meds: string[]): Promise<z.infer<typeof pourableSchema>[]> {
  if (meds.length === 0) return [];
  const rows = await tx
    .selectFrom('med_containers as c')
    .select(['c.id', 'c.label', 'c.medication', 'c.form', 'c.unit', 'c.strength_mg', 'c.balance'])
    .select((eb) =>
      eb
        .selectFrom('med_ledger as l')
        .select((e) => e.fn.max('l.occurred_at').as('at'))
        .whereRef('l.organization_id', '=', 'c.organization_id')
        .whereRef('l.container_id', '=', 'c.id')
        .where('l.kind', '=', 'dispense')
        .as('last_used'),
    )
    .where('c.organization_id', '=', organizationId)
    .where('c.facility_id', '=', facilityId)
    .where('c.medication', 'in', meds)
    .where('c.status', '=', 'open')
    .orderBy(sql`last_used desc nulls last`)
    .orderBy('c.created_at')
    .limit(100)
    .execute();
  return rows.map((c) => ({
    id: c.id,
    label: c.label,
    medication: c.medication,
    form: c.form,
    unit: c.unit,
    strengthMg: Number(c.strength_mg),
    balance: Number(c.balance),
    volumeForDue: null,
  }));
}

export const marRoutes = [
  route({
    method: 'GET',
    url: '/facilities/:facilityId/mar',
    summary: 'Unit medication administration record: scheduled and as-needed medications of the patients on the unit, due and overdue doses for the day',
    tags,
    access: { permission: { resource: 'medication-dose', action: 'read' } },
    params: z.object({ facilityId: z.string() }),
    query: z.object({ day: z.iso.date().optional() }).strict(),
    response: marSchema,
    handler: async ({ tx, ctx, params, query }) => {
      const f = await requireMedFacility(tx, ctx, params.facilityId, 'medication-dose', 'read');
      const day = query.day ?? dosingDay(ctx.now, f.time_zone);
      const rows = await tx
        .selectFrom('episodes as e')
        .innerJoin('patients as p', (j) => j.onRef('p.organization_id', '=', 'e.organization_id').onRef('p.id', '=', 'e.patient_id'))
        .innerJoin('med_orders as o', (j) =>
          j
            .onRef('o.organization_id', '=', 'e.organization_id')
            .onRef('o.patient_id', '=', 'e.patient_id')
            .on('o.status', 'in', ['active', 'held', 'pending_cosign']),
        )
        .select([
          'p.id as patient_id',
          'p.legal_given_name',
          'p.legal_family_name',
          'p.mrn',
          'e.bed',
          'o.id',
          'o.name',
          'o.medication',
          'o.dose_mg',
          'o.form',
          'o.frequency',
          'o.status',
          'o.schedule_times',
          'o.hold_parameters',
          'o.prn_min_hours',
          'o.prn_max_daily_mg',
          'o.start_day',
          'o.end_day',
          'o.titration',
        ])
        .where('e.organization_id', '=', ctx.organizationId)
        .where('e.facility_id', '=', f.id)
        .where('e.status', '=', 'active')
        .where('e.level_of_care', 'in', unitLevels)
        .orderBy('e.bed')
        .orderBy('p.search_name')
        .limit(2000)
        .execute();
      const orderIds = rows.map((r) => r.id);
      // The orders' ids as one array parameter: a unit with its window patients has hundreds of orders.
      const doses = orderIds.length
        ? await tx
            .selectFrom('med_doses')
            .select(['id', 'order_id', 'kind', 'scheduled_for', 'given_at', 'dosing_day'])
            .where('organization_id', '=', ctx.organizationId)
            .where('order_id', '=', sql<string>`any(${orderIds}::uuid[])`)
            .where('given_at', '>', new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000 * 2))
            .execute()
        : [];
      const stock = await openStock(tx, ctx.organizationId, f.id, [...new Set(rows.map((r) => r.medication).filter(isControlled))]);
      // Each order's doses and each schedule time's instant, found once (not a scan of every dose per order).
      const dosesOf = new Map<string | null, typeof doses>();
      for (const d of doses) {
        const list = dosesOf.get(d.order_id);
        if (list) list.push(d);
        else dosesOf.set(d.order_id, [d]);
      }
      const instants = new Map<string, Date>();
      const instantOf = (time: string) => {
        let at = instants.get(time);
        if (!at) instants.set(time, (at = zonedInstant(day, time, f.time_zone)));
        return at;
      };
      const byPatient = new Map<string, z.infer<typeof marRowSchema>>();
      for (const r of rows) {
        if (r.start_day > day || (r.end_day && r.end_day < day)) continue;
        let p = byPatient.get(r.patient_id);
        if (!p) {
          p = { patientId: r.patient_id, name: `${r.legal_family_name}, ${r.legal_given_name}`, mrn: r.mrn, bed: r.bed, orders: [] };
          byPatient.set(r.patient_id, p);
        }
        const mine = dosesOf.get(r.id) ?? [];
        const times = r.frequency === 'scheduled' ? r.schedule_times : [];
        const slots = times.map((time) => {
          const at = instantOf(time);
          const d = mine.find((x) => x.scheduled_for && x.scheduled_for.getTime() === at.getTime());
          const late = ctx.now.getTime() - at.getTime();
          const status = d
            ? d.kind === 'mar'
              ? 'given'
              : (d.kind as 'held' | 'refused')
            : late > overdueAfterMinutes * 60_000
              ? 'overdue'
              : late >= -overdueAfterMinutes * 60_000
                ? 'due'
                : 'upcoming';
          return { scheduledFor: at.toISOString(), time, status: status as z.infer<typeof marSlotSchema>['status'], doseId: d?.id ?? null };
        });
        // A daily methadone or buprenorphine order is dosed at the window, not from the MAR: shown so the
        // unit knows, with no stock to pour from here.
        const atWindow = isWindowOrder(r);
        const last = mine
          .filter((d) => d.kind === 'mar' || d.kind === 'prn' || d.kind === 'regular')
          .sort((a, b) => b.given_at.getTime() - a.given_at.getTime())[0];
        p.orders.push({
          id: r.id,
          name: r.name,
          medication: r.medication,
          doseMg: Number(r.dose_mg),
          form: r.form,
          frequency: r.frequency,
          status: r.status,
          holdParameters: r.hold_parameters ? holdParametersSchema.parse(r.hold_parameters) : null,
          prnMinHours: num(r.prn_min_hours),
          prnMaxDailyMg: num(r.prn_max_daily_mg),
          lastGivenAt: last?.given_at.toISOString() ?? null,
          slots,
          controlled: isControlled(r.medication),
          atWindow,
          containers: atWindow
            ? []
            : stock
                .filter((c) => c.medication === r.medication)
                .map((c) => ({ ...c, volumeForDue: c.unit === 'ml' ? round3(Number(r.dose_mg) / c.strengthMg) : null })),
        });
      }
      // Every patient the unit's MAR shows is a disclosure of their medications: audited by name.
      for (const p of byPatient.values()) recordAudit(ctx, { patientId: p.patientId, resourceType: 'mar', resourceId: f.id, action: 'read' });
      return { facility: { id: f.id, name: f.name, timeZone: f.time_zone }, day, patients: [...byPatient.values()] };
    },
  }),
  route({
    method: 'POST',
    url: '/medication/administrations',
    summary:
      'Give, hold or record a refusal of a scheduled or as-needed medication (hold parameters with the vitals taken, as-needed interval and daily maximum checked)',
    tags,
    access: { permission: { resource: 'medication-dose', action: 'create' } },
    body: z
      .object({
        orderId: z.uuid(),
        scheduledFor: z.iso.datetime({ offset: true }).optional(),
        outcome: z.enum(['given', 'held', 'refused']),
        vitals: z
          .object({
            systolic: z.number().int().min(40).max(300).optional(),
            diastolic: z.number().int().min(20).max(200).optional(),
            heartRate: z.number().int().min(20).max(250).optional(),
          })
          .strict()
          .optional(),
        containerId: z.uuid().optional(),
        reason: z.string().trim().min(3).max(1000).optional(),
        overrideReason: z.string().trim().min(5).max(1000).optional(),
      })
      .strict(),
    response: doseSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, body }) => {
      const order = await tx
        .selectFrom('med_orders')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', body.orderId)
        .executeTakeFirst();
      if (!order) throw problems.notFound('Order');
      await requirePatient(tx, ctx, order.patient_id, 'medication-dose', 'create').catch(() => {
        throw problems.notFound('Order');
      });
      if (isWindowOrder(order)) throw problems.invalid('orderId', 'window-order', 'orderId: daily methadone and buprenorphine are dosed at the dosing window.');
      if (order.status === 'stopped') throw problems.conflict('order.stopped', 'This order is stopped.');
      if (!body.reason && body.outcome !== 'given') throw problems.invalid('reason', 'required', `reason: say why the dose was ${body.outcome}.`);
      const facility = await facilityOf(tx, ctx.organizationId, order.facility_id);
      const prn = order.frequency === 'prn';
      let scheduledFor: Date | null = null;
      if (!prn) {
        if (!body.scheduledFor) throw problems.invalid('scheduledFor', 'required', 'scheduledFor: the scheduled time this dose is for.');
        scheduledFor = new Date(body.scheduledFor);
      }
      const findings: RuleFinding[] = [];
      let holdCheck: unknown = null;
      const mg = Number(order.dose_mg);
      if (body.outcome === 'given') {
        if (order.status === 'held')
          findings.push({
            ruleId: 'dose.order-held',
            severity: 'hard-stop',
            message: `Order on hold: ${order.status_reason ?? ''}`,
            overrideBy: [],
            source: 'Program dosing policy',
          });
        const params = order.hold_parameters as HoldParameters | null;
        if (params) {
          const decision = checkHoldParameters(params, body.vitals, body.vitals ? ctx.now : undefined, ctx.now);
          holdCheck = { parameters: params, vitals: body.vitals ?? null, decision };
          if (decision.hold)
            findings.push({
              ruleId: decision.needsVitals ? 'hold.vitals-needed' : 'hold.parameters',
              severity: 'hard-stop',
              message: `Hold ${order.name}: ${decision.reasons.join('; ')}`,
              overrideBy: ['prescriber'],
              source: 'Order hold parameters (local protocol; clinical.md §5.4)',
            });
        }
        if (prn) {
          const recent = await tx
            .selectFrom('med_doses')
            .select(['given_at', 'dose_mg'])
            .where('organization_id', '=', ctx.organizationId)
            .where('order_id', '=', order.id)
            .where('kind', '=', 'prn')
            .where('given_at', '>', new Date(ctx.now.getTime() - 86_400_000))
            .orderBy('given_at', 'desc')
            .execute();
          const minH = num(order.prn_min_hours);
          if (minH && recent[0] && ctx.now.getTime() - recent[0].given_at.getTime() < minH * 3_600_000)
            findings.push({
              ruleId: 'prn.interval',
              severity: 'hard-stop',
              message: `Last given ${Math.round((ctx.now.getTime() - recent[0].given_at.getTime()) / 60_000)} min ago; the order allows every ${minH} h`,
              overrideBy: ['prescriber'],
              source: 'Order as-needed interval',
            });
          const max = num(order.prn_max_daily_mg);
          const total = recent.reduce((a, d) => a + Number(d.dose_mg ?? 0), 0) + mg;
          if (max !== null && total > max + 1e-9)
            findings.push({
              ruleId: 'dose.daily-maximum',
              severity: 'hard-stop',
              message: `${total} mg in 24 h would exceed the order's ${max} mg`,
              overrideBy: ['prescriber'],
              source: 'Order daily maximum',
            });
        }
      }
      const stored = settleFindings(ctx, findings, body.overrideReason);
      let container: { id: string; unit: string; strength_mg: string } | undefined;
      let q: number | null = null;
      if (body.outcome === 'given' && isControlled(order.medication)) {
        if (!body.containerId) throw problems.invalid('containerId', 'required', 'containerId: the stock the dose comes from.');
        container = await tx
          .selectFrom('med_containers')
          .select(['id', 'unit', 'strength_mg'])
          .where('organization_id', '=', ctx.organizationId)
          .where('id', '=', body.containerId)
          .where('facility_id', '=', facility.id)
          .where('medication', '=', order.medication)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (!container) throw problems.invalid('containerId', 'stock.container', 'containerId: an open container of this medication here.');
        q = round3(mg / Number(container.strength_mg));
      }
      const id = uuidv7();
      const kind = body.outcome === 'given' ? (prn ? 'prn' : 'mar') : body.outcome;
      const row = await tx
        .insertInto('med_doses')
        .values(
          doseRow({
            organization_id: ctx.organizationId,
            id,
            patient_id: order.patient_id,
            facility_id: facility.id,
            order_id: order.id,
            order_version: order.version,
            kind,
            dosing_day: dosingDay(ctx.now, facility.time_zone),
            medication: order.medication,
            form: order.form,
            dose_mg: body.outcome === 'given' ? mg : null,
            volume_ml: container?.unit === 'ml' ? q : null,
            units: container?.unit === 'unit' ? q : null,
            container_id: container?.id ?? null,
            observed: true,
            scheduled_for: scheduledFor,
            reason: body.reason ?? null,
            hold_check: JSON.stringify(holdCheck),
            findings: JSON.stringify(stored),
            override_reason: stored.some((f) => f.overridden) ? (body.overrideReason ?? null) : null,
            given_by: ctx.userId,
            given_at: ctx.now,
          }),
        )
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) throw problems.conflict('dose.already-given', 'This scheduled dose has already been given.');
      if (container && q) {
        await tx
          .insertInto('med_ledger')
          .values({
            organization_id: ctx.organizationId,
            id: uuidv7(),
            container_id: container.id,
            kind: 'dispense',
            quantity: -q,
            mg,
            dose_id: id,
            supplier: null,
            order_form_number: null,
            counterpart_container_id: null,
            reason: null,
            recorded_by: ctx.userId,
            second_signer: null,
            occurred_at: ctx.now,
          })
          .execute()
          .catch(stockProblem);
      }
      await addEvent(tx, ctx, {
        patientId: order.patient_id,
        episodeId: order.episode_id,
        kind: `medication.mar.${body.outcome}`,
        summary: `${order.name} ${body.outcome === 'given' ? `${mg} mg given` : body.outcome}${body.reason ? `: ${body.reason}` : ''}`,
      });
      recordAudit(ctx, { patientId: order.patient_id, resourceType: 'medication-dose', resourceId: id, action: 'create' });
      return presentDose(row);
    },
  }),
  route({
    method: 'POST',
    url: '/patients/:patientId/naloxone-kits',
    summary: 'Record a naloxone kit given to the patient (overdose education and naloxone distribution)',
    tags,
    access: { permission: { resource: 'medication-dose', action: 'create' } },
    params: z.object({ patientId: z.string() }),
    body: z
      .object({
        form: z.enum(['spray', 'injection']).default('spray'),
        doseMg: z.number().positive().max(10).default(4),
        note: z.string().trim().max(1000).optional(),
      })
      .strict(),
    response: doseSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const p = await requirePatient(tx, ctx, params.patientId, 'medication-dose', 'create');
      const facility = await facilityOf(tx, ctx.organizationId, p.facility_id);
      const id = uuidv7();
      const row = await tx
        .insertInto('med_doses')
        .values(
          doseRow({
            organization_id: ctx.organizationId,
            id,
            patient_id: p.id,
            facility_id: facility.id,
            kind: 'naloxone_kit',
            dosing_day: dosingDay(ctx.now, facility.time_zone),
            medication: 'naloxone',
            form: body.form,
            dose_mg: body.doseMg,
            units: 1,
            observed: false,
            reason: body.note ?? 'Naloxone kit given',
            given_by: ctx.userId,
            given_at: ctx.now,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      await addEvent(tx, ctx, { patientId: p.id, kind: 'medication.naloxone-kit', summary: `Naloxone kit given (${body.doseMg} mg ${body.form})` });
      recordAudit(ctx, { patientId: p.id, resourceType: 'medication-dose', resourceId: id, action: 'create' });
      return presentDose(row);
    },
  }),
  route({
    method: 'POST',
    url: '/patients/:patientId/outside-doses',
    summary: 'Record a dose given elsewhere (hospital, jail, another program) as outside information: no stock moves',
    tags,
    access: { permission: { resource: 'medication-dose', action: 'create' } },
    params: z.object({ patientId: z.string() }),
    body: z
      .object({
        medication: z.enum(medicationKeys),
        form: z.enum(formKeys),
        doseMg: z.number().positive().max(1000),
        givenAt: z.iso.datetime({ offset: true }),
        source: z.enum(['hospital', 'jail', 'other_program', 'other']),
        sourceName: z.string().trim().min(2).max(200),
        verifiedWith: z.string().trim().max(200).optional(),
      })
      .strict(),
    response: doseSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const p = await requirePatient(tx, ctx, params.patientId, 'medication-dose', 'create');
      const givenAt = new Date(body.givenAt);
      if (givenAt.getTime() > ctx.now.getTime() + 5 * 60_000) throw problems.invalid('givenAt', 'not-in-future', 'givenAt: cannot be in the future.');
      const facility = await facilityOf(tx, ctx.organizationId, p.facility_id);
      const id = uuidv7();
      const source = `${body.source.replace('_', ' ')}: ${body.sourceName}${body.verifiedWith ? ` (verified with ${body.verifiedWith})` : ' (unverified)'}`;
      const row = await tx
        .insertInto('med_doses')
        .values(
          doseRow({
            organization_id: ctx.organizationId,
            id,
            patient_id: p.id,
            facility_id: facility.id,
            kind: 'outside',
            dosing_day: dosingDay(givenAt, facility.time_zone),
            medication: body.medication,
            form: body.form,
            dose_mg: body.doseMg,
            observed: false,
            outside_source: source,
            reason: source,
            given_by: ctx.userId,
            given_at: givenAt,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      await addEvent(tx, ctx, {
        patientId: p.id,
        kind: 'medication.outside-dose',
        summary: `${body.medication} ${body.doseMg} mg given elsewhere — ${source}`,
        occurredAt: givenAt,
      });
      recordAudit(ctx, { patientId: p.id, resourceType: 'medication-dose', resourceId: id, action: 'create' });
      return presentDose(row);
    },
  }),
];

/**
 * The missed-dose sweep (a background job): a run of missed doses at or past the program's limit
 * alerts the counselor and the prescriber, once per run (the alert resolves when the patient is dosed).
 */
export async function sweepMissedDoses(db: Db, now: Date): Promise<number> {
  // Each facility's dosing day first (its own time zone), then every window order's last dose and
  // last review in ONE query: this ran six statements per order, 120,000 every quarter hour for a
  // network of 20,000 patients on methadone, beside the dosing window's own work (issue 13).
  const facilities = await db.selectFrom('facilities').select(['id', 'time_zone']).execute();
  if (facilities.length === 0) return 0;
  const zones = new Map(facilities.map((f) => [f.id, f.time_zone]));
  const { rows } = await sql<OrderRow & { today: string; missed_dose_limit: number | null; last_day: string | null; last_review: Date | null }>`
    with t (facility_id, today) as (select * from unnest(${facilities.map((f) => f.id)}::uuid[], ${facilities.map((f) => dosingDay(now, f.time_zone))}::date[]))
    select o.*, t.today::text as today, st.missed_dose_limit,
      (select max(d.dosing_day)::text from med_doses d where d.organization_id = o.organization_id and d.patient_id = o.patient_id
         and d.kind in ('regular', 'take_home', 'outside') and d.dosing_day < t.today) as last_day,
      (select max(r.reviewed_at) from med_reviews r where r.organization_id = o.organization_id and r.order_id = o.id) as last_review
    from med_orders o
    join t on t.facility_id = o.facility_id
    left join med_settings st on st.organization_id = o.organization_id and st.facility_id = o.facility_id
    where o.frequency = 'daily' and o.medication in (${sql.join(windowMedications)}) and o.status in ('active', 'pending_cosign') and o.start_day < t.today`.execute(
    db,
  );
  let raised = 0;
  for (const order of rows) {
    const review = order.last_review ? dosingDay(new Date(order.last_review), zones.get(order.facility_id)!) : null;
    const missed = missedDays(order.start_day, order.last_day, review, order.today);
    if (missed < (order.missed_dose_limit ?? defaultMissedDoseLimit)) continue;
    await db.transaction().execute(async (tx: Tx) => {
      const ctx = { organizationId: order.organization_id, userId: '', now } as RequestContext;
      const r = await raiseAlert(tx, ctx, {
        patientId: order.patient_id,
        episodeId: order.episode_id,
        kind: 'medication.missed-doses',
        severity: 'warning',
        message: `${missed} ${order.name} doses missed in a row: prescriber review before the next dose`,
        dedupeKey: `med-missed:${order.id}`,
        audience: ['counselor', 'prescriber'],
      });
      if (r.created) raised++;
    });
  }
  return raised;
}
