import { roles, type Role } from '@waypoint/clinical/care/roles';
import type { Db } from '../db/schema';
import type { RouteSpec } from './http/route';
import type { Action, Scope } from './permissions/decision-table';

/** One role's access to one resource and action, with the reason a program would give for it. */
export interface Grant {
  scope: Scope;
  why: string;
  /**
   * Only the records addressed to the role (an alert's audience names it), never those for everyone:
   * minimum necessary for a non-clinical role (42 CFR Part 2). The resource's routes read it.
   */
  audienceOnly?: true;
}

export type Grants = Partial<Record<Role, Grant>>;

/** A stage's resources: resource name → action → who may, how far, and why. */
export type StageGrants = Record<string, Partial<Record<Action, Grants>>>;

/** Work a stage runs in the background (sweeps, reminders); idempotent, so a missed or repeated run is harmless. */
export interface StageJob {
  name: string;
  everySeconds: number;
  run: (db: Db, now: Date) => Promise<unknown>;
}

/**
 * The stage contract (DESIGN.md). A stage is a folder under `modules/` that owns its tables and
 * exposes a service (functions other stages call) and this manifest, which the app composes at the
 * top (`app/stages.ts`). Adding a stage = a folder, a migration, a manifest entry, a web feature.
 */
export interface StageManifest {
  /** The folder name under modules/. */
  name: string;
  /** The tables this stage owns: only its own code writes them (test/stage-contract.test.ts). */
  tables: string[];
  /** JSON API routes, mounted under /api/v1. */
  routes: RouteSpec[];
  /** FHIR R4 routes, mounted under /fhir/R4. */
  fhirRoutes?: RouteSpec[];
  grants: StageGrants;
  jobs?: StageJob[];
}

/** The same grant for every staff role (not patients or family), e.g. reading facility names. */
export function everyStaffRole(scope: Scope, why: string): Grants {
  return Object.fromEntries(roles.filter((r) => r !== 'patient' && r !== 'family_member').map((r) => [r, { scope, why }]));
}
