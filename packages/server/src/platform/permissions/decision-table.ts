import type { Role } from '@waypoint/clinical/care/roles';
import type { Grant, StageManifest } from '../stage';

/**
 * How far a role's access reaches for one resource and action:
 * - organization: every record of the organization;
 * - facility: patients registered at, or with an episode at, one of the user's facilities;
 * - care-team: patients whose episode has the user on its care team;
 * - self: the patient's own record (portal).
 * A role without an entry is denied (deny by default).
 */
export type Scope = 'organization' | 'facility' | 'care-team' | 'self';

/** A resource is named by the stage that declares it in its manifest (e.g. 'withdrawal', 'census'). */
export type Resource = string;

export type Action = 'read' | 'create' | 'update' | 'admin';

export type DecisionTable = ReadonlyMap<string, Grant>;

const key = (resource: Resource, action: Action, role: Role) => `${resource}\u0000${action}\u0000${role}`;

/**
 * The one decision table, composed from every stage's grants. A resource belongs to one stage: two
 * stages declaring the same resource is a start-up error, not a silent merge of grants.
 */
export function composeDecisionTable(stages: readonly Pick<StageManifest, 'name' | 'grants'>[]): DecisionTable {
  const owner = new Map<string, string>();
  const table = new Map<string, Grant>();
  for (const stage of stages) {
    for (const [resource, actions] of Object.entries(stage.grants)) {
      const other = owner.get(resource);
      if (other) throw new Error(`Resource '${resource}' is declared by both stage '${other}' and stage '${stage.name}'.`);
      owner.set(resource, stage.name);
      for (const [action, grants] of Object.entries(actions)) {
        for (const [role, grant] of Object.entries(grants ?? {})) {
          if (!grant?.why?.trim()) throw new Error(`Grant ${resource}.${action} for ${role} in stage '${stage.name}' has no reason.`);
          table.set(key(resource, action as Action, role as Role), grant);
        }
      }
    }
  }
  return table;
}

/** The scope of a role's access, or undefined: denied. */
export function scopeIn(table: DecisionTable, role: Role, resource: Resource, action: Action): Scope | undefined {
  return table.get(key(resource, action, role))?.scope;
}

/** Every 'resource.action' a role may use and how far it reaches, for the web app (it shows only what will work). */
export function permissionsOf(table: DecisionTable, role: Role): Record<string, Scope> {
  const out: Record<string, Scope> = {};
  for (const [k, grant] of table) {
    const [resource, action, r] = k.split('\u0000');
    if (r === role) out[`${resource}.${action}`] = grant.scope;
  }
  return out;
}

/** The roles granted resource.action at any scope (e.g. who may sign an order, for a picker of signers). */
export function rolesWith(table: DecisionTable, resource: Resource, action: Action): Role[] {
  const prefix = `${resource}\u0000${action}\u0000`;
  return [...table.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length) as Role);
}

/** Whether any role may use resource.action at all: a route naming an unknown pair is a start-up error. */
export function isDeclared(table: DecisionTable, resource: Resource, action: Action): boolean {
  for (const k of table.keys()) if (k.startsWith(`${resource}\u0000${action}\u0000`)) return true;
  return false;
}
