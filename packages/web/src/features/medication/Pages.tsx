import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDate, formatDateTime } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { useMyFacilities } from '../care/CensusBoard';
import type { Bottle, Order, TakeHomePlan } from './types';

/** The prescriber's work list: orders to co-sign and count discrepancies to review. */
export function WorkList({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: ['med-worklist'],
    queryFn: () =>
      api.get<{
        toCosign: (Order & { patientName: string; mrn: string })[];
        discrepancies: { id: string; label: string; countDay: string; discrepancy: number }[];
      }>('/medication/worklist'),
  });
  const cosign = useMutation({
    mutationFn: (id: string) => api.post(`/medication-orders/${id}/cosign`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['med-worklist'] }),
  });
  if (q.error) return <Problem error={q.error} />;
  if (!q.data) return <p className="loading">Loading…</p>;
  return (
    <section aria-labelledby="wl-title">
      <h1 id="wl-title">Medication work list</h1>
      <h2>Orders to co-sign</h2>
      {q.data.toCosign.length === 0 && <p className="muted">Nothing to co-sign.</p>}
      <ul>
        {q.data.toCosign.map((o) => (
          <li key={o.id}>
            <Link to={`/patients/${o.patientId}`}>{o.patientName}</Link> ({o.mrn}): {o.name} {o.doseMg} mg {o.frequency} — {o.entry} order of{' '}
            {formatDateTime(o.createdAt)}
            {me.permissions.includes('medication-order-sign.create') && (
              <button type="button" className="small primary" onClick={() => cosign.mutate(o.id)}>
                Co-sign
              </button>
            )}
          </li>
        ))}
      </ul>
      <Problem error={cosign.error} />
      <h2>Count discrepancies</h2>
      {q.data.discrepancies.length === 0 && <p className="muted">None open.</p>}
      <ul>
        {q.data.discrepancies.map((d) => (
          <li key={d.id}>
            {formatDate(d.countDay)} {d.label}: {d.discrepancy} — <Link to="/medication/stock">review on the stock screen</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Printable take-home bottle labels of a plan. */
export function LabelsPage({ planId }: { planId: string }) {
  const q = useQuery({ queryKey: ['labels', planId], queryFn: () => api.get<{ plan: TakeHomePlan; bottles: Bottle[] }>(`/take-home-plans/${planId}/labels`) });
  if (q.error) return <Problem error={q.error} />;
  if (!q.data) return <p className="loading">Loading…</p>;
  return (
    <section aria-labelledby="labels-title" className="print-sheet">
      <div className="page-head no-print">
        <h1 id="labels-title">Take-home bottle labels</h1>
        <button type="button" className="primary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      {q.data.bottles.length === 0 && <p>No bottles dispensed yet for this plan.</p>}
      <div className="labels">
        {q.data.bottles.map((b) => (
          <div key={b.doseId} className="bottle-label" data-testid="bottle-label">
            <strong>{b.label.program}</strong>
            <div>
              {b.label.patient} · {b.label.mrn}
            </div>
            <div>
              {b.label.medication} — <strong>{b.label.dose}</strong>
            </div>
            <div>
              Take on: <strong>{formatDate(b.label.date)}</strong>
            </div>
            <small>{b.label.instructions}</small>
          </div>
        ))}
      </div>
    </section>
  );
}

/** The dispensing log (21 CFR 1304.24) for a day or a range, printable. */
export function DispensingLogPage({ me }: { me: Me }) {
  const params = new URLSearchParams(location.search);
  const facilities = useMyFacilities(me);
  const [facilityId, setFacilityId] = useState(params.get('facility') ?? '');
  const today = new Date().toLocaleDateString('en-CA');
  const [from, setFrom] = useState(params.get('from') ?? today);
  const [to, setTo] = useState(params.get('to') ?? today);
  const f = facilityId || facilities[0]?.id || '';
  const q = useQuery({
    queryKey: ['dispensing-log', f, from, to],
    queryFn: () =>
      api.get<{
        facility: { name: string; timeZone: string };
        items: {
          doseId: string;
          date: string;
          givenAt: string;
          substance: string;
          strength: string;
          dosageForm: string;
          patientIdentifier: string;
          amountOnSiteMg: number | null;
          amountTakenHomeMg: number | null;
          takeHomeForm: string | null;
          quantity: number | null;
          unit: string | null;
          initials: string;
        }[];
      }>(`/facilities/${f}/dispensing-log${qs({ from, to })}`),
    enabled: !!f,
  });
  return (
    <section aria-labelledby="log-title" className="print-sheet">
      <div className="page-head">
        <h1 id="log-title">Dispensing log{q.data ? ` — ${q.data.facility.name}` : ''}</h1>
        <div className="no-print inline-form">
          <label>
            Facility
            <select value={f} onChange={(e) => setFacilityId(e.target.value)}>
              {facilities.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <button type="button" className="primary" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </div>
      <Problem error={q.error} />
      {q.data && (
        <table className="grid">
          <caption>
            {formatDate(from)} – {formatDate(to)}, times in {q.data.facility.timeZone}
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Substance</th>
              <th scope="col">Strength</th>
              <th scope="col">Form</th>
              <th scope="col">Patient</th>
              <th scope="col">On site (mg)</th>
              <th scope="col">Taken home (mg, form)</th>
              <th scope="col">Quantity</th>
              <th scope="col">Initials</th>
            </tr>
          </thead>
          <tbody>
            {q.data.items.map((r) => (
              <tr key={r.doseId}>
                <td>{formatDate(r.date)}</td>
                <td>{r.substance}</td>
                <td>{r.strength}</td>
                <td>{r.dosageForm}</td>
                <td>{r.patientIdentifier}</td>
                <td>{r.amountOnSiteMg ?? ''}</td>
                <td>{r.amountTakenHomeMg !== null ? `${r.amountTakenHomeMg} (${r.takeHomeForm})` : ''}</td>
                <td>
                  {r.quantity} {r.unit === 'ml' ? 'mL' : 'units'}
                </td>
                <td>{r.initials}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface MarView {
  facility: { name: string; timeZone: string };
  day: string;
  patients: {
    patientId: string;
    name: string;
    mrn: string;
    bed: string | null;
    orders: {
      id: string;
      name: string;
      doseMg: number;
      form: string;
      frequency: string;
      status: string;
      holdParameters: unknown;
      lastGivenAt: string | null;
      slots: { scheduledFor: string; time: string; status: string; doseId: string | null }[];
    }[];
  }[];
}

/** The unit's medication administration record: due and overdue doses, give or hold with vitals. */
export function MarPage({ me }: { me: Me }) {
  const facilities = useMyFacilities(me);
  const [chosen, setChosen] = useState('');
  const facilityId = chosen || facilities[0]?.id || '';
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: ['mar', facilityId],
    queryFn: () => api.get<MarView>(`/facilities/${facilityId}/mar`, true),
    enabled: !!facilityId,
    refetchInterval: 30_000,
  });
  const [vitals, setVitals] = useState<Record<string, string>>({});
  const give = useMutation({
    mutationFn: (b: { orderId: string; scheduledFor?: string; outcome: string; reason?: string }) => {
      const v = vitals[b.orderId]?.split('/').map(Number) ?? [];
      const hr = Number(vitals[`${b.orderId}-hr`]);
      return api.create('/medication/administrations', {
        ...b,
        ...(v.length === 2 || hr ? { vitals: { ...(v.length === 2 ? { systolic: v[0], diastolic: v[1] } : {}), ...(hr ? { heartRate: hr } : {}) } } : {}),
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['mar'] }),
  });
  return (
    <section aria-labelledby="mar-title">
      <div className="page-head">
        <h1 id="mar-title">Medication administration record{q.data ? ` — ${q.data.facility.name}, ${formatDate(q.data.day)}` : ''}</h1>
        <div className="field inline">
          <label htmlFor="mar-facility">Unit</label>
          <select id="mar-facility" value={facilityId} onChange={(e) => setChosen(e.target.value)}>
            {facilities.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Problem error={q.error ?? give.error} />
      {q.data?.patients.length === 0 && <p className="muted">No medication orders on this unit.</p>}
      {q.data?.patients.map((p) => (
        <article key={p.patientId} className="card">
          <h2>
            <Link to={`/patients/${p.patientId}`}>{p.name}</Link> · {p.mrn} {p.bed ? `· bed ${p.bed}` : ''}
          </h2>
          {p.orders.map((o) => (
            <div key={o.id} className="mar-order">
              <strong>{o.name}</strong> {o.doseMg} mg {o.form} · {o.frequency} {o.status !== 'active' ? `(${o.status})` : ''}
              {o.holdParameters ? (
                <span className="inline-form">
                  <label>
                    BP
                    <input size={7} placeholder="120/80" value={vitals[o.id] ?? ''} onChange={(e) => setVitals({ ...vitals, [o.id]: e.target.value })} />
                  </label>
                  <label>
                    HR
                    <input size={4} value={vitals[`${o.id}-hr`] ?? ''} onChange={(e) => setVitals({ ...vitals, [`${o.id}-hr`]: e.target.value })} />
                  </label>
                </span>
              ) : null}
              <ul className="slots">
                {o.slots.map((s) => (
                  <li key={s.scheduledFor} className={`slot slot-${s.status}`}>
                    {s.time} — {s.status}
                    {(s.status === 'due' || s.status === 'overdue' || s.status === 'upcoming') && me.permissions.includes('medication-dose.create') && (
                      <>
                        <button
                          type="button"
                          className="small primary"
                          onClick={() => give.mutate({ orderId: o.id, scheduledFor: s.scheduledFor, outcome: 'given' })}
                        >
                          Give
                        </button>
                        <button
                          type="button"
                          className="small"
                          onClick={() =>
                            give.mutate({ orderId: o.id, scheduledFor: s.scheduledFor, outcome: 'held', reason: window.prompt('Reason for holding') ?? '' })
                          }
                        >
                          Hold
                        </button>
                      </>
                    )}
                  </li>
                ))}
                {o.frequency === 'prn' && me.permissions.includes('medication-dose.create') && (
                  <li>
                    As needed{o.lastGivenAt ? `, last ${formatDateTime(o.lastGivenAt)}` : ''}{' '}
                    <button type="button" className="small primary" onClick={() => give.mutate({ orderId: o.id, outcome: 'given' })}>
                      Give as needed
                    </button>
                  </li>
                )}
              </ul>
            </div>
          ))}
        </article>
      ))}
    </section>
  );
}
