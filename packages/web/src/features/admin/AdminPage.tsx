import type { Me } from '../../api/types';
import { can } from '../../app/access';
import { useSettingsPanels } from '../../app/stage';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { OrganizationSettings } from './OrganizationSettings';
import { FacilitiesAdmin } from './FacilitiesAdmin';
import { UsersAdmin } from './UsersAdmin';
import { ApiTokens } from './ApiTokens';

export function AdminPage({ me }: { me: Me }) {
  // Program settings owned by the stages (admissions, planning…), each shown only to roles that may change it.
  const settings = useSettingsPanels();
  return (
    <section aria-labelledby="admin-title" className="admin">
      <h1 id="admin-title">Administration</h1>
      <OrganizationSettings />
      <FacilitiesAdmin />
      {settings
        .filter((p) => can(me, p.needs))
        .map((p) => (
          <ErrorBoundary key={p.id} name={p.title}>
            {p.render(me)}
          </ErrorBoundary>
        ))}
      <UsersAdmin me={me} />
      <ApiTokens me={me} />
    </section>
  );
}
