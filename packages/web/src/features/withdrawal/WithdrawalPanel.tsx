import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ChartHeader, Me } from '../../api/types';
import { formatDateTime, fromLocal } from '../../app/vocabulary';
import { useFacilityZone } from '../../app/facilityTime';
import { navigate } from '../../app/router';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { ScoreChart } from './ScoreChart';
import { StatusLine } from './StatusLine';
import type { Course, CourseDetail, CourseStatus, Protocol } from '../../api/types';

/** On the chart: start withdrawal management, or see where it stands with the scores over time. */
export function WithdrawalPanel({ patientId, header, me }: { patientId: string; header: ChartHeader; me: Me }) {
  const courses = useQuery({
    queryKey: ['chart', patientId, 'withdrawal'],
    queryFn: () => api.get<{ items: (Course & { current: CourseStatus })[] }>(`/patients/${patientId}/withdrawal`),
  });
  const latest = courses.data?.items[0];
  const detail = useQuery({ queryKey: ['withdrawal', latest?.id], queryFn: () => api.get<CourseDetail>(`/withdrawal/${latest!.id}`), enabled: !!latest });
  const atWm = header.episode?.levelOfCare === 'withdrawal_management';
  const tz = useFacilityZone(header.facility?.id);
  const active = courses.data?.items.find((c) => c.status === 'active');
  if (!latest && !atWm) return null;
  return (
    <section aria-labelledby="wm-title" className="card">
      <h2 id="wm-title">Withdrawal management</h2>
      {atWm && !active && me.permissions.includes('withdrawal.create') && <StartCourse episodeId={header.episode!.id} patientId={patientId} />}
      {latest && (
        <>
          <p>
            {latest.protocolName} · started {formatDateTime(latest.startedAt, tz)}
            {latest.status === 'completed' ? ` · ${latest.outcome?.replace(/_/g, ' ')} ${formatDateTime(latest.completedAt, tz)}` : ''}
          </p>
          {latest.status === 'active' && <StatusLine status={latest.current} timeZone={tz} />}
          {detail.data && <ScoreChart observations={detail.data.observations} startedAt={latest.startedAt} />}
          <Link to={`/withdrawal/${latest.id}`} className="button">
            {latest.status === 'active' ? 'Open flowsheet' : 'View flowsheet'}
          </Link>
        </>
      )}
    </section>
  );
}

function StartCourse({ episodeId, patientId }: { episodeId: string; patientId: string }) {
  const queryClient = useQueryClient();
  const protocols = useQuery({ queryKey: ['wm-protocols'], queryFn: () => api.get<{ items: Protocol[] }>('/wm/protocols') });
  const [protocolId, setProtocolId] = useState('');
  const [lastUse, setLastUse] = useState('');
  const [startedAt, setStartedAt] = useState('');
  const [lastUseKind, setKind] = useState('short_acting');
  const start = useMutation({
    mutationFn: () =>
      api.create<CourseDetail>(`/episodes/${episodeId}/withdrawal`, {
        protocolId,
        lastUseKind,
        ...(lastUse ? { lastUseAt: fromLocal(lastUse) } : {}),
        ...(startedAt ? { startedAt: fromLocal(startedAt) } : {}),
      }),
    onSuccess: async (d) => {
      await queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
      navigate(`/withdrawal/${d.course.id}`);
    },
  });
  return (
    <form
      className="form-grid"
      aria-label="Start withdrawal management"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        start.mutate();
      }}
    >
      <div className="field">
        <label htmlFor="wm-protocol">Protocol</label>
        <select id="wm-protocol" value={protocolId} onChange={(e) => setProtocolId(e.target.value)} required>
          <option value="">Choose…</option>
          {(protocols.data?.items ?? [])
            .filter((p) => p.active)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="wm-started">Started at</label>
        <input id="wm-started" type="datetime-local" value={startedAt} onChange={(e) => setStartedAt(e.target.value)} />
        <small className="hint">Empty = now.</small>
      </div>
      <div className="field">
        <label htmlFor="wm-last-use">Last opioid use</label>
        <input id="wm-last-use" type="datetime-local" value={lastUse} onChange={(e) => setLastUse(e.target.value)} />
        <small className="hint">Leave empty to keep the time recorded at admission.</small>
      </div>
      <div className="field">
        <label htmlFor="wm-kind">Last opioid was</label>
        <select id="wm-kind" value={lastUseKind} onChange={(e) => setKind(e.target.value)}>
          <option value="short_acting">Short-acting (heroin, fentanyl, oxycodone…)</option>
          <option value="long_acting">Long-acting (methadone, extended-release)</option>
          <option value="unknown">Unknown</option>
        </select>
      </div>
      <div className="actions">
        <button type="submit" disabled={start.isPending}>
          Start withdrawal management
        </button>
      </div>
      <Problem error={start.error} />
    </form>
  );
}
