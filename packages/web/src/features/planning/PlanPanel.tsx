import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client';
import type { ChartHeader, Me } from '../../api/types';
import { formatDate, formatDateTime, levelLabel } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';

export interface PlanContent {
  problems: { id: string; statement: string; source: 'assessment' | 'diagnosis' | 'instrument' | 'other'; diagnosisCode?: string | null }[];
  goals: { id: string; problemId: string; patientWords: string }[];
  objectives: { id: string; goalId: string; text: string; measure: string; targetDate: string }[];
  interventions: {
    id: string;
    objectiveId: string;
    text: string;
    modality: string;
    frequency: string;
    responsibleUserId?: string | null;
    responsibleName: string;
  }[];
}

interface PlanVersion {
  id: string;
  number: number;
  status: 'draft' | 'signed';
  content: PlanContent;
  changeReason: string | null;
  createdAt: string;
  patientSignature: { name: string; at: string } | null;
  clinicianSignature: { name: string; at: string } | null;
  signedAt: string | null;
  levelOfCare: string | null;
  reviewDueOn: string | null;
  reviewOverdue: boolean;
}

interface PlanSummary {
  id: string;
  episodeId: string;
  versions: { number: number; status: string; createdAt: string; signedAt: string | null; changeReason: string | null; reviewDueOn: string | null }[];
  current: PlanVersion | null;
  latestSignedNumber: number | null;
  draftNumber: number | null;
  reviewDueOn: string | null;
  reviewOverdue: boolean;
}

interface Change {
  section: string;
  id: string;
  kind: 'added' | 'removed' | 'changed';
  label: string;
  fields?: { field: string; from: unknown; to: unknown }[];
}

const modalities = ['individual', 'group', 'family', 'medication', 'case-management', 'peer-support', 'education', 'other'];
const nextId = (prefix: string, list: { id: string }[]) => {
  let n = list.length + 1;
  while (list.some((x) => x.id === `${prefix}${n}`)) n++;
  return `${prefix}${n}`;
};

/** The treatment plan: versions, the current one (edited while a draft), signatures, revisions, differences, PDF. */
export function PlanPanel({ patientId, header, me }: { patientId: string; header: ChartHeader; me: Me }) {
  const summary = useQuery({ queryKey: ['chart', patientId, 'plan'], queryFn: () => api.get<{ plan: PlanSummary | null }>(`/patients/${patientId}/plan`) });
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
  const canWrite = me.permissions.includes('treatment-plan.update');
  const plan = summary.data?.plan;
  const [viewing, setViewing] = useState<number | null>(null);
  const start = useMutation({ mutationFn: () => api.create(`/episodes/${header.episode!.id}/plan`, {}), onSuccess: refresh });
  const [reviseReason, setReviseReason] = useState('');
  const revise = useMutation({
    mutationFn: () => api.create(`/plans/${plan!.id}/versions`, { changeReason: reviseReason }),
    onSuccess: () => {
      setReviseReason('');
      setViewing(null);
      return refresh();
    },
  });
  const shown = viewing ?? plan?.current?.number ?? null;
  return (
    <section aria-labelledby="plan-title" className="card">
      <h2 id="plan-title">Treatment plan</h2>
      <Problem error={summary.error ?? start.error} />
      {!plan && !summary.isLoading && (
        <>
          <p className="hint">No treatment plan yet.</p>
          {canWrite && header.episode && me.permissions.includes('treatment-plan.create') && (
            <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
              Start the treatment plan
            </button>
          )}
        </>
      )}
      {plan && (
        <>
          <p>
            {plan.latestSignedNumber ? `Signed version ${plan.latestSignedNumber}` : 'Not yet signed'}
            {plan.reviewDueOn && <> · review due {formatDate(plan.reviewDueOn)}</>}
            {plan.reviewOverdue && <strong className="badge overdue"> review overdue</strong>}
          </p>
          <nav aria-label="Plan versions" className="inline-form">
            {plan.versions.map((v) => (
              <button
                key={v.number}
                type="button"
                className={v.number === shown ? 'small' : 'small secondary'}
                aria-pressed={v.number === shown}
                onClick={() => setViewing(v.number)}
              >
                Version {v.number} ({v.status})
              </button>
            ))}
          </nav>
          {shown && <VersionView planId={plan.id} n={shown} patientId={patientId} canWrite={canWrite} me={me} onChanged={refresh} />}
          {canWrite && !plan.draftNumber && plan.latestSignedNumber && (
            <form
              className="inline-form"
              aria-label="Revise the plan"
              onSubmit={(e) => {
                e.preventDefault();
                revise.mutate();
              }}
            >
              <label htmlFor="revise-reason">Reason for a new version (revision or review)</label>
              <input id="revise-reason" value={reviseReason} onChange={(e) => setReviseReason(e.target.value)} />
              <button type="submit" disabled={revise.isPending || !reviseReason}>
                Revise plan
              </button>
              <Problem error={revise.error} />
            </form>
          )}
          {plan.versions.length > 1 && <DiffView planId={plan.id} patientId={patientId} versions={plan.versions.map((v) => v.number)} />}
        </>
      )}
    </section>
  );
}

