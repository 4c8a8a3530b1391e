import type { WebStage } from '../../app/stage';
import { AssessmentPanel } from './AssessmentPanel';
import { DiagnosesPanel } from './DiagnosesPanel';
import { InstrumentsPanel } from './InstrumentsPanel';
import { PlacementPanel } from './PlacementPanel';
import { PrescriberWork } from './PrescriberWork';

export const assessmentWeb: WebStage = {
  name: 'assessment',
  nav: [{ to: '/my-work/signatures', label: 'My work', needs: 'prescriber-worklist.read' }],
  pages: [{ pattern: '/my-work/signatures', needs: 'prescriber-worklist.read', title: 'My work', render: () => <PrescriberWork /> }],
  chartPanels: [
    {
      id: 'instruments',
      title: 'Screening instruments',
      needs: 'assessment.read',
      column: 'main',
      render: (p) => <InstrumentsPanel patientId={p.patientId} me={p.me} sex={p.header.patient.sexAtBirth} />,
    },
    {
      id: 'assessment',
      title: 'Intake assessment',
      needs: 'assessment.read',
      column: 'main',
      render: (p) => <AssessmentPanel patientId={p.patientId} header={p.header} me={p.me} />,
    },
    {
      id: 'diagnoses',
      title: 'Diagnoses and psychiatric medications',
      needs: 'diagnosis.read',
      column: 'side',
      render: (p) => <DiagnosesPanel patientId={p.patientId} me={p.me} />,
    },
    {
      id: 'placement',
      title: 'Placement',
      needs: 'placement.read',
      column: 'side',
      render: (p) => <PlacementPanel patientId={p.patientId} header={p.header} me={p.me} />,
    },
  ],
};
