import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { LevelOfCare } from '@waypoint/clinical/care/levels';
import type { Census, Facility, Me } from '../../api/types';
import { formatDate, levelLabel } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { useFacilities } from '../patients/RegisterPatient';
import { reachableFacilities } from '../../app/access';

export function useMyFacilities(me: Me): Facility[] {
  const all = useFacilities().data?.items ?? [];
  return reachableFacilities(me, 'census.read', all);
}

/**
 * Who is here, at what level, since when, which bed: beds in ward order (sorted by the server), a page
 * of 100 at a time with counts by level. Refreshes in the background without keeping the session alive.
 */
export function CensusBoard({ me }: { me: Me }) {
  const facilities = useMyFacilities(me);
  const [chosen, setChosen] = useState('');
  const [level, setLevel] = useState<LevelOfCare | ''>('');
  const facilityId = chosen || facilities[0]?.id || '';
  const census = useInfiniteQuery({
    queryKey: ['census', facilityId, level],
    queryFn: ({ pageParam }) =>
      api.get<Census>(
        `/facilities/${facilityId}/census?limit=100${level ? `&level=${level}` : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
        true,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!facilityId,
    refetchInterval: 30_000,
  });
  const first = census.data?.pages[0];
  const rows = census.data?.pages.flatMap((p) => p.items) ?? [];
  const inCare = first?.byLevel.reduce((n, l) => n + l.inCare, 0) ?? 0;
  return (
    <section aria-labelledby="census-title">
      <div className="page-head">
        <h1 id="census-title">Census</h1>
        <div className="field inline">
          <label htmlFor="census-facility">Facility</label>
          <select id="census-facility" value={facilityId} onChange={(e) => setChosen(e.target.value)}>
            {facilities.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Problem error={census.error} />
      {first && (
        <>
          <div className="page-head">
            <p className="summary">
              {inCare} in care · {first.facility.bedCount > 0 ? `${first.occupiedBeds} of ${first.facility.bedCount} beds occupied` : 'ambulatory'}
            </p>
            <div className="field inline">
              <label htmlFor="census-level">Level of care</label>
              <select id="census-level" value={level} onChange={(e) => setLevel(e.target.value as LevelOfCare | '')}>
                <option value="">All levels ({inCare})</option>
                {first.byLevel.map((l) => (
                  <option key={l.levelOfCare} value={l.levelOfCare}>
                    {levelLabel(l.levelOfCare)} ({l.inCare})
                  </option>
                ))}
              </select>
            </div>
          </div>
          <table className="table">
            <caption className="sr-only">Patients in care at {first.facility.name}</caption>
            <thead>
              <tr>
                <th scope="col">Bed</th>
                <th scope="col">Patient</th>
                <th scope="col">MRN</th>
                <th scope="col">Level of care</th>
                <th scope="col">Since</th>
                <th scope="col">Day</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.episodeId}>
                  <td data-label="Bed">{r.bed ?? '—'}</td>
                  <td data-label="Patient">
                    <Link to={`/patients/${r.patientId}`}>{r.patientName}</Link>
                  </td>
                  <td data-label="MRN">{r.mrn}</td>
                  <td data-label="Level of care">{levelLabel(r.levelOfCare)}</td>
                  <td data-label="Since">{formatDate(r.admittedAt)}</td>
                  <td data-label="Day">{r.daysInCare}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint" aria-live="polite">
            Showing {rows.length} of {census.data?.pages[census.data.pages.length - 1].total ?? first.total}
          </p>
          {census.hasNextPage && (
            <button type="button" className="secondary" onClick={() => void census.fetchNextPage()} disabled={census.isFetchingNextPage}>
              {census.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </button>
          )}
        </>
      )}
    </section>
  );
}
