import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { isUuid } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { addDays, dosingDay, formKeys, medicationKeys, num, requireMedFacility, round3, stockProblem } from './common';
import { resolveFacilityAlerts, raiseAlert } from '../alerts/service';
import {
  containerSchema,
  countReviewSchema,
  countSchema,
  dispensingLogSchema,
  ledgerEntrySchema,
  ledgerSchema,
  stockViewSchema,
  transferSchema,
  wasteRequestSchema,
} from './schemas';
import { scopeOf } from './scope';

const tags = ['medication stock'];
const qty = z.number().positive().max(1_000_000);

type ContainerRow = {
  id: string;
  facility_id: string;
  medication: string;
  form: string;
  label: string;
  lot: string | null;
  unit: string;
  strength_mg: string;
  balance: string;
  status: string;
  version: number;
};
function presentContainer(c: ContainerRow) {
  return {
    id: c.id,
    facilityId: c.facility_id,
    medication: c.medication,
    form: c.form,
    label: c.label,
    lot: c.lot,
    unit: c.unit,
    strengthMg: Number(c.strength_mg),
    balance: Number(c.balance),
    balanceMg: round3(Number(c.balance) * Number(c.strength_mg)),
    status: c.status,
    version: c.version,
  };
}
type LedgerRow = {
  id: string;
  kind: string;
  quantity: string;
  mg: string;
  balance_after: string;
  dose_id: string | null;
  supplier: string | null;
  order_form_number: string | null;
  counterpart_container_id: string | null;
  counterpart_label?: string | null;
  reason: string | null;
  recorded_by: string;
  second_signer: string | null;
  occurred_at: Date;
};
function presentLedger(l: LedgerRow) {
  return {
    id: l.id,
    kind: l.kind,
    quantity: Number(l.quantity),
    mg: Number(l.mg),
    balanceAfter: Number(l.balance_after),
    doseId: l.dose_id,
    supplier: l.supplier,
    orderFormNumber: l.order_form_number,
    counterpartContainerId: l.counterpart_container_id,
    counterpartLabel: l.counterpart_label ?? null,
    reason: l.reason,
    recordedBy: l.recorded_by,
    secondSigner: l.second_signer,
    occurredAt: l.occurred_at.toISOString(),
  };
}

/** A container of the caller's facilities (scope of the resource and action), or 404. */
async function requireContainer(tx: Tx, ctx: RequestContext, id: string, action: 'read' | 'create' | 'update') {
  if (!isUuid(id)) throw problems.notFound('Container');
  const c = await tx.selectFrom('med_containers').selectAll().where('organization_id', '=', ctx.organizationId).where('id', '=', id).executeTakeFirst();
  if (!c) throw problems.notFound('Container');
  const scope = scopeOf(ctx, 'medication-stock', action);
  if (!(scope === 'organization' || (scope === 'facility' && ctx.facilityIds.includes(c.facility_id)))) throw problems.notFound('Container');
  return c;
}

