import type { WebStage } from '../../app/stage';
import { AlertsPage } from './AlertsPage';

export const alertsWeb: WebStage = {
  name: 'alerts',
  pages: [{ pattern: '/alerts', needs: 'alert.read', title: 'Alerts for me', render: () => <AlertsPage /> }],
};
