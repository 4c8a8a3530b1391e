import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Me } from '../api/types';
import { Link } from '../components/Link';
import { match, navigate, onLinkClick, usePath } from './router';
import { roleLabels } from './vocabulary';
import { can } from './access';
import { useSearchShortcut } from './shortcuts';
import { ChartPanelsContext, SettingsPanelsContext, type StagePage } from './stage';
import { webStages } from './stages';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { useMyAlerts } from '../features/alerts/useMyAlerts';

const nav = webStages.flatMap((s) => s.nav ?? []);
const chartPanels = webStages.flatMap((s) => s.chartPanels ?? []);
const settingsPanels = webStages.flatMap((s) => s.settingsPanels ?? []);
// Exact paths before parameterized ones, so '/patients/new' is not taken for a patient id.
const pages = webStages.flatMap((s) => s.pages ?? []).sort((a, b) => Number(a.pattern.includes(':')) - Number(b.pattern.includes(':')));

function findPage(path: string): { page: StagePage; params: Record<string, string> } | null {
  for (const page of pages) {
    const params = match(page.pattern, path);
    if (params) return { page, params };
  }
  return null;
}

export function StaffShell({ me }: { me: Me }) {
  const path = usePath();
  const queryClient = useQueryClient();
  const myAlerts = useMyAlerts(can(me, 'alert.read'));
  const openAlerts = myAlerts.data?.items.length ?? 0;
  const critical = myAlerts.data?.items.some((a) => a.severity === 'critical') ?? false;

  useEffect(() => {
    if (path === '/' || path === '') navigate('/patients');
  }, [path]);

  // "/" jumps to patient search, except inside an entry; unsaved work is asked about first.
  useSearchShortcut();

  async function signOut() {
    await api.post('/auth/sign-out').catch(() => {});
    queryClient.setQueryData(['me'], null);
    queryClient.clear();
  }

  const found = findPage(path);
  const page =
    found && can(me, found.page.needs) ? (
      <ErrorBoundary key={found.page.pattern} name={found.page.title}>
        {found.page.render(found.params, me)}
      </ErrorBoundary>
    ) : (
      <p>Page not found.</p>
    );

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Waypoint</span>
        <nav aria-label="Main">
          <ul>
            {nav
              .filter((n) => can(me, n.needs))
              .map((n) => (
                <li key={n.to}>
                  <Link to={n.to} className={path === n.to || (n.to !== '/admin' && path.startsWith(n.to + '/')) ? 'active' : undefined}>
                    {n.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        {can(me, 'alert.read') && (
          <a href="/alerts" onClick={onLinkClick} className={`alerts-badge${critical ? ' critical' : ''}`}>
            Alerts <span className="count">{openAlerts}</span>
            <span className="sr-only"> for me{critical ? ', critical' : ''}</span>
          </a>
        )}
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
        <ChartPanelsContext.Provider value={chartPanels}>
          <SettingsPanelsContext.Provider value={settingsPanels}>{page}</SettingsPanelsContext.Provider>
        </ChartPanelsContext.Provider>
      </main>
    </div>
  );
}
