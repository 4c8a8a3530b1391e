import type { RouteSpec } from '../../platform/http/route';
import { dosingRoutes } from './dosing';
import { orderRoutes } from './orders';
import { stockRoutes } from './stock';

export const medicationRoutes: RouteSpec[] = [...orderRoutes, ...dosingRoutes, ...stockRoutes];
