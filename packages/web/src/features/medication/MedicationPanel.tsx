import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { checkMethadoneDay1 } from '@waypoint/clinical/medications/methadone';
import { ruleSetFor } from '@waypoint/clinical/medications/rule-sets';
import { ApiError, api, request } from '../../api/client';
import type { Me } from '../../api/types';
import { can } from '../../app/access';
import { formatDate, formatDateTime } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { criterionLabels } from './criteria';
import type { Bottles, DoseScreen, Finding, MedicationList, Order, StaffDirectory, TakeHomes } from './types';

const medOptions: Record<string, { label: string; forms: string[]; frequency: string }> = {
  methadone: { label: 'Methadone', forms: ['liquid', 'tablet'], frequency: 'daily' },
  buprenorphine: { label: 'Buprenorphine', forms: ['film', 'tablet'], frequency: 'daily' },
  buprenorphine_naloxone: { label: 'Buprenorphine/naloxone', forms: ['film', 'tablet'], frequency: 'daily' },
  buprenorphine_xr_monthly: { label: 'Extended-release buprenorphine (Sublocade)', forms: ['injection'], frequency: 'monthly' },
  buprenorphine_xr_weekly_monthly: { label: 'Extended-release buprenorphine (Brixadi)', forms: ['injection'], frequency: 'weekly' },
  naltrexone_oral: { label: 'Naltrexone (oral)', forms: ['tablet'], frequency: 'daily' },
  naltrexone_xr: { label: 'Extended-release naltrexone (Vivitrol)', forms: ['injection'], frequency: 'monthly' },
  other: { label: 'Other medication', forms: ['tablet', 'capsule', 'liquid', 'film', 'injection', 'spray', 'patch', 'other'], frequency: 'scheduled' },
};
const statusLabel: Record<string, string> = { pending_cosign: 'Awaiting co-signature', active: 'Active', held: 'On hold', stopped: 'Stopped' };

/** Findings as stored (overridden: yes/no) or as the clinical package previews them (overridden: how). */
function Findings({ findings }: { findings: (Omit<Finding, 'overridden'> & { overridden?: unknown })[] }) {
  if (!findings.length) return null;
  return (
    <ul className="findings">
      {findings.map((f) => (
        <li key={f.ruleId} className={f.severity === 'hard-stop' ? 'alert alert-critical' : 'alert alert-warning'}>
          <strong>{f.severity === 'hard-stop' ? 'Hard stop' : 'Warning'}</strong> {f.message}{' '}
          <small>
            ({f.ruleId}; {f.source})
          </small>
          {Boolean(f.overridden) && <em> — overridden: {f.overrideReason}</em>}
        </li>
      ))}
    </ul>
  );
}

