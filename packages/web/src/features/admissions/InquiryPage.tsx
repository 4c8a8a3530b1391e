import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, request } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDate, formatDateTime, fromLocal, levelLabel } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { CoverageSection } from './Coverage';
import { AdmitWithConsent } from './Consents';
import { AdmissionsNav, useMyFacilities } from './Inquiries';
import { ScheduleAdmission } from './Schedule';
import { callerRelationLabels, moudLabels, referralSourceLabels, statusLabels, urgencyLabels, type Duplicates, type Inquiry, type Prescreen } from './types';

export function useInquiry(id: string) {
  return useQuery({
    queryKey: ['admissions', 'inquiry', id],
    queryFn: () => api.get<Inquiry>(`/admissions/inquiries/${id}`),
  });
}

/** One inquiry from first call to admission: pre-screen, waitlist, registration, coverage, scheduling, admission. */
export function InquiryPage({ id, me }: { id: string; me: Me }) {
  const inquiry = useInquiry(id);
  const can = (p: string) => me.permissions.includes(p);
  if (inquiry.error) return <Problem error={inquiry.error} />;
  if (!inquiry.data) return <p className="loading">Loading inquiry…</p>;
  const i = inquiry.data;
  const finished = i.status === 'admitted' || i.status === 'closed';
  const pending = i.scheduled?.find((s) => s.status === 'scheduled');
  return (
    <article aria-labelledby="inquiry-title" className="stack">
      <div className="page-head">
        <h1 id="inquiry-title">
          {i.familyName}, {i.givenName} <span className="badge">{statusLabels[i.status]}</span>
        </h1>
        <AdmissionsNav me={me} current="" />
      </div>
      <section className="card" aria-labelledby="call-title">
        <h2 id="call-title">Call</h2>
        <dl className="facts">
          <div>
            <dt>Received</dt>
            <dd>{formatDateTime(i.receivedAt)}</dd>
          </div>
          <div>
            <dt>Caller</dt>
            <dd>
              {i.callerName} ({callerRelationLabels[i.callerRelation]})
            </dd>
          </div>
          <div>
            <dt>Call back</dt>
            <dd>
              {i.callbackPhone ?? i.phone ?? '—'} · {i.contactConsent ? 'may call back' : 'do not call back'}
            </dd>
          </div>
          <div>
            <dt>Referral</dt>
            <dd>
              {referralSourceLabels[i.referralSource]}
              {i.referralOrganization ? ` · ${i.referralOrganization}` : ''}
            </dd>
          </div>
          <div>
            <dt>Born</dt>
            <dd>{i.birthDate ? formatDate(i.birthDate) : 'not given'}</dd>
          </div>
          <div>
            <dt>Level sought</dt>
            <dd>{levelLabel(i.levelOfCare)}</dd>
          </div>
          <div>
            <dt>Reason</dt>
            <dd>{i.reason ?? '—'}</dd>
          </div>
          {i.closedReason && (
            <div>
              <dt>Closed</dt>
              <dd>{i.closedReason}</dd>
            </div>
          )}
        </dl>
      </section>
      {!finished && can('admissions-inquiry.update') && <NextAction inquiry={i} />}
      <PrescreenSection inquiry={i} canEdit={!finished && can('admissions-inquiry.update')} />
      {i.patientId ? (
        <p className="notice">
          Patient record: <Link to={`/patients/${i.patientId}`}>open chart</Link>
        </p>
      ) : (
        !finished && can('patient.create') && <Convert inquiry={i} />
      )}
      {i.patientId && can('coverage.read') && <CoverageSection patientId={i.patientId} me={me} />}
      {i.patientId && !finished && !pending && can('admissions-schedule.create') && <ScheduleAdmission inquiry={i} me={me} />}
      {i.scheduled && i.scheduled.length > 0 && <ScheduledList inquiry={i} me={me} />}
    </article>
  );
}

