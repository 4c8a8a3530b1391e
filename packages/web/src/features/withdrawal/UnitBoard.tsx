import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { can } from '../../app/access';
import { navigate } from '../../app/router';
import { formatDateTime, formatTime } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { useMyFacilities } from '../care/CensusBoard';
import type { BoardRow } from '../../api/types';
import { byUrgency } from './urgency';

export interface Board {
  facility: { id: string; name: string; timeZone: string };
  generatedAt: string;
  items: BoardRow[];
}

/** The board of one facility, polled every 15 s in the background (never keeping a session alive). */
export function useBoard(facilityId: string, bearer?: string) {
  return useQuery({
    queryKey: ['withdrawal-board', facilityId, bearer ? 'display' : 'staff'],
    queryFn: () => api.get<Board>(`/facilities/${facilityId}/withdrawal-board`, true, bearer),
    enabled: !!facilityId,
    refetchInterval: 15_000,
  });
}

/** Every withdrawal patient of a unit on one screen. */
export function UnitBoard({ me }: { me: Me }) {
  const facilities = useMyFacilities(me).filter((f) => f.levelsOfCare.includes('withdrawal_management'));
  const [chosen, setChosen] = useState('');
  const facilityId = chosen || facilities[0]?.id || '';
  const board = useBoard(facilityId);
  return (
    <section aria-labelledby="board-title" className="unit-board">
      <div className="page-head">
        <h1 id="board-title">Detox unit{board.data ? ` — ${board.data.facility.name}` : ''}</h1>
        <div className="field inline">
          <label htmlFor="board-facility">Facility</label>
          <select id="board-facility" value={facilityId} onChange={(e) => setChosen(e.target.value)}>
            {facilities.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="secondary" onClick={() => navigate(`/withdrawal?display=wall&facility=${facilityId}`)} disabled={!facilityId}>
          Wall display
        </button>
      </div>
      {can(me, 'api-token.create') && facilityId && <DisplayLink facilityId={facilityId} />}
      <Problem error={board.error} />
      {board.data && <BoardView board={board.data} wall={false} />}
    </section>
  );
}

/** An administrator issues the link a wall screen opens once: it shows this board and nothing else, and never signs out. */
function DisplayLink({ facilityId }: { facilityId: string }) {
  const [name, setName] = useState('');
  const issue = useMutation({ mutationFn: () => api.create<{ url: string; name: string }>(`/facilities/${facilityId}/display-credentials`, { name }) });
  return (
    <details className="display-link">
      <summary>Set up a wall screen</summary>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          issue.mutate();
        }}
      >
        <label htmlFor="display-name">Screen name</label>
        <input id="display-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Nurses’ station" required />
        <button type="submit" disabled={issue.isPending}>
          Issue display link
        </button>
      </form>
      <Problem error={issue.error} />
      {issue.data && (
        <p role="status">
          Open this link once on the screen “{issue.data.name}” (it reads this board only): <code className="uri">{location.origin + issue.data.url}</code>
        </p>
      )}
    </details>
  );
}

/** The summary line and the table, most urgent first; on the wall without links. */
export function BoardView({ board, wall }: { board: Board; wall: boolean }) {
  const tz = board.facility.timeZone;
  const rows = byUrgency(board.items);
  return (
    <>
      <p className="summary" aria-live="polite">
        {board.items.length} patients · {board.items.filter((r) => r.nextCheck?.overdue).length} overdue · updated {formatDateTime(board.generatedAt, tz)}
      </p>
      <table className="table board">
        <caption className="sr-only">Withdrawal-management patients, most urgent first</caption>
        <thead>
          <tr>
            <th scope="col">Bed</th>
            <th scope="col">Patient</th>
            <th scope="col">Since admission</th>
            <th scope="col">Last COWS</th>
            <th scope="col">Vitals</th>
            <th scope="col">Next check</th>
            <th scope="col">Induction</th>
            <th scope="col">Alerts</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.courseId} className={r.nextCheck?.overdue ? 'row-overdue' : undefined}>
              <td data-label="Bed">{r.bed ?? '—'}</td>
              <td data-label="Patient">
                {wall ? <strong>{r.patientName}</strong> : <Link to={`/withdrawal/${r.courseId}`}>{r.patientName}</Link>}
                <small className="block">{r.protocolName}</small>
                {r.overdoseRisk && <span className="badge critical">Overdose risk</span>}
              </td>
              <td data-label="Since admission" className={r.inFirst72HoursOfAdmission ? 'peak' : undefined}>
                {r.hoursSinceAdmission.toFixed(0)} h{r.inFirst72HoursOfAdmission && <small className="block">first 72 h</small>}
              </td>
              <td data-label="Last COWS">
                {r.lastCows ? (
                  <>
                    <span className={`cows cows-${r.lastCows.band.replace(/ /g, '-')}`}>{r.lastCows.total}</span>{' '}
                    <span className="band-word">{r.lastCows.band}</span>
                    {r.cowsTrend === 'rising' ? ' ↑' : r.cowsTrend === 'falling' ? ' ↓' : r.cowsTrend === 'steady' ? ' →' : ''}
                    {r.cowsDelta !== null && (
                      <small>
                        {' '}
                        ({r.cowsDelta > 0 ? '+' : ''}
                        {r.cowsDelta})
                      </small>
                    )}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td data-label="Vitals">
                {r.lastVitals
                  ? `${r.lastVitals.systolic ?? '–'}/${r.lastVitals.diastolic ?? '–'} · HR ${r.lastVitals.heartRate ?? '–'} · SpO₂ ${r.lastVitals.spo2 ?? '–'}`
                  : '—'}
              </td>
              <td data-label="Next check" className={r.nextCheck?.overdue ? 'overdue' : undefined}>
                {r.nextCheck ? `${r.nextCheck.overdue ? 'OVERDUE ' : ''}${formatTime(r.nextCheck.dueAt, tz)}` : '—'}
              </td>
              <td data-label="Induction">
                {r.inductionReadiness ? (
                  r.inductionReadiness.ready ? (
                    <span className="badge ready">Ready</span>
                  ) : (
                    <small>{r.inductionReadiness.reasons[0]}</small>
                  )
                ) : r.firstDoseAt ? (
                  'Dosed'
                ) : (
                  '—'
                )}
              </td>
              <td data-label="Alerts">
                {r.alerts.length ? (
                  <ul className="plain">
                    {r.alerts.slice(0, 3).map((a) => (
                      <li key={a.id} className={`alert-text alert-${a.severity}`}>
                        {a.message}
                      </li>
                    ))}
                  </ul>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
          {board.items.length === 0 && (
            <tr>
              <td colSpan={8}>No one in withdrawal management.</td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}
