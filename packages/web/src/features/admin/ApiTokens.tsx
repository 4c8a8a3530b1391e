import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { Problem } from '../../components/Problem';
import { formatDateTime } from '../../app/vocabulary';

interface TokenRow {
  id: string;
  name: string | null;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string;
  revokedAt: string | null;
  issuedBy: string;
  active: boolean;
}

/** Integration tokens: each may do only what its scopes name, expires, and can be revoked. */
export function ApiTokens({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [days, setDays] = useState(90);
  const canList = me.permissions.includes('api-token.read');
  const canRevoke = me.permissions.includes('api-token.update');
  const tokens = useQuery({ queryKey: ['api-tokens'], queryFn: () => api.get<{ items: TokenRow[] }>('/auth/tokens'), enabled: canList });
  const create = useMutation({
    mutationFn: () => api.create<{ token: string; name: string; expiresAt: string }>('/auth/tokens', { name, scopes, expiresInDays: days }),
    onSuccess: () => {
      setName('');
      setScopes([]);
      void queryClient.invalidateQueries({ queryKey: ['api-tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.post(`/auth/tokens/${id}/revoke`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
  const available = me.permissions.filter((p) => !p.startsWith('portal.'));
  const toggle = (scope: string, on: boolean) => setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)));
  return (
    <section aria-labelledby="tokens-title" className="card">
      <h2 id="tokens-title">Integration tokens</h2>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <div className="inline-form">
          <label htmlFor="token-name">Token name</label>
          <input id="token-name" value={name} onChange={(e) => setName(e.target.value)} required placeholder="e.g. Lab interface" />
          <label htmlFor="token-days">Expires after (days, at most 365)</label>
          <input id="token-days" type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} required />
        </div>
        <fieldset>
          <legend>What the token may do (choose at least one)</legend>
          {available.map((scope) => (
            <label key={scope} className="checkbox">
              <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} /> {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={scopes.length === 0 || create.isPending}>
          Create API token
        </button>
      </form>
      {create.data && (
        <p role="status">
          Copy this token now; it is not shown again (expires {formatDateTime(create.data.expiresAt)}): <code className="secret">{create.data.token}</code>
        </p>
      )}
      <Problem error={create.error} />
      {canList && (
        <table>
          <caption>Tokens of the organization</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scopes</th>
              <th scope="col">Issued by</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">Status</th>
              {canRevoke && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {(tokens.data?.items ?? []).map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.scopes.join(', ')}</td>
                <td>{t.issuedBy}</td>
                <td>{formatDateTime(t.lastUsedAt)}</td>
                <td>{formatDateTime(t.expiresAt)}</td>
                <td>{t.revokedAt ? `Revoked ${formatDateTime(t.revokedAt)}` : t.active ? 'Active' : 'Expired'}</td>
                {canRevoke && (
                  <td>
                    {t.active && (
                      <button
                        type="button"
                        className="small"
                        onClick={() => revoke.mutate(t.id)}
                        disabled={revoke.isPending}
                        aria-label={`Revoke ${t.name ?? 'token'}`}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Problem error={tokens.error ?? revoke.error} />
    </section>
  );
}
