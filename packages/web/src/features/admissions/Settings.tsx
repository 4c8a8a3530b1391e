import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { levelLabel } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Problem } from '../../components/Problem';
import { useFacilities } from '../patients/RegisterPatient';
import type { AdmissionsSettings, BedCapacity } from './types';

/** A typed number, or null when the field is empty (the server then names the field and the rule). */
const numberOrNull = (v: string) => (v.trim() === '' ? null : Number(v));
const fieldError = (error: unknown, field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);

/** When prior authorizations raise an alert for the coordinators: days before the end, units or days left. */
export function AuthorizationAlertSettings() {
  const queryClient = useQueryClient();
  const saved = useQuery({ queryKey: ['admissions', 'settings'], queryFn: () => api.get<AdmissionsSettings>('/admissions/settings') });
  const [edits, setEdits] = useState<{ days: string; remaining: string } | null>(null);
  const form = edits ?? (saved.data ? { days: String(saved.data.authWarnDays), remaining: String(saved.data.authWarnRemaining) } : null);
  const save = useMutation({
    mutationFn: (f: { days: string; remaining: string }) =>
      api.put<AdmissionsSettings>('/admissions/settings', { authWarnDays: numberOrNull(f.days), authWarnRemaining: numberOrNull(f.remaining) }),
    onSuccess: (s) => {
      setEdits(null);
      queryClient.setQueryData(['admissions', 'settings'], s);
    },
  });
  return (
    <section aria-labelledby="auth-alert-settings-title" className="card">
      <h2 id="auth-alert-settings-title">Prior authorization alerts</h2>
      <Problem error={saved.error} />
      {form && (
        <form
          className="form-grid"
          aria-label="Prior authorization alerts"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(form);
          }}
        >
          <Field
            label="Days before the end date"
            hint="Alert this many days before an authorization ends (0–90)."
            error={fieldError(save.error, 'authWarnDays')}
          >
            {(p) => <input {...p} type="number" inputMode="numeric" value={form.days} onChange={(e) => setEdits({ ...form, days: e.target.value })} />}
          </Field>
          <Field
            label="Units or days left"
            hint="Alert when this many or fewer authorized units or days remain (0–100)."
            error={fieldError(save.error, 'authWarnRemaining')}
          >
            {(p) => (
              <input {...p} type="number" inputMode="numeric" value={form.remaining} onChange={(e) => setEdits({ ...form, remaining: e.target.value })} />
            )}
          </Field>
          <div className="actions span-2">
            <button type="submit" disabled={save.isPending}>
              Save authorization alerts
            </button>
            {save.isSuccess && !edits && <span role="status">Saved.</span>}
          </div>
        </form>
      )}
      {save.error instanceof ApiError && !save.error.body.errors?.length && <Problem error={save.error} />}
    </section>
  );
}

/** Beds per bed-based level of care at a facility; a level left empty shares the facility's remaining beds. */
export function BedCapacitySettings() {
  const facilities = useFacilities();
  const items = facilities.data?.items ?? [];
  const [chosen, setChosen] = useState('');
  const facilityId = chosen || items[0]?.id || '';
  return (
    <section aria-labelledby="bed-capacity-title" className="card">
      <h2 id="bed-capacity-title">Beds by level of care</h2>
      <Problem error={facilities.error} />
      {items.length > 1 && (
        <div className="field inline">
          <label htmlFor="bed-capacity-facility">Facility</label>
          <select id="bed-capacity-facility" value={facilityId} onChange={(e) => setChosen(e.target.value)}>
            {items.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {facilityId && <BedCapacityForm key={facilityId} facilityId={facilityId} />}
    </section>
  );
}

function BedCapacityForm({ facilityId }: { facilityId: string }) {
  const queryClient = useQueryClient();
  const key = ['admissions', 'bed-capacity', facilityId];
  const saved = useQuery({ queryKey: key, queryFn: () => api.get<BedCapacity>(`/admissions/facilities/${facilityId}/bed-capacity`) });
  const [edits, setEdits] = useState<Record<string, string> | null>(null);
  const data = saved.data;
  const form = edits ?? (data ? Object.fromEntries(data.bedLevels.map((l) => [l, String(data.levels.find((x) => x.levelOfCare === l)?.beds ?? '')])) : null);
  // The levels sent, in order: the server's errors name them by position (levels.0.beds).
  const sent = form ? Object.entries(form).filter(([, v]) => v.trim() !== '') : [];
  const save = useMutation({
    mutationFn: () =>
      api.put<BedCapacity>(`/admissions/facilities/${facilityId}/bed-capacity`, { levels: sent.map(([l, v]) => ({ levelOfCare: l, beds: Number(v) })) }),
    onSuccess: (b) => {
      setEdits(null);
      queryClient.setQueryData(key, b);
      return queryClient.invalidateQueries({ queryKey: ['admissions', 'availability'] });
    },
  });
  if (!data || !form) return <Problem error={saved.error} />;
  if (data.bedLevels.length === 0) return <p className="hint">This facility offers no level of care with beds.</p>;
  const levelsError = fieldError(save.error, 'levels');
  return (
    <form
      className="form-grid"
      aria-label="Beds by level of care"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <p className="hint span-2">{data.bedCount} beds at this facility. A level left empty shares the beds the other levels do not use.</p>
      {data.bedLevels.map((level) => {
        const at = sent.findIndex(([l]) => l === level);
        return (
          <Field key={level} label={`${levelLabel(level)} beds`} error={at >= 0 ? fieldError(save.error, `levels.${at}.beds`) : undefined}>
            {(p) => (
              <input {...p} type="number" inputMode="numeric" min={0} value={form[level]} onChange={(e) => setEdits({ ...form, [level]: e.target.value })} />
            )}
          </Field>
        );
      })}
      {levelsError && (
        <p className="field-error span-2" role="alert">
          {levelsError}
        </p>
      )}
      <div className="actions span-2">
        <button type="submit" disabled={save.isPending}>
          Save beds
        </button>
        {save.isSuccess && !edits && <span role="status">Saved.</span>}
      </div>
    </form>
  );
}