/** The medication panel of the chart: orders (write, change, hold, stop, co-sign), take-homes, outside doses. */
export function MedicationPanel({ patientId, me }: { patientId: string; me: Me }) {
  const list = useQuery({
    queryKey: ['medications', patientId],
    queryFn: () => api.get<MedicationList>(`/patients/${patientId}/medications`),
  });
  const [ordering, setOrdering] = useState(false);
  if (list.error) return <Problem error={list.error} />;
  if (!list.data) return <p className="loading">Loading medications…</p>;
  const windowOrder = list.data.orders.find(
    (o) => o.status !== 'stopped' && o.frequency === 'daily' && ['methadone', 'buprenorphine', 'buprenorphine_naloxone'].includes(o.medication),
  );
  return (
    <section aria-labelledby="med-title" className="card medication-panel">
      <h2 id="med-title">Medication</h2>
      {list.data.orders.length === 0 && <p className="muted">No medication orders.</p>}
      <ul className="orders">
        {list.data.orders.map((o) => (
          <OrderItem key={o.id} order={o} me={me} />
        ))}
      </ul>
      {can(me, 'medication-order.create') && !ordering && (
        <button type="button" className="secondary" onClick={() => setOrdering(true)}>
          New order
        </button>
      )}
      {ordering && <NewOrder patientId={patientId} me={me} onDone={() => setOrdering(false)} />}
      {windowOrder && windowOrder.status !== 'pending_cosign' && <TakeHomesSection patientId={patientId} me={me} />}
      {can(me, 'medication-dose.create') && <OutsideDose patientId={patientId} />}
      {list.data.recentDoses.length > 0 && (
        <details>
          <summary>Recent doses ({list.data.recentDoses.length})</summary>
          <ul>
            {list.data.recentDoses.map((d) => (
              <li key={d.id}>
                {formatDate(d.dosingDay)} · {d.kind.replace('_', '-')} · {d.medication} {d.doseMg !== null ? `${d.doseMg} mg` : ''}{' '}
                {d.outsideSource ? `— ${d.outsideSource}` : ''}
                {d.guestProgram ? `— guest dose: ${d.guestProgram}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function OrderItem({ order: o, me }: { order: Order; me: Me }) {
  const queryClient = useQueryClient();
  const [changing, setChanging] = useState(false);
  const [dose, setDose] = useState(String(o.doseMg));
  const [reason, setReason] = useState('');
  const [statusReason, setStatusReason] = useState('');
  const [needsReason, setNeedsReason] = useState<Finding[] | null>(null);
  const done = () => {
    queryClient.invalidateQueries({ queryKey: ['medications', o.patientId] });
    queryClient.invalidateQueries({ queryKey: ['take-homes', o.patientId] });
  };
  const change = useMutation({
    mutationFn: async () => {
      const { etag } = await request('GET', `/medication-orders/${o.id}`);
      return api.patch<Order>(
        `/medication-orders/${o.id}`,
        { doseMg: Number(dose), ...(reason.trim().length >= 5 ? { overrideReason: reason.trim() } : {}) },
        etag ?? undefined,
      );
    },
    onSuccess: () => {
      setChanging(false);
      setNeedsReason(null);
      setReason('');
      done();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) setNeedsReason((e.body.findings as Finding[]) ?? []);
    },
  });
  const status = useMutation({
    mutationFn: (action: string) => api.post<Order>(`/medication-orders/${o.id}/status`, { action, reason: statusReason }),
    onSuccess: done,
  });
  const cosign = useMutation({ mutationFn: () => api.post<Order>(`/medication-orders/${o.id}/cosign`), onSuccess: done });
  return (
    <li className={`order order-${o.status}`} data-testid={`order-${o.medication}`}>
      <div>
        <strong>{o.name}</strong> {o.doseMg} mg {o.form} · {o.frequency}
        {o.scheduleTimes.length ? ` at ${o.scheduleTimes.join(', ')}` : ''} · <span className="status">{statusLabel[o.status]}</span>
        {o.statusReason ? ` (${o.statusReason})` : ''} · from {formatDate(o.startDay)}
        {o.endDay ? ` to ${formatDate(o.endDay)}` : ''} · v{o.version} · {o.ruleSet}
        {o.entry !== 'written' && ` · ${o.entry} order`}
      </div>
      {o.firstDayDosesMg && <div className="muted">First day: {o.firstDayDosesMg.join(' + ')} mg</div>}
      {o.titration.length > 0 && <div className="muted">Titration: {o.titration.map((s) => `${formatDate(s.day)} ${s.doseMg} mg`).join(' → ')}</div>}
      <Findings findings={o.findings} />
      {o.status !== 'stopped' && (
        <div className="actions">
          {can(me, 'medication-order-sign.create') && o.status === 'pending_cosign' && o.orderedBy === me.user.id && (
            <button type="button" className="small" onClick={() => cosign.mutate()}>
              Co-sign
            </button>
          )}
          {can(me, 'medication-order.update') && (
            <>
              <button type="button" className="small" onClick={() => setChanging(!changing)}>
                Change dose
              </button>
              <label className="inline">
                <span className="sr-only">Reason to hold or stop</span>
                <input placeholder="Reason to hold / stop / resume" value={statusReason} onChange={(e) => setStatusReason(e.target.value)} />
              </label>
              {o.status === 'held' ? (
                <button type="button" className="small" disabled={statusReason.trim().length < 3} onClick={() => status.mutate('resume')}>
                  Resume
                </button>
              ) : (
                <button type="button" className="small" disabled={statusReason.trim().length < 3} onClick={() => status.mutate('hold')}>
                  Hold
                </button>
              )}
              <button type="button" className="small danger" disabled={statusReason.trim().length < 3} onClick={() => status.mutate('stop')}>
                Stop
              </button>
            </>
          )}
        </div>
      )}
      {changing && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate();
          }}
        >
          <label>
            New daily dose (mg)
            <input type="number" step="0.5" min="0" value={dose} onChange={(e) => setDose(e.target.value)} />
          </label>
          {needsReason && (
            <>
              <Findings findings={needsReason} />
              <label>
                Reason (documented with the order)
                <input value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
            </>
          )}
          <button type="submit" className="primary small">
            Save dose change
          </button>
        </form>
      )}
      <Problem error={change.error && !(change.error instanceof ApiError && change.error.status === 409 && reason === '') ? change.error : null} />
      <Problem error={status.error ?? cosign.error} />
    </li>
  );
}

function NewOrder({ patientId, me, onDone }: { patientId: string; me: Me; onDone: () => void }) {
  const canSign = can(me, 'medication-order-sign.create');
  const queryClient = useQueryClient();
  const [medication, setMedication] = useState('methadone');
  const [form, setForm] = useState('liquid');
  const [name, setName] = useState('');
  const [dose, setDose] = useState('30');
  const [firstDay, setFirstDay] = useState('');
  const [frequency, setFrequency] = useState('daily');
  const [times, setTimes] = useState('');
  const [prnHours, setPrnHours] = useState('');
  const [prnMax, setPrnMax] = useState('');
  const [holdSystolic, setHoldSystolic] = useState('');
  const [holdHeartRate, setHoldHeartRate] = useState('');
  const [entry, setEntry] = useState(canSign ? 'written' : 'verbal');
  const [orderedBy, setOrderedBy] = useState('');
  const [reason, setReason] = useState('');
  const [lastUse, setLastUse] = useState('');
  const [findings, setFindings] = useState<Finding[] | null>(null);
  // Whoever the program's grants let sign an order (never a role name chosen here).
  const staff = useQuery({
    queryKey: ['staff', 'order-signers'],
    queryFn: () => api.get<StaffDirectory>('/staff?may=medication-order-sign.create'),
    enabled: !canSign,
  });
  const parts = firstDay
    .split(/[,+ ]+/)
    .filter(Boolean)
    .map(Number);
  // The same rule the server applies, live: the day-1 methadone total under the federal rule set in force today.
  const preview =
    medication === 'methadone' && Number(dose) > 0 ? checkMethadoneDay1(ruleSetFor('federal', new Date()), parts.length ? parts : [Number(dose)], false) : [];
  const create = useMutation({
    mutationFn: () =>
      api.create<Order>(`/patients/${patientId}/medication-orders`, {
        medication,
        form,
        doseMg: Number(dose),
        frequency,
        ...(medication === 'other' ? { name } : {}),
        ...(parts.length ? { firstDayDosesMg: parts } : {}),
        ...(frequency === 'scheduled' ? { scheduleTimes: times.split(/[, ]+/).filter(Boolean) } : {}),
        ...(frequency === 'prn' && Number(prnHours) > 0 ? { prnMinHours: Number(prnHours) } : {}),
        ...(frequency === 'prn' && Number(prnMax) > 0 ? { prnMaxDailyMg: Number(prnMax) } : {}),
        ...(Number(holdSystolic) > 0 || Number(holdHeartRate) > 0
          ? {
              holdParameters: {
                ...(Number(holdSystolic) > 0 ? { systolicBelow: Number(holdSystolic) } : {}),
                ...(Number(holdHeartRate) > 0 ? { heartRateBelow: Number(holdHeartRate) } : {}),
                vitalsMaxAgeMinutes: 60,
              },
            }
          : {}),
        ...(medication.startsWith('naltrexone') && lastUse ? { lastOpioidUse: { at: new Date(lastUse).toISOString(), kind: 'short_acting' } } : {}),
        entry,
        ...(entry !== 'written' ? { orderedBy } : {}),
        ...(reason.trim().length >= 5 ? { overrideReason: reason.trim() } : {}),
      }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['medications', patientId] });
      onDone();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409 && e.body.findings) setFindings(e.body.findings as Finding[]);
    },
  });
  return (
    <form
      className="card order-form"
      aria-label="New medication order"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <div className="field">
        <label htmlFor="order-med">Medication</label>
        <select
          id="order-med"
          value={medication}
          onChange={(e) => {
            setMedication(e.target.value);
            setForm(medOptions[e.target.value].forms[0]);
            setFrequency(medOptions[e.target.value].frequency);
          }}
        >
          {Object.entries(medOptions).map(([k, v]) => (
            <option key={k} value={k}>
              {v.label}
            </option>
          ))}
        </select>
      </div>
      {medication === 'other' && (
        <div className="field">
          <label htmlFor="order-name">Name</label>
          <input id="order-name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor="order-form">Form</label>
        <select id="order-form" value={form} onChange={(e) => setForm(e.target.value)}>
          {medOptions[medication].forms.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="order-dose">Dose (mg)</label>
        <input id="order-dose" type="number" step="0.05" min="0" value={dose} onChange={(e) => setDose(e.target.value)} />
      </div>
      {['methadone', 'buprenorphine', 'buprenorphine_naloxone'].includes(medication) && (
        <div className="field">
          <label htmlFor="order-first-day">First-day doses (mg, e.g. 30 + 10), first day only</label>
          <input id="order-first-day" value={firstDay} onChange={(e) => setFirstDay(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor="order-frequency">Frequency</label>
        <select id="order-frequency" value={frequency} onChange={(e) => setFrequency(e.target.value)}>
          {['daily', 'weekly', 'monthly', 'scheduled', 'prn', 'once'].map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      </div>
      {frequency === 'scheduled' && (
        <div className="field">
          <label htmlFor="order-times">Times (HH:MM, comma-separated)</label>
          <input id="order-times" value={times} onChange={(e) => setTimes(e.target.value)} />
        </div>
      )}
      {frequency === 'prn' && (
        <div className="field inline">
          <label htmlFor="order-prn-hours">At most every (hours)</label>
          <input id="order-prn-hours" inputMode="decimal" size={4} value={prnHours} onChange={(e) => setPrnHours(e.target.value)} />
          <label htmlFor="order-prn-max">Most in 24 h (mg)</label>
          <input id="order-prn-max" inputMode="decimal" size={5} value={prnMax} onChange={(e) => setPrnMax(e.target.value)} />
        </div>
      )}
      {(frequency === 'prn' || frequency === 'scheduled') && (
        <div className="field inline">
          <label htmlFor="order-hold-systolic">Hold if systolic below</label>
          <input id="order-hold-systolic" inputMode="numeric" size={4} value={holdSystolic} onChange={(e) => setHoldSystolic(e.target.value)} />
          <label htmlFor="order-hold-hr">Hold if heart rate below</label>
          <input id="order-hold-hr" inputMode="numeric" size={4} value={holdHeartRate} onChange={(e) => setHoldHeartRate(e.target.value)} />
          <small className="muted">Vitals from the last 60 minutes are needed to give.</small>
        </div>
      )}
      {medication.startsWith('naltrexone') && (
        <div className="field">
          <label htmlFor="order-last-use">Last opioid use</label>
          <input id="order-last-use" type="datetime-local" value={lastUse} onChange={(e) => setLastUse(e.target.value)} />
        </div>
      )}
      {!canSign && (
        <>
          <div className="field">
            <label htmlFor="order-entry">Order taken</label>
            <select id="order-entry" value={entry} onChange={(e) => setEntry(e.target.value)}>
              <option value="verbal">Verbal</option>
              <option value="telephone">Telephone</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="order-by">Ordered by</label>
            <select id="order-by" value={orderedBy} onChange={(e) => setOrderedBy(e.target.value)}>
              <option value="">Choose the prescriber</option>
              {staff.data?.items.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.displayName}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      {preview.length > 0 && <Findings findings={preview} />}
      {findings && <Findings findings={findings} />}
      {(findings || preview.length > 0) && (
        <div className="field">
          <label htmlFor="order-reason">Reason (documented; overrides only what the rule allows your role)</label>
          <input id="order-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      )}
      <Problem error={create.error} />
      <button type="submit" className="primary" disabled={create.isPending}>
        {canSign ? 'Sign order' : 'Record order for co-signature'}
      </button>
      <button type="button" className="ghost" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function TakeHomesSection({ patientId, me }: { patientId: string; me: Me }) {
  const queryClient = useQueryClient();
  const th = useQuery({ queryKey: ['take-homes', patientId], queryFn: () => api.get<TakeHomes>(`/patients/${patientId}/take-homes`) });
  const [days, setDays] = useState<string[]>([]);
  const [criteria, setCriteria] = useState<string[]>([]);
  const [rationale, setRationale] = useState('');
  const [containerId, setContainerId] = useState('');
  const decide = useMutation({
    mutationFn: () => api.create(`/patients/${patientId}/take-homes`, { days, criteria, rationale }),
    onSuccess: () => {
      setDays([]);
      queryClient.invalidateQueries({ queryKey: ['take-homes', patientId] });
    },
  });
  const screen = useQuery({
    queryKey: ['dose-screen', patientId],
    queryFn: () => api.get<DoseScreen>(`/medication/dosing/patients/${patientId}`),
    enabled: can(me, 'medication-take-home.update'),
  });
  const dispense = useMutation({
    mutationFn: (planId: string) => api.create<Bottles>(`/take-home-plans/${planId}/dispense`, { containerId: containerId || screen.data?.containers[0]?.id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['take-homes', patientId] }),
  });
  // The calendar's first day is fixed when the panel opens (read once, not on every render).
  const [today] = useState(() => new Date().toLocaleDateString('en-CA'));
  if (th.error) return <Problem error={th.error} />;
  if (!th.data) return null;
  const e = th.data.eligibility;
  const upcoming = Array.from({ length: 28 }, (_, i) => addDaysIso(today, i + 1));
  return (
    <section aria-labelledby="th-title" className="take-homes">
      <h3 id="th-title">Take-homes</h3>
      <p data-testid="take-home-eligibility">
        Treatment day {e.treatmentDay} · {e.ruleSet}:{' '}
        {e.allowedDays === null ? 'not limited by the time-in-treatment schedule' : `up to ${e.allowedDays} take-home day(s)`}
        {e.nextStep ? ` · ${e.nextStep.maxDays} days from day ${e.nextStep.fromDay}` : ''} <small>({e.ruleSource})</small>
      </p>
      {can(me, 'medication-take-home.create') && (e.allowedDays === null || e.allowedDays > 0) && (
        <form
          aria-label="Take-home decision"
          onSubmit={(ev) => {
            ev.preventDefault();
            decide.mutate();
          }}
        >
          <fieldset>
            <legend>Days taken home</legend>
            <div className="calendar">
              {upcoming.map((d) => (
                <label key={d} className="day">
                  <input
                    type="checkbox"
                    checked={days.includes(d)}
                    onChange={(ev) => setDays(ev.target.checked ? [...days, d] : days.filter((x) => x !== d))}
                  />
                  {formatDate(d)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>Criteria considered and documented (42 CFR 8.12(i))</legend>
            {e.criteria.map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={criteria.includes(c)}
                  onChange={(ev) => setCriteria(ev.target.checked ? [...criteria, c] : criteria.filter((x) => x !== c))}
                />
                {criterionLabels[c] ?? c}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="th-rationale">Decision and rationale</label>
            <textarea id="th-rationale" value={rationale} onChange={(ev) => setRationale(ev.target.value)} />
          </div>
          <Problem error={decide.error} />
          <button type="submit" className="primary" disabled={decide.isPending || days.length === 0}>
            Approve take-homes
          </button>
        </form>
      )}
      {th.data.plans.map((p) => (
        <div key={p.id} className="plan">
          Plan of {formatDateTime(p.decidedAt)}: {p.days.map(formatDate).join(', ')}
          {can(me, 'medication-take-home.update') && (
            <>
              {screen.data && screen.data.containers.length > 0 && (
                <label className="inline">
                  <span className="sr-only">Stock bottle for take-homes</span>
                  <select value={containerId} onChange={(ev) => setContainerId(ev.target.value)}>
                    {screen.data.containers.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label} ({c.balance} {c.unit})
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <button type="button" className="small" onClick={() => dispense.mutate(p.id)}>
                Dispense bottles
              </button>
            </>
          )}
          <Link to={`/medication/take-homes/${p.id}/labels`}>Bottle labels</Link>
        </div>
      ))}
      <Problem error={dispense.error} />
      {dispense.isSuccess && <p role="status">Bottles dispensed.</p>}
    </section>
  );
}

function OutsideDose({ patientId }: { patientId: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [medication, setMedication] = useState('methadone');
  const [dose, setDose] = useState('');
  const [source, setSource] = useState('hospital');
  const [sourceName, setSourceName] = useState('');
  const [when, setWhen] = useState('');
  const done = () => queryClient.invalidateQueries({ queryKey: ['medications', patientId] });
  const outside = useMutation({
    mutationFn: () =>
      api.create(`/patients/${patientId}/outside-doses`, {
        medication,
        form: medication === 'methadone' ? 'liquid' : 'film',
        doseMg: Number(dose),
        source,
        sourceName,
        givenAt: new Date(when || Date.now()).toISOString(),
      }),
    onSuccess: () => {
      setOpen(false);
      done();
    },
  });
  const kit = useMutation({ mutationFn: () => api.create(`/patients/${patientId}/naloxone-kits`, {}), onSuccess: done });
  return (
    <div className="outside">
      <button type="button" className="small" onClick={() => kit.mutate()}>
        Naloxone kit given
      </button>
      <button type="button" className="small" onClick={() => setOpen(!open)}>
        Dose given elsewhere…
      </button>
      {kit.isSuccess && <span role="status"> Naloxone kit recorded.</span>}
      {open && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            outside.mutate();
          }}
        >
          <label>
            Medication
            <select value={medication} onChange={(e) => setMedication(e.target.value)}>
              <option value="methadone">Methadone</option>
              <option value="buprenorphine">Buprenorphine</option>
            </select>
          </label>
          <label>
            Dose (mg)
            <input type="number" value={dose} onChange={(e) => setDose(e.target.value)} />
          </label>
          <label>
            Where
            <select value={source} onChange={(e) => setSource(e.target.value)}>
              <option value="hospital">Hospital</option>
              <option value="jail">Jail</option>
              <option value="other_program">Another program</option>
              <option value="other">Other</option>
            </select>
          </label>
          <label>
            Name of the place
            <input value={sourceName} onChange={(e) => setSourceName(e.target.value)} />
          </label>
          <label>
            When
            <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
          </label>
          <button type="submit" className="small primary">
            Record outside dose
          </button>
          <Problem error={outside.error} />
        </form>
      )}
    </div>
  );
}

function addDaysIso(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
