import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { Facility, Me } from '../../api/types';
import { can, reachableFacilities } from '../../app/access';
import { levelLabel } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { useFacilities } from '../patients/RegisterPatient';
import { facilityTime, groupNoteStatusLabels, type GroupSessionSummary, type GroupType } from './types';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export const repeatChoices = [
  { label: 'Weekly', rule: 'FREQ=WEEKLY' },
  { label: 'Every weekday', rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' },
  { label: 'Daily', rule: 'FREQ=DAILY' },
  { label: 'Every two weeks', rule: 'FREQ=WEEKLY;INTERVAL=2' },
  { label: 'Monthly', rule: 'FREQ=MONTHLY' },
];

export function useMyFacility(me: Me) {
  const facilities = useFacilities();
  const mine = reachableFacilities(me, 'therapy-schedule.read', facilities.data?.items ?? []);
  return { facilities: mine, loading: facilities.isLoading };
}

/** The group catalogue, scheduling a recurring group, and the sessions around today. */
export function GroupsPage({ me }: { me: Me }) {
  const { facilities } = useMyFacility(me);
  const [facilityId, setFacilityId] = useState<string>('');
  const facility = facilities.find((f) => f.id === facilityId) ?? facilities[0];
  const types = useQuery({ queryKey: ['therapy', 'group-types'], queryFn: () => api.get<{ items: GroupType[] }>('/therapy/group-types') });
  const [now] = useState(() => Date.now());
  const from = isoDay(new Date(now - 14 * 86_400_000));
  const to = isoDay(new Date(now + 14 * 86_400_000));
  const sessions = useQuery({
    queryKey: ['therapy', 'group-sessions', facility?.id, from, to],
    queryFn: () => api.get<{ items: GroupSessionSummary[] }>(`/facilities/${facility!.id}/group-sessions${qs({ from, to })}`),
    enabled: !!facility,
  });
  const [showForm, setShowForm] = useState(false);
  const canSchedule = me.permissions.includes('therapy-schedule.create');
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Groups</h1>
        {facilities.length > 1 && (
          <Field label="Facility">
            {(p) => (
              <select {...p} value={facility?.id ?? ''} onChange={(e) => setFacilityId(e.target.value)}>
                {facilities.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {canSchedule && !showForm && (
          <button type="button" onClick={() => setShowForm(true)}>
            Schedule a group
          </button>
        )}
      </div>
      {showForm && facility && types.data && <ScheduleGroupForm facility={facility} types={types.data.items} onDone={() => setShowForm(false)} />}
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Sessions, two weeks either side of today ({facility?.timeZone})</h2>
        <Problem error={sessions.error} />
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Group</th>
              <th scope="col">Leader</th>
              <th scope="col">Where</th>
              <th scope="col">Attended</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {sessions.data?.items.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/therapy/groups/${s.id}`}>{facilityTime(s.startsAt, facility?.timeZone)}</Link>
                </td>
                <td>
                  {s.title}
                  {s.peerLed ? ' (peer-led)' : ''}
                </td>
                <td>{s.leaderName}</td>
                <td>{s.location ?? '—'}</td>
                <td>{s.attended}</td>
                <td>{groupNoteStatusLabels[s.noteStatus] ?? s.noteStatus}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {sessions.data?.items.length === 0 && <p className="hint">No groups scheduled.</p>}
      </section>
      <section className="card" aria-labelledby="catalogue-title">
        <h2 id="catalogue-title">Catalogue</h2>
        <ul className="plain">
          {types.data?.items.map((t) => (
            <li key={t.id}>
              {t.name} — {t.defaultMinutes} min{t.peerLed ? ' · peer-led' : ''}
              {t.active ? '' : ' · retired'}
            </li>
          ))}
        </ul>
        {can(me, 'therapy-config.update') && <Link to="/therapy/catalogues">Edit the catalogue</Link>}
      </section>
    </div>
  );
}

function ScheduleGroupForm({ facility, types, onDone }: { facility: Facility; types: GroupType[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [typeId, setTypeId] = useState(types[0]?.id ?? '');
  const [levels, setLevels] = useState<string[]>([]);
  const [rule, setRule] = useState(repeatChoices[0].rule);
  const [firstDate, setFirstDate] = useState(isoDay(new Date()));
  const [startTime, setStartTime] = useState('10:00');
  const [duration, setDuration] = useState('');
  const [location, setLocation] = useState('');
  const [count, setCount] = useState('12');
  const create = useMutation({
    mutationFn: () =>
      api.create<{ id: string; sessionsCreated: number }>(`/facilities/${facility.id}/group-series`, {
        groupTypeId: typeId,
        levelsOfCare: levels,
        rrule: count ? `${rule};COUNT=${count}` : rule,
        firstDate,
        startTime,
        ...(duration ? { durationMinutes: Number(duration) } : {}),
        location: location || null,
      }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['therapy', 'group-sessions'] });
      onDone();
    },
  });
  const err = create.error as { fieldError?: (f: string) => string | undefined } | null;
  return (
    <form
      className="card stack"
      aria-label="Schedule a group"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h2>Schedule a group at {facility.name}</h2>
      <div className="form-grid">
        <Field label="Group">
          {(p) => (
            <select {...p} value={typeId} onChange={(e) => setTypeId(e.target.value)}>
              {types
                .filter((t) => t.active)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label="Repeats">
          {(p) => (
            <select {...p} value={rule} onChange={(e) => setRule(e.target.value)}>
              {repeatChoices.map((c) => (
                <option key={c.rule} value={c.rule}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Number of sessions" hint="Blank: until stopped">
          {(p) => <input {...p} inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value.replace(/\D/g, ''))} />}
        </Field>
        <Field label={`First date (${facility.timeZone})`} error={err?.fieldError?.('firstDate')}>
          {(p) => <input {...p} type="date" value={firstDate} onChange={(e) => setFirstDate(e.target.value)} required />}
        </Field>
        <Field label={`Starts at (${facility.timeZone})`} hint="HH:MM, 24-hour" error={err?.fieldError?.('startTime')}>
          {(p) => <input {...p} value={startTime} onChange={(e) => setStartTime(e.target.value)} pattern="[0-2][0-9]:[0-5][0-9]" required />}
        </Field>
        <Field label="Minutes" hint="Blank: the group's usual length">
          {(p) => <input {...p} inputMode="numeric" value={duration} onChange={(e) => setDuration(e.target.value.replace(/\D/g, ''))} />}
        </Field>
        <Field label="Room">{(p) => <input {...p} value={location} onChange={(e) => setLocation(e.target.value)} />}</Field>
      </div>
      <fieldset>
        <legend>Roster: patients at these levels of care</legend>
        {facility.levelsOfCare.map((l) => (
          <label key={l} className="check">
            <input
              type="checkbox"
              checked={levels.includes(l)}
              onChange={(e) => setLevels(e.target.checked ? [...levels, l] : levels.filter((x) => x !== l))}
            />{' '}
            {levelLabel(l)}
          </label>
        ))}
        {err?.fieldError?.('levelsOfCare') && <small className="field-error">{err.fieldError('levelsOfCare')}</small>}
      </fieldset>
      <Problem error={create.error} />
      <div className="actions">
        <button type="submit" disabled={create.isPending}>
          Schedule
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