function VersionView({
  planId,
  n,
  patientId,
  canWrite,
  me,
  onChanged,
}: {
  planId: string;
  n: number;
  patientId: string;
  canWrite: boolean;
  me: Me;
  onChanged: () => void;
}) {
  const version = useQuery({ queryKey: ['chart', patientId, 'plan', n], queryFn: () => request<PlanVersion>('GET', `/plans/${planId}/versions/${n}`) });
  const v = version.data?.data;
  if (version.error) return <Problem error={version.error} />;
  if (!v) return <p className="loading">Loading version…</p>;
  return (
    <article aria-label={`Plan version ${v.number}`} className="plan-version" data-testid={`plan-version-${v.number}`}>
      <p className="hint">
        Version {v.number} · {v.status === 'signed' ? `signed ${formatDateTime(v.signedAt)} at ${levelLabel(v.levelOfCare)}` : 'draft'}
        {v.changeReason ? ` · ${v.changeReason}` : ''}{' '}
        <a href={`/api/v1/plans/${planId}/versions/${v.number}/pdf`} download className="button small secondary">
          Download PDF
        </a>
      </p>
      {v.status === 'draft' && canWrite ? (
        <ContentEditor planId={planId} version={v} etag={version.data!.etag} me={me} onSaved={onChanged} />
      ) : (
        <ContentView content={v.content} />
      )}
      <Signatures planId={planId} version={v} canWrite={canWrite} me={me} onSigned={onChanged} />
    </article>
  );
}

