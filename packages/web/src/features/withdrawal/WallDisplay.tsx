import { useEffect, useState } from 'react';
import { Problem } from '../../components/Problem';
import { BoardView, useBoard } from './UnitBoard';

const tokenKey = 'waypoint-display-token';

/**
 * The wall display: `/withdrawal?display=wall&facility=<id>`. Opened with a display credential
 * (`#token=…`, kept on this device) it needs no one signed in and never times out; opened by a signed-in
 * person it shows the same board with their session. No navigation, large type.
 */
export function wallDisplayRequest(): { facilityId: string; token: string | null } | null {
  const q = new URLSearchParams(location.search);
  if (q.get('display') !== 'wall') return null;
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    localStorage.setItem(tokenKey, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return { facilityId: q.get('facility') ?? '', token: fromHash ?? localStorage.getItem(tokenKey) };
}

export function WallDisplay({ facilityId, token, onExit }: { facilityId: string; token?: string | null; onExit?: () => void }) {
  const board = useBoard(facilityId, token ?? undefined);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(t);
  }, []);
  return (
    <main id="main" className="unit-board wall" aria-labelledby="board-title">
      <div className="page-head">
        <h1 id="board-title">Detox unit{board.data ? ` — ${board.data.facility.name}` : ''}</h1>
        {board.data && (
          <span className="wall-clock">
            {new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone: board.data.facility.timeZone, timeZoneName: 'short' }).format(
              now,
            )}
          </span>
        )}
        {onExit && (
          <button type="button" className="secondary" onClick={onExit}>
            Leave wall display
          </button>
        )}
      </div>
      {!facilityId && (
        <p role="alert" className="problem">
          This display has no facility: open it from the unit board or with the link an administrator issued.
        </p>
      )}
      <Problem error={board.error} />
      {board.data && <BoardView board={board.data} wall />}
    </main>
  );
}
