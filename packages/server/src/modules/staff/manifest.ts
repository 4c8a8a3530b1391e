import { everyStaffRole, type StageManifest } from '../../platform/stage';
import { staffRoutes } from './routes';

/** The staff directory: who works here, for pickers. No tables of its own. */
export const staffStage: StageManifest = {
  name: 'staff',
  tables: [],
  routes: staffRoutes,
  grants: {
    'staff-directory': { read: everyStaffRole('organization', 'Names and roles of colleagues, for care-team pickers and signatures.') },
  },
};
