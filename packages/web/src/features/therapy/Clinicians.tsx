import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client';
import { Problem } from '../../components/Problem';

interface Profile {
  userId: string;
  displayName: string;
  role: string;
  licensed: boolean;
  credential: string | null;
  supervisorId: string | null;
  supervisorName: string | null;
}

/** Licensure and supervision: an unlicensed clinician's notes wait for their supervisor's co-signature. */
export function CliniciansAdmin() {
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['therapy', 'clinicians'], queryFn: () => api.get<{ items: Profile[] }>('/therapy/clinicians') });
  const save = useMutation({
    mutationFn: (p: { userId: string; licensed: boolean; supervisorId: string | null; credential: string | null }) => request('PUT', `/therapy/clinicians/${p.userId}`, { body: { licensed: p.licensed, supervisorId: p.supervisorId, credential: p.credential } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['therapy', 'clinicians'] }),
  });
  const items = q.data?.items ?? [];
  const licensed = items.filter((i) => i.licensed);
  return (
    <section className="card stack" aria-labelledby="clinicians-title">
      <h2 id="clinicians-title">Clinicians: licensure and supervision</h2>
      <table className="table">
        <thead><tr><th scope="col">Clinician</th><th scope="col">Licensed</th><th scope="col">Supervisor (co-signs)</th></tr></thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.userId}>
              <td>{p.displayName} <small>{p.role.replace(/_/g, ' ')}</small></td>
              <td>
                <input type="checkbox" aria-label={`${p.displayName} is licensed`} checked={p.licensed} onChange={(e) => save.mutate({ userId: p.userId, licensed: e.target.checked, supervisorId: e.target.checked ? null : p.supervisorId ?? licensed.find((l) => l.userId !== p.userId)?.userId ?? null, credential: p.credential })} />
              </td>
              <td>
                <select aria-label={`Supervisor of ${p.displayName}`} value={p.supervisorId ?? ''} onChange={(e) => save.mutate({ userId: p.userId, licensed: p.licensed, supervisorId: e.target.value || null, credential: p.credential })}>
                  <option value="">—</option>
                  {licensed.filter((l) => l.userId !== p.userId).map((l) => <option key={l.userId} value={l.userId}>{l.displayName}</option>)}
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
