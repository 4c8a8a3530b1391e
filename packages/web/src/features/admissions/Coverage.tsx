import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDate, formatDateTime, levelLabel, levelsOfCare } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Problem } from '../../components/Problem';
import { ConsentList } from './Consents';
import { coverageKindLabels, verificationMethodLabels, type Authorization, type Coverage } from './types';

function useCoverages(patientId: string) {
  return useQuery({ queryKey: ['admissions', 'coverages', patientId], queryFn: () => api.get<{ items: Coverage[] }>(`/patients/${patientId}/coverages`) });
}

/** Coverage, the work list and the inquiry page all read admissions queries: refresh them together. */
function useRefresh(patientId: string) {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: ['admissions'] }), qc.invalidateQueries({ queryKey: ['chart', patientId] })]);
}

const fe = (error: unknown, f: string) => (error instanceof ApiError ? error.fieldError(f) : undefined);

/** The chart's "Coverage" panel: payers, eligibility verifications, prior authorizations, consents. */
export function CoveragePanel({ patientId, me }: { patientId: string; me: Me }) {
  return (
    <section className="card" aria-labelledby={`coverage-panel-${patientId}`}>
      <h2 id={`coverage-panel-${patientId}`}>Coverage</h2>
      <CoverageBody patientId={patientId} me={me} />
      {me.permissions.includes('admissions-consent.read') && <ConsentList patientId={patientId} me={me} />}
    </section>
  );
}

/** Coverage as a section of the inquiry page. */
export function CoverageSection({ patientId, me }: { patientId: string; me: Me }) {
  return (
    <section className="card" aria-labelledby="coverage-title">
      <h2 id="coverage-title">Insurance and payment</h2>
      <CoverageBody patientId={patientId} me={me} />
    </section>
  );
}

function CoverageBody({ patientId, me }: { patientId: string; me: Me }) {
  const coverages = useCoverages(patientId);
  const [adding, setAdding] = useState(false);
  const canEdit = me.permissions.includes('coverage.update');
  return (
    <div className="stack">
      <Problem error={coverages.error} />
      {coverages.data?.items.length === 0 && <p>No coverage recorded.</p>}
      {coverages.data?.items.map((c) => (
        <CoverageCard key={c.id} coverage={c} canEdit={canEdit} patientId={patientId} />
      ))}
      {me.permissions.includes('coverage.create') &&
        (adding ? (
          <AddCoverage patientId={patientId} onDone={() => setAdding(false)} />
        ) : (
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setAdding(true)}>
              Add coverage
            </button>
          </div>
        ))}
    </div>
  );
}