function useRefresh(id: string) {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: ['admissions'] })]).then(() => qc.invalidateQueries({ queryKey: ['admissions', 'inquiry', id] }));
}

function NextAction({ inquiry }: { inquiry: Inquiry }) {
  const [nextAction, setNextAction] = useState(inquiry.nextAction ?? '');
  const [due, setDue] = useState(inquiry.nextActionDue ?? '');
  const [closeReason, setCloseReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const refresh = useRefresh(inquiry.id);
  // A newer version of the inquiry (saved here or elsewhere) resets the fields: adjusted while rendering.
  const [shownVersion, setShownVersion] = useState(inquiry.version);
  if (shownVersion !== inquiry.version) {
    setShownVersion(inquiry.version);
    setNextAction(inquiry.nextAction ?? '');
    setDue(inquiry.nextActionDue ?? '');
  }
  async function save(status?: 'open' | 'waitlisted') {
    try {
      await api.patch(
        `/admissions/inquiries/${inquiry.id}`,
        { nextAction: nextAction || null, nextActionDue: due || null, ...(status ? { status } : {}) },
        `"${inquiry.version}"`,
      );
      setError(null);
      await refresh();
    } catch (err) {
      setError(err);
    }
  }
  async function close(e: FormEvent) {
    e.preventDefault();
    try {
      await api.post(`/admissions/inquiries/${inquiry.id}/close`, { reason: closeReason });
      setError(null);
      await refresh();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section className="card" aria-labelledby="next-title">
      <h2 id="next-title">Waitlist and next action</h2>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label="Next action" error={error instanceof ApiError ? error.fieldError('nextAction') : undefined}>
          {(p) => <input {...p} value={nextAction} onChange={(e) => setNextAction(e.target.value)} />}
        </Field>
        <Field label="Due" error={error instanceof ApiError ? error.fieldError('nextActionDue') : undefined}>
          {(p) => <input {...p} type="date" value={due} onChange={(e) => setDue(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit">Save next action</button>
          {inquiry.status === 'open' && (
            <button type="button" className="secondary" onClick={() => save('waitlisted')}>
              Put on waitlist
            </button>
          )}
          {inquiry.status === 'waitlisted' && (
            <button type="button" className="secondary" onClick={() => save('open')}>
              Take off waitlist
            </button>
          )}
        </div>
      </form>
      {inquiry.status !== 'scheduled' && (
        <form className="inline-form" onSubmit={close}>
          <Field label="Reason to close">
            {(p) => <input {...p} value={closeReason} onChange={(e) => setCloseReason(e.target.value)} required minLength={3} />}
          </Field>
          <button type="submit" className="secondary">
            Close inquiry
          </button>
        </form>
      )}
      <Problem error={error} />
    </section>
  );
}

const routes = ['injected', 'smoked', 'snorted', 'oral', 'other'];

function PrescreenSection({ inquiry, canEdit }: { inquiry: Inquiry; canEdit: boolean }) {
  const p = inquiry.prescreen;
  const [editing, setEditing] = useState(false);
  if (!p && !canEdit) return null;
  if (p && !editing) {
    return (
      <section className="card" aria-labelledby="prescreen-title">
        <h2 id="prescreen-title">Pre-screen</h2>
        <dl className="facts">
          <div>
            <dt>Substances</dt>
            <dd>{p.substances.map((s) => `${s.substance} (${s.route}${s.frequency ? `, ${s.frequency}` : ''})`).join('; ')}</dd>
          </div>
          <div>
            <dt>Last use</dt>
            <dd>{p.lastUseAt ? formatDateTime(p.lastUseAt) : 'unknown'}</dd>
          </div>
          <div>
            <dt>Overdoses</dt>
            <dd>
              {p.overdoseCount}
              {p.lastOverdoseOn ? `, last ${formatDate(p.lastOverdoseOn)}` : ''}
            </dd>
          </div>
          <div>
            <dt>Withdrawal history</dt>
            <dd>
              {[p.withdrawalHistory.severe && 'severe', p.withdrawalHistory.seizures && 'seizures', p.withdrawalHistory.delirium && 'delirium']
                .filter(Boolean)
                .join(', ') || 'none severe'}
            </dd>
          </div>
          <div>
            <dt>Pregnancy</dt>
            <dd>{p.pregnancy.replace(/_/g, ' ')}</dd>
          </div>
          <div>
            <dt>Co-occurring</dt>
            <dd>{p.coOccurring ?? '—'}</dd>
          </div>
          <div>
            <dt>Current MOUD</dt>
            <dd>
              {moudLabels[p.currentMoud]}
              {p.currentMoudDetail ? ` · ${p.currentMoudDetail}` : ''}
            </dd>
          </div>
          <div>
            <dt>Urgency</dt>
            <dd data-testid="urgency">{urgencyLabels[p.urgency]}</dd>
          </div>
          <div>
            <dt>Suggested level</dt>
            <dd>{levelLabel(p.recommendedLevel)}</dd>
          </div>
        </dl>
        {canEdit && (
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            Correct pre-screen
          </button>
        )}
      </section>
    );
  }
  return <PrescreenForm inquiry={inquiry} existing={p ?? null} onDone={() => setEditing(false)} />;
}

function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

function PrescreenForm({ inquiry, existing, onDone }: { inquiry: Inquiry; existing: Prescreen | null; onDone: () => void }) {
  const [substance, setSubstance] = useState(existing?.substances[0]?.substance ?? '');
  const [route, setRoute] = useState(existing?.substances[0]?.route ?? 'injected');
  const [others, setOthers] = useState(
    existing?.substances
      .slice(1)
      .map((s) => s.substance)
      .join(', ') ?? '',
  );
  const [lastUse, setLastUse] = useState(toLocalInput(existing?.lastUseAt ?? null));
  const [overdoses, setOverdoses] = useState(String(existing?.overdoseCount ?? 0));
  const [lastOverdose, setLastOverdose] = useState(existing?.lastOverdoseOn ?? '');
  const [severe, setSevere] = useState(existing?.withdrawalHistory.severe ?? false);
  const [seizures, setSeizures] = useState(existing?.withdrawalHistory.seizures ?? false);
  const [delirium, setDelirium] = useState(existing?.withdrawalHistory.delirium ?? false);
  const [pregnancy, setPregnancy] = useState(existing?.pregnancy ?? (inquiry.sexAtBirth === 'male' ? 'not_applicable' : 'unknown'));
  const [coOccurring, setCoOccurring] = useState(existing?.coOccurring ?? '');
  const [moud, setMoud] = useState(existing?.currentMoud ?? 'none');
  const [moudDetail, setMoudDetail] = useState(existing?.currentMoudDetail ?? '');
  const [urgency, setUrgency] = useState(existing?.urgency ?? 'routine');
  const [level, setLevel] = useState(existing?.recommendedLevel ?? inquiry.levelOfCare ?? '');
  const [error, setError] = useState<unknown>(null);
  const refresh = useRefresh(inquiry.id);
  const fe = (f: string) => (error instanceof ApiError ? error.fieldError(f) : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const substances = [
        { substance, route },
        ...others
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((s) => ({ substance: s, route: 'other' })),
      ];
      await request('PUT', `/admissions/inquiries/${inquiry.id}/prescreen`, {
        body: {
          substances,
          lastUseAt: fromLocal(lastUse) ?? null,
          lastUseKind: /methadone/i.test(substance) ? 'long_acting' : /heroin|fentanyl|oxy|morphine|hydro/i.test(substance) ? 'short_acting' : 'unknown',
          overdoseCount: Number(overdoses),
          lastOverdoseOn: lastOverdose || null,
          withdrawalHistory: { severe, seizures, delirium },
          pregnancy,
          coOccurring: coOccurring || null,
          currentMoud: moud,
          currentMoudDetail: moudDetail || null,
          urgency,
          recommendedLevel: level || null,
        },
        ifMatch: existing ? `"${existing.version}"` : undefined,
      });
      setError(null);
      await refresh();
      onDone();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card" aria-labelledby="prescreen-form-title">
      <h2 id="prescreen-form-title">Pre-screen</h2>
      <form onSubmit={submit} className="form-grid">
        <Field label="Main substance" error={fe('substances')}>
          {(p) => <input {...p} value={substance} onChange={(e) => setSubstance(e.target.value)} required />}
        </Field>
        <Field label="Route">
          {(p) => (
            <select {...p} value={route} onChange={(e) => setRoute(e.target.value)}>
              {routes.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Other substances" hint="Comma-separated">
          {(p) => <input {...p} value={others} onChange={(e) => setOthers(e.target.value)} />}
        </Field>
        <Field label="Last use" hint="Facility-local date and time; sets the episode's last opioid use at admission" error={fe('lastUseAt')}>
          {(p) => <input {...p} type="datetime-local" value={lastUse} onChange={(e) => setLastUse(e.target.value)} />}
        </Field>
        <Field label="Overdoses (lifetime)" error={fe('overdoseCount')}>
          {(p) => <input {...p} type="number" min={0} max={100} value={overdoses} onChange={(e) => setOverdoses(e.target.value)} required />}
        </Field>
        <Field label="Last overdose" error={fe('lastOverdoseOn')}>
          {(p) => <input {...p} type="date" value={lastOverdose} onChange={(e) => setLastOverdose(e.target.value)} />}
        </Field>
        <fieldset className="choices">
          <legend>Withdrawal history</legend>
          <label>
            <input type="checkbox" checked={severe} onChange={(e) => setSevere(e.target.checked)} /> Severe withdrawal
          </label>
          <label>
            <input type="checkbox" checked={seizures} onChange={(e) => setSeizures(e.target.checked)} /> Seizures
          </label>
          <label>
            <input type="checkbox" checked={delirium} onChange={(e) => setDelirium(e.target.checked)} /> Delirium
          </label>
        </fieldset>
        <Field label="Pregnancy">
          {(p) => (
            <select {...p} value={pregnancy} onChange={(e) => setPregnancy(e.target.value)}>
              <option value="unknown">Unknown</option>
              <option value="pregnant">Pregnant</option>
              <option value="not_pregnant">Not pregnant</option>
              <option value="not_applicable">Not applicable</option>
            </select>
          )}
        </Field>
        <Field label="Co-occurring conditions">{(p) => <input {...p} value={coOccurring} onChange={(e) => setCoOccurring(e.target.value)} />}</Field>
        <Field label="Current medication for OUD">
          {(p) => (
            <select {...p} value={moud} onChange={(e) => setMoud(e.target.value)}>
              {Object.entries(moudLabels).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        {moud !== 'none' && (
          <Field label="Dose and prescriber" error={fe('currentMoudDetail')}>
            {(p) => <input {...p} value={moudDetail} onChange={(e) => setMoudDetail(e.target.value)} />}
          </Field>
        )}
        <Field label="Urgency">
          {(p) => (
            <select {...p} value={urgency} onChange={(e) => setUrgency(e.target.value)}>
              {Object.entries(urgencyLabels).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Suggested level of care">
          {(p) => (
            <select {...p} value={level} onChange={(e) => setLevel(e.target.value)}>
              <option value="">Not yet known</option>
              {['withdrawal_management', 'residential', 'partial_hospitalization', 'intensive_outpatient', 'outpatient', 'opioid_treatment_program'].map(
                (l) => (
                  <option key={l} value={l}>
                    {levelLabel(l)}
                  </option>
                ),
              )}
            </select>
          )}
        </Field>
        <Problem error={error} />
        <div className="actions span-2">
          <button type="submit">Save pre-screen</button>
          {existing && (
            <button type="button" className="secondary" onClick={onDone}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

/** Registration from the inquiry: duplicates shown first; link one, or register a new record. */
function Convert({ inquiry }: { inquiry: Inquiry }) {
  const dups = useQuery({
    queryKey: ['admissions', 'inquiry', inquiry.id, 'duplicates'],
    queryFn: () => api.get<Duplicates>(`/admissions/inquiries/${inquiry.id}/duplicates`),
  });
  const [birthDate, setBirthDate] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const refresh = useRefresh(inquiry.id);
  const candidates = dups.data?.candidates ?? [];
  async function convert(body: Record<string, unknown>) {
    setBusy(true);
    try {
      await api.post(`/admissions/inquiries/${inquiry.id}/convert`, { ...body, ...(!inquiry.birthDate && birthDate ? { birthDate } : {}) });
      setError(null);
      await refresh();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.rule === 'possible-duplicate') await dups.refetch();
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="convert-title">
      <h2 id="convert-title">Patient record</h2>
      {candidates.length > 0 ? (
        <div className="warning" role="alert">
          <p>These existing patients have a similar name and birth date:</p>
          <ul>
            {candidates.map((c) => (
              <li key={c.id}>
                {c.legalFamilyName}, {c.legalGivenName} · {c.mrn} · born {formatDate(c.birthDate)}{' '}
                <button type="button" className="small" onClick={() => convert({ existingPatientId: c.id })} disabled={busy}>
                  Same person — use this record
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="secondary" onClick={() => convert({ confirmNotDuplicate: true })} disabled={busy}>
            A different person — register new
          </button>
        </div>
      ) : (
        <>
          <p>No existing patient matches. Registering copies the name, birth date, sex and phone from this inquiry.</p>
          {!inquiry.birthDate && (
            <Field label="Birth date (needed to register)">
              {(p) => <input {...p} type="date" value={birthDate} onChange={(e) => setBirthDate(e.target.value)} />}
            </Field>
          )}
          <button type="button" onClick={() => convert({})} disabled={busy || dups.isLoading}>
            Register patient from inquiry
          </button>
        </>
      )}
      {!(error instanceof ApiError && error.rule === 'possible-duplicate') && <Problem error={error} />}
    </section>
  );
}

function ScheduledList({ inquiry, me }: { inquiry: Inquiry; me: Me }) {
  const facilities = useMyFacilities(me);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const refresh = useRefresh(inquiry.id);
  async function cancel(id: string) {
    try {
      await api.post(`/admissions/scheduled/${id}/cancel`, { reason });
      setError(null);
      setReason('');
      await refresh();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section className="card" aria-labelledby="scheduled-title">
      <h2 id="scheduled-title">Admissions</h2>
      <ul className="plain">
        {inquiry.scheduled!.map((s) => (
          <li key={s.id} className="stack">
            <span>
              <strong>{formatDate(s.scheduledOn)}</strong> · {facilities.find((f) => f.id === s.facilityId)?.name ?? 'facility'} · {levelLabel(s.levelOfCare)} ·{' '}
              {s.status === 'admitted'
                ? `admitted ${formatDateTime(s.admittedAt)}`
                : s.status === 'cancelled'
                  ? `cancelled: ${s.cancelledReason}`
                  : 'scheduled'}
            </span>
            {s.status === 'scheduled' && (
              <>
                {me.permissions.includes('episode.create') && <AdmitWithConsent scheduled={s} me={me} onDone={refresh} />}
                {me.permissions.includes('admissions-schedule.update') && (
                  <form
                    className="inline-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void cancel(s.id);
                    }}
                  >
                    <Field label="Reason to cancel">
                      {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />}
                    </Field>
                    <button type="submit" className="secondary">
                      Cancel admission
                    </button>
                  </form>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      <Problem error={error} />
    </section>
  );
}
