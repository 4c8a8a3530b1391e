import { sql } from 'kysely';
import { z } from 'zod';
import type { RuleFinding } from '@waypoint/clinical/checks';
import { checkMethadoneDay1, checkMethadoneDoseChange } from '@waypoint/clinical/medications/methadone';
import { checkBrixadiStrength, checkBuprenorphineDaily, checkSublocadeInterval } from '@waypoint/clinical/medications/buprenorphine';
import { checkNaltrexoneStart } from '@waypoint/clinical/medications/naltrexone';
import { checkLofexidineOrder } from '@waypoint/clinical/medications/lofexidine';
import { uuidv7 } from '../../db/ids';
import type { Updateable } from 'kysely';
import type { MedOrdersTable, Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { optionalIfMatch, setEtag } from '../../platform/etag';
import { route } from '../../platform/http/route';
import { isUuid, requirePatient } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { resolveAlerts } from '../alerts/service';
import {
  daysBetween,
  dosingDay,
  facilityOf,
  formKeys,
  medicationKeys,
  medications,
  num,
  ruleSetOn,
  settingsOf,
  settleFindings,
  type MedicationKey,
} from './common';
import { scopeOf } from './scope';
import { roleHolds } from './grants';
import { presentOrder, type OrderRow } from './present';
import { medicationListSchema, orderDetailSchema, orderSchema, reviewSchema, worklistSchema } from './schemas';

const tags = ['medication'];
const day = z.iso.date();
const instant = z.iso.datetime({ offset: true });
const mg = z.number().min(0).max(1000);
const step = z.object({ day, doseMg: mg }).strict();

const orderBody = z
  .object({
    medication: z.enum(medicationKeys),
    name: z.string().trim().min(2).max(120).optional(),
    form: z.enum(formKeys),
    doseMg: mg,
    firstDayDosesMg: z.array(mg.positive()).min(1).max(4).optional(),
    splitDosesMg: z.array(mg.positive()).length(2).optional(),
    frequency: z.enum(['daily', 'weekly', 'monthly', 'scheduled', 'prn', 'once']),
    scheduleTimes: z
      .array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/))
      .max(8)
      .optional(),
    prnMinHours: z.number().positive().max(72).optional(),
    prnMaxDailyMg: mg.optional(),
    holdParameters: z
      .object({
        systolicBelow: z.number().int().min(40).max(200).optional(),
        diastolicBelow: z.number().int().min(20).max(150).optional(),
        heartRateBelow: z.number().int().min(20).max(200).optional(),
        vitalsMaxAgeMinutes: z.number().int().min(1).max(1440),
      })
      .strict()
      .optional(),
    titration: z.array(step).max(30).optional(),
    startDay: day.optional(),
    endDay: day.optional(),
    entry: z.enum(['written', 'verbal', 'telephone']).default('written'),
    orderedBy: z.uuid().optional(),
    latestQtcMs: z.number().int().min(300).max(700).optional(),
    lastOpioidUse: z
      .object({ at: instant, kind: z.enum(['short_acting', 'long_acting']) })
      .strict()
      .optional(),
    instructions: z.string().trim().max(2000).optional(),
    overrideReason: z.string().trim().min(5).max(1000).optional(),
  })
  .strict();
type OrderBody = z.infer<typeof orderBody>;

/** The dose due on a day: the last titration step on or before it, else the order's dose. */
export function doseForDay(order: Pick<OrderRow, 'dose_mg' | 'titration'>, onDay: string): number {
  let dose = Number(order.dose_mg);
  const steps = [...((order.titration as { day: string; doseMg: number }[]) ?? [])].sort((a, b) => a.day.localeCompare(b.day));
  for (const s of steps) if (s.day <= onDay) dose = s.doseMg;
  return dose;
}

const givenKinds = ['regular', 'split', 'additional', 'take_home'] as const;

/** First dosing day of a medication family for a patient (null: never given here). */
async function firstGivenDay(tx: Tx, organizationId: string, patientId: string, meds: string[]) {
  const r = await tx
    .selectFrom('med_doses')
    .select((eb) => eb.fn.min('dosing_day').as('first'))
    .where('organization_id', '=', organizationId)
    .where('patient_id', '=', patientId)
    .where('medication', 'in', meds)
    .where('kind', 'in', [...givenKinds])
    .executeTakeFirst();
  return (r?.first as string | null) ?? null;
}

