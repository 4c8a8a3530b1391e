import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ChartHeader, Me } from '../../api/types';
import { formatDate, formatDateTime, levelLabel } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';
import { AcknowledgeAlert } from '../alerts/AcknowledgeAlert';
import { can } from '../../app/access';
import { useFacilityZone } from '../../app/facilityTime';
import { useChartPanels, type ChartPanelProps } from '../../app/stage';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { EditPatientDialog } from './EditPatientDialog';
import { Timeline } from './Timeline';

/** The chart header; `live` polls it in the background (boards and flowsheets watch for new alerts). */
export function useChartHeader(patientId: string, live = false) {
  return useQuery({
    queryKey: ['chart', patientId, 'header'],
    queryFn: () => api.get<ChartHeader>(`/patients/${patientId}/header`, live),
    enabled: !!patientId,
    refetchInterval: live ? 15_000 : false,
  });
}

/** The chart: who, where, what to watch for; then what can be done, and everything that happened. */
export function ChartPage({ patientId, me }: { patientId: string; me: Me }) {
  const header = useChartHeader(patientId);
  const chartPanels = useChartPanels();
  // Every stage's panels for this chart, each in its own error boundary, shown only where permitted.
  const panels = (column: 'main' | 'side', props: ChartPanelProps) =>
    chartPanels
      .filter((p) => p.column === column && can(me, p.needs))
      .map((p) => (
        <ErrorBoundary key={p.id} name={p.title}>
          {p.render(props)}
        </ErrorBoundary>
      ));
  const [editing, setEditing] = useState(false);
  const queryClient = useQueryClient();
  const tz = useFacilityZone(header.data?.facility?.id);
  if (header.error) return <Problem error={header.error} />;
  if (!header.data) return <p className="loading">Loading chart…</p>;
  const { patient, episode, alerts, facility } = header.data;
  const name = `${patient.legalGivenName} ${patient.legalFamilyName}`;

  return (
    <article aria-labelledby="chart-name" className="chart">
      <header className="chart-header card">
        {patient.photo ? (
          <img src={patient.photo} alt={`Photo of ${name}`} className="photo" />
        ) : (
          <div className="photo placeholder" aria-hidden="true">
            {patient.legalGivenName[0]}
            {patient.legalFamilyName[0]}
          </div>
        )}
        <div className="identity">
          <h1 id="chart-name">
            {patient.legalFamilyName}, {patient.legalGivenName}
            {patient.preferredName && <span className="preferred"> “{patient.preferredName}”</span>}
          </h1>
          <dl className="facts">
            <div>
              <dt>MRN</dt>
              <dd>{patient.mrn}</dd>
            </div>
            <div>
              <dt>Age</dt>
              <dd>
                {patient.age} (born {formatDate(patient.birthDate)})
              </dd>
            </div>
            <div>
              <dt>Sex</dt>
              <dd>
                {patient.sexAtBirth}
                {patient.genderIdentity ? ` · ${patient.genderIdentity}` : ''}
              </dd>
            </div>
            <div>
              <dt>Facility</dt>
              <dd>{facility?.name ?? '—'}</dd>
            </div>
            <div>
              <dt>Level of care</dt>
              <dd data-testid="current-level">
                {episode
                  ? `${levelLabel(episode.levelOfCare)}${episode.bed ? ` · bed ${episode.bed}` : ''} since ${formatDate(episode.admittedAt)}`
                  : 'Not in care'}
              </dd>
            </div>
            <div>
              <dt>Allergies</dt>
              <dd className={patient.allergies.length ? 'allergy' : undefined}>
                {patient.allergies.length ? patient.allergies.map((a) => `${a.substance}${a.reaction ? ` (${a.reaction})` : ''}`).join(', ') : 'None recorded'}
              </dd>
            </div>
          </dl>
        </div>
        {can(me, 'patient.update') && (
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            Edit details
          </button>
        )}
      </header>
      {alerts.length > 0 && (
        <section aria-labelledby="alerts-title" className="alerts">
          <h2 id="alerts-title" className="sr-only">
            Active alerts
          </h2>
          <ul>
            {alerts.map((a) => (
              <li key={a.id} className={`alert alert-${a.severity}`}>
                <span>
                  <strong>{a.severity === 'critical' ? 'Critical' : a.severity === 'warning' ? 'Warning' : 'Note'}:</strong> {a.message}
                  <small>
                    {' '}
                    · {formatDateTime(a.raisedAt, tz)}
                    {a.escalatedAt ? ' · escalated' : ''}
                  </small>
                </span>
                {can(me, 'alert.update') && (
                  <AcknowledgeAlert
                    alert={a}
                    onDone={async () => {
                      // The header badge counts my open alerts: it changes with this one.
                      await queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
                      await queryClient.invalidateQueries({ queryKey: ['my-alerts'] });
                    }}
                  />
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="chart-columns">
        <div>
          {panels('main', { patientId, header: header.data, me })}
          <ErrorBoundary name="Timeline">
            <Timeline patientId={patientId} timeZone={tz} />
          </ErrorBoundary>
        </div>
        <div>{panels('side', { patientId, header: header.data, me })}</div>
      </div>
      {can(me, 'patient.update') && <EditPatientDialog patientId={patientId} open={editing} onClose={() => setEditing(false)} />}
    </article>
  );
}