async function move(
  tx: Tx,
  ctx: RequestContext,
  c: { id: string; strength_mg: string },
  m: {
    kind: LedgerRow['kind'];
    quantity: number;
    supplier?: string | null;
    orderFormNumber?: string | null;
    reason?: string | null;
    counterpart?: { id: string; label: string } | null;
    secondSigner?: string | null;
  },
) {
  const row = await tx
    .insertInto('med_ledger')
    .values({
      organization_id: ctx.organizationId,
      id: uuidv7(),
      container_id: c.id,
      kind: m.kind as never,
      quantity: round3(m.quantity),
      mg: round3(Math.abs(m.quantity) * Number(c.strength_mg)),
      dose_id: null,
      supplier: m.supplier ?? null,
      order_form_number: m.orderFormNumber ?? null,
      counterpart_container_id: m.counterpart?.id ?? null,
      reason: m.reason ?? null,
      recorded_by: ctx.userId,
      second_signer: m.secondSigner ?? null,
      occurred_at: ctx.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(stockProblem);
  recordAudit(ctx, { patientId: null, resourceType: 'medication-ledger', resourceId: row.id, action: 'create' });
  return presentLedger({ ...row, counterpart_label: m.counterpart?.label ?? null });
}

const countAlertKey = (countId: string) => `med-count:${countId}`;

export const stockRoutes = [
  route({
    method: 'GET',
    url: '/facilities/:facilityId/medication-stock',
    summary: 'Controlled-substance containers of a facility with their ledger balance, and count discrepancies waiting for review',
    tags,
    access: { permission: { resource: 'medication-stock', action: 'read' } },
    params: z.object({ facilityId: z.string() }),
    response: stockViewSchema,
    handler: async ({ tx, ctx, params }) => {
      const f = await requireMedFacility(tx, ctx, params.facilityId, 'medication-stock', 'read');
      const rows = await tx
        .selectFrom('med_containers')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('facility_id', '=', f.id)
        .orderBy('status')
        .orderBy('created_at')
        .limit(500)
        .execute();
      const counts = await tx
        .selectFrom('med_counts')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('facility_id', '=', f.id)
        .where('discrepancy', '<>', '0')
        .where('reviewed_at', 'is', null)
        .orderBy('counted_at')
        .limit(200)
        .execute();
      const waste = await tx
        .selectFrom('med_waste as w')
        .innerJoin('med_containers as c', 'c.id', 'w.container_id')
        .selectAll('w')
        .where('w.organization_id', '=', ctx.organizationId)
        .where('c.facility_id', '=', f.id)
        .where('w.signed_at', 'is', null)
        .orderBy('w.requested_at')
        .limit(200)
        .execute();
      return {
        items: rows.map(presentContainer),
        openDiscrepancies: counts.map((c) => ({
          id: c.id,
          containerId: c.container_id,
          countDay: c.count_day,
          counted: Number(c.counted),
          ledgerBalance: Number(c.ledger_balance),
          discrepancy: Number(c.discrepancy),
          note: c.note,
        })),
        pendingWaste: waste.map((w) => ({
          id: w.id,
          containerId: w.container_id,
          kind: w.kind,
          quantity: Number(w.quantity),
          reason: w.reason,
          requestedBy: w.requested_by,
          requestedAt: w.requested_at.toISOString(),
        })),
      };
    },
  }),
  route({
    method: 'POST',
    url: '/facilities/:facilityId/medication-stock',
    summary: 'Open a stock container (a bottle of methadone concentrate, a box of buprenorphine films)',
    tags,
    access: { permission: { resource: 'medication-stock', action: 'create' } },
    params: z.object({ facilityId: z.string() }),
    body: z
      .object({
        medication: z.enum(medicationKeys),
        form: z.enum(formKeys),
        label: z.string().trim().min(2).max(200),
        lot: z.string().trim().max(100).optional(),
        unit: z.enum(['ml', 'unit']),
        strengthMg: z.number().positive().max(10_000),
      })
      .strict(),
    response: containerSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const f = await requireMedFacility(tx, ctx, params.facilityId, 'medication-stock', 'create');
      if ((body.form === 'liquid') !== (body.unit === 'ml'))
        throw problems.invalid('unit', 'unit-matches-form', 'unit: liquids are counted in mL, everything else in units.');
      const row = await tx
        .insertInto('med_containers')
        .values({
          organization_id: ctx.organizationId,
          id: uuidv7(),
          facility_id: f.id,
          medication: body.medication,
          form: body.form,
          label: body.label,
          lot: body.lot ?? null,
          unit: body.unit,
          strength_mg: body.strengthMg,
          created_at: ctx.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      recordAudit(ctx, { patientId: null, resourceType: 'medication-container', resourceId: row.id, action: 'create' });
      return presentContainer(row);
    },
  }),
  route({
    method: 'POST',
    url: '/medication-stock/:id/receipts',
    summary: 'Receive stock into a container (supplier and DEA order form number)',
    tags,
    access: { permission: { resource: 'medication-stock', action: 'create' } },
    params: z.object({ id: z.string() }),
    body: z.object({ quantity: qty, supplier: z.string().trim().min(2).max(200), orderFormNumber: z.string().trim().min(3).max(50) }).strict(),
    response: ledgerEntrySchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const c = await requireContainer(tx, ctx, params.id, 'create');
      if (c.status !== 'open') throw problems.conflict('stock.closed', 'This container is closed.');
      return move(tx, ctx, c, { kind: 'receipt', quantity: body.quantity, supplier: body.supplier, orderFormNumber: body.orderFormNumber });
    },
  }),
  route({
    method: 'POST',
    url: '/medication-stock/:id/transfers',
    summary: 'Move stock to another container of the same medication and strength (both ledgers, one transaction)',
    tags,
    access: { permission: { resource: 'medication-stock', action: 'create' } },
    params: z.object({ id: z.string() }),
    body: z.object({ toContainerId: z.uuid(), quantity: qty, reason: z.string().trim().min(3).max(500) }).strict(),
    response: transferSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const from = await requireContainer(tx, ctx, params.id, 'create');
      const to = await requireContainer(tx, ctx, body.toContainerId, 'create').catch(() => {
        throw problems.invalid('toContainerId', 'stock.container', 'toContainerId: a container you can reach.');
      });
      if (from.id === to.id) throw problems.invalid('toContainerId', 'different', 'toContainerId: another container.');
      if (from.medication !== to.medication || from.unit !== to.unit || Number(from.strength_mg) !== Number(to.strength_mg))
        throw problems.invalid('toContainerId', 'same-product', 'toContainerId: same medication, unit and strength.');
      // Lock in id order so two opposite transfers cannot deadlock.
      const [a, b] = [from, to].sort((x, y) => x.id.localeCompare(y.id));
      for (const c of [a, b]) await tx.selectFrom('med_containers').select('id').where('id', '=', c.id).forUpdate().execute();
      const out = await move(tx, ctx, from, { kind: 'transfer_out', quantity: -body.quantity, reason: body.reason, counterpart: to });
      const inn = await move(tx, ctx, to, { kind: 'transfer_in', quantity: body.quantity, reason: body.reason, counterpart: from });
      return { out, in: inn };
    },
  }),
  route({
    method: 'POST',
    url: '/medication-stock/:id/adjustments',
    summary: 'Adjust a container’s balance with a reason (e.g. a spill found at count); never below zero',
    tags,
    access: { permission: { resource: 'medication-stock', action: 'create' } },
    params: z.object({ id: z.string() }),
    body: z
      .object({
        quantity: z
          .number()
          .min(-1_000_000)
          .max(1_000_000)
          .refine((v) => v !== 0, 'not zero'),
        reason: z.string().trim().min(5).max(500),
      })
      .strict(),
    response: ledgerEntrySchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const c = await requireContainer(tx, ctx, params.id, 'create');
      return move(tx, ctx, c, { kind: 'adjustment', quantity: body.quantity, reason: body.reason });
    },
  }),
  route({
    method: 'GET',
    url: '/medication-stock/:id/ledger',
    summary: 'The perpetual ledger of a container, oldest first, with the balance after each movement',
    tags,
    access: { permission: { resource: 'medication-stock', action: 'read' } },
    params: z.object({ id: z.string() }),
    response: ledgerSchema,
    handler: async ({ tx, ctx, params }) => {
      const c = await requireContainer(tx, ctx, params.id, 'read');
      const rows = await tx
        .selectFrom('med_ledger as l')
        .leftJoin('med_containers as k', (j) => j.onRef('k.id', '=', 'l.counterpart_container_id').onRef('k.organization_id', '=', 'l.organization_id'))
        .selectAll('l')
        .select('k.label as counterpart_label')
        .where('l.organization_id', '=', ctx.organizationId)
        .where('l.container_id', '=', c.id)
        .orderBy('l.seq')
        .limit(5000)
        .execute();
      recordAudit(ctx, { patientId: null, resourceType: 'medication-ledger', resourceId: c.id, action: 'read' });
      return { container: presentContainer(c), items: rows.map(presentLedger) };
    },
  }),
  route({
    method: 'POST',
    url: '/medication-stock/:id/counts',
    summary: 'Record the daily count of a container; a difference from the ledger is flagged for review',
    tags,
    access: { permission: { resource: 'medication-stock', action: 'create' } },
    params: z.object({ id: z.string() }),
    body: z.object({ counted: z.number().min(0).max(1_000_000), note: z.string().trim().max(1000).optional() }).strict(),
    response: countSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const c = await requireContainer(tx, ctx, params.id, 'create');
      // The balance at the moment of the count, with movements held off until it is written.
      const locked = await tx.selectFrom('med_containers').select(['balance']).where('id', '=', c.id).forUpdate().executeTakeFirstOrThrow();
      const f = await tx.selectFrom('facilities').select('time_zone').where('id', '=', c.facility_id).executeTakeFirstOrThrow();
      const ledger = Number(locked.balance);
      const discrepancy = round3(body.counted - ledger);
      if (discrepancy !== 0 && !body.note)
        throw problems.invalid('note', 'required', `note: the count differs from the ledger by ${discrepancy} ${c.unit}; say what was found.`);
      const id = uuidv7();
      const day = dosingDay(ctx.now, f.time_zone);
      await tx
        .insertInto('med_counts')
        .values({
          organization_id: ctx.organizationId,
          id,
          facility_id: c.facility_id,
          container_id: c.id,
          count_day: day,
          counted: body.counted,
          ledger_balance: ledger,
          discrepancy,
          note: body.note ?? null,
          counted_by: ctx.userId,
          counted_at: ctx.now,
        })
        .execute();
      // A count that does not match the ledger is the director's to review (the medical director is a
      // prescriber; the administrator oversees the program): the alert resolves when the count is reviewed.
      const alert =
        discrepancy !== 0
          ? await raiseAlert(tx, ctx, {
              facilityId: c.facility_id,
              kind: 'medication.count-discrepancy',
              severity: 'critical',
              message: `Count of ${c.label} on ${day}: counted ${body.counted} ${c.unit === 'ml' ? 'mL' : 'units'}, ledger ${ledger} (${discrepancy > 0 ? '+' : ''}${discrepancy}) — review the discrepancy`,
              dedupeKey: countAlertKey(id),
              audience: ['prescriber', 'administrator'],
            })
          : null;
      recordAudit(ctx, { patientId: null, resourceType: 'medication-count', resourceId: id, action: 'create' });
      return { id, countDay: day, counted: body.counted, ledgerBalance: ledger, discrepancy, flagged: discrepancy !== 0, alertId: alert?.id ?? null };
    },
  }),
  route({
    method: 'POST',
    url: '/medication-counts/:id/review',
    summary: 'Review a count discrepancy (prescriber as medical director, or the administrator), with what was done',
    tags,
    access: { permission: { resource: 'medication-stock', action: 'update' } },
    params: z.object({ id: z.string() }),
    body: z.object({ note: z.string().trim().min(5).max(2000) }).strict(),
    response: countReviewSchema,
    handler: async ({ tx, ctx, params, body }) => {
      if (!isUuid(params.id)) throw problems.notFound('Count');
      const row = await tx
        .selectFrom('med_counts')
        .select(['id', 'container_id', 'facility_id', 'reviewed_at'])
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', params.id)
        .executeTakeFirst();
      if (!row) throw problems.notFound('Count');
      await requireContainer(tx, ctx, row.container_id, 'update');
      if (row.reviewed_at) throw problems.conflict('count.reviewed', 'This count has been reviewed.');
      await tx
        .updateTable('med_counts')
        .set({ reviewed_by: ctx.userId, reviewed_at: ctx.now, review_note: body.note })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', row.id)
        .execute();
      await resolveFacilityAlerts(tx, ctx.organizationId, row.facility_id, countAlertKey(row.id), ctx.now);
      recordAudit(ctx, { patientId: null, resourceType: 'medication-count', resourceId: row.id, action: 'update' });
      return { id: row.id, reviewedAt: ctx.now.toISOString() };
    },
  }),
  route({
    method: 'POST',
    url: '/medication-stock/:id/waste',
    summary: 'Request waste or destruction of stock; the ledger moves only when a second person signs',
    tags,
    access: { permission: { resource: 'medication-stock', action: 'create' } },
    params: z.object({ id: z.string() }),
    body: z.object({ kind: z.enum(['waste', 'destruction']), quantity: qty, reason: z.string().trim().min(5).max(1000) }).strict(),
    response: wasteRequestSchema,
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, params, body }) => {
      const c = await requireContainer(tx, ctx, params.id, 'create');
      if (body.quantity > Number(c.balance)) throw problems.conflict('stock.insufficient', `Only ${Number(c.balance)} ${c.unit} in this container.`);
      const id = uuidv7();
      await tx
        .insertInto('med_waste')
        .values({
          organization_id: ctx.organizationId,
          id,
          container_id: c.id,
          kind: body.kind,
          quantity: body.quantity,
          reason: body.reason,
          requested_by: ctx.userId,
          requested_at: ctx.now,
        })
        .execute();
      recordAudit(ctx, { patientId: null, resourceType: 'medication-waste', resourceId: id, action: 'create' });
      return { id, status: 'awaiting-second-signer' as const };
    },
  }),
  route({
    method: 'POST',
    url: '/medication-waste/:id/sign',
    summary: 'Second signer of waste or destruction: someone other than the requester; writes the ledger entry',
    tags,
    access: { permission: { resource: 'medication-stock', action: 'update' } },
    params: z.object({ id: z.string() }),
    response: ledgerEntrySchema,
    handler: async ({ tx, ctx, params }) => {
      if (!isUuid(params.id)) throw problems.notFound('Waste');
      const w = await tx
        .selectFrom('med_waste')
        .selectAll()
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', params.id)
        .forUpdate()
        .executeTakeFirst();
      if (!w) throw problems.notFound('Waste');
      const c = await requireContainer(tx, ctx, w.container_id, 'update');
      if (w.signed_at) throw problems.conflict('waste.signed', 'This waste has already been signed.');
      if (w.requested_by === ctx.userId) throw problems.conflict('waste.second-signer', 'A second person signs: not the one who requested it.');
      const entry = await move(tx, ctx, c, { kind: w.kind, quantity: -Number(w.quantity), reason: w.reason, secondSigner: ctx.userId });
      await tx
        .updateTable('med_waste')
        .set({ signed_by: ctx.userId, signed_at: ctx.now, ledger_id: entry.id })
        .where('organization_id', '=', ctx.organizationId)
        .where('id', '=', w.id)
        .execute();
      return { ...entry, recordedBy: w.requested_by };
    },
  }),
  route({
    method: 'GET',
    url: '/facilities/:facilityId/dispensing-log',
    summary:
      'The dispensing log (21 CFR 1304.24): substance, strength, form, date, patient, amount on site, amount and form taken home, initials — for a day or a range',
    tags,
    access: { permission: { resource: 'medication-stock', action: 'read' } },
    params: z.object({ facilityId: z.string() }),
    query: z.object({ from: z.iso.date(), to: z.iso.date().optional() }).strict(),
    response: dispensingLogSchema,
    handler: async ({ tx, ctx, params, query }) => {
      const f = await requireMedFacility(tx, ctx, params.facilityId, 'medication-stock', 'read');
      const to = query.to ?? query.from;
      if (to < query.from) throw problems.invalid('to', 'after-from', 'to: on or after from.');
      if (to > addDays(query.from, 92)) throw problems.invalid('to', 'range', 'to: at most 92 days after from.');
      const rows = await tx
        .selectFrom('med_doses as d')
        .innerJoin('patients as p', 'p.id', 'd.patient_id')
        .innerJoin('users as u', 'u.id', 'd.given_by')
        .leftJoin('med_containers as c', 'c.id', 'd.container_id')
        .select([
          'd.id',
          'd.dosing_day',
          'd.given_at',
          'd.medication',
          'd.form',
          'd.kind',
          'd.dose_mg',
          'd.volume_ml',
          'd.units',
          'p.mrn',
          'u.display_name',
          'c.strength_mg',
          'c.unit',
          'c.label',
        ])
        .where('d.organization_id', '=', ctx.organizationId)
        .where('d.facility_id', '=', f.id)
        .where('d.dosing_day', '>=', query.from)
        .where('d.dosing_day', '<=', to)
        .where('d.container_id', 'is not', null)
        .orderBy('d.given_at')
        .limit(20_000)
        .execute();
      recordAudit(ctx, { patientId: null, resourceType: 'dispensing-log', resourceId: f.id, action: 'export' });
      const initials = (n: string) =>
        n
          .split(/\s+/)
          .map((w) => w[0]?.toUpperCase() ?? '')
          .join('')
          .slice(0, 4);
      return {
        facility: { id: f.id, name: f.name, timeZone: f.time_zone },
        from: query.from,
        to,
        items: rows.map((r) => {
          const home = r.kind === 'take_home';
          return {
            doseId: r.id,
            date: r.dosing_day,
            givenAt: r.given_at.toISOString(),
            substance: r.medication,
            strength: r.unit === 'ml' ? `${Number(r.strength_mg)} mg/mL` : `${Number(r.strength_mg)} mg`,
            dosageForm: r.form,
            patientIdentifier: r.mrn,
            amountOnSiteMg: home ? null : num(r.dose_mg),
            amountTakenHomeMg: home ? num(r.dose_mg) : null,
            takeHomeForm: home ? r.form : null,
            quantity: num(r.volume_ml) ?? num(r.units),
            unit: r.unit,
            initials: initials(r.display_name),
            container: r.label,
          };
        }),
      };
    },
  }),
];
