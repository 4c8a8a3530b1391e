import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { Problem } from '../../components/Problem';
import { useUnsavedGuard } from '../../app/unsaved';

type Config = Record<string, any>;

interface ProtocolRow {
  id: string;
  name: string;
  kind: string;
  active: boolean;
  version: number;
  config: Config;
}

type NumberField = [path: string, label: string, unit: string];

const sections: { title: string; fields: NumberField[]; when?: (c: Config) => boolean }[] = [
  {
    title: 'Observation schedule',
    fields: [
      ['schedule.intensiveFromCows', 'Hourly checks from COWS', ''],
      ['schedule.intensiveEveryMinutes', 'Interval while COWS high', 'min'],
      ['schedule.peakWindowHours', 'Peak window', 'h'],
      ['schedule.peakEveryMinutes', 'Interval in the peak window', 'min'],
      ['schedule.routineEveryMinutes', 'Routine interval', 'min'],
      ['schedule.graceMinutes', 'Overdue after', 'min'],
    ],
  },
  {
    title: 'Alerts',
    fields: [
      ['alerts.severeCowsFrom', 'Critical alert from COWS', ''],
      ['alerts.risingBy', 'Warn when COWS rises by', ''],
      ['alerts.escalateAfterMinutes', 'Escalate unacknowledged after', 'min'],
    ],
  },
  {
    title: 'Buprenorphine induction readiness',
    when: (c) => c.induction != null,
    fields: [
      ['induction.minCows', 'Induction: COWS at least', ''],
      ['induction.minHoursShortActing', 'Induction: hours after short-acting', 'h'],
      ['induction.minHoursLongActing', 'Induction: hours after long-acting', 'h'],
      ['induction.cowsMaxAgeMinutes', 'Induction: COWS no older than', 'min'],
    ],
  },
  {
    title: 'Vital-sign alert limits',
    fields: [
      ['vitalLimits.systolic.0', 'Systolic BP low', 'mmHg'],
      ['vitalLimits.systolic.1', 'Systolic BP high', 'mmHg'],
      ['vitalLimits.diastolic.0', 'Diastolic BP low', 'mmHg'],
      ['vitalLimits.diastolic.1', 'Diastolic BP high', 'mmHg'],
      ['vitalLimits.heartRate.0', 'Heart rate low', 'bpm'],
      ['vitalLimits.heartRate.1', 'Heart rate high', 'bpm'],
      ['vitalLimits.respiratoryRate.0', 'Respiratory rate low', '/min'],
      ['vitalLimits.respiratoryRate.1', 'Respiratory rate high', '/min'],
      ['vitalLimits.temperatureC.0', 'Temperature low', '°C'],
      ['vitalLimits.temperatureC.1', 'Temperature high', '°C'],
      ['vitalLimits.spo2Min', 'SpO₂ alert below', '%'],
    ],
  },
  {
    title: 'Length and completion',
    fields: [
      ['expectedDays.min', 'Expected days, at least', 'days'],
      ['expectedDays.max', 'Expected days, at most', 'days'],
      ['completion.settledBelowCows', 'Settled: every COWS below', ''],
      ['completion.settledHours', 'Settled for', 'h'],
    ],
  },
];

const medicationNumbers: NumberField[] = [
  ['doseMg', 'Dose', 'mg'],
  ['maxDailyMg', 'Most in a day', 'mg'],
  ['reassessAfterMinutes', 'Reassess after', 'min'],
  ['hold.systolicBelow', 'Hold if systolic BP below', 'mmHg'],
  ['hold.diastolicBelow', 'Hold if diastolic BP below', 'mmHg'],
  ['hold.heartRateBelow', 'Hold if heart rate below', 'bpm'],
  ['hold.vitalsMaxAgeMinutes', 'Hold check: vitals no older than', 'min'],
];
const routes = ['oral', 'sublingual', 'buccal', 'intramuscular', 'subcutaneous', 'transdermal'];

const get = (o: Config, path: string): unknown => path.split('.').reduce<any>((v, k) => (v == null ? undefined : v[k]), o);
function set(o: any, path: string, value: unknown): any {
  const [head, ...rest] = path.split('.');
  const copy = Array.isArray(o) ? [...o] : { ...(o ?? {}) };
  const next = rest.length ? set(copy[head], rest.join('.'), value) : value;
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}
const toNumber = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v));

