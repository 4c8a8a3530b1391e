import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDate, levelLabel, teamRoleLabels } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';

interface PortalMe {
  patient: { mrn: string; preferredName: string | null; legalGivenName: string; legalFamilyName: string; birthDate: string; phone: string | null; email: string | null; preferredLanguage: string };
  episode: { levelOfCare: string; facilityName: string; admittedAt: string; status: string } | null;
  careTeam: { displayName: string; teamRole: string }[];
}

/** The patient's own space: works on a phone. */
export function Portal({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['portal'], queryFn: () => api.get<PortalMe>('/portal/me') });
  const log = useQuery({ queryKey: ['portal', 'access-log'], queryFn: () => api.get<{ items: { at: string; who: string; role: string | null; action: string; what: string }[] }>('/portal/access-log') });
  const p = q.data?.patient;
  return (
    <div className="portal">
      <header className="portal-bar">
        <span className="brand">Waypoint</span>
        <button
          type="button"
          className="ghost"
          onClick={async () => {
            await api.post('/auth/sign-out').catch(() => {});
            queryClient.setQueryData(['me'], null);
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main">
        <h1>Hello, {p ? p.preferredName ?? p.legalGivenName : me.user.displayName}</h1>
        <Problem error={q.error} />
        {q.data && (
          <>
            <section className="card" aria-labelledby="my-care">
              <h2 id="my-care">My care</h2>
              {q.data.episode ? (
                <p>
                  {levelLabel(q.data.episode.levelOfCare)} at {q.data.episode.facilityName}, since {formatDate(q.data.episode.admittedAt)}
                  {q.data.episode.status === 'discharged' ? ' (completed)' : ''}
                </p>
              ) : (
                <p>No current episode of care.</p>
              )}
            </section>
            <section className="card" aria-labelledby="my-team">
              <h2 id="my-team">My care team</h2>
              <ul className="plain">
                {q.data.careTeam.map((m) => (
                  <li key={m.displayName + m.teamRole}>
                    {m.displayName} — {teamRoleLabels[m.teamRole] ?? m.teamRole}
                  </li>
                ))}
                {q.data.careTeam.length === 0 && <li>Not assigned yet.</li>}
              </ul>
            </section>
            <section className="card" aria-labelledby="my-profile">
              <h2 id="my-profile">My details</h2>
              <dl className="facts">
                <div><dt>Name</dt><dd>{p!.legalGivenName} {p!.legalFamilyName}</dd></div>
                <div><dt>Record number</dt><dd>{p!.mrn}</dd></div>
                <div><dt>Born</dt><dd>{formatDate(p!.birthDate)}</dd></div>
                <div><dt>Phone</dt><dd>{p!.phone ?? '—'}</dd></div>
                <div><dt>Email</dt><dd>{p!.email ?? '—'}</dd></div>
              </dl>
            </section>
            <section className="card" aria-labelledby="who-looked">
              <h2 id="who-looked">Who looked at my record</h2>
              <p className="hint">Every time staff open or change your record it is written down. Your records are protected by 42 CFR Part 2.</p>
              <ul className="plain access-log">
                {(log.data?.items ?? []).slice(0, 30).map((e, i) => (
                  <li key={i}>
                    <time dateTime={e.at}>{formatDate(e.at)}</time> {e.who}
                    {e.role ? ` (${e.role.replace(/_/g, ' ')})` : ''} — {e.action} {e.what.replace(/-/g, ' ')}
                  </li>
                ))}
                {log.data?.items.length === 0 && <li>No one yet.</li>}
              </ul>
            </section>
            <section className="card crisis" aria-labelledby="help">
              <h2 id="help">If you need help now</h2>
              <p>Call or text <a href="tel:988">988</a> (Suicide &amp; Crisis Lifeline). In an overdose, call <a href="tel:911">911</a> and give naloxone.</p>
            </section>
          </>
        )}
      </main>
    </div>
  );
}
