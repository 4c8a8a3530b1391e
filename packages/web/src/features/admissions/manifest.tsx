import './admissions.css';
import type { Me } from '../../api/types';
import { match } from '../../app/router';
import { ConsentPrintPage } from './Consents';
import { CoveragePanel } from './Coverage';
import { InquiriesPage, NewInquiryPage } from './Inquiries';
import { InquiryPage } from './InquiryPage';
import { WorkListPage } from './WorkList';

/** The admissions stage in the web app: navigation, pages and the chart's Coverage panel. */
export const admissionsStage = {
  name: 'admissions',
  nav: [{ to: '/admissions', label: 'Admissions', needs: 'admissions-inquiry.read' }],
  pages: [
    { pattern: '/admissions', needs: 'admissions-inquiry.read', render: (_: Record<string, string>, me: Me) => <InquiriesPage me={me} /> },
    { pattern: '/admissions/work', needs: 'admissions-inquiry.read', render: (_: Record<string, string>, me: Me) => <WorkListPage me={me} /> },
    { pattern: '/admissions/inquiries/new', needs: 'admissions-inquiry.create', render: (_: Record<string, string>, me: Me) => <NewInquiryPage me={me} /> },
    { pattern: '/admissions/inquiries/:id', needs: 'admissions-inquiry.read', render: (p: Record<string, string>, me: Me) => <InquiryPage key={p.id} id={p.id} me={me} /> },
    { pattern: '/consents/:id/print', needs: 'admissions-consent.read', render: (p: Record<string, string>) => <ConsentPrintPage id={p.id} /> },
  ],
  chartPanels: [{ id: 'coverage', needs: 'coverage.read', column: 'side' as const, render: ({ patientId, me }: { patientId: string; me: Me }) => <CoveragePanel patientId={patientId} me={me} /> }],
};

/** TEMPORARY until the stage contract's shell composes manifests: the page for a path, if admissions has one. */
export function admissionsPage(path: string, me: Me) {
  // "/admissions/inquiries/new" before ":id".
  for (const p of admissionsStage.pages) {
    const m = match(p.pattern, path);
    if (m && me.permissions.includes(p.needs)) return p.render(m, me);
  }
  return null;
}