/** Program-editable withdrawal protocols as a form: the clock, alert thresholds, induction rules, medications and hold parameters. */
export function ProtocolsAdmin({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const protocols = useQuery({ queryKey: ['wm-protocols'], queryFn: () => api.get<{ items: ProtocolRow[] }>('/wm/protocols') });
  const [selected, setSelected] = useState('');
  const current = protocols.data?.items.find((p) => p.id === selected) ?? protocols.data?.items[0];
  const [draft, setDraft] = useState<ProtocolRow | null>(null);
  const mayEdit = me.permissions.includes('wm-protocol.update');
  const mayCopy = me.permissions.includes('wm-protocol.create');
  useUnsavedGuard(!!draft && !!current && draft.id === current.id && JSON.stringify(draft) !== JSON.stringify(current));
  // A new protocol (or a newer version of it) starts a new draft: adjusted while rendering, not in an effect.
  const currentKey = current ? `${current.id}@${current.version}` : '';
  const [draftKey, setDraftKey] = useState('');
  if (current && currentKey !== draftKey) {
    setDraftKey(currentKey);
    setDraft(current);
  }

  const save = useMutation({
    mutationFn: (p: ProtocolRow) => api.patch(`/wm/protocols/${p.id}`, { name: p.name, active: p.active, config: p.config }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['wm-protocols'] }),
  });
  const copy = useMutation({
    mutationFn: (p: ProtocolRow) => api.create<ProtocolRow>('/wm/protocols', { name: `${p.name} (copy)`, kind: p.kind, config: p.config }),
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: ['wm-protocols'] });
      setSelected(p.id);
    },
  });
  /** The server's message for a field of the config (problem+json `errors[].field`, e.g. "config.schedule.graceMinutes"). */
  const errorFor = (path: string): string | undefined =>
    save.error instanceof ApiError
      ? save.error.body.errors?.find((e) => e.field === `config.${path}` || e.field.startsWith(`config.${path}.`))?.message
      : undefined;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    // A hold block without any "below" limit is no hold at all.
    const medications = ((draft.config.medications ?? []) as Config[]).map((m) => {
      if (!m.hold || ['systolicBelow', 'diastolicBelow', 'heartRateBelow'].some((k) => m.hold[k] !== undefined)) return m;
      const { hold: _none, ...rest } = m;
      return rest;
    });
    save.mutate({ ...draft, config: { ...draft.config, medications } });
  }
  const setConfig = (path: string, value: unknown) => draft && setDraft({ ...draft, config: set(draft.config, path, value) });

  const numberInput = (path: string, label: string, unit: string, id: string): ReactNode => {
    const err = errorFor(path);
    const value = get(draft!.config, path);
    return (
      <div className="field" key={id}>
        <label htmlFor={id}>
          {label}
          {unit && <small> ({unit})</small>}
        </label>
        <input
          id={id}
          type="number"
          step="any"
          value={value === undefined || value === null ? '' : String(value)}
          onChange={(e) => setConfig(path, toNumber(e.target.value))}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `${id}-error` : undefined}
          readOnly={!mayEdit}
        />
        {err && (
          <small id={`${id}-error`} className="field-error">
            {err}
          </small>
        )}
      </div>
    );
  };

  return (
    <section aria-labelledby="protocols-title" className="card">
      <h2 id="protocols-title">Withdrawal-management protocols</h2>
      <p className="hint">Running courses keep the protocol version they started with.</p>
      <div className="inline-form">
        <label htmlFor="protocol-pick">Protocol</label>
        <select id="protocol-pick" value={current?.id ?? ''} onChange={(e) => setSelected(e.target.value)}>
          {(protocols.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.active ? '' : ' (inactive)'}
            </option>
          ))}
        </select>
        {current && mayCopy && (
          <button type="button" className="secondary small" onClick={() => copy.mutate(current)}>
            Duplicate
          </button>
        )}
      </div>
      {draft && (
        <form className="protocol-form" onSubmit={submit} aria-label={`Edit ${draft.name}`} noValidate>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="protocol-name">Name</label>
              <input id="protocol-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required readOnly={!mayEdit} />
            </div>
            <label className="check">
              <input type="checkbox" checked={draft.active} disabled={!mayEdit} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} /> Active
              (offered when starting a course)
            </label>
          </div>
          {sections
            .filter((s) => !s.when || s.when(draft.config))
            .map((s) => (
              <fieldset key={s.title}>
                <legend>{s.title}</legend>
                <div className="form-grid">{s.fields.map(([path, label, unit]) => numberInput(path, label, unit, `p-${path}`))}</div>
              </fieldset>
            ))}
          <fieldset>
            <legend>Standing and as-needed medications</legend>
            {((draft.config.medications ?? []) as Config[]).map((m, i) => {
              const base = `medications.${i}`;
              const text = (field: string, label: string, required = true) => {
                const err = errorFor(`${base}.${field}`);
                const id = `med-${i}-${field}`;
                return (
                  <div className="field" key={id}>
                    <label htmlFor={id}>{label}</label>
                    <input
                      id={id}
                      value={String(m[field] ?? '')}
                      onChange={(e) => setConfig(`${base}.${field}`, e.target.value === '' && !required ? undefined : e.target.value)}
                      aria-invalid={err ? true : undefined}
                      aria-describedby={err ? `${id}-error` : undefined}
                      readOnly={!mayEdit}
                    />
                    {err && (
                      <small id={`${id}-error`} className="field-error">
                        {err}
                      </small>
                    )}
                  </div>
                );
              };
              return (
                <fieldset key={i} className="medication">
                  <legend>{m.name || `Medication ${i + 1}`}</legend>
                  <div className="form-grid">
                    {text('name', 'Name')}
                    {text('key', 'Short key')}
                    <div className="field">
                      <label htmlFor={`med-${i}-kind`}>Kind</label>
                      <select id={`med-${i}-kind`} value={m.kind} disabled={!mayEdit} onChange={(e) => setConfig(`${base}.kind`, e.target.value)}>
                        <option value="standing">Standing</option>
                        <option value="prn">As needed (PRN)</option>
                      </select>
                    </div>
                    <div className="field">
                      <label htmlFor={`med-${i}-route`}>Route</label>
                      <select id={`med-${i}-route`} value={m.route} disabled={!mayEdit} onChange={(e) => setConfig(`${base}.route`, e.target.value)}>
                        {routes.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </div>
                    {text('frequency', 'Frequency')}
                    {text('indication', 'For (indication)', false)}
                    {medicationNumbers.map(([path, label, unit]) => numberInput(`${base}.${path}`, label, unit, `med-${i}-${path}`))}
                    <label className="check">
                      <input type="checkbox" checked={!!m.induction} disabled={!mayEdit} onChange={(e) => setConfig(`${base}.induction`, e.target.checked)} />{' '}
                      Induction medication (first dose checked against readiness)
                    </label>
                  </div>
                  {mayEdit && (
                    <button
                      type="button"
                      className="ghost small"
                      onClick={() =>
                        setConfig(
                          'medications',
                          (draft.config.medications as Config[]).filter((_, j) => j !== i),
                        )
                      }
                    >
                      Remove {m.name || `medication ${i + 1}`}
                    </button>
                  )}
                </fieldset>
              );
            })}
            {mayEdit && (
              <button
                type="button"
                className="secondary small"
                onClick={() =>
                  setConfig('medications', [
                    ...(draft.config.medications ?? []),
                    { key: '', name: '', kind: 'prn', doseMg: undefined, route: 'oral', frequency: '', reassessAfterMinutes: 60, induction: false },
                  ])
                }
              >
                Add medication
              </button>
            )}
          </fieldset>
          {mayEdit && (
            <div className="actions">
              <button type="submit" disabled={save.isPending}>
                Save protocol
              </button>
              {save.isSuccess && <span role="status">Saved.</span>}
            </div>
          )}
          <Problem error={save.error} />
        </form>
      )}
      <Problem error={copy.error ?? protocols.error} />
    </section>
  );
}
