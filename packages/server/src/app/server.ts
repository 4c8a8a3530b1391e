import { buildApp, type AppOptions } from '../platform/http/app';
import { stages } from './stages';

/** The Waypoint server: the platform's pipeline with every stage of care mounted. */
export function buildWaypoint(opts: Omit<AppOptions, 'stages'>) {
  return buildApp({ ...opts, stages });
}
