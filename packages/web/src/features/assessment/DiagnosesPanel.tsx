import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDate } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';
import { useInstrumentResults } from './InstrumentsPanel';
import type { Diagnosis, PsychMedication } from './types';

const oudDescriptions: Record<string, string> = {
  'F11.10': 'Opioid use disorder, mild',
  'F11.11': 'Opioid use disorder, mild, in remission',
  'F11.20': 'Opioid use disorder, moderate or severe',
  'F11.21': 'Opioid use disorder, moderate or severe, in remission',
};

/** The problem list (substance-use and co-occurring diagnoses) and the psychiatric medications. */
export function DiagnosesPanel({ patientId, me }: { patientId: string; me: Me }) {
  const data = useQuery({
    queryKey: ['chart', patientId, 'diagnoses'],
    queryFn: () => api.get<{ diagnoses: Diagnosis[]; psychMedications: PsychMedication[] }>(`/patients/${patientId}/diagnoses`),
  });
  const results = useInstrumentResults(patientId);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
  const [form, setForm] = useState({
    icd10Code: '',
    description: '',
    category: 'substance-use',
    onsetDate: '',
    status: 'active',
    resolvedDate: '',
    basisResultId: '',
  });
  const add = useMutation({
    mutationFn: () =>
      api.create<Diagnosis>(`/patients/${patientId}/diagnoses`, {
        icd10Code: form.icd10Code,
        description: form.description,
        category: form.category,
        status: form.status,
        ...(form.onsetDate ? { onsetDate: form.onsetDate } : {}),
        ...(form.resolvedDate ? { resolvedDate: form.resolvedDate } : {}),
        ...(form.basisResultId ? { basisResultId: form.basisResultId } : {}),
      }),
    onSuccess: () => {
      setForm({ icd10Code: '', description: '', category: 'substance-use', onsetDate: '', status: 'active', resolvedDate: '', basisResultId: '' });
      return refresh();
    },
  });
  const sign = useMutation({ mutationFn: (id: string) => api.post(`/diagnoses/${id}/sign`), onSuccess: refresh });
  const canAdd = me.permissions.includes('diagnosis.create');
  const canSign = me.permissions.includes('clinical-signature.create');
  const dsm = results.data?.items.find((r) => r.instrument === 'dsm5-oud');
  const dsmCode = dsm?.icd10cm ?? undefined;
  const fieldError = (f: string) => (add.error instanceof ApiError ? add.error.fieldError(f) : undefined);
  return (
    <section aria-labelledby="dx-title" className="card">
      <h2 id="dx-title">Diagnoses and psychiatric medications</h2>
      <Problem error={data.error} />
      {data.data && data.data.diagnoses.length === 0 && <p className="hint">No diagnoses recorded.</p>}
      <ul className="plain diagnoses">
        {data.data?.diagnoses.map((d) => (
          <li key={d.id} className="med" data-testid="diagnosis">
            <span>
              <strong>{d.icd10Code}</strong> {d.description} · {d.category} · {d.status}
              {d.onsetDate ? ` · onset ${formatDate(d.onsetDate)}` : ''} · by {d.diagnosedByName}
              {d.amendmentReason ? ` · amended: ${d.amendmentReason}` : ''}
              {d.signedAt ? ` · signed by ${d.signedByName}` : ' · awaiting signature'}
            </span>
            {!d.signedAt && canSign && (
              <button type="button" className="small" onClick={() => sign.mutate(d.id)} disabled={sign.isPending}>
                Sign {d.icd10Code}
              </button>
            )}
          </li>
        ))}
      </ul>
      <Problem error={sign.error} />
      {canAdd && (
        <details open={!!dsmCode && !data.data?.diagnoses.some((d) => d.icd10Code === dsmCode)}>
          <summary>Add a diagnosis</summary>
          {dsm && (
            <p className="notice" data-testid="dsm5-result">
              DSM-5 OUD: {dsm.total} criteria · {dsm.band}
              {dsmCode ? ` · ICD-10-CM ${dsmCode}` : ''}{' '}
              {dsmCode && (
                <button
                  type="button"
                  className="small"
                  onClick={() =>
                    setForm({
                      ...form,
                      icd10Code: dsmCode,
                      description: `${oudDescriptions[dsmCode]} (DSM-5: ${dsm.band})`,
                      category: 'substance-use',
                      basisResultId: dsm.id,
                    })
                  }
                >
                  Use DSM-5 result
                </button>
              )}
            </p>
          )}
          <form
            className="form-grid"
            aria-label="Add a diagnosis"
            onSubmit={(e) => {
              e.preventDefault();
              add.mutate();
            }}
          >
            <div className="field">
              <label htmlFor="dx-code">ICD-10-CM code</label>
              <input
                id="dx-code"
                value={form.icd10Code}
                onChange={(e) => setForm({ ...form, icd10Code: e.target.value })}
                aria-invalid={!!fieldError('icd10Code')}
              />
              {fieldError('icd10Code') && <small className="field-error">{fieldError('icd10Code')}</small>}
            </div>
            <div className="field">
              <label htmlFor="dx-description">Description</label>
              <input id="dx-description" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="dx-category">Category</label>
              <select id="dx-category" value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })}>
                <option value="substance-use">Substance use</option>
                <option value="mental-health">Mental health</option>
                <option value="medical">Medical</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="dx-onset">Onset</label>
              <input id="dx-onset" type="date" value={form.onsetDate} onChange={(e) => setForm({ ...form, onsetDate: e.target.value })} />
              {fieldError('onsetDate') && <small className="field-error">{fieldError('onsetDate')}</small>}
            </div>
            <div className="field">
              <label htmlFor="dx-status">Status</label>
              <select id="dx-status" value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value })}>
                <option value="active">Active</option>
                <option value="in-remission">In remission</option>
                <option value="resolved">Resolved</option>
                <option value="ruled-out">Ruled out</option>
              </select>
            </div>
            {form.status === 'resolved' && (
              <div className="field">
                <label htmlFor="dx-resolved">Resolved on</label>
                <input id="dx-resolved" type="date" value={form.resolvedDate} onChange={(e) => setForm({ ...form, resolvedDate: e.target.value })} />
                {fieldError('resolvedDate') && <small className="field-error">{fieldError('resolvedDate')}</small>}
              </div>
            )}
            <div className="actions">
              <button type="submit" disabled={add.isPending}>
                Add diagnosis
              </button>
            </div>
          </form>
          <Problem error={add.error} />
        </details>
      )}
      <PsychMeds patientId={patientId} meds={data.data?.psychMedications ?? []} canAdd={canAdd} onChange={refresh} />
    </section>
  );
}

