import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { Me } from '../../api/types';
import { can } from '../../app/access';
import { formatDate, formatDateTime } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { useMyFacilities } from '../care/CensusBoard';
import type { DispensingLog, DoseOut, Labels, MarOrder, MarView, WorkListView } from './types';

/** The prescriber's work list: orders to co-sign and count discrepancies to review. */
export function WorkList({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: ['med-worklist'],
    queryFn: () => api.get<WorkListView>('/medication/worklist'),
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
            {can(me, 'medication-order-sign.create') && (
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
  const q = useQuery({ queryKey: ['labels', planId], queryFn: () => api.get<Labels>(`/take-home-plans/${planId}/labels`) });
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
    queryFn: () => api.get<DispensingLog>(`/facilities/${f}/dispensing-log${qs({ from, to })}`),
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

/** The hold parameters of an order, as the nurse checks them before giving. */
function holdText(o: MarOrder): string | null {
  const h = o.holdParameters;
  if (!h) return null;
  const parts = [
    h.systolicBelow !== undefined ? `systolic below ${h.systolicBelow}` : null,
    h.diastolicBelow !== undefined ? `diastolic below ${h.diastolicBelow}` : null,
    h.heartRateBelow !== undefined ? `heart rate below ${h.heartRateBelow}` : null,
  ].filter(Boolean);
  return `Hold if ${parts.join(' or ')} (vitals from the last ${h.vitalsMaxAgeMinutes} min)`;
}

/** The unit's medication administration record: due and overdue doses, as-needed doses, give or hold with vitals and the stock bottle. */
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
  const [bottles, setBottles] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  // The slot being held, and why: asked for in the row itself, so the nurse types it where they are.
  const [holding, setHolding] = useState<{ orderId: string; scheduledFor: string; reason: string } | null>(null);
  const mayGive = can(me, 'medication-dose.create');
  const bottleOf = (o: MarOrder) => (o.controlled ? (o.containers.find((c) => c.id === bottles[o.id])?.id ?? o.containers[0]?.id) : undefined);
  const give = useMutation({
    mutationFn: ({ order, ...b }: { order: MarOrder; scheduledFor?: string; outcome: string; reason?: string }) => {
      const v = vitals[order.id]?.split('/').map(Number) ?? [];
      const hr = Number(vitals[`${order.id}-hr`]);
      const containerId = b.outcome === 'given' ? bottleOf(order) : undefined;
      return api.create<DoseOut>('/medication/administrations', {
        orderId: order.id,
        ...b,
        ...(containerId ? { containerId } : {}),
        ...(v.length === 2 || hr ? { vitals: { ...(v.length === 2 ? { systolic: v[0], diastolic: v[1] } : {}), ...(hr ? { heartRate: hr } : {}) } } : {}),
      });
    },
    onSuccess: (d, { order }) => {
      setHolding(null);
      const bottle = order.containers.find((c) => c.id === d.containerId);
      setDone(
        d.kind === 'mar' || d.kind === 'prn'
          ? `${order.name} ${d.doseMg} mg given${d.kind === 'prn' ? ' as needed' : ''}${bottle ? ` from ${bottle.label}` : ''} at ${formatDateTime(d.givenAt)}`
          : `${order.name}: ${d.kind}`,
      );
      queryClient.invalidateQueries({ queryKey: ['mar'] });
    },
    onMutate: () => setDone(null),
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
      {done && (
        <p role="status" className="toast success">
          {done}
        </p>
      )}
      <Problem error={q.error ?? give.error} />
      {q.data?.patients.length === 0 && <p className="muted">No medication orders on this unit.</p>}
      {q.data?.patients.map((p) => (
        <article key={p.patientId} className="card">
          <h2>
            <Link to={`/patients/${p.patientId}`}>{p.name}</Link> · {p.mrn} {p.bed ? `· bed ${p.bed}` : ''}
          </h2>
          {p.orders.map((o) => (
            <div key={o.id} className="mar-order" data-testid={`mar-order-${o.name}`}>
              <strong>{o.name}</strong> {o.doseMg} mg {o.form} · {o.frequency} {o.status !== 'active' ? `(${o.status})` : ''}
              {holdText(o) && <p className="hold-parameters">{holdText(o)}</p>}
              {o.holdParameters ? (
                <span className="inline-form">
                  <label>
                    BP for {o.name}
                    <input size={7} placeholder="120/80" value={vitals[o.id] ?? ''} onChange={(e) => setVitals({ ...vitals, [o.id]: e.target.value })} />
                  </label>
                  <label>
                    Heart rate for {o.name}
                    <input size={4} value={vitals[`${o.id}-hr`] ?? ''} onChange={(e) => setVitals({ ...vitals, [`${o.id}-hr`]: e.target.value })} />
                  </label>
                </span>
              ) : null}
              {o.atWindow && <p className="muted">Dosed at the dosing window</p>}
              {mayGive && o.controlled && !o.atWindow && (
                <div className="field inline">
                  <label htmlFor={`mar-bottle-${o.id}`}>Stock bottle for {o.name}</label>
                  {o.containers.length ? (
                    <select id={`mar-bottle-${o.id}`} value={bottleOf(o)} onChange={(e) => setBottles({ ...bottles, [o.id]: e.target.value })}>
                      {o.containers.map((c, i) => (
                        <option key={c.id} value={c.id}>
                          {c.label} — {c.balance} {c.unit === 'ml' ? 'mL' : 'units'} left
                          {c.volumeForDue !== null ? ` (${c.volumeForDue} mL for this dose)` : ''}
                          {i === 0 ? ' · in use' : ''}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="alert alert-warning">No open container of this medication here</span>
                  )}
                </div>
              )}
              <ul className="slots">
                {o.slots.map((s) => (
                  <li key={s.scheduledFor} className={`slot slot-${s.status}`}>
                    {s.time} — {s.status}
                    {(s.status === 'due' || s.status === 'overdue' || s.status === 'upcoming') &&
                      mayGive &&
                      (holding?.orderId === o.id && holding.scheduledFor === s.scheduledFor ? (
                        <form
                          className="inline-form"
                          onSubmit={(e) => {
                            e.preventDefault();
                            give.mutate({ order: o, scheduledFor: s.scheduledFor, outcome: 'held', reason: holding.reason.trim() });
                          }}
                        >
                          <label>
                            Reason for holding {o.name} at {s.time}
                            <input autoFocus required value={holding.reason} onChange={(e) => setHolding({ ...holding, reason: e.target.value })} />
                          </label>
                          <button type="submit" className="small primary" disabled={!holding.reason.trim() || give.isPending}>
                            Record hold
                          </button>
                          <button type="button" className="small" onClick={() => setHolding(null)}>
                            Cancel
                          </button>
                        </form>
                      ) : (
                        <>
                          <button
                            type="button"
                            className="small primary"
                            onClick={() => give.mutate({ order: o, scheduledFor: s.scheduledFor, outcome: 'given' })}
                          >
                            Give
                          </button>
                          <button type="button" className="small" onClick={() => setHolding({ orderId: o.id, scheduledFor: s.scheduledFor, reason: '' })}>
                            Hold
                          </button>
                        </>
                      ))}
                  </li>
                ))}
                {o.frequency === 'prn' && (
                  <li>
                    As needed
                    {o.prnMinHours ? `, at most every ${o.prnMinHours} h` : ''}
                    {o.prnMaxDailyMg ? `, up to ${o.prnMaxDailyMg} mg in 24 h` : ''}
                    {o.lastGivenAt ? ` · last given ${formatDateTime(o.lastGivenAt)}` : ' · not given yet'}{' '}
                    {mayGive && (
                      <button type="button" className="small primary" onClick={() => give.mutate({ order: o, outcome: 'given' })} disabled={give.isPending}>
                        Give {o.name} as needed
                      </button>
                    )}
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
