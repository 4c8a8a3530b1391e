import type { RouteSpec } from '../../platform/http/route';
import { dosingRoutes } from './dosing';
import { marRoutes } from './mar';
import { orderRoutes } from './orders';
import { settingsRoutes } from './settings';
import { stockRoutes } from './stock';
import { takeHomeRoutes } from './take-homes';

export const medicationRoutes: RouteSpec[] = [...orderRoutes, ...dosingRoutes, ...stockRoutes, ...takeHomeRoutes, ...marRoutes, ...settingsRoutes];
