import { formatDateTime } from '../../app/vocabulary';
import type { CourseStatus } from '../../api/types';

const arrow = { rising: '↑', falling: '↓', steady: '→' } as const;

/** The clock at a glance: hours in (72-hour window), last COWS and trend, next check, readiness. */
export function StatusLine({ status, timeZone }: { status: CourseStatus; timeZone?: string }) {
  return (
    <dl className="status-line">
      <div className={status.inPeakWindow ? 'peak' : undefined}>
        <dt>Hours in</dt>
        <dd>
          {status.hoursSinceStart.toFixed(0)} h{status.inPeakWindow ? ` · first ${status.peakWindowHours} h` : ''} (day {status.dayOfCourse})
        </dd>
      </div>
      <div>
        <dt>Last COWS</dt>
        <dd>
          {status.lastCows ? (
            <>
              <span className={`cows cows-${status.lastCows.band.replace(/ /g, '-')}`}>{status.lastCows.total}</span> {status.lastCows.band}
              {status.cowsTrend && (
                <span className={`trend trend-${status.cowsTrend}`} aria-label={`${status.cowsTrend} by ${Math.abs(status.cowsDelta ?? 0)}`}>
                  {' '}
                  {arrow[status.cowsTrend]} {status.cowsDelta! > 0 ? '+' : ''}
                  {status.cowsDelta}
                </span>
              )}
            </>
          ) : (
            'none yet'
          )}
        </dd>
      </div>
      <div className={status.nextCheck?.overdue ? 'overdue' : undefined}>
        <dt>Next check</dt>
        <dd>{status.nextCheck ? `${status.nextCheck.overdue ? 'OVERDUE since ' : ''}${formatDateTime(status.nextCheck.dueAt, timeZone)}` : '—'}</dd>
      </div>
      {status.inductionReadiness && (
        <div className={status.inductionReadiness.ready ? 'ready' : undefined}>
          <dt>Induction</dt>
          <dd>{status.inductionReadiness.ready ? 'Ready for first dose' : status.inductionReadiness.reasons.join('; ')}</dd>
        </div>
      )}
      {status.firstDoseAt && (
        <div>
          <dt>First dose</dt>
          <dd>{formatDateTime(status.firstDoseAt, timeZone)}</dd>
        </div>
      )}
    </dl>
  );
}
