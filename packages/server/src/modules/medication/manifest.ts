import type { StageManifest } from '../../platform/stage';
import { medicationGrants } from './grants';
import { dosingRoutes } from './dosing';
import { marRoutes, sweepMissedDoses } from './mar';
import { orderRoutes } from './orders';
import { settingsRoutes } from './settings';
import { stockRoutes } from './stock';
import { takeHomeRoutes } from './take-homes';

/**
 * Medication for opioid use disorder: orders checked by the rule set in force, the dosing window
 * (one regular dose per patient per dosing day, guarded by the database), take-homes, the
 * controlled-substance ledger, the MAR, and the missed-dose sweep.
 */
export const medicationStage: StageManifest = {
  name: 'medication',
  tables: [
    'med_settings',
    'med_orders',
    'med_order_versions',
    'med_containers',
    'med_ledger',
    'med_doses',
    'med_take_home_plans',
    'med_bottle_checks',
    'med_counts',
    'med_waste',
    'med_reviews',
  ],
  routes: [...orderRoutes, ...dosingRoutes, ...stockRoutes, ...takeHomeRoutes, ...marRoutes, ...settingsRoutes],
  grants: medicationGrants,
  jobs: [{ name: 'medication missed-dose runs', everySeconds: 900, run: (db, now) => sweepMissedDoses(db, now) }],
};
