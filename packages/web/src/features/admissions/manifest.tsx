import './admissions.css';
import type { WebStage } from '../../app/stage';
import { ConsentPrintPage } from './Consents';
import { CoveragePanel } from './Coverage';
import { InquiriesPage, NewInquiryPage } from './Inquiries';
import { InquiryPage } from './InquiryPage';
import { AuthorizationAlertSettings, BedCapacitySettings } from './Settings';
import { WorkListPage } from './WorkList';

/** Admissions: inquiries, the coordinator's work list, the chart's Coverage panel and printable consents. */
export const admissionsWeb: WebStage = {
  name: 'admissions',
  nav: [{ to: '/admissions', label: 'Admissions', needs: 'admissions-inquiry.read' }],
  pages: [
    { pattern: '/admissions', needs: 'admissions-inquiry.read', title: 'Admissions', render: (_, me) => <InquiriesPage me={me} /> },
    { pattern: '/admissions/work', needs: 'admissions-inquiry.read', title: 'My work', render: (_, me) => <WorkListPage me={me} /> },
    { pattern: '/admissions/inquiries/new', needs: 'admissions-inquiry.create', title: 'New inquiry', render: (_, me) => <NewInquiryPage me={me} /> },
    {
      pattern: '/admissions/inquiries/:id',
      needs: 'admissions-inquiry.read',
      title: 'Inquiry',
      render: (p, me) => <InquiryPage key={p.id} id={p.id} me={me} />,
    },
    { pattern: '/consents/:id/print', needs: 'admissions-consent.read', title: 'Signed consent', render: (p) => <ConsentPrintPage id={p.id} /> },
  ],
  chartPanels: [
    { id: 'coverage', title: 'Coverage', needs: 'coverage.read', column: 'side', render: (p) => <CoveragePanel patientId={p.patientId} me={p.me} /> },
  ],
  // Who may change each setting is the server's grant: the admissions settings are an organization setting, beds a facility's.
  settingsPanels: [
    { id: 'authorization-alerts', title: 'Prior authorization alerts', needs: 'organization.update', render: () => <AuthorizationAlertSettings /> },
    { id: 'bed-capacity', title: 'Beds by level of care', needs: 'facility.update', render: () => <BedCapacitySettings /> },
  ],
};
