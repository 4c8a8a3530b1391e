import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { Me } from '../../api/types';
import { can } from '../../app/access';
import { formatDate, formatDateTime } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { useMyFacilities } from '../care/CensusBoard';
import type { Container, CountResult, Ledger as LedgerView, StockView, Transfer } from './types';

/** Controlled-substance stock: containers and balances, receipts, the end-of-day count, waste with a second signer. */
export function StockPage({ me }: { me: Me }) {
  const facilities = useMyFacilities(me);
  const [chosen, setChosen] = useState('');
  const facilityId = chosen || facilities[0]?.id || '';
  const queryClient = useQueryClient();
  const stock = useQuery({
    queryKey: ['stock', facilityId],
    queryFn: () => api.get<StockView>(`/facilities/${facilityId}/medication-stock`),
    enabled: !!facilityId,
  });
  const [ledgerOf, setLedgerOf] = useState<string | null>(null);
  const refresh = () => {
    queryClient.invalidateQueries({ queryKey: ['stock'] });
    queryClient.invalidateQueries({ queryKey: ['ledger'] });
    queryClient.invalidateQueries({ queryKey: ['my-alerts'] });
  };
  const [label, setLabel] = useState('');
  const [strength, setStrength] = useState('10');
  const create = useMutation({
    mutationFn: () =>
      api.create(`/facilities/${facilityId}/medication-stock`, { medication: 'methadone', form: 'liquid', unit: 'ml', label, strengthMg: Number(strength) }),
    onSuccess: () => {
      setLabel('');
      refresh();
    },
  });
  const sign = useMutation({ mutationFn: (id: string) => api.post(`/medication-waste/${id}/sign`), onSuccess: refresh });
  const [reviewing, setReviewing] = useState<string | null>(null);
  const [reviewNote, setReviewNote] = useState('');
  const review = useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) => api.post(`/medication-counts/${id}/review`, { note }),
    onSuccess: () => {
      setReviewing(null);
      setReviewNote('');
      refresh();
    },
  });
  const today = new Date().toLocaleDateString('en-CA');
  return (
    <section aria-labelledby="stock-title" className="stock">
      <div className="page-head">
        <h1 id="stock-title">Controlled-substance stock</h1>
        <div className="field inline">
          <label htmlFor="stock-facility">Facility</label>
          <select id="stock-facility" value={facilityId} onChange={(e) => setChosen(e.target.value)}>
            {facilities.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <Link to={`/medication/dispensing-log${qs({ facility: facilityId, from: today, to: today })}`}>Dispensing log (printable)</Link>
      </div>
      <Problem error={stock.error} />
      {stock.data && stock.data.openDiscrepancies.length > 0 && (
        <section aria-labelledby="disc-title" className="alerts">
          <h2 id="disc-title">Count discrepancies for review</h2>
          <ul>
            {stock.data.openDiscrepancies.map((d) => (
              <li key={d.id} className="alert alert-critical">
                {stock.data!.items.find((c) => c.id === d.containerId)?.label} {formatDate(d.countDay)}: counted {d.counted}, ledger {d.ledgerBalance} (
                {d.discrepancy > 0 ? '+' : ''}
                {d.discrepancy}) — {d.note}
                {can(me, 'medication-stock.update') && reviewing !== d.id && (
                  <button type="button" className="small" onClick={() => setReviewing(d.id)}>
                    Review
                  </button>
                )}
                {reviewing === d.id && (
                  <form
                    className="inline-form"
                    aria-label="Review the count discrepancy"
                    onSubmit={(e) => {
                      e.preventDefault();
                      review.mutate({ id: d.id, note: reviewNote.trim() });
                    }}
                  >
                    <label>
                      What was found and done
                      <input value={reviewNote} onChange={(e) => setReviewNote(e.target.value)} autoFocus size={40} />
                    </label>
                    <button type="submit" className="small primary" disabled={review.isPending}>
                      Save review
                    </button>
                    <button type="button" className="ghost small" onClick={() => setReviewing(null)}>
                      Cancel
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
          <Problem error={review.error} />
        </section>
      )}
      {stock.data && stock.data.pendingWaste.length > 0 && (
        <section aria-labelledby="waste-title">
          <h2 id="waste-title">Waste awaiting a second signer</h2>
          <ul>
            {stock.data.pendingWaste.map((w) => (
              <li key={w.id}>
                {w.kind} of {w.quantity} from {stock.data!.items.find((c) => c.id === w.containerId)?.label}: {w.reason} ({formatDateTime(w.requestedAt)})
                {can(me, 'medication-stock.update') && w.requestedBy !== me.user.id && (
                  <button type="button" className="small primary" onClick={() => sign.mutate(w.id)}>
                    Sign as second signer
                  </button>
                )}
              </li>
            ))}
          </ul>
          <Problem error={sign.error} />
        </section>
      )}
      {stock.data && (
        <table className="grid">
          <caption className="sr-only">Containers</caption>
          <thead>
            <tr>
              <th scope="col">Container</th>
              <th scope="col">Medication</th>
              <th scope="col">Strength</th>
              <th scope="col">Balance</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {stock.data.items.map((c) => (
              <ContainerRow
                key={c.id}
                c={c}
                others={stock.data!.items.filter(
                  (o) => o.id !== c.id && o.status === 'open' && o.medication === c.medication && o.unit === c.unit && o.strengthMg === c.strengthMg,
                )}
                me={me}
                onChanged={refresh}
                onLedger={() => setLedgerOf(ledgerOf === c.id ? null : c.id)}
              />
            ))}
          </tbody>
        </table>
      )}
      {ledgerOf && <Ledger id={ledgerOf} />}
      {can(me, 'medication-stock.create') && (
        <form
          className="inline-form"
          aria-label="New container"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <label>
            New methadone bottle label
            <input value={label} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <label>
            mg per mL
            <input type="number" value={strength} onChange={(e) => setStrength(e.target.value)} />
          </label>
          <button type="submit" className="secondary small">
            Add container
          </button>
          <Problem error={create.error} />
        </form>
      )}
    </section>
  );
}

function ContainerRow({ c, others, me, onChanged, onLedger }: { c: Container; others: Container[]; me: Me; onChanged: () => void; onLedger: () => void }) {
  const [action, setAction] = useState<'' | 'receipt' | 'count' | 'waste' | 'transfer'>('');
  const [toId, setToId] = useState('');
  const [qty, setQty] = useState('');
  const [text, setText] = useState('');
  const [text2, setText2] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const unit = c.unit === 'ml' ? 'mL' : 'units';
  const act = useMutation({
    mutationFn: async () => {
      if (action === 'receipt') return api.create(`/medication-stock/${c.id}/receipts`, { quantity: Number(qty), supplier: text, orderFormNumber: text2 });
      if (action === 'count') {
        const r = await api.create<CountResult>(`/medication-stock/${c.id}/counts`, {
          counted: Number(qty),
          ...(text ? { note: text } : {}),
        });
        setResult(r.flagged ? `Discrepancy of ${r.discrepancy} ${unit} flagged to the director for review` : 'Count matches the ledger');
        return r;
      }
      if (action === 'transfer') {
        const to = others.find((o) => o.id === (toId || others[0]?.id));
        const r = await api.create<Transfer>(`/medication-stock/${c.id}/transfers`, { toContainerId: to?.id ?? '', quantity: Number(qty), reason: text });
        setResult(`Transferred ${r.in.quantity} ${unit} to ${to?.label}: ${c.label} now ${r.out.balanceAfter} ${unit}`);
        return r;
      }
      const r = await api.create(`/medication-stock/${c.id}/waste`, { kind: 'waste', quantity: Number(qty), reason: text });
      setResult('Waste recorded: waiting for a second signer');
      return r;
    },
    onSuccess: () => {
      setAction('');
      setQty('');
      setText('');
      setText2('');
      setToId('');
      onChanged();
    },
  });
  const mayCreate = can(me, 'medication-stock.create');
  return (
    <>
      <tr data-testid={`container-${c.label}`}>
        <th scope="row">{c.label}</th>
        <td>
          {c.medication} {c.form}
        </td>
        <td>
          {c.strengthMg} mg{c.unit === 'ml' ? '/mL' : ''}
        </td>
        <td className="balance">
          {c.balance} {unit} ({c.balanceMg} mg)
        </td>
        <td>
          <button type="button" className="small" onClick={onLedger}>
            Ledger
          </button>
          {mayCreate && (
            <>
              <button type="button" className="small" onClick={() => setAction('receipt')}>
                Receive
              </button>
              <button type="button" className="small" onClick={() => setAction('count')}>
                Count
              </button>
              <button type="button" className="small" onClick={() => setAction('waste')}>
                Waste
              </button>
              {c.status === 'open' && others.length > 0 && (
                <button type="button" className="small" onClick={() => setAction('transfer')}>
                  Transfer
                </button>
              )}
            </>
          )}
          {result && <span role="status"> {result}</span>}
        </td>
      </tr>
      {action && (
        <tr>
          <td colSpan={5}>
            <form
              className="inline-form"
              aria-label={`${action} for ${c.label}`}
              onSubmit={(e) => {
                e.preventDefault();
                act.mutate();
              }}
            >
              {action === 'transfer' && (
                <label>
                  To container
                  <select value={toId || others[0]?.id} onChange={(e) => setToId(e.target.value)}>
                    {others.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.label} — {o.balance} {unit}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label>
                {action === 'count' ? `Counted (${unit})` : `Quantity (${unit})`}
                <input type="number" step="0.1" value={qty} onChange={(e) => setQty(e.target.value)} autoFocus />
              </label>
              <label>
                {action === 'receipt'
                  ? 'Supplier'
                  : action === 'count'
                    ? 'Note (needed if it differs)'
                    : action === 'transfer'
                      ? 'Reason for the transfer'
                      : 'Reason'}
                <input value={text} onChange={(e) => setText(e.target.value)} />
              </label>
              {action === 'receipt' && (
                <label>
                  Order form number (DEA 222)
                  <input value={text2} onChange={(e) => setText2(e.target.value)} />
                </label>
              )}
              <button type="submit" className="primary small">
                Save {action}
              </button>
              <button type="button" className="ghost small" onClick={() => setAction('')}>
                Cancel
              </button>
              <Problem error={act.error} />
            </form>
          </td>
        </tr>
      )}
    </>
  );
}

function Ledger({ id }: { id: string }) {
  const q = useQuery({ queryKey: ['ledger', id], queryFn: () => api.get<LedgerView>(`/medication-stock/${id}/ledger`) });
  if (q.error) return <Problem error={q.error} />;
  if (!q.data) return null;
  return (
    <table className="grid ledger">
      <caption>Ledger — {q.data.container.label}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Movement</th>
          <th scope="col">Quantity</th>
          <th scope="col">mg</th>
          <th scope="col">Balance after</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {q.data.items.map((l) => (
          <tr key={l.id}>
            <td>{formatDateTime(l.occurredAt)}</td>
            <td>{l.kind.replace('_', ' ')}</td>
            <td>{l.quantity}</td>
            <td>{l.mg}</td>
            <td>{l.balanceAfter}</td>
            <td>
              {[
                l.counterpartLabel ? `${l.kind === 'transfer_out' ? 'to' : 'from'} ${l.counterpartLabel}` : null,
                l.supplier,
                l.orderFormNumber,
                l.reason,
                l.secondSigner ? 'second signer recorded' : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
