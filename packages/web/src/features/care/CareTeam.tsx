import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CareTeamMember, Me } from '../../api/types';
import { roleLabels, teamRoleLabels } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';

export function CareTeam({ patientId, episodeId, me }: { patientId: string; episodeId: string; me: Me }) {
  const canEdit = me.permissions.includes('care-team.update');
  const queryClient = useQueryClient();
  const team = useQuery({
    queryKey: ['chart', patientId, 'care-team', episodeId],
    queryFn: () => api.get<{ items: CareTeamMember[] }>(`/episodes/${episodeId}/care-team`),
  });
  const staff = useQuery({
    queryKey: ['staff'],
    queryFn: () => api.get<{ items: { id: string; displayName: string; role: string }[] }>('/staff'),
    enabled: canEdit,
    staleTime: 300_000,
  });
  const [userId, setUserId] = useState('');
  const [teamRole, setTeamRole] = useState('primary_counselor');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
  const add = useMutation({
    mutationFn: () => api.create(`/episodes/${episodeId}/care-team`, { userId, teamRole }),
    onSuccess: () => {
      setUserId('');
      return refresh();
    },
  });
  const remove = useMutation({ mutationFn: (memberId: string) => api.delete(`/episodes/${episodeId}/care-team/${memberId}`), onSuccess: refresh });

  return (
    <section aria-labelledby="team-title" className="card">
      <h2 id="team-title">Care team</h2>
      <ul className="plain">
        {(team.data?.items ?? []).map((m) => (
          <li key={m.id}>
            <strong>{m.displayName}</strong> · {teamRoleLabels[m.teamRole] ?? m.teamRole} <small>({roleLabels[m.userRole]})</small>
            {canEdit && (
              <button type="button" className="ghost small" aria-label={`Remove ${m.displayName} from the care team`} onClick={() => remove.mutate(m.id)}>
                Remove
              </button>
            )}
          </li>
        ))}
        {team.data?.items.length === 0 && <li>No one assigned yet.</li>}
      </ul>
      {canEdit && (
        <form
          className="inline-form"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <label htmlFor="team-user">Staff member</label>
          <select id="team-user" value={userId} onChange={(e) => setUserId(e.target.value)} required>
            <option value="">Choose…</option>
            {(staff.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.displayName} ({roleLabels[s.role as keyof typeof roleLabels]})
              </option>
            ))}
          </select>
          <label htmlFor="team-role">Role on the team</label>
          <select id="team-role" value={teamRole} onChange={(e) => setTeamRole(e.target.value)}>
            {Object.entries(teamRoleLabels).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
          <button type="submit" disabled={add.isPending}>
            Add to team
          </button>
        </form>
      )}
      <Problem error={add.error ?? remove.error} />
    </section>
  );
}
