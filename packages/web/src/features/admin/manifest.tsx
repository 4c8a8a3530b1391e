import type { WebStage } from '../../app/stage';
import { AdminPage } from './AdminPage';

export const adminWeb: WebStage = {
  name: 'admin',
  nav: [{ to: '/admin', label: 'Administration', needs: 'user.read' }],
  pages: [{ pattern: '/admin', needs: 'user.read', title: 'Administration', render: (_, me) => <AdminPage me={me} /> }],
};
