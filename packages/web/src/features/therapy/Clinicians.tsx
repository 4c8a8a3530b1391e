import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client';
import { levelLabel } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Problem } from '../../components/Problem';
import type { ClinicianProfile, TherapySettings } from './types';

/** Licensure and supervision: an unlicensed clinician's notes wait for their supervisor's co-signature. */
export function CliniciansAdmin() {
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['therapy', 'clinicians'], queryFn: () => api.get<{ items: ClinicianProfile[] }>('/therapy/clinicians') });
  const save = useMutation({
    mutationFn: (p: { userId: string; licensed: boolean; supervisorId: string | null; credential: string | null }) =>
      request('PUT', `/therapy/clinicians/${p.userId}`, { body: { licensed: p.licensed, supervisorId: p.supervisorId, credential: p.credential } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['therapy', 'clinicians'] }),
  });
  const items = q.data?.items ?? [];
  const licensed = items.filter((i) => i.licensed);
  return (
    <section className="card stack" aria-labelledby="clinicians-title">
      <h2 id="clinicians-title">Clinicians: licensure and supervision</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Clinician</th>
            <th scope="col">Licensed</th>
            <th scope="col">Supervisor (co-signs)</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.userId}>
              <td>
                {p.displayName} <small>{p.role.replace(/_/g, ' ')}</small>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${p.displayName} is licensed`}
                  checked={p.licensed}
                  onChange={(e) =>
                    save.mutate({
                      userId: p.userId,
                      licensed: e.target.checked,
                      supervisorId: e.target.checked ? null : (p.supervisorId ?? licensed.find((l) => l.userId !== p.userId)?.userId ?? null),
                      credential: p.credential,
                    })
                  }
                />
              </td>
              <td>
                <select
                  aria-label={`Supervisor of ${p.displayName}`}
                  value={p.supervisorId ?? ''}
                  onChange={(e) => save.mutate({ userId: p.userId, licensed: p.licensed, supervisorId: e.target.value || null, credential: p.credential })}
                >
                  <option value="">—</option>
                  {licensed
                    .filter((l) => l.userId !== p.userId)
                    .map((l) => (
                      <option key={l.userId} value={l.userId}>
                        {l.displayName}
                      </option>
                    ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Problem error={save.error ?? q.error} />
    </section>
  );
}

/** The program's note deadline, family-therapy minimum and expected clinical hours per level. */
function SettingsForm() {
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['therapy', 'settings'], queryFn: () => request<TherapySettings>('GET', '/therapy/settings') });
  const [draft, setDraft] = useState<TherapySettings | null>(null);
  const save = useMutation({
    mutationFn: () => request('PUT', '/therapy/settings', { body: draft, ifMatch: q.data?.etag ?? '"0"' }),
    onSuccess: () => {
      setDraft(null);
      queryClient.invalidateQueries({ queryKey: ['therapy', 'settings'] });
    },
  });
  const s = draft ?? q.data?.data;
  if (!s) return <Problem error={q.error} />;
  const num = (v: string) => (v.trim() === '' ? null : Number(v));
  return (
    <form
      className="card stack"
      aria-label="Therapy settings"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2>Notes and hours</h2>
      <div className="form-grid">
        <Field label="Notes signed within (hours)">
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              value={s.noteDeadlineHours}
              onChange={(e) => setDraft({ ...s, noteDeadlineHours: Number(e.target.value.replace(/\D/g, '')) || 0 })}
            />
          )}
        </Field>
        <Field label="Family therapy minimum (minutes)" hint="Payer-specific; 26 by default">
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              value={s.familyMinimumMinutes}
              onChange={(e) => setDraft({ ...s, familyMinimumMinutes: Number(e.target.value.replace(/\D/g, '')) || 0 })}
            />
          )}
        </Field>
      </div>
      <table className="table">
        <caption>Clinical hours per week by level of care (defaults: ASAM 3rd edition where stated)</caption>
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">At least (h)</th>
            <th scope="col">Under (h)</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(s.expectedHours).map(([level, h]) => (
            <tr key={level}>
              <td>{levelLabel(level)}</td>
              <td>
                <input
                  aria-label={`Minimum hours, ${levelLabel(level)}`}
                  value={h.minimum ?? ''}
                  onChange={(e) => setDraft({ ...s, expectedHours: { ...s.expectedHours, [level]: { ...h, minimum: num(e.target.value) } } })}
                  size={4}
                />
              </td>
              <td>
                <input
                  aria-label={`Hours to stay under, ${levelLabel(level)}`}
                  value={h.below ?? ''}
                  onChange={(e) => setDraft({ ...s, expectedHours: { ...s.expectedHours, [level]: { ...h, below: num(e.target.value) } } })}
                  size={4}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="submit" disabled={!draft || save.isPending}>
        Save settings
      </button>
      {save.isSuccess && (
        <p role="status" className="hint">
          Saved.
        </p>
      )}
      <Problem error={save.error} />
    </form>
  );
}

export function TherapySettingsPage() {
  return (
    <div className="stack">
      <h1>Therapy settings</h1>
      <SettingsForm />
      <CliniciansAdmin />
    </div>
  );
}