function ContentView({ content }: { content: PlanContent }) {
  return (
    <ol className="plan-tree">
      {content.problems.map((p) => (
        <li key={p.id}>
          <strong>{p.statement}</strong>
          <ul>
            {content.goals
              .filter((g) => g.problemId === p.id)
              .map((g) => (
                <li key={g.id}>
                  Goal: “{g.patientWords}”
                  <ul>
                    {content.objectives
                      .filter((o) => o.goalId === g.id)
                      .map((o) => (
                        <li key={o.id}>
                          Objective: {o.text} — measured by {o.measure}; target {formatDate(o.targetDate)}
                          <ul>
                            {content.interventions
                              .filter((x) => x.objectiveId === o.id)
                              .map((x) => (
                                <li key={x.id}>
                                  {x.text} ({x.modality}, {x.frequency}; {x.responsibleName})
                                </li>
                              ))}
                          </ul>
                        </li>
                      ))}
                  </ul>
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** Edits a draft: each problem holds goals in the patient's words, measurable objectives and interventions. */
function ContentEditor({ planId, version, etag, me, onSaved }: { planId: string; version: PlanVersion; etag: string | null; me: Me; onSaved: () => void }) {
  const [c, setC] = useState<PlanContent>(version.content);
  // A newer saved version replaces the draft being edited: adjusted while rendering.
  const [shownFor, setShownFor] = useState(`${version.id}@${etag}`);
  if (shownFor !== `${version.id}@${etag}`) {
    setShownFor(`${version.id}@${etag}`);
    setC(version.content);
  }
  const save = useMutation({
    mutationFn: () => api.patch(`/plans/${planId}/versions/${version.number}`, { content: c }, etag ?? undefined),
    onSuccess: onSaved,
  });
  const upd = <K extends keyof PlanContent>(k: K, id: string, patch: Partial<PlanContent[K][number]>) =>
    setC({ ...c, [k]: (c[k] as { id: string }[]).map((x) => (x.id === id ? { ...x, ...patch } : x)) });
  const remove = <K extends keyof PlanContent>(k: K, id: string) => setC({ ...c, [k]: (c[k] as { id: string }[]).filter((x) => x.id !== id) });
  const [in30] = useState(() => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  return (
    <form
      aria-label={`Edit plan version ${version.number}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {c.problems.map((p, pi) => (
        <fieldset key={p.id} className="plan-problem">
          <legend>Problem {pi + 1}</legend>
          <Text label={`Problem ${pi + 1} statement`} value={p.statement} onChange={(v) => upd('problems', p.id, { statement: v })} />
          <button type="button" className="small ghost" onClick={() => remove('problems', p.id)}>
            Remove problem {pi + 1}
          </button>
          {c.goals
            .filter((g) => g.problemId === p.id)
            .map((g, gi) => (
              <div key={g.id} className="plan-goal">
                <Text
                  label={`Goal ${pi + 1}.${gi + 1} in the patient's words`}
                  value={g.patientWords}
                  onChange={(v) => upd('goals', g.id, { patientWords: v })}
                />
                {c.objectives
                  .filter((o) => o.goalId === g.id)
                  .map((o, oi) => {
                    const tag = `${pi + 1}.${gi + 1}.${oi + 1}`;
                    return (
                      <div key={o.id} className="plan-objective form-grid">
                        <Text label={`Objective ${tag}`} value={o.text} onChange={(v) => upd('objectives', o.id, { text: v })} />
                        <Text label={`Objective ${tag} measure`} value={o.measure} onChange={(v) => upd('objectives', o.id, { measure: v })} />
                        <Text
                          label={`Objective ${tag} target date`}
                          type="date"
                          value={o.targetDate}
                          onChange={(v) => upd('objectives', o.id, { targetDate: v })}
                        />
                        {c.interventions
                          .filter((x) => x.objectiveId === o.id)
                          .map((x, xi) => (
                            <div key={x.id} className="plan-intervention form-grid">
                              <Text label={`Intervention ${tag}.${xi + 1}`} value={x.text} onChange={(v) => upd('interventions', x.id, { text: v })} />
                              <div className="field">
                                <label htmlFor={`mod-${x.id}`}>
                                  Intervention {tag}.{xi + 1} modality
                                </label>
                                <select id={`mod-${x.id}`} value={x.modality} onChange={(e) => upd('interventions', x.id, { modality: e.target.value })}>
                                  {modalities.map((m) => (
                                    <option key={m}>{m}</option>
                                  ))}
                                </select>
                              </div>
                              <Text
                                label={`Intervention ${tag}.${xi + 1} frequency`}
                                value={x.frequency}
                                onChange={(v) => upd('interventions', x.id, { frequency: v })}
                              />
                              <Text
                                label={`Intervention ${tag}.${xi + 1} responsible staff`}
                                value={x.responsibleName}
                                onChange={(v) => upd('interventions', x.id, { responsibleName: v })}
                              />
                            </div>
                          ))}
                        <button
                          type="button"
                          className="small secondary"
                          onClick={() =>
                            setC({
                              ...c,
                              interventions: [
                                ...c.interventions,
                                {
                                  id: nextId('i', c.interventions),
                                  objectiveId: o.id,
                                  text: '',
                                  modality: 'individual',
                                  frequency: 'weekly',
                                  responsibleName: me.user.displayName,
                                },
                              ],
                            })
                          }
                        >
                          Add intervention to objective {tag}
                        </button>
                      </div>
                    );
                  })}
                <button
                  type="button"
                  className="small secondary"
                  onClick={() =>
                    setC({ ...c, objectives: [...c.objectives, { id: nextId('o', c.objectives), goalId: g.id, text: '', measure: '', targetDate: in30 }] })
                  }
                >
                  Add objective to goal {pi + 1}.{gi + 1}
                </button>
              </div>
            ))}
          <button
            type="button"
            className="small secondary"
            onClick={() => setC({ ...c, goals: [...c.goals, { id: nextId('g', c.goals), problemId: p.id, patientWords: '' }] })}
          >
            Add goal to problem {pi + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => setC({ ...c, problems: [...c.problems, { id: nextId('p', c.problems), statement: '', source: 'assessment' }] })}
      >
        Add a problem
      </button>
      <Problem error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save plan draft
        </button>
        {save.isSuccess && !save.isPending ? (
          <span role="status" className="hint">
            Draft saved.
          </span>
        ) : (
          <span className="hint">Saving a change clears signatures already given on this draft.</span>
        )}
      </div>
    </form>
  );
}

function Text({ label, value, onChange, type = 'text' }: { label: string; value: string; onChange: (v: string) => void; type?: string }) {
  const id = `t-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function Signatures({ planId, version, canWrite, me, onSigned }: { planId: string; version: PlanVersion; canWrite: boolean; me: Me; onSigned: () => void }) {
  const [patientName, setPatientName] = useState('');
  const [clinicianName, setClinicianName] = useState('');
  const sign = useMutation({
    mutationFn: (body: { signer: 'patient' | 'clinician'; typedName: string }) => api.post(`/plans/${planId}/versions/${version.number}/signatures`, body),
    onSuccess: onSigned,
  });
  return (
    <div className="signatures">
      <h3>Signatures</h3>
      <p data-testid="patient-signature">
        Patient: {version.patientSignature ? `${version.patientSignature.name} · ${formatDateTime(version.patientSignature.at)}` : 'not signed'}
      </p>
      <p data-testid="clinician-signature">
        Clinician: {version.clinicianSignature ? `${version.clinicianSignature.name} · ${formatDateTime(version.clinicianSignature.at)}` : 'not signed'}
      </p>
      {version.status === 'draft' && canWrite && (
        <>
          {!version.patientSignature && (
            <form
              className="inline-form"
              aria-label="Patient signature"
              onSubmit={(e) => {
                e.preventDefault();
                sign.mutate({ signer: 'patient', typedName: patientName });
              }}
            >
              <label htmlFor="sig-patient">Patient types their name</label>
              <input id="sig-patient" value={patientName} onChange={(e) => setPatientName(e.target.value)} autoComplete="off" />
              <button type="submit" disabled={!patientName || sign.isPending}>
                Patient signs
              </button>
            </form>
          )}
          {!version.clinicianSignature && (
            <form
              className="inline-form"
              aria-label="Clinician signature"
              onSubmit={(e) => {
                e.preventDefault();
                sign.mutate({ signer: 'clinician', typedName: clinicianName });
              }}
            >
              <label htmlFor="sig-clinician">Clinician types their name</label>
              <input
                id="sig-clinician"
                value={clinicianName}
                onChange={(e) => setClinicianName(e.target.value)}
                placeholder={me.user.displayName}
                autoComplete="off"
              />
              <button type="submit" disabled={!clinicianName || sign.isPending}>
                Clinician signs
              </button>
            </form>
          )}
          <Problem error={sign.error} />
        </>
      )}
    </div>
  );
}

function DiffView({ planId, patientId, versions }: { planId: string; patientId: string; versions: number[] }) {
  const sorted = [...versions].sort((a, b) => a - b);
  const [from, setFrom] = useState(sorted[sorted.length - 2]);
  const [to, setTo] = useState(sorted[sorted.length - 1]);
  const [open, setOpen] = useState(false);
  // Under the chart's key: an edit to a draft refreshes the comparison too.
  const diff = useQuery({
    queryKey: ['chart', patientId, 'plan', 'diff', from, to],
    queryFn: () => api.get<{ changes: Change[] }>(`/plans/${planId}/diff?from=${from}&to=${to}`),
    enabled: open && to > from,
  });
  const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
  return (
    <details className="plan-diff" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Compare versions</summary>
      <div className="inline-form">
        <label htmlFor="diff-from">From version</label>
        <select id="diff-from" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
          {sorted.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
        <label htmlFor="diff-to">to version</label>
        <select id="diff-to" value={to} onChange={(e) => setTo(Number(e.target.value))}>
          {sorted.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </div>
      {to <= from && <p className="field-error">Choose an older “from” and a newer “to”.</p>}
      <Problem error={diff.error} />
      {diff.data && (
        <ul className="plain" data-testid="plan-diff">
          {diff.data.changes.length === 0 && <li>No differences.</li>}
          {diff.data.changes.map((ch) => (
            <li key={`${ch.section}-${ch.id}`} className={`diff-${ch.kind}`}>
              <strong>{ch.kind === 'added' ? 'Added' : ch.kind === 'removed' ? 'Removed' : 'Changed'}</strong> {ch.section.replace(/s$/, '')}: {ch.label}
              {ch.fields && (
                <ul>
                  {ch.fields.map((f) => (
                    <li key={f.field}>
                      {f.field}: <del>{show(f.from)}</del> → <ins>{show(f.to)}</ins>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
