import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDate, formatDateTime, levelLabel } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { can } from '../../app/access';
import { AcknowledgeAlert } from '../alerts/AcknowledgeAlert';
import { useMyAlerts } from '../alerts/useMyAlerts';
import { AdmissionsNav, useMyFacilities } from './Inquiries';
import { coverageKindLabels, statusLabels, urgencyLabels, type WorkList } from './types';

/** The admissions coordinator's work: what to call back, verify, re-authorize and admit, in my scope. */
export function WorkListPage({ me }: { me: Me }) {
  const facilities = useMyFacilities(me);
  const [facilityId, setFacilityId] = useState('');
  const wl = useQuery({
    queryKey: ['admissions', 'worklist', facilityId],
    queryFn: () => api.get<WorkList>(`/admissions/worklist${qs({ facilityId })}`, true),
    refetchInterval: 60_000,
  });
  const d = wl.data;
  const more = (m: boolean) => (m ? <p className="hint">Showing the 50 most urgent; the rest appear as these are worked.</p> : null);
  return (
    <section aria-labelledby="work-title" className="stack">
      <div className="page-head">
        <h1 id="work-title">My work</h1>
        <AdmissionsNav me={me} current="/admissions/work" />
      </div>
      {facilities.length > 1 && (
        <div className="field inline">
          <label htmlFor="work-facility">Facility</label>
          <select id="work-facility" value={facilityId} onChange={(e) => setFacilityId(e.target.value)}>
            <option value="">All my facilities</option>
            {facilities.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <Problem error={wl.error} />
      {can(me, 'alert.read') && <MyAlerts me={me} />}
      {d && (
        <>
          <section className="card" aria-labelledby="wl-inquiries">
            <h2 id="wl-inquiries">
              Inquiries to work ({d.inquiries.items.length}
              {d.inquiries.more ? '+' : ''})
            </h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Received</th>
                  <th scope="col">Status</th>
                  <th scope="col">Urgency</th>
                  <th scope="col">Next action</th>
                  <th scope="col">Call back</th>
                </tr>
              </thead>
              <tbody>
                {d.inquiries.items.map((i) => (
                  <tr key={i.id} className={i.nextActionDue && i.nextActionDue < d.today ? 'row-overdue' : undefined}>
                    <td>
                      <Link to={`/admissions/inquiries/${i.id}`}>{i.name}</Link>
                    </td>
                    <td>{formatDateTime(i.receivedAt)}</td>
                    <td>{statusLabels[i.status]}</td>
                    <td>{i.urgency ? urgencyLabels[i.urgency] : 'not pre-screened'}</td>
                    <td>
                      {i.nextAction ?? '—'}
                      {i.nextActionDue ? ` · by ${formatDate(i.nextActionDue)}` : ''}
                    </td>
                    <td>{i.contactConsent ? (i.callbackPhone ?? '—') : 'no call-back'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {more(d.inquiries.more)}
          </section>
          <section className="card" aria-labelledby="wl-verifications">
            <h2 id="wl-verifications">
              Coverage to verify ({d.verifications.items.length}
              {d.verifications.more ? '+' : ''})
            </h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  <th scope="col">Coverage</th>
                  <th scope="col">Member id</th>
                  <th scope="col">Last check</th>
                </tr>
              </thead>
              <tbody>
                {d.verifications.items.map((v) => (
                  <tr key={v.coverageId}>
                    <td>
                      <Link to={`/patients/${v.patientId}`}>{v.patientName}</Link> · {v.mrn}
                    </td>
                    <td>
                      {coverageKindLabels[v.kind]}
                      {v.payer ? ` · ${v.payer}` : ''}
                    </td>
                    <td>{v.memberId ?? '—'}</td>
                    <td>{v.lastResult ? `${v.lastResult.replace(/_/g, ' ')} ${formatDateTime(v.lastVerifiedAt)}` : 'never verified'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {more(d.verifications.more)}
          </section>
          <section className="card" aria-labelledby="wl-auth">
            <h2 id="wl-auth">
              Authorizations ending or running out ({d.authorizations.items.length}
              {d.authorizations.more ? '+' : ''})
            </h2>
            <p className="hint">
              Listed {d.authWarning.days} days before the end, or at {d.authWarning.remaining} or fewer units or days left.
            </p>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  <th scope="col">Authorization</th>
                  <th scope="col">Level</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {d.authorizations.items.map((a) => (
                  <tr key={a.id} className={a.daysLeft < 0 ? 'row-overdue' : undefined}>
                    <td>
                      <Link to={`/patients/${a.patientId}`}>{a.patientName}</Link> · {a.mrn}
                    </td>
                    <td>
                      {a.authNumber}
                      {a.payer ? ` · ${a.payer}` : ''}
                    </td>
                    <td>{levelLabel(a.levelOfCare)}</td>
                    <td>{a.reasons.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {more(d.authorizations.more)}
          </section>
          <section className="card" aria-labelledby="wl-scheduled">
            <h2 id="wl-scheduled">
              Scheduled admissions ({d.scheduled.items.length}
              {d.scheduled.more ? '+' : ''})
            </h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Patient</th>
                  <th scope="col">Level</th>
                </tr>
              </thead>
              <tbody>
                {d.scheduled.items.map((s) => (
                  <tr key={s.id} className={s.scheduledOn < d.today ? 'row-overdue' : undefined}>
                    <td>
                      {formatDate(s.scheduledOn)}
                      {s.scheduledOn === d.today ? ' (today)' : ''}
                    </td>
                    <td>
                      <Link to={s.inquiryId ? `/admissions/inquiries/${s.inquiryId}` : `/patients/${s.patientId}`}>{s.patientName}</Link> · {s.mrn}
                    </td>
                    <td>{levelLabel(s.levelOfCare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {more(d.scheduled.more)}
          </section>
        </>
      )}
    </section>
  );
}

/** The alerts raised for me (a coordinator: prior authorizations ending or running out), acknowledged with the action taken. */
function MyAlerts({ me }: { me: Me }) {
  const alerts = useMyAlerts();
  const queryClient = useQueryClient();
  const items = alerts.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="wl-alerts">
      <h2 id="wl-alerts">Alerts for me ({items.length})</h2>
      <Problem error={alerts.error} />
      {items.length === 0 && !alerts.isPending && <p className="hint">Nothing waiting.</p>}
      <ul className="alerts plain">
        {items.map((a) => (
          <li key={a.id} className={`alert alert-${a.severity}`}>
            <span>
              <strong>
                <Link to={`/patients/${a.patientId}`}>{a.patientName}</Link>
              </strong>{' '}
              · {a.message} <small>· {formatDateTime(a.raisedAt)}</small>
            </span>
            {can(me, 'alert.update') && <AcknowledgeAlert alert={a} onDone={() => queryClient.invalidateQueries({ queryKey: ['my-alerts'] })} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
