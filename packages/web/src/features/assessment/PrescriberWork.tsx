import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { formatDateTime, levelLabel } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import type { PrescriberWorkList } from './types';

/** My work (prescriber): diagnoses and placements waiting for my signature — my facilities' patients. */
export function PrescriberWork() {
  const queryClient = useQueryClient();
  const work = useQuery({ queryKey: ['worklist', 'prescriber'], queryFn: () => api.get<PrescriberWorkList>('/worklists/prescriber'), refetchInterval: 60_000 });
  const sign = useMutation({
    mutationFn: (path: string) => api.post(path),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['worklist', 'prescriber'] }),
  });
  const d = work.data;
  return (
    <section aria-labelledby="pw-title">
      <h1 id="pw-title">My work</h1>
      <Problem error={work.error ?? sign.error} />
      {d && (
        <>
          <section aria-labelledby="pw-dx" className="card">
            <h2 id="pw-dx">
              Diagnoses to sign <span className="badge">{d.diagnosesToSign.length}</span>
            </h2>
            {d.diagnosesToSign.length === 0 && <p className="hint">Nothing here.</p>}
            <ul className="plain">
              {d.diagnosesToSign.map((x) => (
                <li key={x.id} className="med">
                  <span>
                    <Link to={`/patients/${x.patientId}`}>{x.patientName}</Link> ({x.mrn}) · <strong>{x.icd10Code}</strong> {x.description} · by {x.byName},{' '}
                    {formatDateTime(x.since)}
                  </span>
                  <button type="button" className="small" onClick={() => sign.mutate(`/diagnoses/${x.id}/sign`)} disabled={sign.isPending}>
                    Sign
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="pw-pl" className="card">
            <h2 id="pw-pl">
              Placements to sign <span className="badge">{d.placementsToSign.length}</span>
            </h2>
            {d.placementsToSign.length === 0 && <p className="hint">Nothing here.</p>}
            <ul className="plain">
              {d.placementsToSign.map((x) => (
                <li key={x.id} className="med">
                  <span>
                    <Link to={`/patients/${x.patientId}`}>{x.patientName}</Link> ({x.mrn}) · {levelLabel(x.chosenLevel)}
                    {x.chosenLevel !== x.suggestedLevel ? ` (suggested ${levelLabel(x.suggestedLevel)}: ${x.overrideReason})` : ' (as suggested)'} · by{' '}
                    {x.byName}, {formatDateTime(x.since)}
                  </span>
                  <button type="button" className="small" onClick={() => sign.mutate(`/placements/${x.id}/sign`)} disabled={sign.isPending}>
                    Sign
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </section>
  );
}
