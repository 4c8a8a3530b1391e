import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, qs, request } from '../../api/client';
import type { ChartHeader, Me, Patient } from '../../api/types';
import { formatDate, formatDateTime, levelLabel } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { freeTextLabel, objectiveText } from './Objectives';
import { NewSessionForm } from './SessionNote';
import {
  attendanceLabels,
  changeLabels,
  facilityTime,
  kindLabels,
  modalityLabels,
  statusLabels,
  type Hours,
  type PatientSchedule,
  type TherapyNotes,
} from './types';

/** Therapy notes on the chart: individual and family sessions, and group notes with their amendment history. */
export function TherapyNotesPanel({ patientId, me }: { patientId: string; header: ChartHeader; me: Me }) {
  const q = useQuery({
    queryKey: ['therapy', 'chart', patientId],
    queryFn: () => api.get<TherapyNotes>(`/patients/${patientId}/therapy-notes`),
  });
  const patient = useQuery({
    queryKey: ['patient', patientId],
    queryFn: () => api.get<Patient>(`/patients/${patientId}`),
    enabled: me.permissions.includes('therapy-note.create'),
  });
  const [starting, setStarting] = useState(false);
  return (
    <section className="card stack" aria-labelledby="therapy-notes-title">
      <div className="page-head">
        <h2 id="therapy-notes-title">Therapy notes</h2>
        {me.permissions.includes('therapy-note.create') && !starting && (
          <button type="button" className="small" onClick={() => setStarting(true)}>
            New session note
          </button>
        )}
      </div>
      {starting && (
        <NewSessionForm
          patientId={patientId}
          emergencyContact={(patient.data as { emergencyContact?: { name: string; relationship?: string } | null } | undefined)?.emergencyContact ?? null}
          onCancel={() => setStarting(false)}
        />
      )}
      <Problem error={q.error} />
      {q.data && q.data.sessions.length === 0 && q.data.groupNotes.length === 0 && <p className="hint">No therapy notes yet.</p>}
      {q.data && q.data.sessions.length > 0 && (
        <ul className="plain" aria-label="Session notes">
          {q.data.sessions.map((s) => (
            <li key={s.id}>
              <Link to={`/therapy/sessions/${s.id}`}>
                {formatDateTime(s.startsAt)} — {kindLabels[s.kind]} · {modalityLabels[s.modality] ?? s.modality}
              </Link>{' '}
              <span className={`badge status-${s.status}`}>{statusLabels[s.status]}</span>{' '}
              <small>
                {s.clinicianName} · {s.minutes} min · {s.billing.code ?? 'no code'}
                {s.addenda.length ? ` · ${s.addenda.length} addend${s.addenda.length === 1 ? 'um' : 'a'}` : ''}
              </small>
              {s.progress.length > 0 && (
                <ul className="plain" aria-label="Objectives">
                  {s.progress.map((pr, i) => (
                    <li key={i}>
                      <small>
                        Objective: {pr.planObjective ? objectiveText(pr.planObjective) : `${pr.objective} (${freeTextLabel})`}
                        {pr.progress ? ` — ${pr.progress}` : ''}
                      </small>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {q.data && q.data.groupNotes.length > 0 && (
        <ul className="plain" aria-label="Group notes">
          {q.data.groupNotes.map((g) => (
            <li key={g.noteId} className="group-note">
              <h3>
                {g.title} — {formatDateTime(g.startsAt)}
              </h3>
              <p>
                <small>
                  Led by {g.leaderName} · attendance: {attendanceLabels[g.attendance ?? ''] ?? '—'}
                </small>{' '}
                {g.cosignStatus === 'awaiting-cosign' && <span className="badge status-awaiting-cosign">Awaiting co-signature</span>}
                {g.cosignStatus === 'cosigned' && g.cosign && (
                  <small>
                    {' '}
                    · co-signed by {g.cosign.byName}, {formatDateTime(g.cosign.at)}
                  </small>
                )}
              </p>
              {g.sections
                .filter((s) => g.shared[s.key])
                .map((s) => (
                  <p key={s.key}>
                    <strong>{s.label}:</strong> {g.shared[s.key]}
                  </p>
                ))}
              {g.part &&
                (g.part.status === 'removed' ? (
                  <p className="warning">Removed from this group note (see history).</p>
                ) : (
                  <p>
                    <strong>This patient:</strong> {g.part.participation}
                    {g.part.progress ? ` · progress: ${g.part.progress}` : ''}
                    {g.part.planObjective && ` · objective: ${objectiveText(g.part.planObjective)}`}
                    {!g.part.planObjective && g.part.objectiveRef && ` · objective: ${g.part.objectiveRef} (${freeTextLabel})`}
                  </p>
                ))}
              <details>
                <summary>
                  History ({g.history.length} version{g.history.length === 1 ? '' : 's'})
                </summary>
                <ol className="plain">
                  {g.history.map((h) => (
                    <li key={h.versionNo}>
                      {changeLabels[h.change] ?? h.change} by {h.signedByName}, {formatDateTime(h.signedAt)}
                      {h.reason ? ` — why: ${h.reason}` : ''}
                      {h.affectsPatient ? ' (this chart)' : ''}
                    </li>
                  ))}
                </ol>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Clinical hours per week over the episode against the level's expected hours (bar chart and table). */
export function HoursPanel({ patientId }: { patientId: string; header: ChartHeader; me: Me }) {
  const q = useQuery({
    queryKey: ['therapy', 'hours', patientId],
    queryFn: () => api.get<Hours>(`/patients/${patientId}/therapy-hours`),
  });
  if (q.error) return <Problem error={q.error} />;
  const weeks = q.data?.weeks ?? [];
  const last = weeks[weeks.length - 1];
  const data = weeks.map((w) => ({ week: formatDate(w.weekStart), individual: w.individualHours, group: w.groupHours, minimum: w.minimum }));
  return (
    <section className="card stack" aria-labelledby="hours-title">
      <h2 id="hours-title">Clinical hours per week</h2>
      {weeks.length === 0 && <p className="hint">Not in care.</p>}
      {last && (
        <p data-testid="hours-this-week" className={last.flag ? 'warning' : undefined}>
          This week: {last.hours} h at {levelLabel(last.levelOfCare)}
          {last.minimum !== null ? ` — minimum ${last.minimum} h` : last.below !== null ? ` — under ${last.below} h` : ' — no minimum set'}
          {last.flag === 'below-minimum' ? ' · below the minimum' : last.flag === 'above-level' ? ' · above this level’s range' : ''}
          {last.partial ? ' (week in progress)' : ''}
        </p>
      )}
      {weeks.length > 0 && (
        <div style={{ width: '100%', height: 200 }} aria-hidden="true">
          <ResponsiveContainer>
            <BarChart data={data} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="week" fontSize={11} />
              <YAxis unit=" h" fontSize={11} />
              <Tooltip />
              <Legend />
              <Bar dataKey="individual" stackId="h" name="Individual / family" fill="#2f6f8f" isAnimationActive={false} />
              <Bar dataKey="group" stackId="h" name="Groups" fill="#7fb3c8" isAnimationActive={false} />
              {last?.minimum != null && (
                <ReferenceLine y={last.minimum} stroke="#b23" strokeDasharray="4 2" label={{ value: `minimum ${last.minimum} h`, fontSize: 11 }} />
              )}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      {weeks.length > 0 && (
        <table className="table">
          <caption className="sr-only">Hours per week</caption>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col">Level</th>
              <th scope="col">Hours</th>
              <th scope="col">Expected</th>
            </tr>
          </thead>
          <tbody>
            {weeks.map((w) => (
              <tr key={w.weekStart} className={w.flag ? 'row-overdue' : undefined}>
                <td>
                  {formatDate(w.weekStart)}
                  {w.partial ? ' (partial)' : ''}
                </td>
                <td>{levelLabel(w.levelOfCare)}</td>
                <td>{w.hours}</td>
                <td>
                  {w.minimum !== null ? `≥ ${w.minimum} h` : w.below !== null ? `< ${w.below} h` : '—'}
                  {w.flag === 'below-minimum' ? ' — below' : w.flag === 'above-level' ? ' — above' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The patient's week: program day, groups, sessions and outings, with the iCalendar link. */
export function PatientWeekPanel({ patientId, me }: { patientId: string; header: ChartHeader; me: Me }) {
  const queryClient = useQueryClient();
  const mark = useMutation({
    mutationFn: (v: { day: string; itemKey: string; status: string }) => request('PUT', `/patients/${patientId}/activity-attendance`, { body: v }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['therapy', 'schedule', patientId] }),
  });
  const canMark = me.permissions.includes('therapy-schedule.update');
  // The week shown is fixed when the panel opens (read once, not on every render).
  const [now] = useState(() => Date.now());
  const from = isoDay(new Date(now));
  const to = isoDay(new Date(now + 6 * 86_400_000));
  const q = useQuery({
    queryKey: ['therapy', 'schedule', patientId, from],
    queryFn: () => api.get<PatientSchedule>(`/patients/${patientId}/schedule${qs({ from, to })}`),
  });
  const [showAll, setShowAll] = useState(false);
  if (q.error) return <Problem error={q.error} />;
  const entries = (q.data?.entries ?? []).filter((e) => showAll || e.source !== 'program-day' || e.startsAt.slice(0, 10) === from);
  return (
    <section className="card stack" aria-labelledby="week-title">
      <h2 id="week-title">Schedule</h2>
      {q.data?.timeZone && (
        <p className="hint">
          Times in the facility’s time ({q.data.timeZone}). <a href={`/api/v1/patients/${patientId}/calendar.ics`}>Export to a calendar (.ics)</a>
        </p>
      )}
      <ul className="plain">
        {entries.slice(0, showAll ? 200 : 25).map((e) => (
          <li key={`${e.source}-${e.id}`}>
            <time dateTime={e.startsAt}>{facilityTime(e.startsAt, q.data?.timeZone)}</time> — {e.title}
            {e.detail ? ` · ${e.detail}` : ''}
            {canMark && e.source === 'program-day' && Date.parse(e.startsAt) <= now ? (
              <select
                aria-label={`Attendance: ${e.title}`}
                value={e.attendance ?? ''}
                onChange={(ev) => ev.target.value && mark.mutate({ day: e.id.slice(0, 10), itemKey: e.id.slice(11), status: ev.target.value })}
              >
                <option value="">—</option>
                {Object.entries(attendanceLabels).map(([k, l]) => (
                  <option key={k} value={k}>
                    {l}
                  </option>
                ))}
              </select>
            ) : e.attendance ? (
              ` · ${attendanceLabels[e.attendance] ?? e.attendance}`
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
      <Problem error={mark.error} />
      <button type="button" className="small secondary" onClick={() => setShowAll(!showAll)}>
        {showAll ? 'Today only for the program day' : 'Show the whole week'}
      </button>
    </section>
  );
}
