import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError, qs } from '../../api/client';
import type { Me } from '../../api/types';
import { reachableFacilities } from '../../app/access';
import { navigate } from '../../app/router';
import { formatDate, formatDateTime, levelLabel, levelsOfCare } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { useFacilities } from '../patients/RegisterPatient';
import { callerRelationLabels, referralSourceLabels, statusLabels, type Inquiry, type InquirySummary } from './types';

/** The facilities this user works at (all of them for an administrator). */
export function useMyFacilities(me: Me) {
  return reachableFacilities(me, 'admissions-inquiry.read', useFacilities().data?.items ?? []);
}

export function AdmissionsNav({ me, current }: { me: Me; current: string }) {
  const links = [
    { to: '/admissions', label: 'Inquiries', needs: 'admissions-inquiry.read' },
    { to: '/admissions/work', label: 'My work', needs: 'admissions-inquiry.read' },
    { to: '/admissions/inquiries/new', label: 'New inquiry', needs: 'admissions-inquiry.create' },
  ];
  return (
    <nav aria-label="Admissions" className="filters">
      {links
        .filter((l) => me.permissions.includes(l.needs))
        .map((l) => (
          <Link key={l.to} to={l.to} className={`button ${current === l.to ? '' : 'secondary'}`}>
            {l.label}
          </Link>
        ))}
    </nav>
  );
}

