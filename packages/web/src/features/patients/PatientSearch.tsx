import { useEffect, useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { Me, Page, PatientSummary } from '../../api/types';
import { can } from '../../app/access';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { formatDate, levelLabel } from '../../app/vocabulary';

/** Search by name, MRN or birth date (YYYY-MM-DD), with keyset "Load more". */
export function PatientSearch({ me }: { me: Me }) {
  const [text, setText] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  const [q, setQ] = useState(text);
  useEffect(() => {
    const t = setTimeout(() => {
      setQ(text.trim());
      history.replaceState(null, '', text.trim() ? `/patients?q=${encodeURIComponent(text.trim())}` : '/patients');
    }, 200);
    return () => clearTimeout(t);
  }, [text]);
  const results = useInfiniteQuery({
    queryKey: ['patients', q],
    queryFn: ({ pageParam }) => api.get<Page<PatientSummary>>(`/patients${qs({ q, limit: 25, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = results.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="patients-title">
      <div className="page-head">
        <h1 id="patients-title">Patients</h1>
        {can(me, 'patient.create') && (
          <Link to="/patients/new" className="button">
            Register patient
          </Link>
        )}
      </div>
      <div className="field search-field">
        <label htmlFor="patient-search">Search by name, MRN or birth date</label>
        <input
          id="patient-search"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. Garcia, W0000012 or 1988-04-12"
          autoFocus
        />
        <small className="hint">Press / anywhere to come back here.</small>
      </div>
      <Problem error={results.error} />
      <table className="table">
        <caption className="sr-only">Matching patients</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">MRN</th>
            <th scope="col">Born</th>
            <th scope="col">Current care</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id}>
              <td data-label="Name">
                <Link to={`/patients/${p.id}`}>
                  {p.legalFamilyName}, {p.legalGivenName}
                  {p.preferredName ? ` (${p.preferredName})` : ''}
                </Link>
              </td>
              <td data-label="MRN">{p.mrn}</td>
              <td data-label="Born">
                {formatDate(p.birthDate)} ({p.age})
              </td>
              <td data-label="Current care">
                {p.activeEpisode
                  ? `${levelLabel(p.activeEpisode.levelOfCare)} · ${p.activeEpisode.facilityName}${p.activeEpisode.bed ? ` · bed ${p.activeEpisode.bed}` : ''}`
                  : 'Not in care'}
              </td>
            </tr>
          ))}
          {!results.isPending && rows.length === 0 && (
            <tr>
              <td colSpan={4}>No patients match.</td>
            </tr>
          )}
        </tbody>
      </table>
      {results.hasNextPage && (
        <button type="button" className="secondary" onClick={() => results.fetchNextPage()} disabled={results.isFetchingNextPage}>
          Load more
        </button>
      )}
    </section>
  );
}
