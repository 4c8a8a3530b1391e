import type { WebStage } from '../../app/stage';
import { AuditView } from './AuditView';

export const auditWeb: WebStage = {
  name: 'audit',
  nav: [{ to: '/admin/audit', label: 'Audit log', needs: 'audit.read' }],
  pages: [{ pattern: '/admin/audit', needs: 'audit.read', title: 'Audit log', render: () => <AuditView /> }],
};
