import { sql } from 'kysely';
import { z } from 'zod';
import type { RuleFinding } from '@waypoint/clinical/checks';
import { checkMethadoneDay1 } from '@waypoint/clinical/medications/methadone';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { isUuid, patientScope } from '../../platform/permissions/access';
import { HttpProblem, problems } from '../../platform/problems';
import { timelineWith } from '../../platform/timeline';
import { matchingPatientPage, parsePatientTerm } from '../patients/matching';
import { resolveAlerts } from '../alerts/service';
import {
  addDays,
  daysBetween,
  defaultMissedDoseLimit,
  doseRow,
  dosingDay,
  formKeys,
  isControlled,
  num,
  round3,
  ruleSetOn,
  settleFindings,
  stockProblem,
  windowMedications,
} from './common';
import { doseForDay } from './orders';
import { presentOrder, type OrderRow } from './present';
import { doseSchema, doseScreenSchema, guestVisitSchema, searchHitsSchema, stopSchema } from './schemas';

const tags = ['medication'];

type DoseRow = {
  id: string;
  patient_id: string;
  order_id: string | null;
  kind: string;
  dosing_day: string;
  medication: string;
  form: string;
  dose_mg: string | null;
  volume_ml: string | null;
  units: string | null;
  container_id: string | null;
  observed: boolean;
  reason: string | null;
  given_by: string;
  given_at: Date;
  guest?: unknown;
};
export function presentDose(d: DoseRow, balanceAfter?: number | null) {
  const guest = d.guest ? guestVisitSchema.parse(d.guest) : null;
  return {
    id: d.id,
    patientId: d.patient_id,
    orderId: d.order_id,
    kind: d.kind,
    dosingDay: d.dosing_day,
    medication: d.medication,
    form: d.form,
    doseMg: num(d.dose_mg),
    volumeMl: num(d.volume_ml),
    units: num(d.units),
    containerId: d.container_id,
    observed: d.observed,
    reason: d.reason,
    givenBy: d.given_by,
    givenAt: new Date(d.given_at).toISOString(),
    guest,
    ...(balanceAfter !== undefined ? { balanceAfter } : {}),
  };
}

type Stop = z.infer<typeof stopSchema>;

/** The daily window order in force for a patient (methadone or buprenorphine, not stopped). */
export async function windowOrder(tx: Tx, organizationId: string, patientId: string) {
  return tx
    .selectFrom('med_orders')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('patient_id', '=', patientId)
    .where('frequency', '=', 'daily')
    .where('medication', 'in', windowMedications)
    .where('status', '<>', 'stopped')
    .executeTakeFirst();
}

/** Consecutive dosing days missed before today, counted from the last dose, the start or the last review. */
export function missedDays(startDay: string, lastDoseDay: string | null, reviewDay: string | null, today: string): number {
  let from = addDays(startDay, -1);
  if (lastDoseDay && lastDoseDay > from) from = lastDoseDay;
  if (reviewDay) {
    // A review today lets today's dose through: the run restarts from yesterday at the latest.
    const r = reviewDay < today ? reviewDay : addDays(today, -1);
    if (r > from) from = r;
  }
  return Math.max(0, daysBetween(from, today) - 1);
}

/**
 * What the dosing window shows for a patient today, and everything that should stop the nurse: ONE
 * query, since this runs for every dose at the window. Today is the facility's calendar day, known
 * only once its time zone is read, so the day-bound reads take the days around today in UTC (every
 * time zone's today is one of them) and today is picked out here.
 */