function CoverageCard({ coverage: c, canEdit, patientId }: { coverage: Coverage; canEdit: boolean; patientId: string }) {
  const [verifying, setVerifying] = useState(false);
  const [authorizing, setAuthorizing] = useState(false);
  const thirdParty = c.kind === 'insurance' || c.kind === 'state_funded' || c.kind === 'employee_assistance';
  return (
    <div className="block" data-testid="coverage">
      <h3>
        {coverageKindLabels[c.kind]} ({c.priority}){c.payer ? ` · ${c.payer}` : ''}
        {c.plan ? ` ${c.plan}` : ''}{' '}
        <span className={`badge ${c.verified ? '' : 'warning'}`}>{c.verified ? (thirdParty ? 'Verified' : 'No verification needed') : 'Not verified'}</span>
        {!c.active && <span className="badge">inactive</span>}
      </h3>
      <dl className="facts">
        {c.memberId && (
          <div>
            <dt>Member id</dt>
            <dd>{c.memberId}</dd>
          </div>
        )}
        {c.groupId && (
          <div>
            <dt>Group</dt>
            <dd>{c.groupId}</dd>
          </div>
        )}
        {c.subscriberName && (
          <div>
            <dt>Subscriber</dt>
            <dd>
              {c.subscriberName} ({c.subscriberRelation})
            </dd>
          </div>
        )}
        <div>
          <dt>Effective</dt>
          <dd>
            {formatDate(c.effectiveFrom)} – {c.effectiveTo ? formatDate(c.effectiveTo) : 'open'}
          </dd>
        </div>
        {c.slidingScalePercent !== null && (
          <div>
            <dt>Patient pays</dt>
            <dd>{c.slidingScalePercent}%</dd>
          </div>
        )}
      </dl>
      {c.verifications.length > 0 && (
        <ul className="plain" aria-label="Verifications">
          {c.verifications.map((v) => (
            <li key={v.id}>
              {v.result === 'active' ? 'Eligible' : v.result.replace(/_/g, ' ')} · {formatDateTime(v.verifiedAt)} by {v.verifiedByName} ·{' '}
              {verificationMethodLabels[v.method]} · ref {v.referenceNumber}
              {v.contactName ? ` · ${v.contactName}` : ''}
            </li>
          ))}
        </ul>
      )}
      {c.authorizations.length > 0 && (
        <table className="table">
          <caption>Prior authorizations</caption>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Level</th>
              <th scope="col">Dates</th>
              <th scope="col">Used / approved</th>
              <th scope="col">Status</th>
              {canEdit && (
                <th scope="col">
                  <span className="sr-only">Record use</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {c.authorizations.map((a) => (
              <AuthorizationRow key={a.id} a={a} canEdit={canEdit} patientId={patientId} />
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <div className="actions">
          {thirdParty && (
            <button type="button" className="small" onClick={() => setVerifying((x) => !x)}>
              Record verification
            </button>
          )}
          <button type="button" className="small secondary" onClick={() => setAuthorizing((x) => !x)}>
            Add prior authorization
          </button>
        </div>
      )}
      {verifying && <VerifyForm coverageId={c.id} patientId={patientId} onDone={() => setVerifying(false)} />}
      {authorizing && <AuthorizationForm coverageId={c.id} patientId={patientId} onDone={() => setAuthorizing(false)} />}
    </div>
  );
}

function AuthorizationRow({ a, canEdit, patientId }: { a: Authorization; canEdit: boolean; patientId: string }) {
  const [used, setUsed] = useState(String(a.used));
  const [error, setError] = useState<unknown>(null);
  const refresh = useRefresh(patientId);
  async function save(e: FormEvent) {
    e.preventDefault();
    try {
      await api.patch(`/authorizations/${a.id}`, { used: Number(used) }, `"${a.version}"`);
      setError(null);
      await refresh();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <tr>
      <td>{a.authNumber}</td>
      <td>{levelLabel(a.levelOfCare)}</td>
      <td>
        {formatDate(a.startDate)} – {formatDate(a.endDate)}
      </td>
      <td>
        {a.used} / {a.approved} {a.unit} ({a.remaining} left)
      </td>
      <td>{a.status}</td>
      {canEdit && (
        <td>
          <form className="inline-form" onSubmit={save}>
            <label className="sr-only" htmlFor={`used-${a.id}`}>
              {a.unit} used
            </label>
            <input id={`used-${a.id}`} type="number" min={0} value={used} onChange={(e) => setUsed(e.target.value)} style={{ width: '5em' }} />
            <button type="submit" className="small">
              Save
            </button>
            <Problem error={error} />
          </form>
        </td>
      )}
    </tr>
  );
}

function AddCoverage({ patientId, onDone }: { patientId: string; onDone: () => void }) {
  const [v, setV] = useState({
    kind: 'insurance',
    priority: 'primary',
    payer: '',
    plan: '',
    memberId: '',
    groupId: '',
    subscriberName: '',
    subscriberRelation: 'self',
    effectiveFrom: '',
    effectiveTo: '',
    slidingScalePercent: '',
  });
  const [error, setError] = useState<unknown>(null);
  const refresh = useRefresh(patientId);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const insurance = v.kind !== 'self_pay' && v.kind !== 'sliding_scale';
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api.create(`/patients/${patientId}/coverages`, {
        kind: v.kind,
        priority: v.priority,
        payer: v.payer || null,
        plan: v.plan || null,
        memberId: v.memberId || null,
        groupId: v.groupId || null,
        subscriberName: v.subscriberName || null,
        subscriberRelation: v.subscriberName ? v.subscriberRelation : null,
        effectiveFrom: v.effectiveFrom,
        effectiveTo: v.effectiveTo || null,
        slidingScalePercent: v.kind === 'sliding_scale' && v.slidingScalePercent !== '' ? Number(v.slidingScalePercent) : null,
      });
      setError(null);
      await refresh();
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit} className="form-grid block" aria-label="Add coverage">
      <Field label="Kind">
        {(p) => (
          <select {...p} value={v.kind} onChange={set('kind')} autoFocus>
            {Object.entries(coverageKindLabels).map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Priority">
        {(p) => (
          <select {...p} value={v.priority} onChange={set('priority')}>
            <option value="primary">Primary</option>
            <option value="secondary">Secondary</option>
            <option value="tertiary">Tertiary</option>
          </select>
        )}
      </Field>
      {insurance && (
        <>
          <Field label="Payer" error={fe(error, 'payer')}>
            {(p) => <input {...p} value={v.payer} onChange={set('payer')} />}
          </Field>
          <Field label="Plan" error={fe(error, 'plan')}>
            {(p) => <input {...p} value={v.plan} onChange={set('plan')} />}
          </Field>
          <Field label="Member id" error={fe(error, 'memberId')}>
            {(p) => <input {...p} value={v.memberId} onChange={set('memberId')} />}
          </Field>
          <Field label="Group id" error={fe(error, 'groupId')}>
            {(p) => <input {...p} value={v.groupId} onChange={set('groupId')} />}
          </Field>
          <Field label="Subscriber name" hint="Leave empty if the patient is the subscriber">
            {(p) => <input {...p} value={v.subscriberName} onChange={set('subscriberName')} />}
          </Field>
          <Field label="Subscriber is the patient's">
            {(p) => (
              <select {...p} value={v.subscriberRelation} onChange={set('subscriberRelation')}>
                <option value="self">Self</option>
                <option value="spouse">Spouse</option>
                <option value="child">Parent (patient is the child)</option>
                <option value="other">Other</option>
              </select>
            )}
          </Field>
        </>
      )}
      {v.kind === 'sliding_scale' && (
        <Field label="Patient pays (%)" error={fe(error, 'slidingScalePercent')}>
          {(p) => <input {...p} type="number" min={0} max={100} value={v.slidingScalePercent} onChange={set('slidingScalePercent')} />}
        </Field>
      )}
      <Field label="Effective from" error={fe(error, 'effectiveFrom')}>
        {(p) => <input {...p} type="date" value={v.effectiveFrom} onChange={set('effectiveFrom')} required />}
      </Field>
      <Field label="Effective to" error={fe(error, 'effectiveTo')}>
        {(p) => <input {...p} type="date" value={v.effectiveTo} onChange={set('effectiveTo')} />}
      </Field>
      <Problem error={error} />
      <div className="actions span-2">
        <button type="submit">Save coverage</button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function VerifyForm({ coverageId, patientId, onDone }: { coverageId: string; patientId: string; onDone: () => void }) {
  const [method, setMethod] = useState('phone');
  const [ref, setRef] = useState('');
  const [result, setResult] = useState('active');
  const [contact, setContact] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<unknown>(null);
  const refresh = useRefresh(patientId);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api.create(`/coverages/${coverageId}/verifications`, {
        method,
        referenceNumber: ref,
        result,
        contactName: contact || null,
        benefitsNotes: notes || null,
      });
      setError(null);
      await refresh();
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit} className="form-grid block" aria-label="Record verification">
      <Field label="How">
        {(p) => (
          <select {...p} value={method} onChange={(e) => setMethod(e.target.value)} autoFocus>
            {Object.entries(verificationMethodLabels).map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Reference number" error={fe(error, 'referenceNumber')}>
        {(p) => <input {...p} value={ref} onChange={(e) => setRef(e.target.value)} required />}
      </Field>
      <Field label="Result">
        {(p) => (
          <select {...p} value={result} onChange={(e) => setResult(e.target.value)}>
            <option value="active">Eligible (active)</option>
            <option value="inactive">Not eligible (inactive)</option>
            <option value="not_found">Member not found</option>
          </select>
        )}
      </Field>
      <Field label="Payer contact">{(p) => <input {...p} value={contact} onChange={(e) => setContact(e.target.value)} />}</Field>
      <Field label="Benefits notes">{(p) => <textarea {...p} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />}</Field>
      <Problem error={error} />
      <div className="actions span-2">
        <button type="submit">Save verification</button>
      </div>
    </form>
  );
}

function AuthorizationForm({ coverageId, patientId, onDone }: { coverageId: string; patientId: string; onDone: () => void }) {
  const [v, setV] = useState({ levelOfCare: 'withdrawal_management', authNumber: '', unit: 'days', approved: '', startDate: '', endDate: '' });
  const [error, setError] = useState<unknown>(null);
  const refresh = useRefresh(patientId);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api.create(`/coverages/${coverageId}/authorizations`, { ...v, approved: Number(v.approved) });
      setError(null);
      await refresh();
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit} className="form-grid block" aria-label="Add prior authorization">
      <Field label="Level of care">
        {(p) => (
          <select {...p} value={v.levelOfCare} onChange={set('levelOfCare')} autoFocus>
            {levelsOfCare.map((l) => (
              <option key={l} value={l}>
                {levelLabel(l)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Authorization number" error={fe(error, 'authNumber')}>
        {(p) => <input {...p} value={v.authNumber} onChange={set('authNumber')} required />}
      </Field>
      <Field label="Counted in">
        {(p) => (
          <select {...p} value={v.unit} onChange={set('unit')}>
            <option value="days">Days</option>
            <option value="units">Units</option>
          </select>
        )}
      </Field>
      <Field label="Approved" error={fe(error, 'approved')}>
        {(p) => <input {...p} type="number" min={1} value={v.approved} onChange={set('approved')} required />}
      </Field>
      <Field label="From" error={fe(error, 'startDate')}>
        {(p) => <input {...p} type="date" value={v.startDate} onChange={set('startDate')} required />}
      </Field>
      <Field label="To" error={fe(error, 'endDate')}>
        {(p) => <input {...p} type="date" value={v.endDate} onChange={set('endDate')} required />}
      </Field>
      <Problem error={error} />
      <div className="actions span-2">
        <button type="submit">Save authorization</button>
      </div>
    </form>
  );
}
