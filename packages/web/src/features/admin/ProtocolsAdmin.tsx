import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Problem } from '../../components/Problem';

interface ProtocolRow {
  id: string;
  name: string;
  kind: string;
  active: boolean;
  version: number;
  config: Record<string, any>;
}

const numberFields: [string, string, string][] = [
  ['schedule.intensiveFromCows', 'Hourly checks from COWS', ''],
  ['schedule.intensiveEveryMinutes', 'Interval while COWS high', 'min'],
  ['schedule.peakWindowHours', 'Peak window', 'h'],
  ['schedule.peakEveryMinutes', 'Interval in the peak window', 'min'],
  ['schedule.routineEveryMinutes', 'Routine interval', 'min'],
  ['schedule.graceMinutes', 'Overdue after', 'min'],
  ['alerts.severeCowsFrom', 'Critical alert from COWS', ''],
  ['alerts.risingBy', 'Warn when COWS rises by', ''],
  ['alerts.escalateAfterMinutes', 'Escalate unacknowledged after', 'min'],
  ['induction.minCows', 'Induction: COWS at least', ''],
  ['induction.minHoursShortActing', 'Induction: hours after short-acting', 'h'],
  ['induction.minHoursLongActing', 'Induction: hours after long-acting', 'h'],
  ['vitalLimits.spo2Min', 'SpO₂ alert below', '%'],
];

const get = (o: Record<string, any>, path: string): unknown => path.split('.').reduce((v, k) => (v == null ? v : v[k]), o);
function set(o: Record<string, any>, path: string, value: number): Record<string, any> {
  const [head, ...rest] = path.split('.');
  return { ...o, [head]: rest.length ? set(o[head] ?? {}, rest.join('.'), value) : value };
}

/** Program-editable withdrawal protocols: the clock, alert thresholds, induction rules, medications and hold parameters. */
export function ProtocolsAdmin() {
  const queryClient = useQueryClient();
  const protocols = useQuery({ queryKey: ['wm-protocols'], queryFn: () => api.get<{ items: ProtocolRow[] }>('/wm/protocols') });
  const [selected, setSelected] = useState('');
  const current = protocols.data?.items.find((p) => p.id === selected) ?? protocols.data?.items[0];
  const [draft, setDraft] = useState<ProtocolRow | null>(null);
  const [medsJson, setMedsJson] = useState('');
  const [jsonError, setJsonError] = useState('');
  // A new protocol (or a newer version of it) starts a new draft: adjusted while rendering, not in an effect.
  const currentKey = current ? `${current.id}@${current.version}` : '';
  const [draftKey, setDraftKey] = useState('');
  if (current && currentKey !== draftKey) {
    setDraftKey(currentKey);
    setDraft(current);
    setMedsJson(JSON.stringify(current.config.medications, null, 2));
    setJsonError('');
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

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    try {
      const medications = JSON.parse(medsJson);
      setJsonError('');
      save.mutate({ ...draft, config: { ...draft.config, medications } });
    } catch (err) {
      setJsonError(`Medications: ${(err as Error).message}`);
    }
  }

  return (
    <section aria-labelledby="protocols-title" className="card">
      <h2 id="protocols-title">Withdrawal-management protocols</h2>
      <p className="hint">Running courses keep the protocol version they started with.</p>
      <div className="inline-form">
        <label htmlFor="protocol-pick">Protocol</label>
        <select id="protocol-pick" value={current?.id ?? ''} onChange={(e) => setSelected(e.target.value)}>
          {(protocols.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>{p.name}{p.active ? '' : ' (inactive)'}</option>
          ))}
        </select>
        {current && <button type="button" className="secondary small" onClick={() => copy.mutate(current)}>Duplicate</button>}
      </div>
      {draft && (
        <form className="form-grid" onSubmit={submit} aria-label={`Edit ${draft.name}`}>
          <div className="field">
            <label htmlFor="protocol-name">Name</label>
            <input id="protocol-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />
          </div>
          <label className="check">
            <input type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} /> Active (offered when starting a course)
          </label>
          {numberFields
            .filter(([path]) => get(draft.config, path) !== undefined)
            .map(([path, label, unit]) => (
              <div className="field" key={path}>
                <label htmlFor={`p-${path}`}>{label}{unit && <small> ({unit})</small>}</label>
                <input id={`p-${path}`} type="number" step="any" value={Number(get(draft.config, path))} onChange={(e) => setDraft({ ...draft, config: set(draft.config, path, Number(e.target.value)) })} />
              </div>
            ))}
          <div className="field span-2">
            <label htmlFor="protocol-meds">Standing and as-needed medications, with hold parameters (JSON)</label>
            <textarea id="protocol-meds" rows={10} value={medsJson} onChange={(e) => setMedsJson(e.target.value)} spellCheck={false} className="code" />
            {jsonError && <small className="field-error">{jsonError}</small>}
          </div>
          <div className="actions span-2">
            <button type="submit" disabled={save.isPending}>Save protocol</button>
            {save.isSuccess && <span role="status">Saved.</span>}
          </div>
        </form>
      )}
      <Problem error={save.error ?? copy.error ?? protocols.error} />
    </section>
  );
}
