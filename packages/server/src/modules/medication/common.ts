import type { RuleFinding, OverrideRole } from '@waypoint/clinical/checks';
import { ruleSetFor, type Jurisdiction, type RuleSet } from '@waypoint/clinical/medications/rule-sets';
import type { Insertable } from 'kysely';
import type { MedDosesTable, Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { requireFacility } from '../../platform/permissions/access';
import { HttpProblem, problems } from '../../platform/problems';
import { localDay } from '../../platform/time';

/** The medications the stage orders, with their product shape (clinical.md §5). */
export const medications = {
  methadone: { name: 'Methadone', forms: ['liquid', 'tablet'], route: 'oral', controlled: true, moud: true },
  buprenorphine: { name: 'Buprenorphine', forms: ['tablet', 'film'], route: 'sublingual', controlled: true, moud: true },
  buprenorphine_naloxone: { name: 'Buprenorphine/naloxone', forms: ['tablet', 'film'], route: 'sublingual', controlled: true, moud: true },
  buprenorphine_xr_monthly: { name: 'Extended-release buprenorphine (Sublocade)', forms: ['injection'], route: 'subcutaneous', controlled: true, moud: true },
  buprenorphine_xr_weekly_monthly: {
    name: 'Extended-release buprenorphine (Brixadi)',
    forms: ['injection'],
    route: 'subcutaneous',
    controlled: true,
    moud: true,
  },
  naltrexone_oral: { name: 'Naltrexone', forms: ['tablet'], route: 'oral', controlled: false, moud: true },
  naltrexone_xr: { name: 'Extended-release naltrexone (Vivitrol)', forms: ['injection'], route: 'intramuscular', controlled: false, moud: true },
  naloxone: { name: 'Naloxone', forms: ['spray', 'injection'], route: 'intranasal', controlled: false, moud: false },
  other: {
    name: 'Other',
    forms: ['tablet', 'capsule', 'liquid', 'film', 'injection', 'spray', 'patch', 'other'],
    route: 'oral',
    controlled: false,
    moud: false,
  },
} as const;
export type MedicationKey = keyof typeof medications;
export const medicationKeys = Object.keys(medications) as [MedicationKey, ...MedicationKey[]];
export const formKeys = ['liquid', 'tablet', 'film', 'capsule', 'injection', 'spray', 'patch', 'other'] as const;

/** Daily-dosed at the window (the dosing window's medications). */
export const windowMedications: MedicationKey[] = ['methadone', 'buprenorphine', 'buprenorphine_naloxone'];

/** A daily methadone or buprenorphine order: dosed at the dosing window, never from the MAR. */
export function isWindowOrder(o: { frequency: string; medication: string }): boolean {
  return o.frequency === 'daily' && windowMedications.includes(o.medication as MedicationKey);
}

/** The columns most dose records leave empty (no order, no stock, no guest, no checks, no correction). */
const emptyDoseColumns = {
  order_id: null,
  order_version: null,
  volume_ml: null,
  units: null,
  container_id: null,
  guest_program: null,
  outside_source: null,
  scheduled_for: null,
  reason: null,
  hold_check: 'null',
  findings: '[]',
  override_reason: null,
  corrects_id: null,
} satisfies Partial<Insertable<MedDosesTable>>;

/** A dose record's row: each kind of dose (window, MAR, take-home, kit, outside) names only what it knows. */
export function doseRow(
  d: Omit<Insertable<MedDosesTable>, keyof typeof emptyDoseColumns> & Partial<Pick<Insertable<MedDosesTable>, keyof typeof emptyDoseColumns>>,
): Insertable<MedDosesTable> {
  return { ...emptyDoseColumns, ...d };
}

export function isControlled(m: string): boolean {
  return (medications as Record<string, { controlled: boolean }>)[m]?.controlled ?? false;
}

const overrideRoles: OverrideRole[] = ['prescriber', 'medical-director', 'nurse', 'program-sponsor'];

/** The grant that lets a user act as one of the clinical package's overriders (see the manifest's grants). */
export const overrideResource = (r: OverrideRole) => `medication-override-${r}`;

/** The overriders the caller may act as: decided by the decision table, never by comparing role names. */
export function overrideRolesOf(ctx: Pick<RequestContext, 'scopeFor'>): OverrideRole[] {
  return overrideRoles.filter((r) => ctx.scopeFor(overrideResource(r), 'create') !== undefined);
}

export interface StoredFinding extends Omit<RuleFinding, 'overridden'> {
  overridden: boolean;
  overriddenBy: string | null;
  overrideReason: string | null;
}

/**
 * A hard stop stands unless the rule allows the caller's role to override it and a reason is given;
 * a warning stands until a reason is given. Every finding is kept (overridden ones marked, with who
 * and why) so the record shows what the prescriber or nurse was told. Throws 409 naming the rule.
 */
export function settleFindings(
  ctx: RequestContext,
  findings: RuleFinding[],
  reason: string | undefined,
  opts: { canOverrideWarnings?: boolean } = {},
): StoredFinding[] {
  const mine = overrideRolesOf(ctx);
  const stored = findings.map((f) => {
    const already = (f as { overridden?: boolean }).overridden === true;
    const allowed = f.severity === 'warning' ? opts.canOverrideWarnings !== false : f.overrideBy.some((r) => mine.includes(r));
    const overridden = already || (Boolean(reason) && allowed);
    return { ...f, overridden, overriddenBy: overridden ? ctx.userId : null, overrideReason: overridden ? (reason ?? null) : null };
  });
  const blocking = stored.filter((f) => !f.overridden && f.severity === 'hard-stop');
  const unconfirmed = stored.filter((f) => !f.overridden && f.severity === 'warning');
  if (blocking.length || unconfirmed.length) {
    const first = blocking[0] ?? unconfirmed[0];
    throw new HttpProblem(
      409,
      blocking.length ? 'Hard stop' : 'Warning needs a reason',
      [...blocking, ...unconfirmed].map((f) => `${f.message} (${f.ruleId}; ${f.source})`).join(' '),
      {
        rule: first.ruleId,
        source: first.source,
        override: blocking.length
          ? {
              allowedRoles: first.overrideBy,
              needs: first.overrideBy.length ? 'overrideReason from one of these roles' : 'no override: this rule cannot be overridden',
            }
          : { allowedRoles: ['any role that may write this'], needs: 'overrideReason' },
        findings: stored,
      },
    );
  }
  return stored;
}

/** Program settings of a facility, with the defaults when none were saved. */
/** Window doses missed in a row before a prescriber must review, where the program has set none. */
export const defaultMissedDoseLimit = 3;

export async function settingsOf(tx: Tx, organizationId: string, facilityId: string) {
  const row = await tx
    .selectFrom('med_settings')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('facility_id', '=', facilityId)
    .executeTakeFirst();
  return {
    jurisdiction: (row?.jurisdiction ?? 'federal') as Jurisdiction,
    missedDoseLimit: row?.missed_dose_limit ?? defaultMissedDoseLimit,
    takeHomeProgramMax: row?.take_home_program_max ?? null,
    version: row?.version ?? 0,
  };
}

/** The rule set in force for the facility's jurisdiction on a (facility-local) day. */
export function ruleSetOn(jurisdiction: Jurisdiction, day: string): RuleSet {
  return ruleSetFor(jurisdiction, new Date(`${day}T12:00:00Z`));
}

export async function facilityOf(tx: Tx, organizationId: string, facilityId: string) {
  const f = await tx
    .selectFrom('facilities')
    .select(['id', 'name', 'time_zone'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', facilityId)
    .executeTakeFirst();
  if (!f) throw problems.notFound('Facility');
  return f;
}

/** A facility addressed by a route, if the user's scope for the resource reaches it; 404 otherwise. */
export async function requireMedFacility(tx: Tx, ctx: RequestContext, facilityId: string, resource: string, action: 'read' | 'create' | 'update' | 'admin') {
  const f = await requireFacility(tx, ctx, facilityId, resource, action);
  return { id: f.id, name: f.name, time_zone: f.time_zone };
}

/** The dosing day: the facility's calendar day in its own zone (daylight-saving changes included). */
export function dosingDay(at: Date, timeZone: string): string {
  return localDay(at, timeZone);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export const num = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/** Rounds to the stock's precision (0.001 mL or unit). */
export const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function pgConstraint(err: unknown): { code?: string; constraint?: string } {
  return err as { code?: string; constraint?: string };
}

/** A balance that would go below zero surfaces as the container's check constraint. */
export function stockProblem(err: unknown): never {
  const pg = pgConstraint(err);
  if (pg.code === '23514' && (pg.constraint === 'med_containers_balance_check' || pg.constraint === 'med_ledger_balance_after_check')) {
    throw problems.conflict('stock.insufficient', 'Not enough stock in this container: the ledger can never go below zero.');
  }
  throw err;
}
