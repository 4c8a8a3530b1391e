import type { WebStage } from '../../app/stage';
import { CounselorWork } from './CounselorWork';
import { PlanPanel } from './PlanPanel';
import { ReviewIntervalSettings } from './Settings';

export const planningWeb: WebStage = {
  name: 'planning',
  nav: [{ to: '/my-work', label: 'My work', needs: 'counselor-worklist.read' }],
  pages: [{ pattern: '/my-work', needs: 'counselor-worklist.read', title: 'My work', render: () => <CounselorWork /> }],
  chartPanels: [
    {
      id: 'plan',
      title: 'Treatment plan',
      needs: 'treatment-plan.read',
      column: 'main',
      render: (p) => <PlanPanel patientId={p.patientId} header={p.header} me={p.me} />,
    },
  ],
  settingsPanels: [{ id: 'review-intervals', title: 'Treatment-plan reviews', needs: 'plan-settings.update', render: () => <ReviewIntervalSettings /> }],
};