function PsychMeds({ patientId, meds, canAdd, onChange }: { patientId: string; meds: PsychMedication[]; canAdd: boolean; onChange: () => void }) {
  const [form, setForm] = useState({ name: '', dose: '', frequency: '', startedOn: '' });
  const add = useMutation({
    mutationFn: () =>
      api.create(`/patients/${patientId}/psych-medications`, {
        name: form.name,
        dose: form.dose,
        frequency: form.frequency,
        ...(form.startedOn ? { startedOn: form.startedOn } : {}),
      }),
    onSuccess: () => {
      setForm({ name: '', dose: '', frequency: '', startedOn: '' });
      onChange();
    },
  });
  return (
    <>
      <h3>Psychiatric medications</h3>
      {meds.length === 0 && <p className="hint">None recorded.</p>}
      <ul className="plain">
        {meds.map((m) => (
          <li key={m.id}>
            {m.name} {m.dose} {m.frequency}
            {m.startedOn ? ` · since ${formatDate(m.startedOn)}` : ''}
            {m.stoppedOn ? ` · stopped ${formatDate(m.stoppedOn)} (${m.stopReason})` : ''}
          </li>
        ))}
      </ul>
      {canAdd && (
        <form
          className="inline-form"
          aria-label="Add a psychiatric medication"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          {(['name', 'dose', 'frequency'] as const).map((k) => (
            <span key={k}>
              <label htmlFor={`pm-${k}`}>{k[0].toUpperCase() + k.slice(1)} </label>
              <input id={`pm-${k}`} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} size={12} />
            </span>
          ))}
          <label htmlFor="pm-start">Started</label>
          <input id="pm-start" type="date" value={form.startedOn} onChange={(e) => setForm({ ...form, startedOn: e.target.value })} />
          <button type="submit" className="secondary" disabled={add.isPending}>
            Add medication
          </button>
          <Problem error={add.error} />
        </form>
      )}
    </>
  );
}
