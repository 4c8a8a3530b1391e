import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDateTime, levelLabel } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { freeTextLabel, ObjectiveField, objectiveText } from './Objectives';
import { attendanceLabels, changeLabels, type GroupNote, type GroupObjectives, type GroupSessionDetail, type PatientObjectives } from './types';

const attended = ['present', 'late', 'left_early'];

/** Each roster patient's current signed plan objectives, for the group note's objective pickers. */
function useObjectives(groupSessionId: string, enabled: boolean): Map<string, PatientObjectives> {
  const q = useQuery({
    queryKey: ['therapy', 'group', groupSessionId, 'objectives'],
    queryFn: () => api.get<GroupObjectives>(`/group-sessions/${groupSessionId}/objectives`),
    enabled,
  });
  return new Map((q.data?.items ?? []).map((i) => [i.patientId, i]));
}
type Draft = GroupNote['draft'];
const localKey = (id: string) => `waypoint.therapy.group-draft.${id}`;

/** One group session: roster and attendance, then one note with a shared part and a part per attendee. */
export function GroupSessionPage({ groupSessionId, me }: { groupSessionId: string; me: Me }) {
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: ['therapy', 'group', groupSessionId], queryFn: () => api.get<GroupSessionDetail>(`/group-sessions/${groupSessionId}`) });
  const canReadNote = me.permissions.includes('therapy-note.read') || me.permissions.includes('peer-group.update');
  const note = useQuery({
    queryKey: ['therapy', 'group', groupSessionId, 'note'],
    queryFn: () => api.get<GroupNote>(`/group-sessions/${groupSessionId}/note`),
    enabled: canReadNote,
  });
  const [statuses, setStatuses] = useState<Record<string, string>>({});
  // Fresh roster data resets the attendance being taken: adjusted while rendering, not in an effect.
  const [statusesFrom, setStatusesFrom] = useState<GroupSessionDetail | undefined>(undefined);
  if (detail.data && detail.data !== statusesFrom) {
    setStatusesFrom(detail.data);
    setStatuses(Object.fromEntries(detail.data.roster.filter((r) => r.status).map((r) => [r.patientId, r.status!])));
  }
  const saveAttendance = useMutation({
    mutationFn: () =>
      request('PUT', `/group-sessions/${groupSessionId}/attendance`, {
        body: { entries: Object.entries(statuses).map(([patientId, status]) => ({ patientId, status })) },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['therapy', 'group', groupSessionId] }),
  });
  if (detail.error) return <Problem error={detail.error} />;
  if (!detail.data) return <p className="loading">Loading group…</p>;
  const g = detail.data;
  const canRun = g.canRun;
  const signed = note.data?.signed ?? false;
  return (
    <article className="stack" aria-labelledby="group-title">
      <div className="page-head">
        <h1 id="group-title">{g.title}</h1>
        <Link to="/therapy/groups">All groups</Link>
      </div>
      <p>
        {formatDateTime(g.startsAt)} – {formatDateTime(g.endsAt)} · {g.location ?? 'no room'} · led by {g.leaderName} · roster:{' '}
        {g.levelsOfCare.map(levelLabel).join(', ')}
      </p>
      <section className="card" aria-labelledby="attendance-title">
        <h2 id="attendance-title">Attendance</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">MRN</th>
              <th scope="col">Level</th>
              <th scope="col">Attendance</th>
            </tr>
          </thead>
          <tbody>
            {g.roster.map((r) => (
              <tr key={r.patientId}>
                <td>
                  <Link to={`/patients/${r.patientId}`}>{r.name}</Link>
                </td>
                <td>{r.mrn}</td>
                <td>{r.inRoster ? levelLabel(r.levelOfCare) : 'no longer on roster'}</td>
                <td>
                  {canRun && !signed ? (
                    <select
                      aria-label={`Attendance for ${r.name}`}
                      value={statuses[r.patientId] ?? ''}
                      onChange={(e) => setStatuses({ ...statuses, [r.patientId]: e.target.value })}
                    >
                      <option value="">—</option>
                      {Object.entries(attendanceLabels).map(([k, l]) => (
                        <option key={k} value={k}>
                          {l}
                        </option>
                      ))}
                    </select>
                  ) : (
                    (attendanceLabels[r.status ?? ''] ?? '—')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {g.roster.length === 0 && <p className="hint">Nobody is at these levels of care here right now.</p>}
        {canRun && !signed && (
          <button type="button" onClick={() => saveAttendance.mutate()} disabled={saveAttendance.isPending || Object.keys(statuses).length === 0}>
            Save attendance
          </button>
        )}
        {saveAttendance.isSuccess && (
          <p className="hint" role="status">
            Attendance saved.
          </p>
        )}
        <Problem error={saveAttendance.error} />
      </section>
      {canReadNote &&
        note.data &&
        (signed ? <SignedGroupNote g={g} note={note.data} canRun={canRun} /> : <GroupNoteDraft g={g} note={note.data} canRun={canRun} />)}
      <Problem error={note.error} />
    </article>
  );
}

function GroupNoteDraft({ g, note, canRun }: { g: GroupSessionDetail; note: GroupNote; canRun: boolean }) {
  const queryClient = useQueryClient();
  const attendees = g.roster.filter((r) => r.status && attended.includes(r.status));
  const [draft, setDraft] = useState<Draft>(() => {
    const local = localStorage.getItem(localKey(g.id));
    const parsed = local ? (JSON.parse(local) as { draft: Draft; version: number }) : null;
    return parsed && parsed.version === note.draftVersion ? parsed.draft : note.draft;
  });
  const [version, setVersion] = useState(note.draftVersion);
  const update = (d: Draft) => {
    setDraft(d);
    localStorage.setItem(localKey(g.id), JSON.stringify({ draft: d, version }));
  };
  const save = useMutation({
    mutationFn: async () =>
      (await request<GroupNote>('PUT', `/group-sessions/${g.id}/note`, { body: draft, ifMatch: version ? `"${version}"` : undefined })).data,
    onSuccess: (n) => {
      setVersion(n.draftVersion);
      localStorage.removeItem(localKey(g.id));
      queryClient.setQueryData(['therapy', 'group', g.id, 'note'], n);
    },
  });
  const sign = useMutation({
    mutationFn: async () => {
      const saved = await save.mutateAsync();
      return api.post<GroupNote>(`/group-sessions/${g.id}/note/sign`, {}, { ifMatch: `"${saved.draftVersion}"` });
    },
    onSuccess: (n) => {
      queryClient.setQueryData(['therapy', 'group', g.id, 'note'], n);
      queryClient.invalidateQueries({ queryKey: ['therapy'] });
    },
  });
  const err = (sign.error ?? save.error) as { fieldError?: (f: string) => string | undefined } | null;
  const part = (pid: string) => draft.parts[pid] ?? { participation: '', progress: '', objectiveId: null, objectiveRef: null };
  const objectives = useObjectives(g.id, canRun);
  return (
    <section className="card stack" aria-labelledby="note-title">
      <h2 id="note-title">Group note (draft)</h2>
      {!canRun && <p className="hint">Only the group’s staff write this note.</p>}
      <fieldset disabled={!canRun} className="stack">
        <legend>Shared part — written once for everyone</legend>
        {note.sections.map((s) => (
          <Field key={s.key} label={s.label}>
            {(p) => (
              <textarea
                {...p}
                rows={3}
                value={draft.shared[s.key] ?? ''}
                onChange={(e) => update({ ...draft, shared: { ...draft.shared, [s.key]: e.target.value } })}
              />
            )}
          </Field>
        ))}
      </fieldset>
      <fieldset disabled={!canRun} className="stack">
        <legend>Each attendee</legend>
        {attendees.length === 0 && <p className="hint">Take attendance first: each attendee gets a part here.</p>}
        {attendees.map((a) => (
          <div key={a.patientId} className="stack attendee-part" aria-label={`Part for ${a.name}`} role="group">
            <h3>
              {a.name} <small>({attendanceLabels[a.status!]})</small>
            </h3>
            <Field label={`Participation — ${a.name}`} error={err?.fieldError?.(`parts.${a.patientId}.participation`)}>
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={part(a.patientId).participation}
                  onChange={(e) => update({ ...draft, parts: { ...draft.parts, [a.patientId]: { ...part(a.patientId), participation: e.target.value } } })}
                />
              )}
            </Field>
            <ObjectiveField
              label={`Objective — ${a.name}`}
              plan={objectives.get(a.patientId)}
              objectiveId={part(a.patientId).objectiveId}
              freeText={part(a.patientId).objectiveRef ?? ''}
              error={err?.fieldError?.(`parts.${a.patientId}.objectiveId`)}
              onChange={(v) =>
                update({
                  ...draft,
                  parts: { ...draft.parts, [a.patientId]: { ...part(a.patientId), objectiveId: v.objectiveId, objectiveRef: v.freeText || null } },
                })
              }
            />
            <Field label={`Progress toward objectives — ${a.name}`}>
              {(p) => (
                <textarea
                  {...p}
                  rows={2}
                  value={part(a.patientId).progress}
                  onChange={(e) => update({ ...draft, parts: { ...draft.parts, [a.patientId]: { ...part(a.patientId), progress: e.target.value } } })}
                />
              )}
            </Field>
          </div>
        ))}
      </fieldset>
      <Problem error={save.error ?? sign.error} />
      {canRun && (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => save.mutate()} disabled={save.isPending}>
            Save draft
          </button>
          <button type="button" onClick={() => sign.mutate()} disabled={sign.isPending}>
            Sign group note
          </button>
        </div>
      )}
    </section>
  );
}

function SignedGroupNote({ g, note, canRun }: { g: GroupSessionDetail; note: GroupNote; canRun: boolean }) {
  const queryClient = useQueryClient();
  const done = (n: GroupNote) => {
    queryClient.setQueryData(['therapy', 'group', g.id, 'note'], n);
    queryClient.invalidateQueries({ queryKey: ['therapy', 'group', g.id] });
  };
  const onNote = new Set((note.current?.attendees ?? []).filter((a) => a.status === 'included').map((a) => a.patientId));
  const candidates = g.roster.filter((r) => !onNote.has(r.patientId) && r.inRoster);
  const [late, setLate] = useState({
    patientId: '',
    participation: '',
    reason: 'Arrived late',
    objectiveId: null as string | null,
    objectiveRef: null as string | null,
  });
  const addLate = useMutation({
    mutationFn: () => api.create<GroupNote>(`/group-sessions/${g.id}/note/attendees`, { ...late, status: 'late' }),
    onSuccess: (n) => {
      setLate({ patientId: '', participation: '', reason: 'Arrived late', objectiveId: null, objectiveRef: null });
      done(n);
    },
  });
  const [amend, setAmend] = useState<{ shared: Record<string, string>; reason: string } | null>(null);
  const doAmend = useMutation({
    mutationFn: () => api.post<GroupNote>(`/group-sessions/${g.id}/note/amend`, amend),
    onSuccess: (n) => {
      setAmend(null);
      done(n);
    },
  });
  const [removing, setRemoving] = useState<{ patientId: string; reason: string } | null>(null);
  const doRemove = useMutation({
    mutationFn: () => api.post<GroupNote>(`/group-sessions/${g.id}/note/attendees/${removing!.patientId}/remove`, { reason: removing!.reason }),
    onSuccess: (n) => {
      setRemoving(null);
      done(n);
    },
  });
  const cosign = useMutation({
    mutationFn: () => api.post<GroupNote>(`/group-sessions/${g.id}/note/cosign`, {}),
    onSuccess: (n) => {
      done(n);
      queryClient.invalidateQueries({ queryKey: ['therapy', 'my-day'] });
    },
  });
  const objectives = useObjectives(g.id, canRun);
  const current = note.current!;
  return (
    <section className="card stack" aria-labelledby="note-title">
      <h2 id="note-title">Group note — signed (version {current.versionNo})</h2>
      <p data-testid="group-note-status">
        {note.status === 'awaiting-cosign' && 'Awaiting co-signature: signed by a clinician whose notes their supervisor co-signs.'}
        {note.status === 'cosigned' && note.cosign && `Co-signed by ${note.cosign.byName}, ${formatDateTime(note.cosign.at)}.`}
        {note.status === 'signed' && 'Signed.'}
      </p>
      {note.canCosign && (
        <div className="actions">
          <button type="button" onClick={() => cosign.mutate()} disabled={cosign.isPending}>
            Co-sign group note
          </button>
          <Problem error={cosign.error} />
        </div>
      )}
      <dl className="stack">
        {note.sections.map((s) => (
          <div key={s.key}>
            <dt>{s.label}</dt>
            <dd className="note-text">{current.shared[s.key] || '—'}</dd>
          </div>
        ))}
      </dl>
      <h3>Attendees</h3>
      <ul className="plain">
        {current.attendees.map((a) => (
          <li key={a.patientId} className={a.status === 'removed' ? 'removed' : undefined}>
            <strong>{a.name}</strong>
            {a.status === 'removed' ? ' — removed from the note' : `: ${a.participation ?? ''}${a.progress ? ` · progress: ${a.progress}` : ''}`}
            {a.status === 'included' && (a.planObjective || a.objectiveRef) && (
              <small> · objective: {a.planObjective ? objectiveText(a.planObjective) : `${a.objectiveRef} (${freeTextLabel})`}</small>
            )}
            {canRun && a.status === 'included' && (
              <button type="button" className="small ghost" onClick={() => setRemoving({ patientId: a.patientId, reason: '' })}>
                Remove {a.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      {removing && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            doRemove.mutate();
          }}
          aria-label="Remove an attendee"
        >
          <Field label="Why remove">
            {(p) => <input {...p} value={removing.reason} onChange={(e) => setRemoving({ ...removing, reason: e.target.value })} required />}
          </Field>
          <button type="submit">Remove</button>
          <button type="button" className="secondary" onClick={() => setRemoving(null)}>
            Cancel
          </button>
          <Problem error={doRemove.error} />
        </form>
      )}
      <h3>Signatures and amendments</h3>
      <ol className="plain" aria-label="Versions">
        {note.versions.map((v) => (
          <li key={v.versionNo}>
            Version {v.versionNo}: {changeLabels[v.change] ?? v.change} by {v.signedByName}, {formatDateTime(v.signedAt)}
            {v.reason ? ` — why: ${v.reason}` : ''}
            {v.entries.length > 0 && v.change !== 'signed' ? ` (${v.entries.map((e) => e.name).join(', ')})` : ''}
          </li>
        ))}
      </ol>
      {canRun && (
        <div className="stack">
          <form
            className="stack"
            aria-label="Add a late attendee"
            onSubmit={(e) => {
              e.preventDefault();
              addLate.mutate();
            }}
          >
            <h3>Add a late attendee</h3>
            <Field label="Patient">
              {(p) => (
                <select {...p} value={late.patientId} onChange={(e) => setLate({ ...late, patientId: e.target.value })} required>
                  <option value="">Choose…</option>
                  {candidates.map((c) => (
                    <option key={c.patientId} value={c.patientId}>
                      {c.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Participation">
              {(p) => <textarea {...p} rows={2} value={late.participation} onChange={(e) => setLate({ ...late, participation: e.target.value })} required />}
            </Field>
            {late.patientId && (
              <ObjectiveField
                label="Objective"
                plan={objectives.get(late.patientId)}
                objectiveId={late.objectiveId}
                freeText={late.objectiveRef ?? ''}
                onChange={(v) => setLate({ ...late, objectiveId: v.objectiveId, objectiveRef: v.freeText || null })}
              />
            )}
            <Field label="Reason for the amendment">
              {(p) => <input {...p} value={late.reason} onChange={(e) => setLate({ ...late, reason: e.target.value })} required />}
            </Field>
            <button type="submit" disabled={addLate.isPending}>
              Add to the note
            </button>
            <Problem error={addLate.error} />
          </form>
          {!amend ? (
            <button type="button" className="secondary" onClick={() => setAmend({ shared: { ...current.shared }, reason: '' })}>
              Amend shared text
            </button>
          ) : (
            <form
              className="stack"
              aria-label="Amend shared text"
              onSubmit={(e) => {
                e.preventDefault();
                doAmend.mutate();
              }}
            >
              <h3>Amend the shared text</h3>
              {note.sections.map((s) => (
                <Field key={s.key} label={`${s.label} (amended)`}>
                  {(p) => (
                    <textarea
                      {...p}
                      rows={3}
                      value={amend.shared[s.key] ?? ''}
                      onChange={(e) => setAmend({ ...amend, shared: { ...amend.shared, [s.key]: e.target.value } })}
                    />
                  )}
                </Field>
              ))}
              <Field label="Reason for the amendment">
                {(p) => <input {...p} value={amend.reason} onChange={(e) => setAmend({ ...amend, reason: e.target.value })} required />}
              </Field>
              <div className="actions">
                <button type="submit" disabled={doAmend.isPending}>
                  Sign amendment
                </button>
                <button type="button" className="secondary" onClick={() => setAmend(null)}>
                  Cancel
                </button>
              </div>
              <Problem error={doAmend.error} />
            </form>
          )}
        </div>
      )}
    </section>
  );
}
