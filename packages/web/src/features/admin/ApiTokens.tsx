import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Problem } from '../../components/Problem';

export function ApiTokens() {
  const [name, setName] = useState('');
  const create = useMutation({ mutationFn: () => api.post<{ token: string; name: string }>('/auth/tokens', { name }) });
  return (
    <section aria-labelledby="tokens-title" className="card">
      <h2 id="tokens-title">Integration tokens</h2>
      <form
        className="inline-form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label htmlFor="token-name">Token name</label>
        <input id="token-name" value={name} onChange={(e) => setName(e.target.value)} required placeholder="e.g. Lab interface" />
        <button type="submit">Create API token</button>
      </form>
      {create.data && (
        <p role="status">
          Copy this token now; it is not shown again: <code className="secret">{create.data.token}</code>
        </p>
      )}
      <Problem error={create.error} />
    </section>
  );
}
