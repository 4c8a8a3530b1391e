import { everyStaffRole, type StageManifest } from '../../platform/stage';
import { facilityRoutes } from './facilities';
import { organizationRoutes } from './organization';
import { userRoutes } from './users';

const admin = { scope: 'organization', why: 'The program administrator runs the organization’s setup.' } as const;
/** Administration: the organization, its facilities and its staff accounts. */
export const adminStage: StageManifest = {
  name: 'admin',
  tables: ['organizations', 'facilities', 'users', 'user_facilities'],
  routes: [...organizationRoutes, ...facilityRoutes, ...userRoutes],
  grants: {
    organization: { read: { administrator: admin }, update: { administrator: admin } },
    facility: {
      read: everyStaffRole('organization', 'Facility names, time zones, beds and levels label every screen.'),
      create: { administrator: admin },
      update: { administrator: admin },
    },
    user: { read: { administrator: admin }, create: { administrator: admin }, update: { administrator: admin } },
    'api-token': { create: { administrator: { scope: 'organization', why: 'Integrations are connected by the administrator, who answers for them.' } } },
  },
};