async function screen(tx: Tx, ctx: RequestContext, patientId: string, resource: string, action: 'read' | 'create', containerId?: string) {
  if (!isUuid(patientId)) throw problems.notFound('Patient');
  const utcDay = ctx.now.toISOString().slice(0, 10);
  const [from, to] = [addDays(utcDay, -1), addDays(utcDay, 1)];
  const org = ctx.organizationId;
  const head = await tx
    .selectFrom('patients as p')
    .leftJoin('med_orders as o', (j) =>
      j
        .onRef('o.patient_id', '=', 'p.id')
        .on('o.organization_id', '=', org)
        .on('o.frequency', '=', 'daily')
        .on('o.medication', 'in', windowMedications)
        .on('o.status', '<>', 'stopped'),
    )
    .innerJoin('facilities as f', (j) => j.on(sql<boolean>`f.id = coalesce(o.facility_id, p.facility_id)`))
    .leftJoin('med_settings as st', (j) => j.onRef('st.facility_id', '=', 'f.id').on('st.organization_id', '=', org))
    .select([
      'p.id',
      'p.mrn',
      'p.legal_given_name',
      'p.legal_family_name',
      'p.preferred_name',
      'p.birth_date',
      'p.photo',
      'f.id as facility_id',
      'f.name as facility_name',
      'f.time_zone',
      'st.jurisdiction',
      'st.missed_dose_limit',
    ])
    .select(sql<OrderRow | null>`case when o.id is null then null else to_jsonb(o) end`.as('order'))
    .select([
      // The doses of the days around today; today's are picked out below.
      sql<(Omit<DoseRow, 'given_at'> & { given_at: string })[]>`(select coalesce(json_agg(d order by d.given_at), '[]') from med_doses d
        where d.organization_id = ${org} and d.patient_id = p.id and d.dosing_day between ${from} and ${to})`.as('near_doses'),
      // The first methadone day (a first day has none before it), and the last four dosing days: at
      // most three of them (today and the two after it) are not before the facility's today.
      sql<string | null>`(select min(d.dosing_day)::text from med_doses d
        where d.organization_id = ${org} and d.patient_id = p.id and d.medication = 'methadone' and d.kind in ('regular', 'take_home'))`.as(
        'first_methadone_day',
      ),
      sql<string[] | null>`(select array_agg(x.day) from (select distinct d.dosing_day::text as day from med_doses d
        where d.organization_id = ${org} and d.patient_id = p.id and d.kind in ('regular', 'take_home', 'outside') and d.dosing_day <= ${to}
        order by day desc limit 4) x)`.as('last_days'),
      sql<string | null>`(select max(r.reviewed_at) from med_reviews r where r.organization_id = ${org} and r.order_id = o.id)`.as('last_review'),
      sql<
        { id: string; kind: string; message: string; severity: string }[]
      >`(select coalesce(json_agg(a), '[]') from (select id, kind, message, severity from alerts
        where organization_id = ${org} and patient_id = p.id and acknowledged_at is null and resolved_at is null order by raised_at desc limit 10) a)`.as(
        'alerts',
      ),
      sql<StockContainer | null>`(select to_jsonb(c) from (select id, unit, strength_mg::text, medication, facility_id, status from med_containers
        where organization_id = ${org} and id = ${containerId ?? null}::uuid) c)`.as('container'),
    ])
    .where('p.id', '=', patientId)
    .where(patientScope(ctx, resource as never, action))
    .executeTakeFirst();
  if (!head) throw problems.notFound('Patient');
  const order = head.order
    ? ({
        ...head.order,
        created_at: new Date(head.order.created_at),
        updated_at: new Date(head.order.updated_at),
        signed_at: head.order.signed_at ? new Date(head.order.signed_at) : null,
      } as OrderRow)
    : null;
  const facility = { id: head.facility_id, name: head.facility_name, time_zone: head.time_zone };
  const today = dosingDay(ctx.now, facility.time_zone);
  const settings = {
    jurisdiction: (head.jurisdiction ?? 'federal') as 'federal' | 'virginia',
    missedDoseLimit: head.missed_dose_limit ?? defaultMissedDoseLimit,
  };
  const doses = head.near_doses.filter((d) => d.dosing_day === today).map((d) => ({ ...d, given_at: new Date(d.given_at) }));
  const alerts = head.alerts;
  const stops: Stop[] = [];
  let dueMg: number | null = null;
  let firstMethadoneDay = false;
  let missed = 0;
  if (!order) {
    stops.push({ rule: 'dose.no-active-order', severity: 'stop', message: 'No methadone or buprenorphine order in force', overrideBy: [] });
  } else {
    if (order.status === 'held')
      stops.push({ rule: 'dose.order-held', severity: 'stop', message: `Order on hold: ${order.status_reason ?? ''}`, overrideBy: [] });
    if (order.status === 'pending_cosign')
      stops.push({
        rule: 'dose.awaiting-cosign',
        severity: 'caution',
        message: `${order.entry === 'telephone' ? 'Telephone' : 'Verbal'} order awaiting the prescriber's co-signature`,
        overrideBy: [],
      });
    if (today < order.start_day) stops.push({ rule: 'dose.order-not-started', severity: 'stop', message: `Order starts ${order.start_day}`, overrideBy: [] });
    if (order.end_day && order.end_day < today)
      stops.push({ rule: 'dose.order-expired', severity: 'stop', message: `Order ended ${order.end_day}`, overrideBy: [] });
    if (order.medication === 'methadone') firstMethadoneDay = !(head.first_methadone_day !== null && head.first_methadone_day < today);
    dueMg =
      firstMethadoneDay && order.first_day_doses_mg
        ? Number(order.first_day_doses_mg[0])
        : order.split_doses_mg
          ? Number(order.split_doses_mg[0])
          : doseForDay(order, today);
    const lastDay = (head.last_days ?? []).find((d) => d < today) ?? null;
    missed = missedDays(order.start_day, lastDay, head.last_review ? dosingDay(new Date(head.last_review), facility.time_zone) : null, today);
    if (missed >= settings.missedDoseLimit)
      stops.push({
        rule: 'dose.missed-run-review',
        severity: 'stop',
        message: `${missed} doses missed in a row (program limit ${settings.missedDoseLimit}): prescriber review needed`,
        overrideBy: ['prescriber'],
      });
  }
  const regular = doses.find((d) => d.kind === 'regular' || d.kind === 'take_home');
  if (regular)
    stops.push({
      rule: 'dose.already-given',
      severity: 'stop',
      message: `Already dosed today: ${num(regular.dose_mg)} mg at ${regular.given_at.toISOString()}`,
      overrideBy: [],
    });
  const elsewhere = doses.find((d) => d.kind === 'outside');
  if (elsewhere)
    stops.push({
      rule: 'dose.given-elsewhere',
      severity: 'caution',
      message: `Dose recorded as given elsewhere today (${elsewhere.reason ?? 'outside'}): ${num(elsewhere.dose_mg)} mg`,
      overrideBy: ['nurse', 'prescriber'],
    });
  for (const a of alerts) {
    if (/screen|lab|uds|toxicology/i.test(a.kind))
      stops.push({
        rule: 'dose.positive-screen',
        severity: 'stop',
        message: `Screen result needs review under program policy: ${a.message}`,
        overrideBy: ['prescriber'],
      });
    else
      stops.push({
        rule: 'dose.unacknowledged-alert',
        severity: 'caution',
        message: `Unacknowledged alert: ${a.message}`,
        overrideBy: ['nurse', 'prescriber'],
      });
  }
  return { head, order, facility, today, settings, doses, stops, dueMg, firstMethadoneDay, missed, alerts, container: head.container };
}

