import type { WebStage } from '../../app/stage';
import { DosingWindow } from './DosingWindow';
import { MedicationPanel } from './MedicationPanel';
import { DispensingLogPage, LabelsPage, MarPage, WorkList } from './Pages';
import { StockPage } from './StockPage';

export const medicationWeb: WebStage = {
  name: 'medication',
  nav: [
    { to: '/dosing', label: 'Dosing', needs: 'medication-dose.create' },
    { to: '/medication/mar', label: 'MAR', needs: 'medication-dose.read' },
    { to: '/medication/stock', label: 'Stock', needs: 'medication-stock.read' },
    { to: '/medication/worklist', label: 'Med work list', needs: 'medication-order-sign.create' },
  ],
  pages: [
    { pattern: '/dosing', needs: 'medication-dose.read', title: 'Dosing window', render: (_, me) => <DosingWindow me={me} /> },
    { pattern: '/medication/mar', needs: 'medication-dose.read', title: 'Medication administration record', render: (_, me) => <MarPage me={me} /> },
    { pattern: '/medication/stock', needs: 'medication-stock.read', title: 'Controlled-substance stock', render: (_, me) => <StockPage me={me} /> },
    { pattern: '/medication/worklist', needs: 'medication.read', title: 'Medication work list', render: (_, me) => <WorkList me={me} /> },
    { pattern: '/medication/dispensing-log', needs: 'medication-stock.read', title: 'Dispensing log', render: (_, me) => <DispensingLogPage me={me} /> },
    { pattern: '/medication/take-homes/:id/labels', needs: 'medication.read', title: 'Take-home bottle labels', render: (p) => <LabelsPage planId={p.id} /> },
  ],
  chartPanels: [
    { id: 'medication', title: 'Medication', needs: 'medication.read', column: 'main', render: (p) => <MedicationPanel patientId={p.patientId} me={p.me} /> },
  ],
};
