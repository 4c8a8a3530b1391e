import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Me } from '../api/types';
import { Link } from '../components/Link';
import { match, navigate, onLinkClick, usePath } from './router';
import { roleLabels } from './vocabulary';
import { PatientSearch } from '../features/patients/PatientSearch';
import { RegisterPatient } from '../features/patients/RegisterPatient';
import { ChartPage } from '../features/patients/ChartPage';
import { CensusBoard } from '../features/care/CensusBoard';
import { AdminPage } from '../features/admin/AdminPage';
import { AuditView } from '../features/audit/AuditView';
import { UnitBoard } from '../features/withdrawal/UnitBoard';
import { CoursePage } from '../features/withdrawal/CoursePage';
import { AlertsPage } from '../features/alerts/AlertsPage';
import { useMyAlerts } from '../features/alerts/useMyAlerts';
import { admissionsPage, admissionsStage } from '../features/admissions/manifest';

const nav = [
  { to: '/patients', label: 'Patients', needs: 'patient.read' },
  { to: '/census', label: 'Census', needs: 'census.read' },
  { to: '/withdrawal', label: 'Detox unit', needs: 'withdrawal-board.read' },
  ...admissionsStage.nav,
  { to: '/admin', label: 'Administration', needs: 'user.admin-screen' },
  { to: '/admin/audit', label: 'Audit log', needs: 'audit.read' },
];

export function StaffShell({ me }: { me: Me }) {
  const path = usePath();
  const queryClient = useQueryClient();
  const isAdmin = me.user.role === 'administrator';
  const can = (p: string) => (p === 'user.admin-screen' ? isAdmin : me.permissions.includes(p));
  const myAlerts = useMyAlerts();
  const openAlerts = myAlerts.data?.items.length ?? 0;
  const critical = myAlerts.data?.items.some((a) => a.severity === 'critical') ?? false;

  useEffect(() => {
    if (path === '/' || path === '') navigate('/patients');
  }, [path]);

  // "/" jumps to patient search from anywhere outside a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) {
        e.preventDefault();
        if (!location.pathname.startsWith('/patients') || location.pathname !== '/patients') navigate('/patients');
        setTimeout(() => document.getElementById('patient-search')?.focus(), 0);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function signOut() {
    await api.post('/auth/sign-out').catch(() => {});
    queryClient.setQueryData(['me'], null);
    queryClient.clear();
  }

  let page: React.ReactNode;
  let m: Record<string, string> | null;
  if (path === '/patients') page = <PatientSearch />;
  else if (path === '/patients/new') page = <RegisterPatient me={me} />;
  else if ((m = match('/patients/:id', path))) page = <ChartPage patientId={m.id} me={me} />;
  else if (path === '/census') page = <CensusBoard me={me} />;
  else if (path === '/alerts') page = <AlertsPage />;
  else if (path === '/withdrawal') page = <UnitBoard me={me} />;
  else if ((m = match('/withdrawal/:id', path))) page = <CoursePage courseId={m.id} me={me} />;
  else if (path === '/admin' && isAdmin) page = <AdminPage me={me} />;
  else if (path === '/admin/audit' && isAdmin) page = <AuditView />;
  else page = admissionsPage(path, me) ?? <p>Page not found.</p>;

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Waypoint</span>
        <nav aria-label="Main">
          <ul>
            {nav.filter((n) => can(n.needs)).map((n) => (
              <li key={n.to}>
                <Link to={n.to} className={path === n.to || (n.to !== '/admin' && path.startsWith(n.to + '/')) ? 'active' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <a href="/alerts" onClick={onLinkClick} className={`alerts-badge${critical ? ' critical' : ''}`} aria-label={`Alerts for me: ${openAlerts}`}>
          Alerts <span className="count">{openAlerts}</span>
        </a>
        <div className="whoami">
          <span>
            {me.user.displayName} · {roleLabels[me.user.role]}
          </span>
          <span className="org">{me.organization.name}</span>
          <button type="button" className="ghost" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}
