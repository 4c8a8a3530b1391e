import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Episode } from '../../api/types';
import { dischargeTypeLabels, formatDateTime, levelLabel } from '../../app/vocabulary';
import { useZones } from '../../app/facilityTime';

export function EpisodeHistory({ patientId }: { patientId: string }) {
  const q = useQuery({ queryKey: ['chart', patientId, 'episodes'], queryFn: () => api.get<{ items: Episode[] }>(`/patients/${patientId}/episodes`) });
  const items = q.data?.items ?? [];
  const zoneOf = useZones();
  return (
    <section aria-labelledby="episodes-title" className="card">
      <h2 id="episodes-title">Episodes of care</h2>
      {items.length === 0 && <p>No episodes yet.</p>}
      {items.map((e) => (
        <div key={e.id} className="episode">
          <h3>
            {e.facilityName} ·{' '}
            {e.status === 'active'
              ? 'current'
              : `${formatDateTime(e.admittedAt, zoneOf(e.facilityId))} – ${formatDateTime(e.dischargedAt, zoneOf(e.facilityId))}`}
          </h3>
          {e.status === 'discharged' && (
            <p>
              Discharged: {dischargeTypeLabels[e.dischargeType ?? ''] ?? e.dischargeType}
              {e.naloxoneGiven ? ' · naloxone given' : ' · no naloxone recorded'}
              {e.dischargeReason ? ` · ${e.dischargeReason}` : ''}
            </p>
          )}
          <ol className="level-changes">
            {e.levelChanges.map((c) => (
              <li key={c.id}>
                <time dateTime={c.changedAt}>{formatDateTime(c.changedAt, zoneOf(e.facilityId))}</time>{' '}
                {c.direction === 'admission'
                  ? 'Admitted to'
                  : c.direction === 'step-down'
                    ? 'Stepped down to'
                    : c.direction === 'step-up'
                      ? 'Stepped up to'
                      : 'Moved to'}{' '}
                {levelLabel(c.toLevel)}
                {c.direction !== 'admission' && <> — {c.reason}</>} <small>({c.changedByName})</small>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
