import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { nextLevelsAfterWithdrawal } from '@waypoint/clinical/care/levels';
import type { Me } from '../../api/types';
import { formatDateTime, levelLabel } from '../../app/vocabulary';
import { useFacilityZone } from '../../app/facilityTime';
import { Dialog } from '../../components/Dialog';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { useChartHeader } from '../patients/ChartPage';
import { FlowsheetEntry } from './FlowsheetEntry';
import { Medications } from './Medications';
import { ScoreChart } from './ScoreChart';
import { StatusLine } from './StatusLine';
import type { CourseDetail } from '../../api/types';

/** A patient's withdrawal-management course: the clock, the bedside entry, medications, history. */
export function CoursePage({ courseId, me }: { courseId: string; me: Me }) {
  const detail = useQuery({
    queryKey: ['withdrawal', courseId],
    queryFn: () => api.get<CourseDetail>(`/withdrawal/${courseId}`, true),
    refetchInterval: 60_000,
  });
  const patientId = detail.data?.course.patientId;
  const header = useChartHeader(patientId ?? '', true);
  const tz = useFacilityZone(header.data?.facility?.id);
  const queryClient = useQueryClient();
  const acknowledge = useMutation({
    mutationFn: (id: string) => api.post(`/alerts/${id}/acknowledge`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
      await queryClient.invalidateQueries({ queryKey: ['my-alerts'] });
    },
  });
  const [completing, setCompleting] = useState(false);
  if (detail.error) return <Problem error={detail.error} />;
  if (!detail.data) return <p className="loading">Loading flowsheet…</p>;
  const { course, status, observations, medications } = detail.data;
  const p = header.data?.patient;
  const recording = course.status === 'active' && me.permissions.includes('withdrawal.update');
  return (
    <article aria-labelledby="course-title" className="course">
      <div className="page-head">
        <h1 id="course-title">
          Withdrawal management
          {p ? (
            <>
              {' '}
              —{' '}
              <Link to={`/patients/${p.id}`}>
                {p.legalFamilyName}, {p.legalGivenName}
              </Link>{' '}
              <small>
                {p.mrn}
                {header.data?.episode?.bed ? ` · bed ${header.data.episode.bed}` : ''}
              </small>
            </>
          ) : null}
        </h1>
        <div className="actions no-print">
          <button type="button" className="ghost" onClick={() => window.print()}>
            Print flowsheet
          </button>
          {recording && (
            <button type="button" className="secondary" onClick={() => setCompleting(true)}>
              Complete withdrawal management
            </button>
          )}
        </div>
      </div>
      <p>
        {course.protocolName} · started {formatDateTime(course.startedAt, tz)} · last use {formatDateTime(course.lastUseAt, tz)} (
        {course.lastUseKind.replace('_', '-')})
        {course.status === 'completed' &&
          ` · ${course.outcome?.replace(/_/g, ' ')} ${formatDateTime(course.completedAt, tz)}${course.nextLevel ? ` → ${levelLabel(course.nextLevel)}` : ''}`}
      </p>
      {course.status === 'active' && <StatusLine status={status} timeZone={tz} />}
      {header.data && header.data.alerts.length > 0 && (
        <ul className="alerts plain" aria-label="Active alerts">
          {header.data.alerts.map((a) => (
            <li key={a.id} className={`alert alert-${a.severity}`}>
              <span>
                {a.message}{' '}
                <small>
                  · {formatDateTime(a.raisedAt, tz)}
                  {a.escalatedAt ? ' · escalated' : ''}
                </small>
              </span>
              {me.permissions.includes('alert.update') && (
                <button type="button" className="small" onClick={() => acknowledge.mutate(a.id)}>
                  Acknowledge
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ScoreChart observations={observations} startedAt={course.startedAt} />
      {recording && <FlowsheetEntry course={course} timeZone={tz} />}
      <Medications course={course} events={medications} me={me} timeZone={tz} />
      <section aria-labelledby="history-title" className="card">
        <h2 id="history-title">Flowsheet</h2>
        <table className="table flowsheet">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">COWS</th>
              <th scope="col">SOWS</th>
              <th scope="col">BP</th>
              <th scope="col">HR</th>
              <th scope="col">RR</th>
              <th scope="col">Temp</th>
              <th scope="col">SpO₂</th>
              <th scope="col">Pain</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {observations.map((o) => (
              <tr key={o.id} id={`obs-${o.id}`} tabIndex={-1}>
                <td data-label="Time">{formatDateTime(o.observedAt, tz)}</td>
                <td data-label="COWS">{o.cows ? `${o.cows.total} (${o.cows.band})` : '—'}</td>
                <td data-label="SOWS">{o.sows ? o.sows.total : '—'}</td>
                <td data-label="BP">{o.vitals.systolic ? `${o.vitals.systolic}/${o.vitals.diastolic ?? '–'}` : '—'}</td>
                <td data-label="HR">{o.vitals.heartRate ?? '—'}</td>
                <td data-label="RR">{o.vitals.respiratoryRate ?? '—'}</td>
                <td data-label="Temp">{o.vitals.temperatureC ?? '—'}</td>
                <td data-label="SpO₂">{o.vitals.spo2 ?? '—'}</td>
                <td data-label="Pain">{o.vitals.pain ?? '—'}</td>
                <td data-label="By">{o.recordedByName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <CompleteDialog
        courseId={course.id}
        patientId={course.patientId}
        open={completing}
        onClose={() => setCompleting(false)}
        completion={detail.data.completion}
      />
    </article>
  );
}

function CompleteDialog({
  courseId,
  patientId,
  open,
  onClose,
  completion,
}: {
  courseId: string;
  patientId: string;
  open: boolean;
  onClose: () => void;
  completion: CourseDetail['completion'];
}) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState('completed');
  const [nextLevel, setNextLevel] = useState('residential');
  const [naloxoneGiven, setNaloxone] = useState(false);
  const [medicationOffered, setMedication] = useState(false);
  const [reason, setReason] = useState('');
  const complete = useMutation({
    mutationFn: () =>
      api.post(`/withdrawal/${courseId}/complete`, {
        outcome,
        ...(outcome === 'completed' ? { nextLevel } : {}),
        naloxoneGiven,
        medicationOffered,
        ...(reason ? { reason } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['withdrawal', courseId] });
      await queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
      onClose();
    },
  });
  return (
    <Dialog title="Complete withdrawal management" open={open} onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          complete.mutate();
        }}
      >
        <p>
          Day {completion.day} of an expected {completion.expectedDays.min}–{completion.expectedDays.max}.{' '}
          {completion.ready ? 'Completion criteria met.' : `Criteria not met yet: ${completion.reasons.join('; ')}.`}
        </p>
        <div className="field">
          <label htmlFor="wm-outcome">Outcome</label>
          <select id="wm-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="completed">Completed</option>
            <option value="higher_level">Moved to a higher level of care (hospital)</option>
            <option value="against_advice">Left against advice</option>
          </select>
        </div>
        {outcome === 'completed' && (
          <div className="field">
            <label htmlFor="wm-next">Next level of care</label>
            <select id="wm-next" value={nextLevel} onChange={(e) => setNextLevel(e.target.value)}>
              {nextLevelsAfterWithdrawal.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(l)}
                </option>
              ))}
            </select>
          </div>
        )}
        <fieldset>
          <legend>Overdose prevention — tolerance is now low</legend>
          <label className="check">
            <input type="checkbox" checked={naloxoneGiven} onChange={(e) => setNaloxone(e.target.checked)} /> Naloxone kit and education given
          </label>
          <label className="check">
            <input type="checkbox" checked={medicationOffered} onChange={(e) => setMedication(e.target.checked)} /> Medication for OUD offered
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="wm-reason">{outcome === 'completed' && !completion.ready ? 'Why it is complete now (required)' : 'Note'}</label>
          <textarea
            id="wm-reason"
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required={outcome === 'completed' && !completion.ready}
          />
        </div>
        <Problem error={complete.error} />
        <div className="actions">
          <button type="submit" disabled={complete.isPending}>
            Complete
          </button>
        </div>
      </form>
    </Dialog>
  );
}
