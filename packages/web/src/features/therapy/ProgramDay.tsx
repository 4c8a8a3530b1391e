import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { Me } from '../../api/types';
import { can } from '../../app/access';
import { levelLabel } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Problem } from '../../components/Problem';
import { useMyFacility } from './Groups';
import { activityKinds } from '@waypoint/clinical/care/activities';
import type { ProgramDay as ProgramDayData, ProgramDayItem } from './types';

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A unique activity key from its title (the key ties attendance to the activity, so it never changes once saved). */
function keyFor(title: string, taken: string[]): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30) || 'activity';
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}-${n}`;
  return key;
}

/** The program-day template of one level of care at one facility; editable by those granted to change it. */
export function ProgramDay({ facilityId, level, timeZone, canEdit }: { facilityId: string; level: string; timeZone: string; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: ['therapy', 'program-day', facilityId, level],
    queryFn: () => request<ProgramDayData>('GET', `/facilities/${facilityId}/program-day/${level}`),
  });
  const [items, setItems] = useState<ProgramDayItem[] | null>(null);
  // Another facility or level starts from its saved day: adjusted while rendering, not in an effect.
  const [shownFor, setShownFor] = useState(`${facilityId}/${level}`);
  if (shownFor !== `${facilityId}/${level}`) {
    setShownFor(`${facilityId}/${level}`);
    setItems(null);
  }
  const save = useMutation({
    mutationFn: () => request('PUT', `/facilities/${facilityId}/program-day/${level}`, { body: { items }, ifMatch: q.data?.etag ?? '"0"' }),
    onSuccess: () => {
      setItems(null);
      queryClient.invalidateQueries({ queryKey: ['therapy', 'program-day', facilityId, level] });
    },
  });
  if (q.error) return <Problem error={q.error} />;
  const shown = items ?? q.data?.data.items ?? [];
  const edit = (i: number, patch: Partial<ProgramDayItem>) => setItems(shown.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  const moveTo = (i: number, to: number) => {
    const next = [...shown];
    const [x] = next.splice(i, 1);
    next.splice(to, 0, x);
    setItems(next);
  };
  const err = save.error as { fieldError?: (f: string) => string | undefined } | null;
  return (
    <section className="card stack" aria-labelledby="day-title">
      <h2 id="day-title">
        Program day — {levelLabel(level)} ({timeZone}){q.data?.data.isDefault ? ' · starting template' : ''}
      </h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Activity</th>
            <th scope="col">Kind</th>
            <th scope="col">Days</th>
            {canEdit && (
              <th scope="col">
                <span className="sr-only">Order</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {shown.map((it, i) => (
            <tr key={it.key}>
              <td>
                {canEdit ? (
                  <input aria-label={`Start of ${it.title}`} value={it.start} onChange={(e) => edit(i, { start: e.target.value })} size={5} />
                ) : (
                  it.start
                )}
              </td>
              <td>
                {canEdit ? <input aria-label={`End of ${it.title}`} value={it.end} onChange={(e) => edit(i, { end: e.target.value })} size={5} /> : it.end}
                {err?.fieldError?.(`items[${i}].end`) && <small className="field-error">{err.fieldError(`items[${i}].end`)}</small>}
              </td>
              <td>{canEdit ? <input aria-label={`Title of ${it.key}`} value={it.title} onChange={(e) => edit(i, { title: e.target.value })} /> : it.title}</td>
              <td>
                {canEdit ? (
                  <select aria-label={`Kind of ${it.title}`} value={it.kind} onChange={(e) => edit(i, { kind: e.target.value as ProgramDayItem['kind'] })}>
                    {activityKinds.map((k) => (
                      <option key={k} value={k}>
                        {k.replace(/_/g, ' ')}
                      </option>
                    ))}
                  </select>
                ) : (
                  it.kind.replace(/_/g, ' ')
                )}
              </td>
              <td>
                {canEdit ? (
                  <fieldset className="inline-form">
                    <legend className="sr-only">Days of {it.title}</legend>
                    {weekdays.map((d, n) => (
                      <label key={d} className="check">
                        <input
                          type="checkbox"
                          checked={it.days.includes(n + 1)}
                          onChange={(e) => edit(i, { days: e.target.checked ? [...it.days, n + 1].sort() : it.days.filter((x) => x !== n + 1) })}
                        />
                        {d}
                      </label>
                    ))}
                  </fieldset>
                ) : it.days.length === 7 ? (
                  'Every day'
                ) : (
                  it.days.map((d) => weekdays[d - 1]).join(', ')
                )}
              </td>
              {canEdit && (
                <td>
                  <button type="button" className="small secondary" aria-label={`Move ${it.title} earlier`} disabled={i === 0} onClick={() => moveTo(i, i - 1)}>
                    ↑
                  </button>
                  <button
                    type="button"
                    className="small secondary"
                    aria-label={`Move ${it.title} later`}
                    disabled={i === shown.length - 1}
                    onClick={() => moveTo(i, i + 1)}
                  >
                    ↓
                  </button>
                  <button type="button" className="small ghost" aria-label={`Remove ${it.title}`} onClick={() => setItems(shown.filter((_, j) => j !== i))}>
                    Remove
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            onClick={() =>
              setItems([
                ...shown,
                {
                  key: keyFor(
                    'Yoga',
                    shown.map((x) => x.key),
                  ),
                  start: '10:00',
                  end: '11:00',
                  kind: 'yoga',
                  title: 'Yoga',
                  days: [1, 2, 3, 4, 5, 6, 7],
                },
              ])
            }
          >
            Add an activity
          </button>
          <button type="button" onClick={() => save.mutate()} disabled={!items || save.isPending}>
            Save program day
          </button>
        </div>
      )}
      <Problem error={save.error} />
    </section>
  );
}

/** The program day per facility and level of care, on the catalogues page. */
export function ProgramDayEditor({ me }: { me: Me }) {
  const { facilities } = useMyFacility(me);
  const [facilityId, setFacilityId] = useState('');
  const [level, setLevel] = useState('');
  if (!can(me, 'therapy-config.update')) return null;
  const facility = facilities.find((f) => f.id === facilityId) ?? facilities[0];
  const lvl = ((facility?.levelsOfCare as string[] | undefined)?.includes(level) ? level : '') || facility?.levelsOfCare[0] || '';
  return (
    <div className="stack">
      <div className="inline-form">
        <Field label="Program day at">
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
        {facility && (
          <Field label="For the level of care">
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
      {facility && lvl && <ProgramDay facilityId={facility.id} level={lvl} timeZone={facility.timeZone} canEdit />}
    </div>
  );
}
