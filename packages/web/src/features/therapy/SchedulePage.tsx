import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { Me } from '../../api/types';
import { can } from '../../app/access';
import { levelLabel } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Problem } from '../../components/Problem';
import { useMyFacility } from './Groups';
import { ProgramDay } from './ProgramDay';
import { facilityTime, type Outing, type TherapyRoster } from './types';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The structured day: program-day templates per level of care, and outings with sign-out and sign-in. */
export function SchedulePage({ me }: { me: Me }) {
  const { facilities } = useMyFacility(me);
  const [facilityId, setFacilityId] = useState('');
  const facility = facilities.find((f) => f.id === facilityId) ?? facilities[0];
  const [level, setLevel] = useState('');
  const lvl = level || facility?.levelsOfCare.find((l) => l === 'residential') || facility?.levelsOfCare[0] || '';
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Structured day</h1>
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
        {facility && (
          <Field label="Level of care">
            {(p) => (
              <select {...p} value={lvl} onChange={(e) => setLevel(e.target.value)}>
                {facility.levelsOfCare.map((l) => (
                  <option key={l} value={l}>
                    {levelLabel(l)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      {facility && lvl && <ProgramDay facilityId={facility.id} timeZone={facility.timeZone} level={lvl} canEdit={can(me, 'therapy-config.update')} />}
      {facility && <Outings facilityId={facility.id} timeZone={facility.timeZone} me={me} />}
    </div>
  );
}

function Outings({ facilityId, timeZone, me }: { facilityId: string; timeZone: string; me: Me }) {
  const queryClient = useQueryClient();
  const [now] = useState(() => Date.now());
  const from = isoDay(new Date(now - 7 * 86_400_000));
  const to = isoDay(new Date(now + 14 * 86_400_000));
  const q = useQuery({
    queryKey: ['therapy', 'outings', facilityId, from],
    queryFn: () => api.get<{ items: Outing[] }>(`/facilities/${facilityId}/outings${qs({ from, to })}`),
  });
  const move = useMutation({
    mutationFn: (v: { outingId: string; patientId: string; direction: 'sign-out' | 'sign-in' }) =>
      api.post(`/outings/${v.outingId}/participants/${v.patientId}/${v.direction}`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['therapy', 'outings', facilityId] }),
  });
  const canMove = me.permissions.includes('therapy-schedule.update');
  return (
    <section className="card stack" aria-labelledby="outings-title">
      <h2 id="outings-title">Outings</h2>
      {me.permissions.includes('therapy-schedule.create') && <PlanOuting facilityId={facilityId} />}
      {q.data?.items.length === 0 && <p className="hint">No outings this week.</p>}
      {q.data?.items.map((o) => (
        <div key={o.id}>
          <h3>
            {o.title} — {facilityTime(o.startsAt, timeZone)}
            {o.destination ? ` · ${o.destination}` : ''}
          </h3>
          <ul className="plain">
            {o.participants.map((p) => (
              <li key={p.patientId}>
                {p.name}:{' '}
                {p.signedInAt
                  ? `back ${facilityTime(p.signedInAt, timeZone)}`
                  : p.signedOutAt
                    ? `out since ${facilityTime(p.signedOutAt, timeZone)}`
                    : 'not yet out'}
                {canMove && !p.signedOutAt && (
                  <button type="button" className="small" onClick={() => move.mutate({ outingId: o.id, patientId: p.patientId, direction: 'sign-out' })}>
                    Sign out {p.name}
                  </button>
                )}
                {canMove && p.signedOutAt && !p.signedInAt && (
                  <button type="button" className="small" onClick={() => move.mutate({ outingId: o.id, patientId: p.patientId, direction: 'sign-in' })}>
                    Sign in {p.name}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <Problem error={move.error ?? q.error} />
    </section>
  );
}

const localInput = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** Plans an outing with the residents going, chosen from the facility's census. */
function PlanOuting({ facilityId }: { facilityId: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [destination, setDestination] = useState('');
  const [startsAt, setStartsAt] = useState(() => localInput(new Date(Date.now() + 3_600_000)));
  const [endsAt, setEndsAt] = useState(() => localInput(new Date(Date.now() + 3 * 3_600_000)));
  const [chosen, setChosen] = useState<string[]>([]);
  const census = useQuery({
    queryKey: ['therapy', 'outing-census', facilityId],
    queryFn: () => api.get<TherapyRoster>(`/facilities/${facilityId}/therapy-roster`),
    enabled: open,
  });
  const plan = useMutation({
    mutationFn: () =>
      api.create(`/facilities/${facilityId}/outings`, {
        title,
        destination: destination || null,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        patientIds: chosen,
      }),
    onSuccess: () => {
      setOpen(false);
      setTitle('');
      setDestination('');
      setChosen([]);
      queryClient.invalidateQueries({ queryKey: ['therapy', 'outings', facilityId] });
    },
  });
  if (!open)
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Plan an outing
      </button>
    );
  return (
    <form
      className="stack"
      aria-label="Plan an outing"
      onSubmit={(e) => {
        e.preventDefault();
        plan.mutate();
      }}
    >
      <div className="form-grid">
        <Field label="Outing">{(p) => <input {...p} value={title} onChange={(e) => setTitle(e.target.value)} required />}</Field>
        <Field label="Where">{(p) => <input {...p} value={destination} onChange={(e) => setDestination(e.target.value)} />}</Field>
        <Field label="Leaves (your time)">
          {(p) => <input {...p} type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} required />}
        </Field>
        <Field label="Returns (your time)">
          {(p) => <input {...p} type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} required />}
        </Field>
      </div>
      <fieldset>
        <legend>Going</legend>
        {census.data?.items.map((c) => (
          <label key={c.patientId} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(c.patientId)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, c.patientId] : chosen.filter((x) => x !== c.patientId))}
            />{' '}
            {c.name}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={plan.isPending}>
          Plan outing
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <Problem error={plan.error ?? census.error} />
    </form>
  );
}
