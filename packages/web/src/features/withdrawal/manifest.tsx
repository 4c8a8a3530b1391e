import type { WebStage } from '../../app/stage';
import { ProtocolsAdmin } from '../admin/ProtocolsAdmin';
import { CoursePage } from './CoursePage';
import { UnitBoard } from './UnitBoard';
import { WithdrawalPanel } from './WithdrawalPanel';

export const withdrawalWeb: WebStage = {
  name: 'withdrawal',
  nav: [
    { to: '/withdrawal', label: 'Detox unit', needs: 'withdrawal-board.read' },
    { to: '/protocols', label: 'Protocols', needs: 'wm-protocol.update' },
  ],
  pages: [
    { pattern: '/withdrawal', needs: 'withdrawal-board.read', title: 'Detox unit', render: (_, me) => <UnitBoard me={me} /> },
    { pattern: '/withdrawal/:id', needs: 'withdrawal.read', title: 'Withdrawal management', render: (p, me) => <CoursePage courseId={p.id} me={me} /> },
    {
      pattern: '/protocols',
      needs: 'wm-protocol.update',
      title: 'Withdrawal protocols',
      render: (_, me) => (
        <section aria-labelledby="protocols-page-title">
          <h1 id="protocols-page-title">Withdrawal protocols</h1>
          <ProtocolsAdmin me={me} />
        </section>
      ),
    },
  ],
  chartPanels: [
    {
      id: 'withdrawal',
      title: 'Withdrawal management',
      needs: 'withdrawal.read',
      column: 'main',
      render: (p) => <WithdrawalPanel patientId={p.patientId} header={p.header} me={p.me} />,
    },
  ],
};
