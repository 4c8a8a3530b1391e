import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDateTime } from '../../app/vocabulary';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import type { Consent, ConsentForm, Scheduled } from './types';

export function useConsentForms() {
  return useQuery({
    queryKey: ['admissions', 'consent-forms'],
    queryFn: () => api.get<{ items: ConsentForm[] }>('/admissions/consent-forms'),
    staleTime: 300_000,
  });
}

export function usePatientConsents(patientId: string) {
  return useQuery({ queryKey: ['admissions', 'consents', patientId], queryFn: () => api.get<{ items: Consent[] }>(`/patients/${patientId}/consents`) });
}

/**
 * The signer reads the exact text, types their name and attests; the text version is kept with the
 * signature. An amendment re-signs the same text with the reason.
 */
export function SignConsentDialog({
  patientId,
  form,
  admissionId,
  amends,
  open,
  onClose,
}: {
  patientId: string;
  form: { code: string; version: number; title: string; body: string };
  admissionId?: string;
  amends?: Consent;
  open: boolean;
  onClose: () => void;
}) {
  const [signerName, setSignerName] = useState('');
  const [relation, setRelation] = useState('patient');
  const [attested, setAttested] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const qc = useQueryClient();
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      if (amends) await api.create(`/consents/${amends.id}/amendments`, { signerName, signerRelation: relation, reason, attested });
      else
        await api.create(`/patients/${patientId}/consents`, {
          formCode: form.code,
          formVersion: form.version,
          signerName,
          signerRelation: relation,
          attested,
          ...(admissionId ? { admissionId } : {}),
        });
      setError(null);
      setSignerName('');
      setAttested(false);
      setReason('');
      await qc.invalidateQueries({ queryKey: ['admissions', 'consents', patientId] });
      onClose();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Dialog title={`${amends ? 'Amend: ' : 'Sign: '}${form.title}`} open={open} onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <div className="consent-text" tabIndex={0} aria-label={`Text of ${form.title}, version ${form.version}`}>
          {form.body.split('\n').map((line, i) => (
            <p key={i}>{line}</p>
          ))}
        </div>
        <p className="fineprint">Form version {form.version}</p>
        {amends && (
          <Field label="Reason for the amendment">{(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} required />}</Field>
        )}
        <Field label="Signer's full name (typed signature)">
          {(p) => <input {...p} value={signerName} onChange={(e) => setSignerName(e.target.value)} required autoComplete="off" />}
        </Field>
        <Field label="Signer is">
          {(p) => (
            <select {...p} value={relation} onChange={(e) => setRelation(e.target.value)}>
              <option value="patient">The patient</option>
              <option value="guardian">Legal guardian</option>
              <option value="representative">Personal representative</option>
            </select>
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={attested} onChange={(e) => setAttested(e.target.checked)} required /> The signer has read this text and signs it by
          typing their name
        </label>
        <Problem error={error} />
        <div className="actions">
          <button type="submit">Sign</button>
        </div>
      </form>
    </Dialog>
  );
}

/** Consent status for an admission, the signing dialog, then admission itself. */
export function AdmitWithConsent({ scheduled, me, onDone }: { scheduled: Scheduled; me: Me; onDone: () => Promise<unknown> }) {
  const forms = useConsentForms().data?.items ?? [];
  const consents = usePatientConsents(scheduled.patientId).data?.items ?? [];
  const [signing, setSigning] = useState<ConsentForm | null>(null);
  const [bed, setBed] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const canSign = me.permissions.includes('admissions-consent.create');
  async function admit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await api.post(`/admissions/scheduled/${scheduled.id}/admit`, { bed: bed || null });
      setError(null);
      await onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="stack">
      <ul className="plain" aria-label="Consents for this admission">
        {forms.map((f) => {
          const signed = consents.find((c) => c.formCode === f.code && !c.amendedById);
          return (
            <li key={f.code}>
              {f.title}:{' '}
              {signed ? (
                <span>
                  signed by {signed.signerName} {formatDateTime(signed.signedAt)} · <Link to={`/consents/${signed.id}/print`}>printable copy</Link>
                </span>
              ) : canSign ? (
                <button type="button" className="small" onClick={() => setSigning(f)}>
                  Sign {f.title.toLowerCase().startsWith('notice') ? 'notice' : f.title.toLowerCase()}
                </button>
              ) : (
                'not signed'
              )}
            </li>
          );
        })}
      </ul>
      {signing && <SignConsentDialog patientId={scheduled.patientId} form={signing} admissionId={scheduled.id} open onClose={() => setSigning(null)} />}
      <form className="inline-form" onSubmit={admit}>
        <Field label="Bed" hint="Empty for ambulatory care">
          {(p) => <input {...p} value={bed} onChange={(e) => setBed(e.target.value)} />}
        </Field>
        <button type="submit" disabled={busy}>
          Admit now
        </button>
      </form>
      <Problem error={error} />
    </div>
  );
}

