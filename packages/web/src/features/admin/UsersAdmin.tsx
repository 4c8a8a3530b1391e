import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me, Role, User } from '../../api/types';
import { roleLabels } from '../../app/vocabulary';
import { can } from '../../app/access';
import { Problem } from '../../components/Problem';
import { useFacilities } from '../patients/RegisterPatient';

export function UsersAdmin({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.get<{ items: User[] }>('/users') });
  const facilities = useFacilities().data?.items ?? [];
  const [form, setForm] = useState({ email: '', displayName: '', role: 'nurse' as Role, password: '', facilityIds: [] as string[], patientId: '' });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  const create = useMutation({
    mutationFn: () => api.create('/users', { ...form, patientId: form.patientId || undefined }),
    onSuccess: () => {
      setForm({ email: '', displayName: '', role: 'nurse', password: '', facilityIds: [], patientId: '' });
      return refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: 'role' | 'deactivate' | 'reactivate'; body?: unknown }) =>
      action === 'role' ? api.patch(`/users/${id}`, body) : api.post(`/users/${id}/${action}`),
    onSuccess: refresh,
  });
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => api.patch(`/users/${resetFor}`, { password: newPassword }),
    onSuccess: () => {
      setResetFor(null);
      setNewPassword('');
      return refresh();
    },
  });

  return (
    <section aria-labelledby="users-title" className="card">
      <h2 id="users-title">Users</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Facilities</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {(users.data?.items ?? []).map((u) => (
            <tr key={u.id} className={u.active ? undefined : 'inactive'}>
              <td data-label="Name">
                {u.displayName}
                {u.mfaEnabled ? ' 🔐' : ''}
              </td>
              <td data-label="Email">{u.email}</td>
              <td data-label="Role">
                <label className="sr-only" htmlFor={`role-${u.id}`}>
                  Role of {u.displayName}
                </label>
                <select
                  id={`role-${u.id}`}
                  value={u.role}
                  disabled={u.id === me.user.id || !can(me, 'user.update')}
                  onChange={(e) => update.mutate({ id: u.id, action: 'role', body: { role: e.target.value } })}
                >
                  {Object.entries(roleLabels).map(([k, v]) => (
                    <option key={k} value={k}>
                      {v}
                    </option>
                  ))}
                </select>
              </td>
              <td data-label="Facilities">{u.facilityIds.map((id) => facilities.find((f) => f.id === id)?.name ?? id).join(', ') || '—'}</td>
              <td data-label="Status">
                {u.active ? 'Active' : 'Deactivated'}{' '}
                {u.id !== me.user.id && can(me, 'user.update') && (
                  <button
                    type="button"
                    className="ghost small"
                    onClick={() => update.mutate({ id: u.id, action: u.active ? 'deactivate' : 'reactivate' })}
                    aria-label={`${u.active ? 'Deactivate' : 'Reactivate'} ${u.displayName}`}
                  >
                    {u.active ? 'Deactivate' : 'Reactivate'}
                  </button>
                )}
                {can(me, 'user.update') && (
                  <button type="button" className="ghost small" onClick={() => setResetFor(u.id)} aria-label={`Set password for ${u.displayName}`}>
                    Set password
                  </button>
                )}
                {resetFor === u.id && (
                  <form
                    className="inline-form"
                    onSubmit={(e: FormEvent) => {
                      e.preventDefault();
                      reset.mutate();
                    }}
                  >
                    <label htmlFor={`pw-${u.id}`} className="sr-only">
                      New password for {u.displayName}
                    </label>
                    <input
                      id={`pw-${u.id}`}
                      type="password"
                      minLength={12}
                      autoComplete="new-password"
                      value={newPassword}
                      onChange={(e) => setNewPassword(e.target.value)}
                      required
                      autoFocus
                    />
                    <button type="submit" className="small">
                      Save (ends their sessions)
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Problem error={update.error ?? reset.error} />
      {can(me, 'user.create') && (
        <form
          className="form-grid"
          aria-label="Add user"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <h3 className="span-2">Add a user</h3>
          <div className="field">
            <label htmlFor="user-name">Full name</label>
            <input id="user-name" value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} required />
          </div>
          <div className="field">
            <label htmlFor="user-email">Email</label>
            <input id="user-email" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} required />
          </div>
          <div className="field">
            <label htmlFor="user-role">Role</label>
            <select id="user-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {Object.entries(roleLabels).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="user-password">Temporary password</label>
            <input
              id="user-password"
              type="password"
              minLength={12}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
              required
              autoComplete="new-password"
            />
          </div>
          {form.role === 'patient' && (
            <div className="field">
              <label htmlFor="user-patient">Patient record id</label>
              <input id="user-patient" value={form.patientId} onChange={(e) => setForm({ ...form, patientId: e.target.value })} required />
            </div>
          )}
          <fieldset className="span-2">
            <legend>Facilities</legend>
            {facilities.map((f) => (
              <label key={f.id} className="check">
                <input
                  type="checkbox"
                  checked={form.facilityIds.includes(f.id)}
                  onChange={(e) =>
                    setForm({ ...form, facilityIds: e.target.checked ? [...form.facilityIds, f.id] : form.facilityIds.filter((x) => x !== f.id) })
                  }
                />{' '}
                {f.name}
              </label>
            ))}
          </fieldset>
          <div className="actions span-2">
            <button type="submit" disabled={create.isPending}>
              Add user
            </button>
          </div>
        </form>
      )}
      <Problem error={create.error} />
    </section>
  );
}
