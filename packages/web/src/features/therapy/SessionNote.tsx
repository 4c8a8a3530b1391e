import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { suggestBillingCode, type SessionKind } from '@waypoint/clinical/therapy/billing';
import { api, request } from '../../api/client';
import type { Me } from '../../api/types';
import { navigate } from '../../app/router';
import { formatDateTime } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { freeTextLabel, ObjectiveField, objectiveText } from './Objectives';
import { kindLabels, modalityLabels, statusLabels, type NoteTemplate, type PatientObjectives, type SessionNote } from './types';

const localInput = (d: Date) => {
  const x = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return x.toISOString().slice(0, 16);
};

/** Starts a session note: template, modality, kind and times; the draft opens in the editor. */
export function NewSessionForm({
  patientId,
  emergencyContact,
  onCancel,
}: {
  patientId: string;
  emergencyContact?: { name: string; relationship?: string } | null;
  onCancel?: () => void;
}) {
  const templates = useQuery({ queryKey: ['therapy', 'templates'], queryFn: () => api.get<{ items: NoteTemplate[] }>('/therapy/templates') });
  const now = new Date();
  const [kind, setKind] = useState<SessionKind>('individual');
  const [modality, setModality] = useState('cbt');
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [startsAt, setStartsAt] = useState(localInput(new Date(now.getTime() - 50 * 60_000)));
  const [endsAt, setEndsAt] = useState(localInput(new Date(now.getTime() - 5 * 60_000)));
  const [location, setLocation] = useState('');
  const [telehealth, setTelehealth] = useState(false);
  const [family, setFamily] = useState(
    emergencyContact ? `${emergencyContact.name}${emergencyContact.relationship ? ` (${emergencyContact.relationship})` : ''}` : '',
  );
  const create = useMutation({
    mutationFn: () =>
      api.create<SessionNote>(`/patients/${patientId}/therapy-sessions`, {
        kind,
        modality,
        templateId: templateId || null,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        location: location || null,
        telehealth,
        familyMembers:
          kind === 'individual'
            ? []
            : family
                .split(';')
                .map((f) => f.trim())
                .filter(Boolean)
                .map((f) => {
                  const m = /^(.*?)\s*\((.*)\)$/.exec(f);
                  return m ? { name: m[1], relation: m[2] } : { name: f, relation: 'family' };
                }),
      }),
    onSuccess: (s) => navigate(`/therapy/sessions/${s.id}`),
  });
  // The program's DAP template (or its first active one) is the default once the templates load.
  if (templateId === null && templates.data)
    setTemplateId(templates.data.items.find((t) => t.active && t.name === 'DAP')?.id ?? templates.data.items.find((t) => t.active)?.id ?? '');
  const err = create.error as { fieldError?: (f: string) => string | undefined } | null;
  const minutes = Math.floor((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000);
  const suggestion = Number.isFinite(minutes) && minutes >= 0 ? suggestBillingCode(kind === 'individual' ? 'individual' : kind, minutes) : null;
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
      aria-label="New session note"
    >
      <div className="form-grid">
        <Field label="Session type">
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as SessionKind)}>
              {Object.entries(kindLabels).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Modality">
          {(p) => (
            <select {...p} value={modality} onChange={(e) => setModality(e.target.value)}>
              {Object.entries(modalityLabels).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Note template">
          {(p) => (
            <select {...p} value={templateId ?? ''} onChange={(e) => setTemplateId(e.target.value)}>
              <option value="">Free text</option>
              {templates.data?.items
                .filter((t) => t.active)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label="Started (your time)" error={err?.fieldError?.('startsAt')}>
          {(p) => <input {...p} type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} required />}
        </Field>
        <Field label="Ended (your time)" error={err?.fieldError?.('endsAt')}>
          {(p) => <input {...p} type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} required />}
        </Field>
        <Field label="Location">{(p) => <input {...p} value={location} onChange={(e) => setLocation(e.target.value)} placeholder="Room, or blank" />}</Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={telehealth} onChange={(e) => setTelehealth(e.target.checked)} /> Telehealth
      </label>
      {kind !== 'individual' && (
        <Field
          label="Family members present"
          hint="Name (relation); separate people with ;  — from the patient's contacts"
          error={err?.fieldError?.('familyMembers')}
        >
          {(p) => <input {...p} value={family} onChange={(e) => setFamily(e.target.value)} />}
        </Field>
      )}
      <p className="hint" data-testid="billing-suggestion">
        Suggested code: {suggestion ? `${suggestion.code ?? 'none'} — ${suggestion.label} (${suggestion.minutes} min; ${suggestion.reason})` : '—'}
      </p>
      <Problem error={create.error} />
      <div className="actions">
        <button type="submit" disabled={create.isPending || !templates.data}>
          Start note
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

const draftKey = (id: string) => `waypoint.therapy.draft.${id}`;

/** The session note editor: autosaves the draft (kept locally too, never lost on a failed save), signs, amends, co-signs. */
export function SessionNotePage({ sessionId, me }: { sessionId: string; me: Me }) {
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['therapy', 'session', sessionId], queryFn: () => api.get<SessionNote>(`/therapy-sessions/${sessionId}`) });
  const [sections, setSections] = useState<Record<string, string> | null>(null);
  const [progress, setProgress] = useState<SessionNote['progress'] | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const version = useRef<number | null>(null);
  const note = q.data;

  // Restoring a draft kept in the browser's storage (an external system) once the note loads.
  useEffect(() => {
    if (!note || sections) return;
    version.current = note.version;
    const local = localStorage.getItem(draftKey(note.id));
    const restored =
      local && note.status === 'draft' ? (JSON.parse(local) as { sections: Record<string, string>; progress: SessionNote['progress']; version: number }) : null;
    if (restored && restored.version === note.version && JSON.stringify(restored.sections) !== JSON.stringify(note.sections)) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the draft comes from the browser's storage, an external system
      setSections(restored.sections);
      setProgress(restored.progress);
      setDirty(true);
    } else {
      setSections(note.sections);
      setProgress(note.progress);
    }
  }, [note, sections]);

  const save = useMutation({
    mutationFn: async () => {
      // The wire takes the objective's id (or, without a signed plan, its words) and the progress.
      const entries = (progress ?? []).map((p) => ({ objectiveId: p.objectiveId, objective: p.objectiveId ? '' : p.objective, progress: p.progress }));
      const res = await request<SessionNote>('PATCH', `/therapy-sessions/${sessionId}`, {
        body: { sections, progress: entries },
        ifMatch: `"${version.current}"`,
      });
      return res.data;
    },
    onSuccess: (s) => {
      version.current = s.version;
      setDirty(false);
      setSaveError(null);
      setSavedAt(new Date());
      localStorage.removeItem(draftKey(sessionId));
      queryClient.setQueryData(['therapy', 'session', sessionId], s);
    },
    onError: (e) => setSaveError(e),
  });

  // Every keystroke is kept in this browser; the server copy follows after a pause.
  useEffect(() => {
    if (!dirty || !note || note.status !== 'draft') return;
    localStorage.setItem(draftKey(sessionId), JSON.stringify({ sections, progress, version: version.current }));
    const t = setTimeout(() => save.mutate(), 1500);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sections, progress, dirty]);

  const sign = useMutation({
    mutationFn: async () => {
      if (dirty) await save.mutateAsync();
      return api.post<SessionNote>(`/therapy-sessions/${sessionId}/sign`, {});
    },
    onSuccess: (s) => {
      localStorage.removeItem(draftKey(sessionId));
      queryClient.setQueryData(['therapy', 'session', sessionId], s);
      queryClient.invalidateQueries({ queryKey: ['therapy'] });
    },
  });
  const cosign = useMutation({
    mutationFn: () => api.post<SessionNote>(`/therapy-sessions/${sessionId}/cosign`, {}),
    onSuccess: (s) => {
      queryClient.setQueryData(['therapy', 'session', sessionId], s);
      queryClient.invalidateQueries({ queryKey: ['therapy', 'my-day'] });
    },
  });
  const [addendum, setAddendum] = useState({ body: '', reason: '' });
  const addAddendum = useMutation({
    mutationFn: () => api.create<SessionNote>(`/therapy-sessions/${sessionId}/addenda`, addendum),
    onSuccess: (s) => {
      setAddendum({ body: '', reason: '' });
      queryClient.setQueryData(['therapy', 'session', sessionId], s);
    },
  });
  const objectives = useQuery({
    queryKey: ['therapy', 'objectives', note?.patientId],
    queryFn: () => api.get<PatientObjectives>(`/patients/${note!.patientId}/therapy-objectives`),
    enabled: !!note && note.status === 'draft',
  });
  const liveBilling = useMemo(() => (note ? suggestBillingCode(note.kind, note.minutes) : null), [note]);

  if (q.error) return <Problem error={q.error} />;
  if (!note || !sections) return <p className="loading">Loading note…</p>;
  const editable = note.status === 'draft' && note.clinicianId === me.user.id && me.permissions.includes('therapy-note.update');
  const templateSections = note.template?.sections ?? [{ key: 'note', label: 'Note' }];
  const signErr = sign.error as { fieldError?: (f: string) => string | undefined } | null;
  const saveErr = saveError as { fieldError?: (f: string) => string | undefined } | null;
  const fieldError = (f: string) => saveErr?.fieldError?.(f) ?? signErr?.fieldError?.(f);

  return (
    <article className="stack" aria-labelledby="note-title">
      <div className="page-head">
        <h1 id="note-title">
          {kindLabels[note.kind]} session — {modalityLabels[note.modality] ?? note.modality}
        </h1>
        <Link to={`/patients/${note.patientId}`}>Back to chart</Link>
      </div>
      <section className="card">
        <dl className="facts">
          <div>
            <dt>Status</dt>
            <dd data-testid="note-status">{statusLabels[note.status]}</dd>
          </div>
          <div>
            <dt>Clinician</dt>
            <dd>{note.clinicianName}</dd>
          </div>
          <div>
            <dt>Time</dt>
            <dd>
              {formatDateTime(note.startsAt)} – {formatDateTime(note.endsAt)} ({note.minutes} min)
            </dd>
          </div>
          <div>
            <dt>Where</dt>
            <dd>{note.telehealth ? 'Telehealth' : (note.location ?? '—')}</dd>
          </div>
          <div>
            <dt>{note.billingStored ? 'Billing code (stored at signing)' : 'Suggested billing code'}</dt>
            <dd data-testid="billing-code">
              {(note.billingStored ? note.billing.code : liveBilling?.code) ?? 'none'} — {note.billing.reason}
            </dd>
          </div>
          {note.familyMembers.length > 0 && (
            <div>
              <dt>Family present</dt>
              <dd>{note.familyMembers.map((f) => `${f.name} (${f.relation})`).join(', ')}</dd>
            </div>
          )}
          {note.status === 'draft' && (
            <div>
              <dt>Due</dt>
              <dd className={note.overdue ? 'warning' : undefined}>
                {formatDateTime(note.dueAt)}
                {note.overdue ? ' — overdue' : ''}
              </dd>
            </div>
          )}
          {note.signedAt && (
            <div>
              <dt>Signed</dt>
              <dd>
                {note.signedByName}, {formatDateTime(note.signedAt)}
              </dd>
            </div>
          )}
          {note.cosign && (
            <div>
              <dt>Co-signed</dt>
              <dd>
                {note.cosign.byName}, {formatDateTime(note.cosign.at)}
              </dd>
            </div>
          )}
        </dl>
      </section>
      <section className="card stack" aria-label="Note">
        <h2>{note.template?.name ?? 'Note'}</h2>
        {templateSections.map((s) => (
          <Field key={s.key} label={s.label} error={signErr?.fieldError?.(`sections.${s.key}`)}>
            {(p) =>
              editable ? (
                <textarea
                  {...p}
                  rows={4}
                  value={sections[s.key] ?? ''}
                  onChange={(e) => {
                    setSections({ ...sections, [s.key]: e.target.value });
                    setDirty(true);
                  }}
                />
              ) : (
                <p id={p.id} className="note-text">
                  {note.sections[s.key] || '—'}
                </p>
              )
            }
          </Field>
        ))}
        <h3>Progress on the plan’s objectives</h3>
        {!editable && note.progress.length === 0 && <p className="hint">None recorded.</p>}
        {!editable && (
          <ul className="plain" aria-label="Progress on objectives">
            {note.progress.map((pr, i) => (
              <li key={i}>
                <strong>{pr.planObjective ? objectiveText(pr.planObjective) : `${pr.objective} (${freeTextLabel})`}</strong>: {pr.progress || '—'}
              </li>
            ))}
          </ul>
        )}
        {editable &&
          (progress ?? []).map((pr, i) => (
            <div key={i} className="form-grid" role="group" aria-label={`Progress entry ${i + 1}`}>
              <ObjectiveField
                label={`Objective ${i + 1}`}
                plan={objectives.data}
                objectiveId={pr.objectiveId}
                freeText={pr.objective}
                error={fieldError(`progress.${i}.objectiveId`) ?? fieldError(`progress.${i}.objective`)}
                onChange={(v) => {
                  const next = [...progress!];
                  next[i] = { ...pr, objectiveId: v.objectiveId, objective: v.freeText, planObjective: null };
                  setProgress(next);
                  setDirty(true);
                }}
              />
              <Field label={`Progress on objective ${i + 1}`}>
                {(p) => (
                  <input
                    {...p}
                    value={pr.progress}
                    onChange={(e) => {
                      const next = [...progress!];
                      next[i] = { ...pr, progress: e.target.value };
                      setProgress(next);
                      setDirty(true);
                    }}
                  />
                )}
              </Field>
            </div>
          ))}
        {editable && (
          <button
            type="button"
            className="secondary small"
            onClick={() => {
              setProgress([...(progress ?? []), { objectiveId: null, planObjective: null, objective: '', progress: '' }]);
            }}
          >
            Add an objective
          </button>
        )}
        {editable && (
          <p className="hint" aria-live="polite">
            {save.isPending ? 'Saving…' : dirty ? 'Unsaved changes (kept in this browser)' : savedAt ? `Draft saved ${savedAt.toLocaleTimeString()}` : 'Draft'}
          </p>
        )}
        {saveError ? (
          <div>
            <Problem error={saveError} />
            <p className="hint">Your text is still here and kept in this browser; fix the problem and save again.</p>
          </div>
        ) : null}
        {editable && (
          <div className="actions">
            <button type="button" className="secondary" onClick={() => save.mutate()} disabled={save.isPending}>
              Save draft
            </button>
            <button type="button" onClick={() => sign.mutate()} disabled={sign.isPending}>
              Sign and lock
            </button>
          </div>
        )}
        <Problem error={sign.error} />
      </section>
      {note.status === 'awaiting-cosign' && me.permissions.includes('therapy-note.update') && note.clinicianId !== me.user.id && (
        <section className="card">
          <h2>Co-signature</h2>
          <p>This note was written by a clinician who needs a supervisor’s co-signature.</p>
          <button type="button" onClick={() => cosign.mutate()} disabled={cosign.isPending}>
            Co-sign
          </button>
          <Problem error={cosign.error} />
        </section>
      )}
      {note.signedAt && (
        <section className="card stack" aria-labelledby="addenda-title">
          <h2 id="addenda-title">Addenda</h2>
          {note.addenda.length === 0 && <p className="hint">None. A signed note never changes; corrections are added here.</p>}
          <ol className="plain">
            {note.addenda.map((a) => (
              <li key={a.id}>
                <p className="note-text">{a.body}</p>
                <small>
                  {a.writtenByName}, {formatDateTime(a.writtenAt)} — why: {a.reason}
                </small>
              </li>
            ))}
          </ol>
          {me.permissions.includes('therapy-note.update') && (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                addAddendum.mutate();
              }}
            >
              <Field label="Addendum">
                {(p) => <textarea {...p} rows={3} value={addendum.body} onChange={(e) => setAddendum({ ...addendum, body: e.target.value })} required />}
              </Field>
              <Field label="Why">
                {(p) => <input {...p} value={addendum.reason} onChange={(e) => setAddendum({ ...addendum, reason: e.target.value })} required />}
              </Field>
              <button type="submit" disabled={addAddendum.isPending}>
                Add addendum
              </button>
              <Problem error={addAddendum.error} />
            </form>
          )}
        </section>
      )}
    </article>
  );
}