/** Inquiries and referrals, newest first, with a status filter and name search. */
export function InquiriesPage({ me }: { me: Me }) {
  const [status, setStatus] = useState('active');
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['admissions', 'inquiries', status, q],
    queryFn: () =>
      api.get<{ items: InquirySummary[]; nextCursor: string | null }>(
        `/admissions/inquiries${qs({ status: status === 'all' ? undefined : status, q: q.trim() || undefined, limit: 100 })}`,
      ),
  });
  return (
    <section aria-labelledby="inquiries-title">
      <div className="page-head">
        <h1 id="inquiries-title">Admissions</h1>
        <AdmissionsNav me={me} current="/admissions" />
      </div>
      <div className="filters">
        <div className="field inline">
          <label htmlFor="inquiry-status">Show</label>
          <select id="inquiry-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="active">Open, waitlisted and scheduled</option>
            {Object.entries(statusLabels).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
            <option value="all">All</option>
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="inquiry-q">Name</label>
          <input id="inquiry-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
      </div>
      <Problem error={list.error} />
      {list.data && (
        <table className="table">
          <caption className="sr-only">Inquiries</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Person</th>
              <th scope="col">Caller</th>
              <th scope="col">Referral</th>
              <th scope="col">Level sought</th>
              <th scope="col">Status</th>
              <th scope="col">Next action</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.length === 0 && (
              <tr>
                <td colSpan={7}>No inquiries.</td>
              </tr>
            )}
            {list.data.items.map((i) => (
              <tr key={i.id}>
                <td>{formatDateTime(i.receivedAt)}</td>
                <td>
                  <Link to={`/admissions/inquiries/${i.id}`}>
                    {i.familyName}, {i.givenName}
                  </Link>
                </td>
                <td>
                  {i.callerName} ({callerRelationLabels[i.callerRelation] ?? i.callerRelation})
                </td>
                <td>
                  {referralSourceLabels[i.referralSource] ?? i.referralSource}
                  {i.referralOrganization ? ` · ${i.referralOrganization}` : ''}
                </td>
                <td>{levelLabel(i.levelOfCare)}</td>
                <td>{statusLabels[i.status]}</td>
                <td>
                  {i.nextAction ?? '—'}
                  {i.nextActionDue ? ` · by ${formatDate(i.nextActionDue)}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const blank = {
  facilityId: '',
  levelOfCare: '',
  callerName: '',
  callerRelation: 'self',
  callbackPhone: '',
  contactConsent: false,
  referralSource: 'self',
  referralOrganization: '',
  givenName: '',
  familyName: '',
  birthDate: '',
  sexAtBirth: '',
  phone: '',
  reason: '',
};

/** A new inquiry, typed while on the phone: the caller first, then the person, then why. */
export function NewInquiryPage({ me }: { me: Me }) {
  const facilities = useMyFacilities(me);
  const [v, setV] = useState(blank);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof blank) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const facilityId = v.facilityId || (facilities.length === 1 ? facilities[0].id : '');
  const facility = facilities.find((f) => f.id === facilityId);
  const fe = (f: string) => (error instanceof ApiError ? error.fieldError(f) : undefined);
  const self = v.callerRelation === 'self';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const body = {
        facilityId,
        levelOfCare: v.levelOfCare || null,
        callerName: self && !v.callerName ? `${v.givenName} ${v.familyName}`.trim() : v.callerName,
        callerRelation: v.callerRelation,
        callbackPhone: v.callbackPhone || null,
        contactConsent: v.contactConsent,
        referralSource: v.referralSource,
        referralOrganization: v.referralOrganization || null,
        givenName: v.givenName,
        familyName: v.familyName,
        birthDate: v.birthDate || null,
        sexAtBirth: v.sexAtBirth || null,
        phone: v.phone || null,
        reason: v.reason || null,
      };
      const created = await api.create<Inquiry>('/admissions/inquiries', body);
      navigate(`/admissions/inquiries/${created.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="new-inquiry-title">
      <div className="page-head">
        <h1 id="new-inquiry-title">New inquiry</h1>
        <AdmissionsNav me={me} current="/admissions/inquiries/new" />
      </div>
      <form onSubmit={submit} className="card">
        <fieldset className="form-grid">
          <legend>Caller</legend>
          <Field label="Caller is" error={fe('callerRelation')}>
            {(p) => (
              <select {...p} value={v.callerRelation} onChange={set('callerRelation')} autoFocus>
                {Object.entries(callerRelationLabels).map(([k, l]) => (
                  <option key={k} value={k}>
                    {l}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Caller name" hint={self ? 'Leave empty when the person calls for themself' : undefined} error={fe('callerName')}>
            {(p) => <input {...p} value={v.callerName} onChange={set('callerName')} required={!self} autoComplete="off" />}
          </Field>
          <Field label="Call-back number" error={fe('callbackPhone')}>
            {(p) => <input {...p} type="tel" value={v.callbackPhone} onChange={set('callbackPhone')} autoComplete="off" />}
          </Field>
          <div className="field check">
            <label>
              <input type="checkbox" checked={v.contactConsent} onChange={(e) => setV((x) => ({ ...x, contactConsent: e.target.checked }))} /> Caller agrees to
              be called back
            </label>
          </div>
          <Field label="Referral source" error={fe('referralSource')}>
            {(p) => (
              <select {...p} value={v.referralSource} onChange={set('referralSource')}>
                {Object.entries(referralSourceLabels).map(([k, l]) => (
                  <option key={k} value={k}>
                    {l}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Referred by (organization)" error={fe('referralOrganization')}>
            {(p) => <input {...p} value={v.referralOrganization} onChange={set('referralOrganization')} autoComplete="off" />}
          </Field>
        </fieldset>
        <fieldset className="form-grid">
          <legend>Person seeking care</legend>
          <Field label="Given name" error={fe('givenName')}>
            {(p) => <input {...p} value={v.givenName} onChange={set('givenName')} required autoComplete="off" />}
          </Field>
          <Field label="Family name" error={fe('familyName')}>
            {(p) => <input {...p} value={v.familyName} onChange={set('familyName')} required autoComplete="off" />}
          </Field>
          <Field label="Birth date" hint="YYYY-MM-DD" error={fe('birthDate')}>
            {(p) => <input {...p} type="date" value={v.birthDate} onChange={set('birthDate')} />}
          </Field>
          <Field label="Sex at birth" error={fe('sexAtBirth')}>
            {(p) => (
              <select {...p} value={v.sexAtBirth} onChange={set('sexAtBirth')}>
                <option value="">Not given</option>
                <option value="female">Female</option>
                <option value="male">Male</option>
                <option value="intersex">Intersex</option>
                <option value="unknown">Unknown</option>
              </select>
            )}
          </Field>
          <Field label="Their phone" error={fe('phone')}>
            {(p) => <input {...p} type="tel" value={v.phone} onChange={set('phone')} autoComplete="off" />}
          </Field>
          <Field label="Facility" error={fe('facilityId')}>
            {(p) => (
              <select {...p} value={facilityId} onChange={set('facilityId')} required>
                <option value="">Choose…</option>
                {facilities.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Level of care sought" error={fe('levelOfCare')}>
            {(p) => (
              <select {...p} value={v.levelOfCare} onChange={set('levelOfCare')}>
                <option value="">Not yet known</option>
                {(facility?.levelsOfCare ?? levelsOfCare).map((l) => (
                  <option key={l} value={l}>
                    {levelLabel(l)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Reason for calling" error={fe('reason')}>
            {(p) => <textarea {...p} rows={2} value={v.reason} onChange={set('reason')} />}
          </Field>
        </fieldset>
        <Problem error={error} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            Save inquiry
          </button>
          <Link to="/admissions" className="button secondary">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
