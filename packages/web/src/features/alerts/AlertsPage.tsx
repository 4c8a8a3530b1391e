import { useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../api/types';
import { can } from '../../app/access';
import { useCommonZone } from '../../app/facilityTime';
import { formatDateTime } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { AcknowledgeAlert } from './AcknowledgeAlert';
import { useMyAlerts } from './useMyAlerts';

/** Everything waiting on me, most severe first; acknowledging records who and when. */
export function AlertsPage({ me }: { me: Me }) {
  const alerts = useMyAlerts();
  // My alerts are about patients at my facilities: their times in my facilities' zone when they share one.
  const tz = useCommonZone(me.user.facilityIds);
  const queryClient = useQueryClient();
  const items = alerts.data?.items ?? [];
  return (
    <section aria-labelledby="alerts-page-title">
      <h1 id="alerts-page-title">Alerts for me</h1>
      <Problem error={alerts.error} />
      {items.length === 0 && !alerts.isPending && <p>Nothing waiting.</p>}
      <ul className="alerts plain">
        {items.map((a) => (
          <li key={a.id} className={`alert alert-${a.severity}`}>
            <span>
              <strong>{a.patientId ? <Link to={`/patients/${a.patientId}`}>{a.patientName}</Link> : a.facilityName}</strong> {a.bed ? `· bed ${a.bed} ` : ''}·{' '}
              {a.message}
              <small>
                {' '}
                · {formatDateTime(a.raisedAt, tz)}
                {a.escalatedAt ? ' · escalated' : ''}
              </small>
            </span>
            {can(me, 'alert.update') && <AcknowledgeAlert alert={a} onDone={() => queryClient.invalidateQueries({ queryKey: ['my-alerts'] })} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
