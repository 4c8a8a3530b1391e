import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, qs } from '../../api/client';
import type { Me } from '../../api/types';
import { can } from '../../app/access';
import { formatDate, formatDateTime } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';
import { GuestDoseForm } from './GuestDoseForm';
import type { DoseOut, DoseScreen, SearchHit, SearchHits } from './types';

/**
 * The dosing window: built for a nurse who doses a patient every 30 seconds. "/" focuses the search;
 * type a name, MRN or date of birth; arrows and Enter choose; the photo and the stops show; "Dose"
 * then Enter confirms; the toast says what was given and focus goes back to the search.
 */
export function DosingWindow({ me }: { me: Me }) {
  const canDose = can(me, 'medication-dose.create');
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [active, setActive] = useState(0);
  const [patientId, setPatientId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  const [containerId, setContainerId] = useState('');
  const [other, setOther] = useState<null | 'held' | 'refused' | 'no_show'>(null);
  const [reason, setReason] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [guestOpen, setGuestOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const queryClient = useQueryClient();

  useEffect(() => {
    const t = setTimeout(() => setDebounced(q.trim()), 120);
    return () => clearTimeout(t);
  }, [q]);

  // "/" focuses the dosing search here (before the shell's patient-search shortcut).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) {
        e.preventDefault();
        e.stopPropagation();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    document.addEventListener('keydown', onKey, true);
    searchRef.current?.focus();
    return () => document.removeEventListener('keydown', onKey, true);
  }, []);

  const results = useQuery({
    queryKey: ['dosing-search', debounced],
    queryFn: () => api.get<SearchHits>(`/medication/dosing/search${qs({ q: debounced })}`),
    enabled: debounced.length >= 2,
  });
  const screen = useQuery({
    queryKey: ['dose-screen', patientId],
    queryFn: () => api.get<DoseScreen>(`/medication/dosing/patients/${patientId}`),
    enabled: !!patientId,
  });
  const s = screen.data;
  const usable = s?.containers.filter((c) => s.dueMg !== null && c.balance >= (c.volumeForDue ?? s.dueMg / c.strengthMg)) ?? [];
  const chosenContainer = containerId && s?.containers.some((c) => c.id === containerId) ? containerId : (usable[0]?.id ?? '');

  // Another patient starts a fresh choice of bottle and reason: adjusted while rendering, not in an effect.
  const [shownPatient, setShownPatient] = useState(patientId);
  if (shownPatient !== patientId) {
    setShownPatient(patientId);
    setContainerId('');
    setOverrideReason('');
    setGuestOpen(false);
  }
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const dose = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.create<DoseOut>('/medication/doses', body),
    onSuccess: (d) => {
      const name = s?.patient.name ?? '';
      setToast(
        d.kind === 'regular' || d.kind === 'split' || d.kind === 'additional'
          ? `${name}: ${d.doseMg} mg${d.volumeMl !== null ? ` (${d.volumeMl} mL)` : ''} ${d.medication} given at ${formatDateTime(d.givenAt)}`
          : `${name}: ${d.kind.replace('_', '-')} recorded`,
      );
      if (d.guest) setToast(`${name}: guest dose of ${d.doseMg} mg ${d.medication} given at ${formatDateTime(d.givenAt)} — guest of ${d.guest.homeProgram}`);
      setGuestOpen(false);
      setConfirming(false);
      setOther(null);
      setReason('');
      setPatientId(null);
      setQ('');
      queryClient.invalidateQueries({ queryKey: ['dose-screen'] });
      setTimeout(() => searchRef.current?.focus(), 0);
    },
    onError: () => setConfirming(false),
  });

  function choose(hit: SearchHit | undefined) {
    if (!hit) return;
    setPatientId(hit.id);
    setToast(null);
    dose.reset();
  }

  function onSearchKey(e: React.KeyboardEvent<HTMLInputElement>) {
    const items = results.data?.items ?? [];
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(items[active] ?? items[0]);
    }
  }

  const stops = s?.stops ?? [];
  const hardStops = stops.filter((x) => x.severity === 'stop');
  const dosedToday = s?.dosesToday.some((d) => d.kind === 'regular' || d.kind === 'take_home');
  const splitDue = !!s?.order?.splitDosesMg && dosedToday && !s.dosesToday.some((d) => d.kind === 'split');
  const additionalDue =
    !!s?.firstMethadoneDay &&
    !!s.order?.firstDayDosesMg &&
    dosedToday &&
    s.dosesToday.filter((d) => d.kind === 'regular' || d.kind === 'additional').length < (s.order.firstDayDosesMg?.length ?? 0);
  const kind = dosedToday ? (splitDue ? 'split' : additionalDue ? 'additional' : null) : 'regular';
  const needsOverride = stops.length > 0 && !(dosedToday && kind);
  const conflict = dose.error instanceof ApiError && dose.error.status === 409 ? dose.error : null;

  return (
    <section aria-labelledby="dosing-title" className="dosing-window">
      <div className="page-head">
        <h1 id="dosing-title">Dosing window</h1>
        {s && (
          <span className="muted">
            Dosing day {formatDate(s.dosingDay)} · {s.facility.name} ({s.facility.timeZone})
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="dosing-search">Find patient (name, MRN or date of birth) — press / to come back here</label>
        <input
          id="dosing-search"
          ref={searchRef}
          type="search"
          autoComplete="off"
          role="combobox"
          aria-expanded={!!results.data?.items.length && !patientId}
          aria-controls="dosing-results"
          aria-activedescendant={results.data?.items[active] ? `hit-${results.data.items[active].id}` : undefined}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
            setPatientId(null);
          }}
          onKeyDown={onSearchKey}
        />
      </div>
      {toast && (
        <p role="status" className="toast success">
          {toast}
        </p>
      )}
      {!patientId && results.data && debounced.length >= 2 && (
        <ul id="dosing-results" role="listbox" aria-label="Matching patients" className="results">
          {results.data.items.length === 0 && <li className="muted">No patient found.</li>}
          {results.data.items.map((h, i) => (
            <li
              key={h.id}
              id={`hit-${h.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={() => choose(h)}
            >
              <strong>{h.name}</strong> · {h.mrn} · born {formatDate(h.birthDate)} {h.medication ? `· ${h.medication} ${h.doseMg} mg` : '· no dosing order'}
            </li>
          ))}
        </ul>
      )}
      <Problem error={screen.error} />
      {s && patientId && (
        <article className="card dose-screen" aria-labelledby="dose-patient">
          <header className="dose-head">
            {s.patient.photo ? (
              <img src={s.patient.photo} alt={`Photo of ${s.patient.name}`} className="photo" />
            ) : (
              <div className="photo placeholder" aria-label="No photo on file">
                No photo
              </div>
            )}
            <div>
              <h2 id="dose-patient">
                {s.patient.name}
                {s.patient.preferredName ? ` “${s.patient.preferredName}”` : ''}
              </h2>
              <p>
                MRN {s.patient.mrn} · born {formatDate(s.patient.birthDate)}
              </p>
              {s.order ? (
                <p className="due" data-testid="dose-due">
                  Today: <strong>{s.dueMg} mg</strong> {s.order.name} {s.order.form}
                  {(() => {
                    const c = s.containers.find((x) => x.id === chosenContainer);
                    return c?.volumeForDue != null ? (
                      <>
                        {' '}
                        = <strong>{c.volumeForDue} mL</strong>
                      </>
                    ) : null;
                  })()}
                  {s.order.splitDosesMg ? ` (split ${s.order.splitDosesMg.join(' + ')} mg)` : ''}
                  {s.firstMethadoneDay ? ' · first day of methadone' : ''}
                </p>
              ) : (
                <p>No dosing order.</p>
              )}
            </div>
          </header>
          {stops.length > 0 ? (
            <section aria-labelledby="stops-title" className="stops">
              <h3 id="stops-title">Stop and check</h3>
              <ul>
                {stops.map((x) => (
                  <li key={x.rule + x.message} className={x.severity === 'stop' ? 'alert alert-critical' : 'alert alert-warning'} data-rule={x.rule}>
                    <strong>{x.severity === 'stop' ? 'Stop' : 'Caution'}:</strong> {x.message}
                  </li>
                ))}
              </ul>
            </section>
          ) : (
            <p className="ok">No stops.</p>
          )}
          {s.dosesToday.length > 0 && (
            <ul className="today">
              {s.dosesToday.map((d) => (
                <li key={d.id}>
                  {formatDateTime(d.givenAt)} — {d.kind.replace('_', '-')} {d.doseMg !== null ? `${d.doseMg} mg` : ''} {d.reason ?? ''}
                  {d.guest ? ` — guest of ${d.guest.homeProgram}, verified with ${d.guest.verifiedWith} by ${d.guest.verifiedByName ?? 'staff'}` : ''}
                </li>
              ))}
            </ul>
          )}
          {canDose && s.order && (
            <div className="dose-actions">
              {s.containers.length > 0 && (
                <div className="field inline">
                  <label htmlFor="dose-container">Stock bottle</label>
                  <select id="dose-container" value={chosenContainer} onChange={(e) => setContainerId(e.target.value)}>
                    {s.containers.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label} — {c.balance} {c.unit === 'ml' ? 'mL' : 'units'} left
                      </option>
                    ))}
                  </select>
                </div>
              )}
              {needsOverride && hardStops.every((x) => x.overrideBy.length > 0) && kind && (
                <div className="field">
                  <label htmlFor="dose-override">Reason to proceed despite the {hardStops.length ? 'stop' : 'caution'}</label>
                  <input id="dose-override" value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
                </div>
              )}
              {kind && (
                <button type="button" className="primary big" onClick={() => setConfirming(true)} disabled={dose.isPending}>
                  {kind === 'regular' ? 'Dose' : kind === 'split' ? 'Give split part' : 'Give further first-day dose'}
                </button>
              )}
              <button type="button" className="secondary" onClick={() => setOther('held')}>
                Hold (appears sedated / other)
              </button>
              <button type="button" className="secondary" onClick={() => setOther('refused')}>
                Refused
              </button>
              <button type="button" className="secondary" onClick={() => setOther('no_show')}>
                No-show
              </button>
            </div>
          )}
          {canDose && !s.order && !dosedToday && !guestOpen && (
            <div className="dose-actions">
              <button type="button" className="secondary" onClick={() => setGuestOpen(true)}>
                Guest dose (patient of another program)
              </button>
            </div>
          )}
          {guestOpen && !s.order && (
            <GuestDoseForm
              screen={s}
              me={me}
              pending={dose.isPending}
              onCancel={() => setGuestOpen(false)}
              onSubmit={(body) => dose.mutate({ patientId, kind: 'regular', ...body })}
            />
          )}
          {confirming && kind && (
            <div role="alertdialog" aria-labelledby="confirm-title" className="confirm">
              <p id="confirm-title">
                Give{' '}
                <strong>
                  {kind === 'regular'
                    ? s.dueMg
                    : kind === 'split'
                      ? s.order?.splitDosesMg?.[1]
                      : s.order?.firstDayDosesMg?.[s.dosesToday.filter((d) => d.kind === 'regular' || d.kind === 'additional').length]}{' '}
                  mg
                </strong>{' '}
                to {s.patient.name}?
              </p>
              <button
                ref={confirmRef}
                type="button"
                className="primary"
                onClick={() =>
                  dose.mutate({
                    patientId,
                    kind,
                    containerId: chosenContainer || undefined,
                    ...(overrideReason.trim().length >= 5 ? { overrideReason: overrideReason.trim() } : {}),
                  })
                }
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setConfirming(false);
                }}
              >
                Confirm dose
              </button>
              <button type="button" className="ghost" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          )}
          {other && (
            <form
              className="confirm"
              onSubmit={(e) => {
                e.preventDefault();
                dose.mutate({ patientId, kind: other, reason: reason.trim() });
              }}
            >
              <div className="field">
                <label htmlFor="dose-other-reason">Reason for {other === 'no_show' ? 'no-show' : other}</label>
                <input id="dose-other-reason" autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
              </div>
              <button type="submit" className="primary">
                Record {other === 'no_show' ? 'no-show' : other}
              </button>
              <button type="button" className="ghost" onClick={() => setOther(null)}>
                Cancel
              </button>
            </form>
          )}
          {conflict ? (
            <div role="alert" className="problem">
              <strong>{conflict.title}</strong> — {conflict.detail}
              {conflict.rule === 'dose.already-given' && (conflict.body.dose as DoseOut | undefined) && (
                <span> (given {formatDateTime((conflict.body.dose as DoseOut).givenAt)})</span>
              )}
            </div>
          ) : (
            <Problem error={dose.error} />
          )}
        </article>
      )}
    </section>
  );
}
