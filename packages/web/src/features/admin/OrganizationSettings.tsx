import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { Problem } from '../../components/Problem';

interface Organization {
  id: string;
  name: string;
  mfaRequired: boolean;
  idleTimeoutMinutes: number;
}

export function OrganizationSettings() {
  const queryClient = useQueryClient();
  const org = useQuery({ queryKey: ['organization'], queryFn: () => api.get<Organization>('/organization') });
  // The form starts from the saved settings; edits live here until saved.
  const [edits, setForm] = useState<Organization | null>(null);
  const form = edits ?? org.data ?? null;
  const save = useMutation({
    mutationFn: (o: Organization) =>
      api.patch<Organization>('/organization', { name: o.name, mfaRequired: o.mfaRequired, idleTimeoutMinutes: o.idleTimeoutMinutes }),
    onSuccess: (o) => {
      queryClient.setQueryData(['organization'], o);
      queryClient.setQueryData<Me | null>(['me'], (me) => (me ? { ...me, organization: o } : me));
    },
  });
  if (!form) return <Problem error={org.error} />;
  return (
    <section aria-labelledby="org-title" className="card">
      <h2 id="org-title">Organization</h2>
      <form
        className="form-grid"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate(form);
        }}
      >
        <div className="field">
          <label htmlFor="org-name">Name</label>
          <input id="org-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        </div>
        <div className="field">
          <label htmlFor="org-idle">Idle time-out (minutes)</label>
          <input
            id="org-idle"
            type="number"
            min={1}
            max={720}
            value={form.idleTimeoutMinutes}
            onChange={(e) => setForm({ ...form, idleTimeoutMinutes: Number(e.target.value) })}
            required
          />
        </div>
        <label className="check span-2">
          <input type="checkbox" checked={form.mfaRequired} onChange={(e) => setForm({ ...form, mfaRequired: e.target.checked })} /> Require two-step
          verification (authenticator app) for all staff
        </label>
        <div className="actions span-2">
          <button type="submit" disabled={save.isPending}>
            Save organization settings
          </button>
          {save.isSuccess && <span role="status">Saved.</span>}
        </div>
      </form>
      <Problem error={save.error} />
    </section>
  );
}