/**
 * Every rule in packages/clinical that applies to an order (or a change of one), for the rule set in
 * force in the facility's jurisdiction on its start day.
 */
async function orderFindings(
  tx: Tx,
  ctx: RequestContext,
  input: {
    patientId: string;
    medication: MedicationKey;
    name?: string | null;
    doseMg: number;
    firstDayDosesMg?: number[] | null;
    titration: { day: string; doseMg: number }[];
    frequency: string;
    scheduleTimes?: string[];
    startDay: string;
    latestQtcMs?: number;
    lastOpioidUse?: { at: string; kind: 'short_acting' | 'long_acting' };
    previous?: { doseMg: number; lastIncreaseDay: string | null };
  },
  jurisdiction: 'federal' | 'virginia',
  episodeLastUse: Date | null,
): Promise<{ findings: RuleFinding[]; ruleSet: string }> {
  const ruleSet = ruleSetOn(jurisdiction, input.startDay);
  const findings: RuleFinding[] = [];
  const steps = [...input.titration].sort((a, b) => a.day.localeCompare(b.day));
  for (const s of steps) if (s.day < input.startDay) throw problems.invalid('titration', 'after-start', 'titration: every step is on or after the start day.');
  switch (input.medication) {
    case 'methadone': {
      const first = await firstGivenDay(tx, ctx.organizationId, input.patientId, ['methadone']);
      if (!first && !input.previous) {
        findings.push(...checkMethadoneDay1(ruleSet, input.firstDayDosesMg ?? [input.doseMg], false));
      } else if (input.firstDayDosesMg) {
        throw problems.invalid(
          'firstDayDosesMg',
          'first-day-only',
          'firstDayDosesMg: only for the first day of methadone; this patient has been dosed before.',
        );
      }
      let prev = input.previous?.doseMg ?? input.doseMg;
      let lastIncrease = input.previous?.lastIncreaseDay ?? null;
      const changes = [...(input.previous ? [{ day: input.startDay, doseMg: input.doseMg }] : []), ...steps];
      if (changes.length === 0 && input.latestQtcMs)
        findings.push(...checkMethadoneDoseChange({ currentMg: prev, newMg: prev, daysSinceLastIncrease: null, latestQtcMs: input.latestQtcMs }));
      for (const c of changes) {
        findings.push(
          ...checkMethadoneDoseChange({
            currentMg: prev,
            newMg: c.doseMg,
            daysSinceLastIncrease: lastIncrease ? daysBetween(lastIncrease, c.day) : null,
            latestQtcMs: input.latestQtcMs ?? null,
          }),
        );
        if (c.doseMg > prev) lastIncrease = c.day;
        prev = c.doseMg;
      }
      break;
    }
    case 'buprenorphine':
    case 'buprenorphine_naloxone': {
      const first = await firstGivenDay(tx, ctx.organizationId, input.patientId, ['buprenorphine', 'buprenorphine_naloxone']);
      const dayOf = (d: string) => (first ? daysBetween(first, d) + 1 : daysBetween(input.startDay, d) + 1);
      const total = input.firstDayDosesMg ? input.firstDayDosesMg.reduce((a, b) => a + b, 0) : input.doseMg;
      if (total > 0) findings.push(...checkBuprenorphineDaily(total, Math.max(1, dayOf(input.startDay))));
      for (const s of steps) if (s.doseMg > 0) findings.push(...checkBuprenorphineDaily(s.doseMg, Math.max(1, dayOf(s.day))));
      break;
    }
    case 'buprenorphine_xr_monthly': {
      const last = await tx
        .selectFrom('med_doses')
        .select('given_at')
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', input.patientId)
        .where('medication', '=', 'buprenorphine_xr_monthly')
        .where('kind', 'in', ['regular', 'mar', 'outside'])
        .orderBy('given_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      findings.push(...checkSublocadeInterval(last?.given_at ?? null, new Date(`${input.startDay}T12:00:00Z`)));
      break;
    }
    case 'buprenorphine_xr_weekly_monthly':
      if (input.frequency !== 'weekly' && input.frequency !== 'monthly')
        throw problems.invalid('frequency', 'brixadi-schedule', 'frequency: Brixadi is weekly or monthly.');
      checkBrixadiStrength(input.frequency, input.doseMg);
      break;
    case 'naltrexone_oral':
    case 'naltrexone_xr': {
      // The most recent opioid we know of: one stated now, the episode's last use, or an agonist dose given here.
      const candidates: { at: Date; kind: 'short_acting' | 'long_acting' }[] = [];
      if (input.lastOpioidUse) candidates.push({ at: new Date(input.lastOpioidUse.at), kind: input.lastOpioidUse.kind });
      if (episodeLastUse) candidates.push({ at: episodeLastUse, kind: 'short_acting' });
      const agonist = await tx
        .selectFrom('med_doses')
        .select('given_at')
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', input.patientId)
        .where('medication', 'in', ['methadone', 'buprenorphine', 'buprenorphine_naloxone', 'buprenorphine_xr_monthly', 'buprenorphine_xr_weekly_monthly'])
        .where('kind', 'in', [...givenKinds, 'outside', 'mar'])
        .orderBy('given_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (agonist) candidates.push({ at: agonist.given_at, kind: 'long_acting' });
      if (candidates.length === 0)
        throw problems.invalid(
          'lastOpioidUse',
          'naltrexone.last-opioid-use',
          'lastOpioidUse: say when the patient last used an opioid and what kind, before naltrexone.',
        );
      candidates.sort((a, b) => b.at.getTime() - a.at.getTime());
      const start = new Date(Math.max(ctx.now.getTime(), Date.parse(`${input.startDay}T00:00:00Z`)));
      if (candidates[0].at > start) throw problems.invalid('lastOpioidUse.at', 'before-start', 'lastOpioidUse.at: must be before the start.');
      findings.push(...checkNaltrexoneStart(candidates[0], start));
      break;
    }
    case 'other':
      if (input.name && /lofexidine|lucemyra/i.test(input.name))
        findings.push(...checkLofexidineOrder(input.doseMg, Math.max(1, input.scheduleTimes?.length ?? 1)));
      break;
    default:
      break;
  }
  return { findings, ruleSet: ruleSet.id };
}

function validateShape(body: Pick<OrderBody, 'medication' | 'name' | 'form' | 'frequency' | 'scheduleTimes' | 'splitDosesMg' | 'doseMg' | 'firstDayDosesMg'>) {
  const med = medications[body.medication];
  if (body.medication === 'other' && !body.name) throw problems.invalid('name', 'required', 'name: name the medication.');
  if (!(med.forms as readonly string[]).includes(body.form))
    throw problems.invalid('form', 'medication-form', `form: ${med.name} comes as ${med.forms.join(' or ')}.`);
  if (body.frequency === 'scheduled' && !body.scheduleTimes?.length)
    throw problems.invalid('scheduleTimes', 'required', 'scheduleTimes: give the times of a scheduled medication (HH:MM).');
  if (body.splitDosesMg && Math.abs(body.splitDosesMg[0] + body.splitDosesMg[1] - body.doseMg) > 1e-6)
    throw problems.invalid('splitDosesMg', 'split-sum', 'splitDosesMg: the two parts add up to the daily dose.');
  if (body.firstDayDosesMg && body.medication !== 'methadone' && body.medication !== 'buprenorphine' && body.medication !== 'buprenorphine_naloxone')
    throw problems.invalid('firstDayDosesMg', 'induction-only', 'firstDayDosesMg: only for methadone or buprenorphine induction.');
  if (body.firstDayDosesMg && body.firstDayDosesMg[0] !== body.doseMg)
    throw problems.invalid('firstDayDosesMg', 'first-is-dose', 'firstDayDosesMg: the first part is the order dose given at the window.');
}

async function loadOrder(tx: Tx, ctx: RequestContext, id: string, resource: string, action: 'read' | 'create' | 'update') {
  if (!isUuid(id)) throw problems.notFound('Order');
  const row = await tx.selectFrom('med_orders').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', id).executeTakeFirst();
  if (!row) throw problems.notFound('Order');
  await requirePatient(tx, ctx, row.patient_id, resource as never, action).catch(() => {
    throw problems.notFound('Order');
  });
  return row;
}

async function writeVersion(tx: Tx, ctx: RequestContext, row: OrderRow, change: string, findings: unknown[], reason: string | null) {
  await tx
    .insertInto('med_order_versions')
    .values({
      organization_id: ctx.organizationId,
      order_id: row.id,
      version: row.version,
      change,
      snapshot: JSON.stringify(presentOrder(row)),
      findings: JSON.stringify(findings),
      reason,
      changed_by: ctx.userId,
      changed_at: ctx.now,
    })
    .execute();
}

/**
 * Saves a change to an order as its next version (optimistic: the version read must still be the
 * current one), with the version row, the timeline line and the audit row.
 */
async function saveOrderChange(
  tx: Tx,
  ctx: RequestContext,
  row: OrderRow,
  set: Updateable<MedOrdersTable>,
  change: { label: string; findings: unknown[]; reason: string | null; eventKind: string; summary: string },
) {
  const updated = await tx
    .updateTable('med_orders')
    .set({ ...set, version: row.version + 1, updated_at: ctx.now })
    .where('organization_id', '=', ctx.organizationId)
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw problems.preconditionFailed();
  await writeVersion(tx, ctx, updated, change.label, change.findings, change.reason);
  await addEvent(tx, ctx, { patientId: row.patient_id, episodeId: row.episode_id, kind: change.eventKind, summary: change.summary });
  recordAudit(ctx, { patientId: row.patient_id, resourceType: 'medication-order', resourceId: row.id, action: 'update' });
  return updated;
}

/** The day of the last increase of an order, from its versions (for the titration interval rule). */
async function lastIncreaseDay(tx: Tx, ctx: RequestContext, orderId: string, timeZone: string): Promise<string | null> {
  const versions = await tx
    .selectFrom('med_order_versions')
    .select(['snapshot', 'changed_at'])
    .where('organization_id', '=', ctx.organizationId)
    .where('order_id', '=', orderId)
    .orderBy('version')
    .execute();
  let prev: number | null = null;
  let last: string | null = null;
  for (const v of versions) {
    const snap = v.snapshot as { doseMg: number; startDay: string };
    if (prev !== null && snap.doseMg > prev) last = dosingDay(v.changed_at, timeZone);
    if (prev === null) last = snap.startDay;
    prev = snap.doseMg;
  }
  return last;
}

export const orderRoutes = [
  route({
    method: 'POST',
    url: '/patients/:patientId/medication-orders',
    summary: 'Write a medication order, checked by the rule set in force (a nurse’s verbal or telephone order waits for co-signature)',
    tags,
    access: { permission: { resource: 'medication-order', action: 'create' } },
    params: z.object({ patientId: z.string() }),
    body: orderBody,
    response: orderSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const patient = await requirePatient(tx, ctx, params.patientId, 'medication-order', 'create');
      validateShape(body);
      const canSign = Boolean(scopeOf(ctx, 'medication-order-sign', 'create'));
      let orderedBy = ctx.userId;
      if (!canSign) {
        if (body.entry === 'written')
          throw problems.invalid(
            'entry',
            'verbal-or-telephone',
            'entry: only a prescriber writes an order; record it as a verbal or telephone order for co-signature.',
          );
        if (!body.orderedBy) throw problems.invalid('orderedBy', 'required', 'orderedBy: the prescriber who gave the verbal or telephone order.');
        const prescriber = await tx
          .selectFrom('users')
          .select(['id', 'role'])
          .where('organization_id', '=', ctx.organizationId)
          .where('id', '=', body.orderedBy)
          .where('active', '=', true)
          .executeTakeFirst();
        if (!prescriber || !roleHolds(prescriber.role, 'medication-order-sign', 'create'))
          throw problems.invalid('orderedBy', 'prescriber', 'orderedBy: a prescriber of this program.');
        orderedBy = prescriber.id;
      } else if (body.entry !== 'written') {
        throw problems.invalid('entry', 'written', 'entry: a prescriber writes and signs the order (verbal and telephone orders are taken by a nurse).');
      }
      const episode = await tx
        .selectFrom('episodes')
        .select(['id', 'facility_id', 'last_opioid_use_at'])
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', patient.id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      const facilityId = episode?.facility_id ?? patient.facility_id;
      const facility = await facilityOf(tx, ctx.organizationId, facilityId);
      const today = dosingDay(ctx.now, facility.time_zone);
      const startDay = body.startDay ?? today;
      if (startDay < today) throw problems.invalid('startDay', 'not-in-past', 'startDay: today or later.');
      if (body.endDay && body.endDay < startDay) throw problems.invalid('endDay', 'after-start', 'endDay: on or after the start day.');
      const settings = await settingsOf(tx, ctx.organizationId, facilityId);
      const { findings, ruleSet } = await orderFindings(
        tx,
        ctx,
        {
          patientId: patient.id,
          medication: body.medication,
          name: body.name,
          doseMg: body.doseMg,
          firstDayDosesMg: body.firstDayDosesMg,
          titration: body.titration ?? [],
          frequency: body.frequency,
          scheduleTimes: body.scheduleTimes,
          startDay,
          latestQtcMs: body.latestQtcMs,
          lastOpioidUse: body.lastOpioidUse,
        },
        settings.jurisdiction,
        episode?.last_opioid_use_at ?? null,
      );
      const stored = settleFindings(ctx, findings, body.overrideReason);
      const id = uuidv7();
      const med = medications[body.medication];
      let row: OrderRow;
      try {
        row = await tx
          .insertInto('med_orders')
          .values({
            organization_id: ctx.organizationId,
            id,
            patient_id: patient.id,
            facility_id: facilityId,
            episode_id: episode?.id ?? null,
            medication: body.medication,
            name: body.medication === 'other' ? body.name! : med.name,
            form: body.form,
            route: med.route,
            dose_mg: body.doseMg,
            first_day_doses_mg: body.firstDayDosesMg ?? null,
            split_doses_mg: body.splitDosesMg ?? null,
            frequency: body.frequency,
            schedule_times: body.scheduleTimes ?? [],
            prn_min_hours: body.prnMinHours ?? null,
            prn_max_daily_mg: body.prnMaxDailyMg ?? null,
            hold_parameters: JSON.stringify(body.holdParameters ?? null),
            titration: JSON.stringify([...(body.titration ?? [])].sort((a, b) => a.day.localeCompare(b.day))),
            start_day: startDay,
            end_day: body.endDay ?? null,
            status: canSign ? 'active' : 'pending_cosign',
            entry: body.entry,
            ordered_by: orderedBy,
            entered_by: ctx.userId,
            signed_by: canSign ? ctx.userId : null,
            signed_at: canSign ? ctx.now : null,
            rule_set: ruleSet,
            findings: JSON.stringify(stored),
            status_reason: null,
            instructions: body.instructions ?? null,
            created_at: ctx.now,
            updated_at: ctx.now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (err) {
        if ((err as { constraint?: string }).constraint === 'med_orders_one_window')
          throw problems.conflict(
            'order.one-window-order',
            'This patient already has a daily methadone or buprenorphine order in force: change it (a new version) or stop it first.',
          );
        throw err;
      }
      await writeVersion(tx, ctx, row, 'created', stored, body.overrideReason ?? null);
      await addEvent(tx, ctx, {
        patientId: patient.id,
        episodeId: episode?.id ?? null,
        kind: 'medication.ordered',
        summary: `${row.name} ${body.doseMg} mg ${body.frequency} ordered${canSign ? '' : ` (${body.entry} order, awaiting co-signature)`}`,
      });
      recordAudit(ctx, { patientId: patient.id, resourceType: 'medication-order', resourceId: id, action: 'create' });
      return presentOrder(row);
    },
  }),
  route({
    method: 'GET',
    url: '/patients/:patientId/medications',
    summary:
      'The patient’s medication list: every order (active, held, stopped), recent doses and doses given elsewhere; stays visible after discharge for aftercare',
    tags,
    access: { permission: { resource: 'medication', action: 'read' } },
    params: z.object({ patientId: z.string() }),
    response: medicationListSchema,
    handler: async ({ tx, ctx, params }) => {
      const patient = await requirePatient(tx, ctx, params.patientId, 'medication', 'read');
      const rows = await tx
        .selectFrom('med_orders')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('patient_id', '=', patient.id)
        .orderBy(sql`case status when 'stopped' then 1 else 0 end`)
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute();
      const doses = await tx
        .selectFrom('med_doses as d')
        .leftJoin('users as u', 'u.id', 'd.given_by')
        .select([
          'd.id',
          'd.kind',
          'd.dosing_day',
          'd.medication',
          'd.form',
          'd.dose_mg',
          'd.volume_ml',
          'd.given_at',
          'd.reason',
          'd.outside_source',
          'd.guest_program',
          'd.observed',
          'u.display_name',
        ])
        .where('d.organization_id', '=', ctx.organizationId)
        .where('d.patient_id', '=', patient.id)
        .orderBy('d.given_at', 'desc')
        .limit(60)
        .execute();
      recordAudit(ctx, { patientId: patient.id, resourceType: 'medication-list', resourceId: patient.id, action: 'read' });
      return {
        orders: rows.map(presentOrder),
        recentDoses: doses.map((d) => ({
          id: d.id,
          kind: d.kind,
          dosingDay: d.dosing_day,
          medication: d.medication,
          form: d.form,
          doseMg: num(d.dose_mg),
          volumeMl: num(d.volume_ml),
          givenAt: d.given_at.toISOString(),
          reason: d.reason,
          outsideSource: d.outside_source,
          guestProgram: d.guest_program,
          observed: d.observed,
          givenBy: d.display_name,
        })),
      };
    },
  }),
  route({
    method: 'GET',
    url: '/medication-orders/:id',
    summary: 'One order with every version and the findings shown when it was written',
    tags,
    access: { permission: { resource: 'medication', action: 'read' } },
    params: z.object({ id: z.string() }),
    response: orderDetailSchema,
    handler: async ({ tx, ctx, params, reply }) => {
      const row = await loadOrder(tx, ctx, params.id, 'medication', 'read');
      const versions = await tx
        .selectFrom('med_order_versions')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('order_id', '=', row.id)
        .orderBy('version')
        .execute();
      setEtag(reply, row.version);
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'medication-order', resourceId: row.id, action: 'read' });
      return {
        ...presentOrder(row),
        versions: versions.map((v) => ({
          version: v.version,
          change: v.change,
          reason: v.reason,
          changedBy: v.changed_by,
          changedAt: v.changed_at.toISOString(),
          findings: v.findings as never,
          snapshot: v.snapshot,
        })),
      };
    },
  }),
  route({
    method: 'PATCH',
    url: '/medication-orders/:id',
    summary: 'Change an order (a dose change, a titration plan, an end day): a new version, checked again (titration step and interval, ECG over 100 mg, QTc)',
    tags,
    access: { permission: { resource: 'medication-order', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({
        doseMg: mg.optional(),
        splitDosesMg: z.array(mg.positive()).length(2).nullable().optional(),
        titration: z.array(step).max(30).optional(),
        endDay: day.nullable().optional(),
        instructions: z.string().trim().max(2000).nullable().optional(),
        latestQtcMs: z.number().int().min(300).max(700).optional(),
        overrideReason: z.string().trim().min(5).max(1000).optional(),
      })
      .strict(),
    response: orderSchema,
    handler: async ({ tx, ctx, params, body, req, reply }) => {
      const row = await loadOrder(tx, ctx, params.id, 'medication-order', 'update');
      const expected = optionalIfMatch(req);
      if (expected !== undefined && expected !== row.version) throw problems.preconditionFailed();
      if (row.status === 'stopped') throw problems.conflict('order.stopped', 'This order is stopped: write a new order.');
      const { overrideReason, latestQtcMs, ...changes } = body;
      if (Object.keys(changes).length === 0) throw problems.emptyEdit();
      const facility = await facilityOf(tx, ctx.organizationId, row.facility_id);
      const today = dosingDay(ctx.now, facility.time_zone);
      const newDose = body.doseMg ?? Number(row.dose_mg);
      const currentToday = doseForDay(row, today);
      const titration = body.titration
        ? [...body.titration].sort((a, b) => a.day.localeCompare(b.day))
        : ((row.titration as { day: string; doseMg: number }[]) ?? []).filter((s) => s.day > today);
      const split = body.splitDosesMg === undefined ? (row.split_doses_mg?.map(Number) ?? null) : body.splitDosesMg;
      if (split && Math.abs(split[0] + split[1] - newDose) > 1e-6)
        throw problems.invalid('splitDosesMg', 'split-sum', 'splitDosesMg: the two parts add up to the daily dose.');
      const settings = await settingsOf(tx, ctx.organizationId, row.facility_id);
      const { findings } = await orderFindings(
        tx,
        ctx,
        {
          patientId: row.patient_id,
          medication: row.medication as MedicationKey,
          name: row.name,
          doseMg: newDose,
          titration: body.titration ? titration : [],
          frequency: row.frequency,
          scheduleTimes: row.schedule_times,
          startDay: today,
          latestQtcMs,
          previous:
            body.doseMg !== undefined || body.titration
              ? { doseMg: currentToday, lastIncreaseDay: await lastIncreaseDay(tx, ctx, row.id, facility.time_zone) }
              : undefined,
        },
        settings.jurisdiction,
        null,
      ).catch((err) => {
        // Naltrexone and the injections re-check their start only when they are first written.
        if ((err as { status?: number }).status === 422 && !(body.doseMg !== undefined || body.titration)) return { findings: [] as RuleFinding[] };
        throw err;
      });
      const stored = settleFindings(ctx, findings, overrideReason);
      const updated = await saveOrderChange(
        tx,
        ctx,
        row,
        {
          dose_mg: newDose,
          split_doses_mg: split,
          titration: JSON.stringify(titration),
          ...(body.endDay !== undefined ? { end_day: body.endDay } : {}),
          ...(body.instructions !== undefined ? { instructions: body.instructions } : {}),
          findings: JSON.stringify(stored),
        },
        {
          label: body.doseMg !== undefined ? `dose ${currentToday} → ${newDose} mg` : body.titration ? 'titration plan' : 'changed',
          findings: stored,
          reason: overrideReason ?? null,
          eventKind: 'medication.changed',
          summary: `${row.name}: ${body.doseMg !== undefined ? `dose changed from ${currentToday} to ${newDose} mg` : 'order changed'}`,
        },
      );
      setEtag(reply, updated.version);
      return presentOrder(updated);
    },
  }),
  route({
    method: 'POST',
    url: '/medication-orders/:id/cosign',
    summary: 'Co-sign a verbal or telephone order (the prescriber who gave it)',
    tags,
    access: { permission: { resource: 'medication-order-sign', action: 'create' } },
    params: z.object({ id: z.string() }),
    response: orderSchema,
    handler: async ({ tx, ctx, params }) => {
      const row = await loadOrder(tx, ctx, params.id, 'medication-order-sign', 'create');
      if (row.status !== 'pending_cosign') throw problems.conflict('order.not-pending', 'This order does not wait for a co-signature.');
      if (row.ordered_by !== ctx.userId) throw problems.conflict('order.cosign-own', 'Only the prescriber who gave the verbal or telephone order co-signs it.');
      const updated = await saveOrderChange(
        tx,
        ctx,
        row,
        { status: 'active', signed_by: ctx.userId, signed_at: ctx.now },
        { label: 'co-signed', findings: [], reason: null, eventKind: 'medication.cosigned', summary: `${row.name} ${row.entry} order co-signed` },
      );
      return presentOrder(updated);
    },
  }),
  route({
    method: 'POST',
    url: '/medication-orders/:id/status',
    summary: 'Hold, resume or stop an order, with the reason',
    tags,
    access: { permission: { resource: 'medication-order', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({ action: z.enum(['hold', 'resume', 'stop']), reason: z.string().trim().min(3).max(1000) }).strict(),
    response: orderSchema,
    handler: async ({ tx, ctx, params, body, req }) => {
      const row = await loadOrder(tx, ctx, params.id, 'medication-order', 'update');
      const expected = optionalIfMatch(req);
      if (expected !== undefined && expected !== row.version) throw problems.preconditionFailed();
      const next = body.action === 'hold' ? 'held' : body.action === 'stop' ? 'stopped' : 'active';
      if (row.status === 'stopped') throw problems.conflict('order.stopped', 'This order is stopped: write a new order.');
      if (body.action === 'hold' && row.status === 'held') throw problems.conflict('order.already-held', 'This order is already on hold.');
      if (body.action === 'resume' && row.status !== 'held') throw problems.conflict('order.not-held', 'Only an order on hold resumes.');
      const updated = await saveOrderChange(
        tx,
        ctx,
        row,
        { status: next, status_reason: body.reason },
        {
          label: body.action,
          findings: [],
          reason: body.reason,
          eventKind: `medication.${body.action}`,
          summary: `${row.name} ${body.action === 'hold' ? 'held' : body.action === 'stop' ? 'stopped' : 'resumed'}: ${body.reason}`,
        },
      );
      return presentOrder(updated);
    },
  }),
  route({
    method: 'POST',
    url: '/medication-orders/:id/reviews',
    summary: 'Prescriber review of a missed-dose run: dosing may resume and the count restarts',
    tags,
    access: { permission: { resource: 'medication-order', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({ note: z.string().trim().min(3).max(2000), doseMg: mg.optional() }).strict(),
    status: 201,
    idempotent: true,
    response: reviewSchema,
    handler: async ({ tx, ctx, params, body }) => {
      const row = await loadOrder(tx, ctx, params.id, 'medication-order', 'update');
      const id = uuidv7();
      await tx
        .insertInto('med_reviews')
        .values({
          organization_id: ctx.organizationId,
          id,
          order_id: row.id,
          patient_id: row.patient_id,
          note: body.note,
          reviewed_by: ctx.userId,
          reviewed_at: ctx.now,
        })
        .execute();
      await resolveAlerts(tx, ctx.organizationId, row.patient_id, `med-missed:${row.id}`, ctx.now);
      await addEvent(tx, ctx, {
        patientId: row.patient_id,
        episodeId: row.episode_id,
        kind: 'medication.reviewed',
        summary: `Missed doses reviewed: ${body.note}`,
      });
      recordAudit(ctx, { patientId: row.patient_id, resourceType: 'medication-order', resourceId: row.id, action: 'update' });
      return { id, orderId: row.id, reviewedAt: ctx.now.toISOString() };
    },
  }),
  route({
    method: 'GET',
    url: '/medication/worklist',
    summary: 'The prescriber’s work list: verbal and telephone orders to co-sign, missed-dose runs to review, count discrepancies',
    tags,
    access: { permission: { resource: 'medication', action: 'read' } },
    response: worklistSchema,
    handler: async ({ tx, ctx }) => {
      const rows = await tx
        .selectFrom('med_orders as o')
        .innerJoin('patients as p', 'p.id', 'o.patient_id')
        .selectAll('o')
        .select(['p.legal_given_name', 'p.legal_family_name', 'p.mrn'])
        .where('o.organization_id', '=', ctx.organizationId)
        .where('o.status', '=', 'pending_cosign')
        .where('o.ordered_by', '=', ctx.userId)
        .orderBy('o.created_at')
        .limit(200)
        .execute();
      const stockScope = scopeOf(ctx, 'medication-stock', 'update');
      const facilities = stockScope === 'organization' ? null : stockScope === 'facility' ? ctx.facilityIds : [];
      let discrepancies: { id: string; container_id: string; label: string; count_day: string; discrepancy: string; facility_id: string }[] = [];
      if (facilities === null || facilities.length) {
        let q = tx
          .selectFrom('med_counts as c')
          .innerJoin('med_containers as k', 'k.id', 'c.container_id')
          .select(['c.id', 'c.container_id', 'k.label', 'c.count_day', 'c.discrepancy', 'c.facility_id'])
          .where('c.organization_id', '=', ctx.organizationId)
          .where('c.discrepancy', '<>', '0')
          .where('c.reviewed_at', 'is', null);
        if (facilities) q = q.where('c.facility_id', 'in', facilities);
        discrepancies = await q.orderBy('c.counted_at').limit(200).execute();
      }
      for (const r of rows) recordAudit(ctx, { patientId: r.patient_id, resourceType: 'medication-order', resourceId: r.id, action: 'read' });
      return {
        toCosign: rows.map((r) => ({ ...presentOrder(r), patientName: `${r.legal_given_name} ${r.legal_family_name}`, mrn: r.mrn })),
        discrepancies: discrepancies.map((d) => ({
          id: d.id,
          containerId: d.container_id,
          label: d.label,
          countDay: d.count_day,
          discrepancy: Number(d.discrepancy),
          facilityId: d.facility_id,
        })),
      };
    },
  }),
];
