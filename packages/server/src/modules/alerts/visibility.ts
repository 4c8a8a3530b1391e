import { sql, type RawBuilder } from 'kysely';
import type { RequestContext } from '../../platform/context';
import { addresseeOnly } from './grants';

/**
 * Which alerts (`alerts as a`) this user sees by audience: those naming their role, and those for
 * everyone (empty audience), except for a role granted only its own alerts (alerts grants). A role
 * without alert read sees none: the chart header lists alerts to every role that reads the chart.
 */
export function audienceSees(ctx: Pick<RequestContext, 'role' | 'scopeFor'>, action: 'read' | 'update'): RawBuilder<boolean> {
  if (!ctx.scopeFor('alert', action)) return sql<boolean>`false`;
  if (addresseeOnly(ctx, action)) return sql<boolean>`${ctx.role} = any(a.audience)`;
  return sql<boolean>`(cardinality(a.audience) = 0 or ${ctx.role} = any(a.audience))`;
}

/**
 * The alerts (`a`) shown on a chart header: the clinical team sees every open alert on the chart; a
 * role granted only its own alerts sees those; a role without alert read (the front desk) none.
 */
export function chartAlertsVisible(ctx: Pick<RequestContext, 'role' | 'scopeFor'>): RawBuilder<boolean> {
  if (!ctx.scopeFor('alert', 'read')) return sql<boolean>`false`;
  if (addresseeOnly(ctx, 'read')) return sql<boolean>`${ctx.role} = any(a.audience)`;
  return sql<boolean>`true`;
}
