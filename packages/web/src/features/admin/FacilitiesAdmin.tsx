import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Facility } from '../../api/types';
import { levelLabel, levelsOfCare } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';
import { useFacilities } from '../patients/RegisterPatient';

const blank: Facility = { id: '', name: '', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, bedCount: 0, levelsOfCare: [] };

export function FacilitiesAdmin() {
  const queryClient = useQueryClient();
  const facilities = useFacilities();
  const [form, setForm] = useState<Facility>(blank);
  const save = useMutation({
    mutationFn: (f: Facility) => {
      const body = { name: f.name, timeZone: f.timeZone, bedCount: f.bedCount, levelsOfCare: f.levelsOfCare };
      return f.id ? api.patch(`/facilities/${f.id}`, body) : api.create('/facilities', body);
    },
    onSuccess: () => {
      setForm(blank);
      return queryClient.invalidateQueries({ queryKey: ['facilities'] });
    },
  });
  return (
    <section aria-labelledby="facilities-title" className="card">
      <h2 id="facilities-title">Facilities</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Time zone</th>
            <th scope="col">Beds</th>
            <th scope="col">Levels of care</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(facilities.data?.items ?? []).map((f) => (
            <tr key={f.id}>
              <td data-label="Name">{f.name}</td>
              <td data-label="Time zone">{f.timeZone}</td>
              <td data-label="Beds">{f.bedCount}</td>
              <td data-label="Levels of care">{f.levelsOfCare.map(levelLabel).join(', ')}</td>
              <td>
                <button type="button" className="ghost small" onClick={() => setForm(f)} aria-label={`Edit ${f.name}`}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="form-grid"
        aria-label={form.id ? 'Edit facility' : 'Add facility'}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate(form);
        }}
      >
        <h3 className="span-2">{form.id ? `Edit ${form.name}` : 'Add a facility'}</h3>
        <div className="field">
          <label htmlFor="fac-name">Facility name</label>
          <input id="fac-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        </div>
        <div className="field">
          <label htmlFor="fac-tz">Time zone (IANA)</label>
          <input id="fac-tz" value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} required placeholder="America/New_York" />
        </div>
        <div className="field">
          <label htmlFor="fac-beds">Beds</label>
          <input id="fac-beds" type="number" min={0} value={form.bedCount} onChange={(e) => setForm({ ...form, bedCount: Number(e.target.value) })} required />
        </div>
        <fieldset className="span-2">
          <legend>Levels of care offered</legend>
          {levelsOfCare.map((l) => (
            <label key={l} className="check">
              <input
                type="checkbox"
                checked={form.levelsOfCare.includes(l)}
                onChange={(e) => setForm({ ...form, levelsOfCare: e.target.checked ? [...form.levelsOfCare, l] : form.levelsOfCare.filter((x) => x !== l) })}
              />{' '}
              {levelLabel(l)}
            </label>
          ))}
        </fieldset>
        <div className="actions span-2">
          <button type="submit" disabled={save.isPending}>
            {form.id ? 'Save facility' : 'Add facility'}
          </button>
          {form.id && (
            <button type="button" className="secondary" onClick={() => setForm(blank)}>
              Cancel
            </button>
          )}
        </div>
      </form>
      <Problem error={save.error} />
    </section>
  );
}