/** Every signed consent of a patient, with its printable copy and amendment. */
export function ConsentList({ patientId, me }: { patientId: string; me: Me }) {
  const consents = usePatientConsents(patientId);
  const forms = useConsentForms().data?.items ?? [];
  const [signing, setSigning] = useState<ConsentForm | null>(null);
  const [amending, setAmending] = useState<Consent | null>(null);
  const canSign = me.permissions.includes('admissions-consent.create');
  return (
    <section aria-labelledby={`consents-${patientId}`}>
      <h3 id={`consents-${patientId}`}>Consents</h3>
      <Problem error={consents.error} />
      <ul className="plain">
        {(consents.data?.items ?? []).map((c) => (
          <li key={c.id}>
            <Link to={`/consents/${c.id}/print`}>{c.formTitle}</Link> (v{c.formVersion}) · signed by {c.signerName} ({c.signerRelation}){' '}
            {formatDateTime(c.signedAt)}
            {c.amendsId && <em> · amendment: {c.amendmentReason}</em>}
            {c.amendedById ? (
              <em> · amended</em>
            ) : (
              canSign && (
                <button type="button" className="small ghost" onClick={() => setAmending(c)}>
                  Amend
                </button>
              )
            )}
          </li>
        ))}
        {consents.data?.items.length === 0 && <li>None signed.</li>}
      </ul>
      {canSign && (
        <div className="actions">
          {forms.map((f) => (
            <button key={f.code} type="button" className="small secondary" onClick={() => setSigning(f)}>
              Sign {f.title}
            </button>
          ))}
        </div>
      )}
      {signing && <SignConsentDialog patientId={patientId} form={signing} open onClose={() => setSigning(null)} />}
      {amending && (
        <SignConsentDialog
          patientId={patientId}
          form={{ code: amending.formCode, version: amending.formVersion, title: amending.formTitle, body: amending.formBody }}
          amends={amending}
          open
          onClose={() => setAmending(null)}
        />
      )}
    </section>
  );
}

/** The signed copy as signed: the kept text, the typed signature, when and who witnessed. Prints cleanly. */
export function ConsentPrintPage({ id }: { id: string }) {
  const consent = useQuery({ queryKey: ['admissions', 'consent', id], queryFn: () => api.get<Consent>(`/consents/${id}`) });
  if (consent.error) return <Problem error={consent.error} />;
  if (!consent.data) return <p className="loading">Loading…</p>;
  const c = consent.data;
  return (
    <article className="consent-print card" aria-labelledby="consent-title">
      <div className="no-print actions">
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        <Link to={`/patients/${c.patientId}`} className="button secondary">
          Back to chart
        </Link>
      </div>
      <h1 id="consent-title">{c.formTitle}</h1>
      <p className="fineprint">
        Form {c.formCode}, version {c.formVersion}
      </p>
      <div className="consent-text">
        {c.formBody.split('\n').map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      <dl className="facts signature">
        <div>
          <dt>Signed by</dt>
          <dd data-testid="signer">
            {c.signerName} ({c.signerRelation})
          </dd>
        </div>
        <div>
          <dt>Signed at</dt>
          <dd>{new Date(c.signedAt).toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'long' })}</dd>
        </div>
        <div>
          <dt>Witnessed by</dt>
          <dd>{c.witnessedByName}</dd>
        </div>
        {c.amendsId && (
          <div>
            <dt>Amends</dt>
            <dd>
              <Link to={`/consents/${c.amendsId}/print`}>earlier signature</Link>: {c.amendmentReason}
            </dd>
          </div>
        )}
        {c.amendedById && (
          <div>
            <dt>Superseded</dt>
            <dd>
              <Link to={`/consents/${c.amendedById}/print`}>see the amendment</Link>
            </dd>
          </div>
        )}
      </dl>
      <p className="fineprint">Electronically signed record; it cannot be changed. Corrections are amendments that show who, when and why.</p>
    </article>
  );
}
