import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CensusRow, Facility, Me } from '../../api/types';
import { formatDate, levelLabel } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { useFacilities } from '../patients/RegisterPatient';
import { reachableFacilities } from '../../app/access';

const natural = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Beds in the order of the ward: "2" before "10", "R2" before "R10"; no bed (ambulatory) last. */
export function byBed<T extends { bed: string | null }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.bed === null ? 1 : 0) - (b.bed === null ? 1 : 0) || natural.compare(a.bed ?? '', b.bed ?? ''));
}

export function useMyFacilities(me: Me): Facility[] {
  const all = useFacilities().data?.items ?? [];
  return reachableFacilities(me, 'census.read', all);
}

/** Who is here, at what level, since when, which bed. Refreshes in the background without keeping the session alive. */
export function CensusBoard({ me }: { me: Me }) {
  const facilities = useMyFacilities(me);
  const [chosen, setChosen] = useState('');
  const facilityId = chosen || facilities[0]?.id || '';
  const census = useQuery({
    queryKey: ['census', facilityId],
    queryFn: () => api.get<{ facility: Facility; occupiedBeds: number; items: CensusRow[] }>(`/facilities/${facilityId}/census`, true),
    enabled: !!facilityId,
    refetchInterval: 30_000,
  });
  const data = census.data;
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
      {data && (
        <>
          <p className="summary">
            {data.items.length} in care · {data.facility.bedCount > 0 ? `${data.occupiedBeds} of ${data.facility.bedCount} beds occupied` : 'ambulatory'}
          </p>
          <table className="table">
            <caption className="sr-only">Patients in care at {data.facility.name}</caption>
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
              {byBed(data.items).map((r) => (
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
        </>
      )}
    </section>
  );
}
