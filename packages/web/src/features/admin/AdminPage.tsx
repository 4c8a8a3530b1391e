import type { Me } from '../../api/types';
import { OrganizationSettings } from './OrganizationSettings';
import { FacilitiesAdmin } from './FacilitiesAdmin';
import { UsersAdmin } from './UsersAdmin';
import { ApiTokens } from './ApiTokens';

export function AdminPage({ me }: { me: Me }) {
  return (
    <section aria-labelledby="admin-title" className="admin">
      <h1 id="admin-title">Administration</h1>
      <OrganizationSettings />
      <FacilitiesAdmin />
      <UsersAdmin me={me} />
      <ApiTokens />
    </section>
  );
}
