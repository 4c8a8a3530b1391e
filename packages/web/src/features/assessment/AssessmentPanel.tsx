import { useId, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { analytes } from '@waypoint/clinical/drug-screens/analytes';
import { api, request, ApiError } from '../../api/client';
import type { ChartHeader, Me } from '../../api/types';
import { formatDateTime, fromLocal } from '../../app/vocabulary';
import { can } from '../../app/access';
import { Field } from '../../components/Field';
import { Problem } from '../../components/Problem';
import type { Assessment, Sections, Substance, Workup } from './types';

type Lab = Workup['labs'][number];

const narrativeSections = [
  ['medical', 'Medical history'],
  ['mentalHealth', 'Mental-health history'],
  ['trauma', 'Trauma'],
  ['housing', 'Housing'],
  ['employment', 'Employment'],
  ['legal', 'Legal'],
  ['family', 'Family and supports'],
  ['strengths', 'Strengths'],
] as const;
const housingStatuses = ['stable', 'unstable', 'homeless', 'institution', 'recovery-residence'];
const employmentStatuses = ['employed', 'unemployed', 'student', 'disabled', 'retired', 'other'];
const routes = ['oral', 'intranasal', 'smoked', 'injected', 'sublingual', 'transdermal', 'other'];

const toLocalInput = (iso: string | null | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

/** The intake biopsychosocial assessment: sections saved as a draft, signed once complete, amended after. */
export function AssessmentPanel({ patientId, header, me }: { patientId: string; header: ChartHeader; me: Me }) {
  const list = useQuery({
    queryKey: ['chart', patientId, 'assessments'],
    queryFn: () => api.get<{ items: Assessment[] }>(`/patients/${patientId}/assessments`),
  });
  const queryClient = useQueryClient();
  const episode = header.episode;
  const current = list.data?.items.find((a) => a.episodeId === episode?.id) ?? list.data?.items[0];
  const canWrite = me.permissions.includes('assessment.update');
  const start = useMutation({
    mutationFn: () => api.create<Assessment>(`/episodes/${episode!.id}/assessments`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['chart', patientId] }),
  });
  return (
    <section aria-labelledby="assessment-title" className="card">
      <h2 id="assessment-title">Intake assessment</h2>
      <Problem error={list.error ?? start.error} />
      {!current && episode && me.permissions.includes('assessment.create') && (
        <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
          Start intake assessment
        </button>
      )}
      {!current && !list.isLoading && !episode && <p className="hint">No episode of care.</p>}
      {current &&
        (current.status === 'draft' && canWrite ? (
          <DraftEditor assessment={current} patientId={patientId} me={me} />
        ) : (
          <SignedView assessment={current} patientId={patientId} canAmend={canWrite} />
        ))}
      {episode && <IntakeWorkup patientId={patientId} episodeId={episode.id} me={me} />}
    </section>
  );
}

function DraftEditor({ assessment, patientId, me }: { assessment: Assessment; patientId: string; me: Me }) {
  const [sections, setSections] = useState<Sections>(assessment.sections);
  const [typedName, setTypedName] = useState('');
  const queryClient = useQueryClient();
  // A newer version of the draft (saved here or elsewhere) replaces the fields: adjusted while rendering.
  const [shownVersion, setShownVersion] = useState(`${assessment.id}@${assessment.version}`);
  if (shownVersion !== `${assessment.id}@${assessment.version}`) {
    setShownVersion(`${assessment.id}@${assessment.version}`);
    setSections(assessment.sections);
  }
  const save = useMutation({
    mutationFn: async () => {
      const current = await request<Assessment>('GET', `/assessments/${assessment.id}`);
      return api.patch<Assessment>(`/assessments/${assessment.id}`, { sections: clean(sections) }, current.etag ?? undefined);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['chart', patientId] }),
  });
  const sign = useMutation({
    mutationFn: async () => {
      await save.mutateAsync();
      return api.post<Assessment>(`/assessments/${assessment.id}/sign`, { typedName });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['chart', patientId] }),
  });
  const err = (field: string) =>
    [sign.error, save.error].map((e) => (e instanceof ApiError ? e.body.errors?.find((x) => x.field === field)?.message : undefined)).find(Boolean);
  const set = (name: keyof Sections, value: object) => setSections({ ...sections, [name]: { ...(sections[name] as object), ...value } });
  const substances = sections.substanceUse?.substances ?? [];
  const setSubstance = (i: number, patch: Partial<Substance>) =>
    set('substanceUse', { substances: substances.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  return (
    <form
      aria-label="Intake assessment"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <p className="hint">
        Draft started {formatDateTime(assessment.createdAt)} by {assessment.createdByName}. Saved {formatDateTime(assessment.updatedAt)}.
      </p>
      <fieldset>
        <legend>Substance-use history</legend>
        {substances.map((s, i) => (
          <div className="form-grid substance" key={i} role="group" aria-label={`Substance ${i + 1}`}>
            <Input
              label="Substance"
              value={s.substance}
              onChange={(v) => setSubstance(i, { substance: v })}
              error={err(`sections.substanceUse.substances.${i}.substance`)}
            />
            <Input
              label="Age of first use"
              type="number"
              value={s.ageOfFirstUse?.toString() ?? ''}
              onChange={(v) => setSubstance(i, { ageOfFirstUse: v ? Number(v) : null })}
              error={err(`sections.substanceUse.substances.${i}.ageOfFirstUse`)}
            />
            <div className="field">
              <label htmlFor={`route-${i}`}>Route</label>
              <select id={`route-${i}`} value={s.route ?? ''} onChange={(e) => setSubstance(i, { route: (e.target.value || null) as Substance['route'] })}>
                <option value="">Choose…</option>
                {routes.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
              {err(`sections.substanceUse.substances.${i}.route`) && (
                <small className="field-error">{err(`sections.substanceUse.substances.${i}.route`)}</small>
              )}
            </div>
            <Input
              label="Frequency"
              value={s.frequency ?? ''}
              onChange={(v) => setSubstance(i, { frequency: v || null })}
              error={err(`sections.substanceUse.substances.${i}.frequency`)}
            />
            <Input
              label="Amount"
              value={s.amount ?? ''}
              onChange={(v) => setSubstance(i, { amount: v || null })}
              error={err(`sections.substanceUse.substances.${i}.amount`)}
            />
            <Input
              label="Last use (facility time)"
              type="datetime-local"
              value={toLocalInput(s.lastUseAt)}
              onChange={(v) => setSubstance(i, { lastUseAt: fromLocal(v) ?? null })}
              error={err(`sections.substanceUse.substances.${i}.lastUseAt`)}
            />
            <div className="field">
              <label htmlFor={`kind-${i}`}>Opioid kind</label>
              <select
                id={`kind-${i}`}
                value={s.opioidKind ?? ''}
                onChange={(e) => setSubstance(i, { opioidKind: (e.target.value || null) as Substance['opioidKind'] })}
              >
                <option value="">Not an opioid / unknown</option>
                <option value="short_acting">Short-acting</option>
                <option value="long_acting">Long-acting</option>
              </select>
            </div>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => set('substanceUse', { substances: [...substances, { substance: '' }] })}>
          Add a substance
        </button>
        {err('sections.substanceUse') && <p className="field-error">{err('sections.substanceUse')}</p>}
        {err('sections.substanceUse.substances') && <p className="field-error">{err('sections.substanceUse.substances')}</p>}
      </fieldset>
      {narrativeSections.map(([name, label]) => (
        <fieldset key={name}>
          <legend>{label}</legend>
          {(name === 'housing' || name === 'employment') && (
            <div className="field">
              <label htmlFor={`${name}-status`}>{label} status</label>
              <select
                id={`${name}-status`}
                value={(sections[name] as { status?: string })?.status ?? ''}
                onChange={(e) => set(name, { status: e.target.value || null })}
              >
                <option value="">Choose…</option>
                {(name === 'housing' ? housingStatuses : employmentStatuses).map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
              {err(`sections.${name}.status`) && <small className="field-error">{err(`sections.${name}.status`)}</small>}
            </div>
          )}
          <div className="field">
            <label htmlFor={`${name}-summary`}>{label}: notes</label>
            <textarea
              id={`${name}-summary`}
              rows={2}
              value={(sections[name] as { summary?: string | null })?.summary ?? ''}
              onChange={(e) => set(name, { summary: e.target.value })}
            />
            {(err(`sections.${name}.summary`) || err(`sections.${name}`)) && (
              <small className="field-error">{err(`sections.${name}.summary`) ?? err(`sections.${name}`)}</small>
            )}
          </div>
        </fieldset>
      ))}
      <Problem error={save.error ?? sign.error} />
      <div className="actions">
        <button type="submit" className="secondary" disabled={save.isPending}>
          Save draft
        </button>
        <label htmlFor="assessment-sign-name">Sign as (type your name)</label>
        <input id="assessment-sign-name" value={typedName} onChange={(e) => setTypedName(e.target.value)} placeholder={me.user.displayName} />
        <button type="button" onClick={() => sign.mutate()} disabled={sign.isPending || !typedName}>
          Sign assessment
        </button>
      </div>
    </form>
  );
}

/** Drops empty strings so a half-typed draft saves as "not yet answered". */
function clean(s: Sections): Sections {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (!v) continue;
    if (k === 'substanceUse') {
      const su = v as NonNullable<Sections['substanceUse']>;
      out[k] = {
        ...su,
        substances: su.substances
          .filter((x) => x.substance.trim())
          .map((x) => Object.fromEntries(Object.entries(x).filter(([, val]) => val !== '' && val !== null && val !== undefined))),
      };
      continue;
    }
    const section = Object.fromEntries(Object.entries(v as object).filter(([, val]) => typeof val !== 'string' || val.trim() !== ''));
    out[k] = section;
  }
  return out as Sections;
}

function Input({
  label,
  value,
  onChange,
  type = 'text',
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  error?: string;
}) {
  const uid = useId();
  const stableId = `f-${label.replace(/\W+/g, '-').toLowerCase()}-${uid.replace(/[^a-zA-Z0-9]/g, '')}`;
  return (
    <div className="field">
      <label htmlFor={stableId}>{label}</label>
      <input id={stableId} type={type} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} />
      {error && <small className="field-error">{error}</small>}
    </div>
  );
}

function SignedView({ assessment, patientId, canAmend }: { assessment: Assessment; patientId: string; canAmend: boolean }) {
  const s = assessment.sections;
  const [section, setSection] = useState('legal');
  const [summary, setSummary] = useState('');
  const [reason, setReason] = useState('');
  const queryClient = useQueryClient();
  const amend = useMutation({
    mutationFn: () => api.create(`/assessments/${assessment.id}/amendments`, { section, changes: { summary }, reason }),
    onSuccess: async () => {
      setSummary('');
      setReason('');
      await queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
    },
  });
  return (
    <div>
      <p data-testid="assessment-status">
        {assessment.status === 'signed' ? `Signed by ${assessment.signedName} · ${formatDateTime(assessment.signedAt)}` : 'Draft'}
      </p>
      <dl className="sections">
        <dt>Substances</dt>
        <dd>
          {(s.substanceUse?.substances ?? [])
            .map(
              (x) =>
                `${x.substance}: first at ${x.ageOfFirstUse ?? '?'}, ${x.route ?? '?'}, ${x.frequency ?? '?'}, ${x.amount ?? '?'}, last ${formatDateTime(x.lastUseAt)}`,
            )
            .join(' · ') || '—'}
        </dd>
        {narrativeSections.map(([name, label]) => {
          const v = s[name] as { summary?: string | null; status?: string | null } | undefined;
          return (
            <div key={name}>
              <dt>{label}</dt>
              <dd>
                {v?.status ? `${v.status}. ` : ''}
                {v?.summary ?? '—'}
              </dd>
            </div>
          );
        })}
      </dl>
      {assessment.amendments.length > 0 && (
        <>
          <h3>Amendments</h3>
          <ul className="plain">
            {assessment.amendments.map((a) => (
              <li key={a.id}>
                {a.section}: {String((a.changes as { summary?: string }).summary ?? JSON.stringify(a.changes))} — {a.amendedByName},{' '}
                {formatDateTime(a.amendedAt)}, because {a.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {canAmend && assessment.status === 'signed' && (
        <form
          className="inline-form"
          aria-label="Amend the assessment"
          onSubmit={(e) => {
            e.preventDefault();
            amend.mutate();
          }}
        >
          <label htmlFor="amend-section">Amend section</label>
          <select id="amend-section" value={section} onChange={(e) => setSection(e.target.value)}>
            {narrativeSections.map(([n, l]) => (
              <option key={n} value={n}>
                {l}
              </option>
            ))}
          </select>
          <label htmlFor="amend-text">Corrected notes</label>
          <input id="amend-text" value={summary} onChange={(e) => setSummary(e.target.value)} />
          <label htmlFor="amend-reason">Why</label>
          <input id="amend-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" disabled={amend.isPending}>
            Add amendment
          </button>
          <Problem error={amend.error} />
        </form>
      )}
    </div>
  );
}

/** The intake point-of-care urine screen (analytes from the clinical package) and the baseline labs. */
function IntakeWorkup({ patientId, episodeId, me }: { patientId: string; episodeId: string; me: Me }) {
  const workup = useQuery({ queryKey: ['chart', patientId, 'workup'], queryFn: () => api.get<Workup>(`/patients/${patientId}/intake-workup`) });
  const queryClient = useQueryClient();
  const [results, setResults] = useState<Record<string, string>>({});
  const [collectedAt, setCollectedAt] = useState('');
  const [testName, setTestName] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['chart', patientId, 'workup'] });
  const screen = useMutation({
    mutationFn: () =>
      api.create(`/episodes/${episodeId}/intake-screen`, {
        collectedAt: fromLocal(collectedAt) ?? new Date().toISOString(),
        results: Object.entries(results).map(([analyte, result]) => ({ analyte, result })),
      }),
    onSuccess: () => {
      setResults({});
      return refresh();
    },
  });
  const order = useMutation({
    mutationFn: () => api.create(`/episodes/${episodeId}/baseline-labs`, { testName }),
    onSuccess: () => {
      setTestName('');
      return refresh();
    },
  });
  const canRecord = me.permissions.includes('assessment.create');
  return (
    <div className="workup">
      <h3>Intake urine screen and baseline labs</h3>
      {workup.data?.screens.map((s) => (
        <p key={s.id}>
          {formatDateTime(s.collectedAt)}: {s.results.map((r) => `${analytes[r.analyte as keyof typeof analytes]?.label ?? r.analyte} ${r.result}`).join(', ')}
          {s.interpretation.findings?.length ? ` — ${s.interpretation.findings.map((f) => f.message).join('; ')}` : ''}
        </p>
      ))}
      {canRecord && (
        <details>
          <summary>Record the point-of-care screen</summary>
          <div className="form-grid">
            {Object.entries(analytes).map(([key, a]) => (
              <div className="field" key={key}>
                <label htmlFor={`uds-${key}`}>{a.label}</label>
                <select
                  id={`uds-${key}`}
                  value={results[key] ?? ''}
                  onChange={(e) => setResults(Object.fromEntries(Object.entries({ ...results, [key]: e.target.value }).filter(([, v]) => v)))}
                >
                  <option value="">Not tested</option>
                  <option value="negative">Negative</option>
                  <option value="positive">Positive</option>
                  <option value="invalid">Invalid</option>
                </select>
              </div>
            ))}
            <div className="field">
              <label htmlFor="uds-collected">Collected (facility time)</label>
              <input id="uds-collected" type="datetime-local" value={collectedAt} onChange={(e) => setCollectedAt(e.target.value)} />
            </div>
          </div>
          <button type="button" onClick={() => screen.mutate()} disabled={screen.isPending}>
            Save screen
          </button>
          <Problem error={screen.error} />
        </details>
      )}
      <ul className="plain">
        {workup.data?.labs.map((l) => (
          <li key={l.id}>
            {l.testName}: {l.status === 'resulted' ? `resulted ${formatDateTime(l.resultedAt)} — ${l.summary}` : `ordered ${formatDateTime(l.orderedAt)}`}
            {l.status === 'ordered' && can(me, 'assessment.update') && <LabResultForm lab={l} onDone={refresh} />}
          </li>
        ))}
      </ul>
      {canRecord && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            order.mutate();
          }}
        >
          <label htmlFor="lab-name">Order a baseline lab</label>
          <input id="lab-name" value={testName} onChange={(e) => setTestName(e.target.value)} placeholder="e.g. Hepatitis C antibody" />
          <button type="submit" className="secondary" disabled={order.isPending || !testName}>
            Order
          </button>
          <Problem error={order.error} />
        </form>
      )}
    </div>
  );
}

/** Marks an ordered baseline lab resulted, with when and a short summary; the server's refusal shows at the field it names. */
function LabResultForm({ lab, onDone }: { lab: Lab; onDone: () => unknown }) {
  const [open, setOpen] = useState(false);
  const [resultedAt, setResultedAt] = useState('');
  const [summary, setSummary] = useState('');
  const save = useMutation({
    mutationFn: () => api.post(`/baseline-labs/${lab.id}/result`, { resultedAt: fromLocal(resultedAt), summary }),
    onSuccess: () => {
      setOpen(false);
      return onDone();
    },
  });
  const error = (f: string) => (save.error instanceof ApiError ? save.error.fieldError(f) : undefined);
  if (!open)
    return (
      <button type="button" className="small secondary" onClick={() => setOpen(true)} aria-label={`Record the result of ${lab.testName}`}>
        Record result
      </button>
    );
  return (
    <form
      className="form-grid"
      aria-label={`Result of ${lab.testName}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Field label="Resulted (facility time)" error={error('resultedAt')}>
        {(p) => <input {...p} type="datetime-local" value={resultedAt} onChange={(e) => setResultedAt(e.target.value)} />}
      </Field>
      <Field label="Result summary" error={error('summary')}>
        {(p) => <input {...p} value={summary} onChange={(e) => setSummary(e.target.value)} placeholder="e.g. HCV antibody non-reactive" />}
      </Field>
      <div className="actions span-2">
        <button type="submit" disabled={save.isPending}>
          Mark resulted
        </button>
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {save.error instanceof ApiError && !save.error.body.errors?.length && <Problem error={save.error} />}
    </form>
  );
}
