import type { RequestContext } from '../../platform/context';
import type { Action } from '../../platform/permissions/decision-table';

/** How far the caller's access reaches for one of the stage's resources (the one decision table). */
export function scopeOf(ctx: RequestContext, resource: string, action: Action) {
  return ctx.scopeFor(resource, action);
}
