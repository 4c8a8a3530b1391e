import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { Problem } from '../../components/Problem';

/** The second factor: verify with the enrolled authenticator, or enrol one when the policy requires it. */
export function Mfa({ me, onVerified }: { me: Me; onVerified: (me: Me) => void }) {
  const [code, setCode] = useState('');
  const [enrolmentCode, setEnrolmentCode] = useState('');
  const [secret, setSecret] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const enrolling = !me.user.mfaEnabled;

  async function startEnrolment() {
    setError(null);
    try {
      setSecret(await api.post('/auth/mfa/enrol', enrolmentCode.trim() ? { enrolmentCode: enrolmentCode.trim() } : {}));
    } catch (err) {
      setError(err);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      onVerified(await api.post<Me>(enrolling ? '/auth/mfa/enrol/confirm' : '/auth/mfa/verify', { code }));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="mfa-title">
        <h1 id="mfa-title">Two-step verification</h1>
        {enrolling && !secret && (
          <>
            <p>{me.organization.name} requires an authenticator app for staff. Set one up to continue.</p>
            <div className="field">
              <label htmlFor="enrolment-code">Enrolment code from your administrator</label>
              <input
                id="enrolment-code"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={64}
                value={enrolmentCode}
                onChange={(e) => setEnrolmentCode(e.target.value)}
                aria-describedby="enrolment-code-hint"
              />
              <p id="enrolment-code-hint" className="hint">
                Ask an administrator for a one-time enrolment code; your password alone cannot set up an authenticator.
              </p>
            </div>
            <button type="button" onClick={startEnrolment}>
              Set up authenticator
            </button>
          </>
        )}
        {enrolling && secret && (
          <div className="enrol">
            <p>Add this key to your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…):</p>
            <code className="secret" aria-label="Authenticator key">
              {secret.secret}
            </code>
            <details>
              <summary>Setup link</summary>
              <code className="uri">{secret.otpauthUri}</code>
            </details>
          </div>
        )}
        {(!enrolling || secret) && (
          <>
            <div className="field">
              <label htmlFor="code">6-digit code</label>
              <input
                id="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="\d{6}"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                required
                autoFocus
              />
            </div>
            <button type="submit">{enrolling ? 'Confirm and continue' : 'Verify'}</button>
          </>
        )}
        <Problem error={error} />
      </form>
    </main>
  );
}
