import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDate, levelLabel, teamRoleLabels } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';
import { groupAccessLog, type AccessEntry } from './accessLog';

interface PortalMe {
  patient: {
    mrn: string;
    preferredName: string | null;
    legalGivenName: string;
    legalFamilyName: string;
    birthDate: string;
    phone: string | null;
    email: string | null;
    preferredLanguage: string;
  };
  episode: { levelOfCare: string; facilityName: string; admittedAt: string; status: string } | null;
  careTeam: { displayName: string; teamRole: string }[];
}

/** The patient's own space: works on a phone. */
export function Portal({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  // A family member's account is linked to a record only by the patient's consent: until then there is nothing to load.
  const linked = !!me.user.patientId;
  const q = useQuery({ queryKey: ['portal'], queryFn: () => api.get<PortalMe>('/portal/me'), enabled: linked });
  const log = useQuery({ queryKey: ['portal', 'access-log'], queryFn: () => api.get<{ items: AccessEntry[] }>('/portal/access-log'), enabled: linked });
  const [allAccess, setAllAccess] = useState(false);
  const groups = groupAccessLog(log.data?.items ?? []);
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
        <h1>Hello, {p ? (p.preferredName ?? p.legalGivenName) : me.user.displayName}</h1>
        <section className="card crisis" aria-labelledby="help">
          <h2 id="help">If you need help now</h2>
          <ul className="plain crisis-lines">
            <li>
              Call or text <a href="tel:988">988</a> — Suicide &amp; Crisis Lifeline, any time.
            </li>
            {me.organization.crisisPhone && (
              <li>
                Call <a href={`tel:${me.organization.crisisPhone.replace(/[^\d+]/g, '')}`}>{me.organization.crisisPhone}</a> — {me.organization.name}, 24/7.
              </li>
            )}
            <li>
              In an overdose or emergency, call <a href="tel:911">911</a> and give naloxone.
            </li>
          </ul>
        </section>
        {!linked && (
          <section className="card" aria-labelledby="no-record">
            <h2 id="no-record">No linked record yet</h2>
            <p>
              Your account is not linked to anyone’s record yet. The patient’s consent links your account: ask them, or their care team, to add you to their
              consent. Once they do, what they agreed to share appears here.
            </p>
          </section>
        )}
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
                <div>
                  <dt>Name</dt>
                  <dd>
                    {p!.legalGivenName} {p!.legalFamilyName}
                  </dd>
                </div>
                <div>
                  <dt>Record number</dt>
                  <dd>{p!.mrn}</dd>
                </div>
                <div>
                  <dt>Born</dt>
                  <dd>{formatDate(p!.birthDate)}</dd>
                </div>
                <div>
                  <dt>Phone</dt>
                  <dd>{p!.phone ?? '—'}</dd>
                </div>
                <div>
                  <dt>Email</dt>
                  <dd>{p!.email ?? '—'}</dd>
                </div>
              </dl>
            </section>
            <section className="card" aria-labelledby="who-looked">
              <h2 id="who-looked">Who looked at my record</h2>
              <p className="hint">Every time staff open or change your record it is written down. Your records are protected by 42 CFR Part 2.</p>
              <ul className="plain access-log">
                {(allAccess ? groups : groups.slice(0, 10)).map((g) => (
                  <li key={g.key}>{g.sentence}.</li>
                ))}
                {log.data?.items.length === 0 && <li>No one yet.</li>}
              </ul>
              {groups.length > 10 && !allAccess && (
                <button type="button" className="secondary small" onClick={() => setAllAccess(true)}>
                  Show all {groups.length} lines
                </button>
              )}
            </section>
          </>
        )}
      </main>
    </div>
  );
}