/** The stock bottle or box a dose is to come from, read with the dose screen (the dose's one read). */
type StockContainer = { id: string; unit: string; strength_mg: string; medication: string; facility_id: string; status: string };

export const dosingRoutes = [
  route({
    method: 'GET',
    url: '/medication/dosing/search',
    summary: 'Dosing window lookup: patients by name, MRN or date of birth, with photo and today’s order',
    tags,
    access: { permission: { resource: 'medication-dose', action: 'read' } },
    query: z.object({ q: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(25).default(10) }).strict(),
    response: searchHitsSchema,
    handler: async ({ tx, ctx, query }) => {
      // The page of matches in scope first (index-ordered, stopping at the page size), then their orders.
      const matched = await matchingPatientPage(tx, ctx, 'medication-dose', 'read', parsePatientTerm(query.q), query.limit);
      const ids = matched.slice(0, query.limit).map((m) => m.id);
      const rows = ids.length
        ? await tx
            .selectFrom('patients as p')
            .leftJoin('med_orders as o', (j) =>
              j
                .onRef('o.patient_id', '=', 'p.id')
                .on('o.organization_id', '=', ctx.organizationId)
                .on('o.frequency', '=', 'daily')
                .on('o.status', '<>', 'stopped')
                .on('o.medication', 'in', windowMedications),
            )
            .select([
              'p.id',
              'p.mrn',
              'p.legal_given_name',
              'p.legal_family_name',
              'p.preferred_name',
              'p.birth_date',
              'p.search_name',
              sql<boolean>`p.photo is not null`.as('has_photo'),
              'o.medication',
              'o.dose_mg',
              'o.status',
            ])
            .where('p.organization_id', '=', ctx.organizationId)
            .where('p.id', 'in', ids)
            .orderBy('p.search_name')
            .orderBy('p.id')
            .limit(query.limit)
            .execute()
        : [];
      // Every patient shown is a disclosure of who is in treatment: one audit row each.
      for (const r of rows) recordAudit(ctx, { patientId: r.id, resourceType: 'dosing-search', resourceId: r.id, action: 'search' });
      return {
        items: rows.map((r) => ({
          id: r.id,
          mrn: r.mrn,
          name: `${r.legal_family_name}, ${r.legal_given_name}${r.preferred_name ? ` (${r.preferred_name})` : ''}`,
          birthDate: r.birth_date,
          hasPhoto: r.has_photo,
          medication: r.medication,
          doseMg: num(r.dose_mg),
          orderStatus: r.status,
        })),
      };
    },
  }),
  route({
    method: 'GET',
    url: '/medication/dosing/patients/:patientId',
    summary: 'The dose screen: today’s dose from the order, the stops (already dosed, held, expired, missed doses, alerts) and the stock to pour from',
    tags,
    access: { permission: { resource: 'medication-dose', action: 'read' } },
    params: z.object({ patientId: z.string() }),
    response: doseScreenSchema,
    handler: async ({ tx, ctx, params }) => {
      const s = await screen(tx, ctx, params.patientId, 'medication-dose', 'read');
      const p = s.head;
      const containers = await tx
        .selectFrom('med_containers')
        .select(['id', 'label', 'medication', 'form', 'unit', 'strength_mg', 'balance'])
        .where('organization_id', '=', ctx.organizationId)
        .where('facility_id', '=', s.facility.id)
        .where('medication', 'in', s.order ? [s.order.medication] : windowMedications)
        .where('status', '=', 'open')
        .orderBy('created_at')
        .limit(20)
        .execute();
      recordAudit(ctx, { patientId: p.id, resourceType: 'dose-screen', resourceId: p.id, action: 'read' });
      return {
        patient: {
          id: p.id,
          mrn: p.mrn,
          name: `${p.legal_given_name} ${p.legal_family_name}`,
          preferredName: p.preferred_name,
          birthDate: p.birth_date,
          photo: p.photo,
        },
        facility: { id: s.facility.id, name: s.facility.name, timeZone: s.facility.time_zone },
        dosingDay: s.today,
        order: s.order ? presentOrder(s.order) : null,
        dueMg: s.dueMg,
        firstMethadoneDay: s.firstMethadoneDay,
        missedInARow: s.missed,
        stops: s.stops,
        dosesToday: s.doses.map((d) => presentDose(d)),
        containers: containers.map((c) => ({
          id: c.id,
          label: c.label,
          medication: c.medication,
          form: c.form,
          unit: c.unit,
          strengthMg: Number(c.strength_mg),
          balance: Number(c.balance),
          volumeForDue: s.dueMg !== null && c.unit === 'ml' ? round3(s.dueMg / Number(c.strength_mg)) : null,
        })),
      };
    },
  }),
  route({
    method: 'POST',
    url: '/medication/doses',
    summary:
      'Record a dose at the window (regular, split part, additional first-day dose, guest) or a held dose, refusal or no-show; exactly one regular dose per dosing day',
    tags,
    access: { permission: { resource: 'medication-dose', action: 'create' } },
    body: z
      .object({
        patientId: z.string(),
        kind: z.enum(['regular', 'split', 'additional', 'held', 'refused', 'no_show']),
        containerId: z.uuid().optional(),
        doseMg: z.number().positive().max(1000).optional(),
        observed: z.boolean().default(true),
        appearsSedated: z.boolean().default(false),
        reason: z.string().trim().min(3).max(1000).optional(),
        overrideReason: z.string().trim().min(5).max(1000).optional(),
        guest: z
          .object({
            homeProgram: z.string().trim().min(2).max(200),
            contact: z.string().trim().min(5).max(200),
            verifiedWith: z.string().trim().min(2).max(200),
            verifiedBy: z.uuid().optional(),
            medication: z.enum(['methadone', 'buprenorphine', 'buprenorphine_naloxone']),
            form: z.enum(formKeys),
            doseMg: z.number().positive().max(1000),
            lastDoseDay: z.iso.date(),
            visitFrom: z.iso.date(),
            visitTo: z.iso.date(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    response: doseSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, body }) => {
      return recordWindowDose(tx, ctx, body.patientId, body);
    },
  }),
];

export interface WindowDoseInput {
  kind: 'regular' | 'split' | 'additional' | 'held' | 'refused' | 'no_show';
  containerId?: string;
  doseMg?: number;
  observed: boolean;
  appearsSedated: boolean;
  reason?: string;
  overrideReason?: string;
  guest?: {
    homeProgram: string;
    contact: string;
    verifiedWith: string;
    verifiedBy?: string;
    medication: string;
    form: string;
    doseMg: number;
    lastDoseDay: string;
    visitFrom: string;
    visitTo: string;
  };
}

/** One dose event, its stock movement and its audit row, in the request's one transaction. */
export async function recordWindowDose(tx: Tx, ctx: RequestContext, patientId: string, body: WindowDoseInput) {
  const s = await screen(tx, ctx, patientId, 'medication-dose', 'create', body.containerId);
  patientId = s.head.id;
  const given = body.kind === 'regular' || body.kind === 'split' || body.kind === 'additional';
  if (!given && !body.reason) throw problems.invalid('reason', 'required', `reason: say why the dose was ${body.kind.replace('_', '-')}.`);
  if (body.appearsSedated && given) {
    throw new HttpProblem(409, 'Hard stop', 'The patient appears sedated or intoxicated: hold the dose and assess (dose.sedated; program safety policy).', {
      rule: 'dose.sedated',
      source: 'Program safety policy',
      override: { allowedRoles: [], needs: 'no override: record a held dose' },
    });
  }
  const regularToday = s.doses.find((d) => d.kind === 'regular' || d.kind === 'take_home');
  if (body.kind === 'regular' && regularToday) {
    throw problems.conflict('dose.already-given', `Already dosed today (${s.today}): ${num(regularToday.dose_mg)} mg.`, { dose: presentDose(regularToday) });
  }
  let medication: string;
  let form: string;
  let mg: number | null = null;
  const findings: RuleFinding[] = [];
  let orderId: string | null = null;
  let orderVersion: number | null = null;
  let guest: z.infer<typeof guestVisitSchema> | null = null;
  if (body.guest) {
    if (body.kind !== 'regular') throw problems.invalid('guest', 'regular-only', 'guest: a guest dose is the day’s regular dose.');
    if (s.order) throw problems.invalid('guest', 'not-a-guest', 'guest: this patient has an order here; dose from it.');
    guest = await guestVisit(tx, ctx, body.guest, s.today);
    medication = body.guest.medication;
    form = body.guest.form;
    mg = body.guest.doseMg;
  } else {
    const order = s.order;
    if (!order) throw problems.conflict('dose.no-active-order', 'No methadone or buprenorphine order in force for this patient.');
    orderId = order.id;
    orderVersion = order.version;
    medication = order.medication;
    form = order.form;
    const hard = s.stops.filter((x) => x.severity === 'stop' && x.rule !== 'dose.already-given');
    if (given) {
      for (const x of hard) {
        findings.push({
          ruleId: x.rule,
          severity: 'hard-stop',
          message: x.message,
          overrideBy: x.overrideBy as RuleFinding['overrideBy'],
          source: 'Program dosing policy',
        });
      }
      for (const x of s.stops.filter((y) => y.severity === 'caution')) {
        findings.push({
          ruleId: x.rule,
          severity: 'warning',
          message: x.message,
          overrideBy: x.overrideBy as RuleFinding['overrideBy'],
          source: 'Program dosing policy',
        });
      }
    }
    if (given) {
      if (body.kind === 'regular') mg = s.dueMg;
      else if (body.kind === 'split') {
        if (!order.split_doses_mg) throw problems.conflict('dose.not-split', 'This order is not a split dose.');
        if (!regularToday) throw problems.conflict('dose.split-before-first', 'Give the first part of the split dose first.');
        mg = Number(order.split_doses_mg[1]);
      } else {
        const planned = s.firstMethadoneDay && order.first_day_doses_mg ? order.first_day_doses_mg.map(Number) : null;
        const sofar = s.doses.filter((d) => d.kind === 'regular' || d.kind === 'additional');
        if (!planned || !regularToday || sofar.length >= planned.length)
          throw problems.conflict('dose.no-additional-ordered', 'No further dose is ordered for today.');
        mg = planned[sofar.length];
      }
      if (body.doseMg !== undefined && Math.abs(body.doseMg - mg!) > 1e-6)
        throw problems.invalid('doseMg', 'dose.matches-order', `doseMg: the order says ${mg} mg today; change the order to give another amount.`);
      if (medication === 'methadone' && s.firstMethadoneDay) {
        const documented = ((order.findings as { ruleId: string; overridden?: boolean }[]) ?? []).some(
          (f) => f.ruleId === 'methadone.day1-total' && f.overridden,
        );
        const day1 = [
          ...s.doses
            .filter((d) => d.medication === 'methadone' && (d.kind === 'regular' || d.kind === 'additional' || d.kind === 'split'))
            .map((d) => Number(d.dose_mg)),
          mg!,
        ];
        const settings = ruleSetOn(s.settings.jurisdiction, s.today);
        findings.push(...checkMethadoneDay1(settings, day1, documented));
      }
    }
  }
  const stored = settleFindings(ctx, findings, body.overrideReason);

  let volume: number | null = null;
  let units: number | null = null;
  let container: { id: string; unit: string; strength_mg: string } | undefined;
  if (given && isControlled(medication)) {
    if (!body.containerId) throw problems.invalid('containerId', 'required', 'containerId: the stock bottle or box the dose comes from.');
    const c = s.container;
    container = c && c.facility_id === s.facility.id && c.medication === medication && c.status === 'open' ? c : undefined;
    if (!container) throw problems.invalid('containerId', 'stock.container', `containerId: an open ${medication} container of ${s.facility.name}.`);
    const q = mg! / Number(container.strength_mg);
    if (container.unit === 'ml') volume = round3(q);
    else {
      units = round3(q);
      if (Math.abs(units * 4 - Math.round(units * 4)) > 1e-6)
        throw problems.invalid('containerId', 'stock.whole-units', `containerId: ${mg} mg is not a whole number of ${container.strength_mg} mg units.`);
    }
  }
  const id = uuidv7();
  const verb = given
    ? `${mg} mg${volume !== null ? ` (${volume} mL)` : ''} given${body.kind === 'regular' ? '' : ` (${body.kind})`}`
    : body.kind === 'no_show'
      ? 'no-show'
      : body.kind;
  // The dose, its ledger row (moving the container through the ledger trigger) and its timeline line
  // in ONE statement: the dosing window's write is a single round trip, and a dose refused by the
  // one-regular-dose-per-day index writes neither of the others.
  const inserted = await tx
    .with('dose', (q) =>
      q
        .insertInto('med_doses')
        .values(
          doseRow({
            organization_id: ctx.organizationId,
            id,
            patient_id: patientId,
            facility_id: s.facility.id,
            order_id: orderId,
            order_version: orderVersion,
            kind: body.kind,
            dosing_day: s.today,
            medication,
            form,
            dose_mg: given ? mg : null,
            volume_ml: volume,
            units,
            container_id: container?.id ?? null,
            observed: body.observed,
            guest_program: guest
              ? `${guest.homeProgram} (${guest.contact}; verified with ${guest.verifiedWith} by ${guest.verifiedByName ?? 'staff'}; last dose there ${guest.lastDoseDay}; visiting ${guest.visitFrom} to ${guest.visitTo})`
              : null,
            guest: guest ? JSON.stringify(guest) : null,
            reason: body.reason ?? null,
            hold_check: JSON.stringify(null),
            findings: JSON.stringify(stored),
            override_reason: stored.some((f) => f.overridden) ? (body.overrideReason ?? null) : null,
            given_by: ctx.userId,
            given_at: ctx.now,
          }),
        )
        .onConflict((oc) => oc.doNothing())
        .returningAll(),
    )
    .with('ledger', (q) =>
      q
        .insertInto('med_ledger')
        .columns(['organization_id', 'id', 'container_id', 'kind', 'quantity', 'mg', 'dose_id', 'recorded_by', 'occurred_at'])
        .expression((eb) =>
          eb
            .selectFrom('dose')
            .select([
              'dose.organization_id',
              sql<string>`${uuidv7()}::uuid`.as('id'),
              'dose.container_id',
              sql<string>`'dispense'`.as('kind'),
              sql<string>`${container ? -(volume ?? units!) : 0}::numeric`.as('quantity'),
              'dose.dose_mg',
              'dose.id as dose_id',
              'dose.given_by',
              'dose.given_at',
            ])
            .where('dose.container_id', 'is not', null),
        )
        .returning('balance_after'),
    )
    .with('event', () =>
      timelineWith(sql`select dose.organization_id, ${uuidv7()}::uuid, dose.patient_id, null::uuid, dose.given_at,
          ${`medication.dose.${body.kind}`}::text, ${`${medication} ${verb}${body.reason ? `: ${body.reason}` : ''}${guest ? ` — guest of ${guest.homeProgram}` : ''}`}::text,
          '{}'::jsonb, dose.given_by from dose`),
    )
    .selectFrom('dose')
    .selectAll('dose')
    .select((eb) => eb.selectFrom('ledger').select('ledger.balance_after').as('balance_after'))
    .executeTakeFirst()
    .catch(stockProblem);
  if (!inserted) {
    // Another request dosed this patient for this day first: the database guard kept it to one.
    const first = await tx
      .selectFrom('med_doses')
      .selectAll()
      .where('organization_id', '=', ctx.organizationId)
      .where('patient_id', '=', patientId)
      .where('dosing_day', '=', s.today)
      .where('kind', '=', body.kind === 'split' ? 'split' : 'regular')
      .executeTakeFirst();
    throw problems.conflict(
      body.kind === 'split' ? 'dose.split-already-given' : 'dose.already-given',
      `Already dosed today (${s.today}).`,
      first ? { dose: presentDose(first) } : {},
    );
  }
  const { balance_after: balanceAfter, ...dose } = inserted;
  if (given && orderId && s.alerts.some((a) => a.kind === 'medication.missed-doses'))
    await resolveAlerts(tx, ctx.organizationId, patientId, `med-missed:${orderId}`, ctx.now);
  recordAudit(ctx, { patientId, resourceType: 'medication-dose', resourceId: id, action: 'create' });
  return presentDose(dose, num(balanceAfter ?? null));
}

/**
 * A guest dose stands on the home program's word: the visit must cover today, and the person here who
 * verified the dose with the home program is a user of this organization (the recording nurse by default).
 */
async function guestVisit(tx: Tx, ctx: RequestContext, g: NonNullable<WindowDoseInput['guest']>, today: string) {
  if (g.visitTo < g.visitFrom) throw problems.invalid('guest.visitTo', 'after-visitFrom', 'guest.visitTo: on or after guest.visitFrom.');
  if (today < g.visitFrom || today > g.visitTo)
    throw problems.invalid(
      'guest.visitFrom',
      'visit-covers-today',
      `guest.visitFrom: the visit (${g.visitFrom} to ${g.visitTo}) must include today, ${today}.`,
    );
  if (g.lastDoseDay > today) throw problems.invalid('guest.lastDoseDay', 'not-in-future', 'guest.lastDoseDay: cannot be after today.');
  const verifiedBy = g.verifiedBy ?? ctx.userId;
  const user = await tx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('organization_id', '=', ctx.organizationId)
    .where('id', '=', verifiedBy)
    .executeTakeFirst();
  if (!user) throw problems.invalid('guest.verifiedBy', 'staff-member', 'guest.verifiedBy: a staff member of this program.');
  return {
    homeProgram: g.homeProgram,
    contact: g.contact,
    verifiedWith: g.verifiedWith,
    verifiedBy: user.id,
    verifiedByName: user.display_name,
    doseMg: g.doseMg,
    lastDoseDay: g.lastDoseDay,
    visitFrom: g.visitFrom,
    visitTo: g.visitTo,
  };
}
