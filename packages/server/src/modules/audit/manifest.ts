import type { StageManifest } from '../../platform/stage';
import { auditRoutes } from './routes';

/**
 * The audit view. The log itself (audit_log) is written by the platform's request pipeline in every
 * request's transaction, so it is a platform table, not this stage's.
 */
export const auditStage: StageManifest = {
  name: 'audit',
  tables: [],
  routes: auditRoutes,
  grants: {
    audit: {
      read: { administrator: { scope: 'organization', why: 'The administrator answers for who looked at what (42 CFR Part 2, HIPAA audit controls).' } },
    },
  },
};
