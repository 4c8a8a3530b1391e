import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { Problem } from '../../components/Problem';

export function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.post<Me>('/auth/sign-in', { email, password }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const message =
    error instanceof ApiError && error.status === 423
      ? 'This account is locked after too many failed attempts. ' + error.detail
      : error instanceof ApiError && error.status === 429
        ? 'Too many attempts from this computer. Wait 15 minutes and try again.'
        : null;

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">
          <span className="brand">Waypoint</span> Sign in
        </h1>
        {notice && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
        {message ? (
          <div role="alert" className="problem">
            {message}
          </div>
        ) : (
          <Problem error={error} />
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="fineprint">Protected health information under 42 CFR Part 2. Every access is recorded.</p>
      </form>
    </main>
  );
}
