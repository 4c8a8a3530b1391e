import './admissions.css';
import type { WebStage } from '../../app/stage';
import { ConsentPrintPage } from './Consents';
import { CoveragePanel } from './Coverage';
import { InquiriesPage, NewInquiryPage } from './Inquiries';
import { InquiryPage } from './InquiryPage';
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
};
