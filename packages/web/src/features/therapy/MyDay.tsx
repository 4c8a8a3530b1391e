import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { levelLabel } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { facilityTime, groupNoteStatusLabels, kindLabels, modalityLabels, type MyDay } from './types';

/** The counselor's day on one screen: caseload, today's groups and sessions, notes due, co-signatures. */
export function MyDayPage(_: { me: Me }) {
  const q = useQuery({ queryKey: ['therapy', 'my-day'], queryFn: () => api.get<MyDay>('/therapy/my-day'), refetchInterval: 60_000 });
  if (q.error) return <Problem error={q.error} />;
  if (!q.data) return <p className="loading">Loading your day…</p>;
  const d = q.data;
  const t = (iso: string) => facilityTime(iso, d.timeZone);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>My day — {d.date}</h1>
        <span className="hint">
          Times in {d.timeZone} · <a href="/api/v1/therapy/my-calendar.ics">My calendar (.ics)</a>
        </span>
      </div>
      <div className="chart-columns">
        <div className="stack">
          <section className="card" aria-labelledby="todo-title">
            <h2 id="todo-title">Notes to write and sign ({d.notesToWrite.length})</h2>
            <p className="hint">The program’s deadline: {d.noteDeadlineHours} hours after the session.</p>
            <ul className="plain">
              {d.notesToWrite.map((n) => (
                <li key={n.id} className={n.overdue ? 'row-overdue' : undefined}>
                  <Link to={n.kind === 'session' ? `/therapy/sessions/${n.id}` : `/therapy/groups/${n.id}`}>{n.title}</Link> — due {t(n.dueAt)}
                  {n.overdue ? ' · overdue' : ''}
                </li>
              ))}
            </ul>
            {d.notesToWrite.length === 0 && <p className="hint">All notes signed.</p>}
          </section>
          <section className="card" aria-labelledby="cosign-title">
            <h2 id="cosign-title">Co-signatures waiting ({d.cosignQueue.length})</h2>
            <ul className="plain">
              {d.cosignQueue.map((c) => (
                <li key={`${c.kind}:${c.id}`}>
                  <Link to={c.kind === 'session' ? `/therapy/sessions/${c.id}` : `/therapy/groups/${c.id}`}>{c.title}</Link> —{' '}
                  {c.kind === 'group' ? 'group note ' : ''}by {c.authorName}, signed {t(c.signedAt)}
                </li>
              ))}
            </ul>
            {d.cosignQueue.length === 0 && <p className="hint">Nothing waiting for you.</p>}
          </section>
          <section className="card" aria-labelledby="today-title">
            <h2 id="today-title">Today</h2>
            <ul className="plain">
              {d.groupsToday.map((g) => (
                <li key={g.id}>
                  <Link to={`/therapy/groups/${g.id}`}>
                    {t(g.startsAt)} — {g.title}
                  </Link>
                  {g.location ? ` · ${g.location}` : ''} · note: {groupNoteStatusLabels[g.noteStatus] ?? g.noteStatus}
                </li>
              ))}
              {d.sessionsToday.map((s) => (
                <li key={s.id}>
                  <Link to={`/therapy/sessions/${s.id}`}>
                    {t(s.startsAt)} — {kindLabels[s.kind]} {modalityLabels[s.modality] ?? s.modality}: {s.patientName}
                  </Link>
                  {s.signed ? ' · signed' : ''}
                </li>
              ))}
            </ul>
            {d.groupsToday.length + d.sessionsToday.length === 0 && <p className="hint">No groups or sessions today.</p>}
          </section>
          <section className="card" aria-labelledby="reviews-title">
            <h2 id="reviews-title">Plan reviews due</h2>
            {d.planReviewsAvailable ? (
              <ul className="plain">
                {d.planReviewsDue.map((r) => (
                  <li key={r.patientId}>
                    <Link to={`/patients/${r.patientId}`}>{r.name}</Link> — {t(r.dueAt)}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="hint">Treatment-plan reviews appear here once treatment plans are in use.</p>
            )}
          </section>
        </div>
        <section className="card" aria-labelledby="caseload-title">
          <h2 id="caseload-title">My caseload ({d.caseload.length})</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Level</th>
                <th scope="col">Last session</th>
              </tr>
            </thead>
            <tbody>
              {d.caseload.map((c) => (
                <tr key={c.patientId}>
                  <td>
                    <Link to={`/patients/${c.patientId}`}>{c.name}</Link> <small>{c.mrn}</small>
                  </td>
                  <td>{levelLabel(c.levelOfCare)}</td>
                  <td>{c.lastSessionAt ? t(c.lastSessionAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.caseload.length === 0 && <p className="hint">You are on no care team yet.</p>}
        </section>
      </div>
    </div>
  );
}
