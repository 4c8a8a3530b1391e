import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { can } from '../../app/access';
import { formatDateTime } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Problem } from '../../components/Problem';
import { ProgramDayEditor } from './ProgramDay';
import { groupCategories, type GroupType, type NoteTemplate, type TemplateSection } from './types';

type FieldErrors = { fieldError?: (f: string) => string | undefined } | null;

/** A section key from its label: lower-case words joined by underscores, unique within the template. */
function keyFor(label: string, taken: string[]): string {
  const base =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^[^a-z]+/, '')
      .slice(0, 30) || 'section';
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}_${n}`;
  return key;
}

function move<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [x] = next.splice(from, 1);
  next.splice(to, 0, x);
  return next;
}

/** Sections of a template: rename in place, move up or down, add at the end (never drop: drafts hold text under each). */
function SectionsEditor({
  sections,
  onChange,
  removable,
}: {
  sections: TemplateSection[];
  onChange: (s: TemplateSection[]) => void;
  /** Keys that may be removed (sections not yet saved). */
  removable: string[];
}) {
  const [newLabel, setNewLabel] = useState('');
  const add = () => {
    if (!newLabel.trim()) return;
    onChange([
      ...sections,
      {
        key: keyFor(
          newLabel,
          sections.map((s) => s.key),
        ),
        label: newLabel.trim(),
      },
    ]);
    setNewLabel('');
  };
  return (
    <fieldset className="stack">
      <legend>Sections, in the order the note shows them</legend>
      <ol className="plain stack">
        {sections.map((s, i) => (
          <li key={s.key} className="inline-form">
            <Field label={`Section ${i + 1}`}>
              {(p) => <input {...p} value={s.label} onChange={(e) => onChange(sections.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />}
            </Field>
            <button
              type="button"
              className="small secondary"
              aria-label={`Move ${s.label} up`}
              disabled={i === 0}
              onClick={() => onChange(move(sections, i, i - 1))}
            >
              ↑ Up
            </button>
            <button
              type="button"
              className="small secondary"
              aria-label={`Move ${s.label} down`}
              disabled={i === sections.length - 1}
              onClick={() => onChange(move(sections, i, i + 1))}
            >
              ↓ Down
            </button>
            {removable.includes(s.key) && (
              <button type="button" className="small ghost" aria-label={`Remove ${s.label}`} onClick={() => onChange(sections.filter((_, j) => j !== i))}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ol>
      <div className="inline-form">
        <Field label="New section">
          {(p) => (
            <input
              {...p}
              value={newLabel}
              onChange={(e) => setNewLabel(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
            />
          )}
        </Field>
        <button type="button" className="small secondary" onClick={add} disabled={!newLabel.trim()}>
          Add section
        </button>
      </div>
    </fieldset>
  );
}

function TemplateForm({ template, onDone }: { template: NoteTemplate | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(template?.name ?? '');
  const [sections, setSections] = useState<TemplateSection[]>(template?.sections ?? []);
  const [active, setActive] = useState(template?.active ?? true);
  const saved = template?.sections.map((s) => s.key) ?? [];
  const save = useMutation({
    mutationFn: () =>
      template
        ? api.patch<NoteTemplate>(`/therapy/templates/${template.id}`, { name, sections, active }, `"${template.version}"`)
        : api.create<NoteTemplate>('/therapy/templates', { name, sections }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['therapy', 'templates'] });
      onDone();
    },
  });
  const err = save.error as FieldErrors;
  return (
    <form
      className="card stack"
      aria-label={template ? `Edit template ${template.name}` : 'New note template'}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3>{template ? `Edit ${template.name} (version ${template.version})` : 'New note template'}</h3>
      <Field label="Template name" error={err?.fieldError?.('name')}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} required />}
      </Field>
      <SectionsEditor sections={sections} onChange={setSections} removable={sections.map((s) => s.key).filter((k) => !saved.includes(k))} />
      {err?.fieldError?.('sections') && <small className="field-error">{err.fieldError('sections')}</small>}
      {template && (
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active (offered on new notes)
        </label>
      )}
      <Problem error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.isPending || sections.length === 0}>
          {template ? 'Save as a new version' : 'Add template'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Note templates (DAP, SOAP, BIRP and the program's own): every change is a new version; signed notes keep theirs. */
export function NoteTemplatesEditor({ me }: { me: Me }) {
  const q = useQuery({ queryKey: ['therapy', 'templates'], queryFn: () => api.get<{ items: NoteTemplate[] }>('/therapy/templates') });
  const [editing, setEditing] = useState<string | null>(null);
  if (!can(me, 'therapy-config.update')) return null;
  const items = q.data?.items ?? [];
  return (
    <section className="card stack" aria-labelledby="templates-title">
      <h2 id="templates-title">Note templates</h2>
      <Problem error={q.error} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Template</th>
            <th scope="col">Sections</th>
            <th scope="col">Version</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <tr key={t.id}>
              <td>
                {t.name}
                {t.active ? '' : ' · inactive'}
              </td>
              <td>{t.sections.map((s) => s.label).join(' · ')}</td>
              <td>
                <details>
                  <summary>v{t.version}</summary>
                  <ol className="plain" aria-label={`Versions of ${t.name}`}>
                    {t.history.map((h) => (
                      <li key={h.version}>
                        v{h.version}: {h.sections.map((s) => s.label).join(' · ')}
                        {h.active ? '' : ' (inactive)'} — {h.changedByName ?? 'program default'}, {formatDateTime(h.changedAt)}
                      </li>
                    ))}
                  </ol>
                </details>
              </td>
              <td>
                <button type="button" className="small secondary" onClick={() => setEditing(t.id)} aria-label={`Edit ${t.name}`}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing === 'new' && <TemplateForm template={null} onDone={() => setEditing(null)} />}
      {editing && editing !== 'new' && <TemplateForm key={editing} template={items.find((t) => t.id === editing) ?? null} onDone={() => setEditing(null)} />}
      {!editing && (
        <button type="button" className="secondary" onClick={() => setEditing('new')}>
          New template
        </button>
      )}
    </section>
  );
}

function GroupTypeForm({ type, onDone }: { type: GroupType | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({
    name: type?.name ?? '',
    category: type?.category ?? 'psychoeducation',
    description: type?.description ?? '',
    defaultMinutes: String(type?.defaultMinutes ?? 60),
    peerLed: type?.peerLed ?? false,
    active: type?.active ?? true,
  });
  const body = {
    name: draft.name,
    category: draft.category,
    description: draft.description || null,
    defaultMinutes: Number(draft.defaultMinutes),
    peerLed: draft.peerLed,
  };
  const save = useMutation({
    mutationFn: () =>
      type
        ? api.patch<GroupType>(`/therapy/group-types/${type.id}`, { ...body, active: draft.active }, `"${type.version}"`)
        : api.create<GroupType>('/therapy/group-types', body),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['therapy', 'group-types'] });
      onDone();
    },
  });
  const err = save.error as FieldErrors;
  return (
    <form
      className="card stack"
      aria-label={type ? `Edit group ${type.name}` : 'Add a group to the catalogue'}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3>{type ? `Edit ${type.name}` : 'Add a group to the catalogue'}</h3>
      <div className="form-grid">
        <Field label="Group name" error={err?.fieldError?.('name')}>
          {(p) => <input {...p} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />}
        </Field>
        <Field label="Kind">
          {(p) => (
            <select {...p} value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })}>
              {groupCategories.map((c) => (
                <option key={c} value={c}>
                  {c.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Usual length (minutes)" error={err?.fieldError?.('defaultMinutes')}>
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              value={draft.defaultMinutes}
              onChange={(e) => setDraft({ ...draft, defaultMinutes: e.target.value.replace(/\D/g, '') })}
            />
          )}
        </Field>
        <Field label="Description">
          {(p) => <input {...p} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={draft.peerLed} onChange={(e) => setDraft({ ...draft, peerLed: e.target.checked })} /> Peer-led
      </label>
      {type && (
        <label className="check">
          <input type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} /> Offered (uncheck to retire)
        </label>
      )}
      <Problem error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {type ? 'Save group' : 'Add group'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The group catalogue: the kinds of groups the program runs. */
export function GroupCatalogueEditor({ me }: { me: Me }) {
  const q = useQuery({ queryKey: ['therapy', 'group-types'], queryFn: () => api.get<{ items: GroupType[] }>('/therapy/group-types') });
  const [editing, setEditing] = useState<string | null>(null);
  if (!can(me, 'therapy-config.update')) return null;
  const items = q.data?.items ?? [];
  return (
    <section className="card stack" aria-labelledby="group-catalogue-title">
      <h2 id="group-catalogue-title">Group catalogue</h2>
      <Problem error={q.error} />
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Kind</th>
            <th scope="col">Minutes</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <tr key={t.id}>
              <td>
                {t.name}
                {t.peerLed ? ' · peer-led' : ''}
                {t.active ? '' : ' · retired'}
              </td>
              <td>{t.category.replace(/_/g, ' ')}</td>
              <td>{t.defaultMinutes}</td>
              <td>
                <button type="button" className="small secondary" onClick={() => setEditing(t.id)} aria-label={`Edit ${t.name}`}>
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing === 'new' && <GroupTypeForm type={null} onDone={() => setEditing(null)} />}
      {editing && editing !== 'new' && <GroupTypeForm key={editing} type={items.find((t) => t.id === editing) ?? null} onDone={() => setEditing(null)} />}
      {!editing && (
        <button type="button" className="secondary" onClick={() => setEditing('new')}>
          Add a group
        </button>
      )}
    </section>
  );
}

/** What the program may change: note templates, the group catalogue and the program day, for those granted to change them. */
export function CataloguesPage({ me }: { me: Me }) {
  return (
    <div className="stack">
      <h1>Program catalogues</h1>
      <NoteTemplatesEditor me={me} />
      <GroupCatalogueEditor me={me} />
      <ProgramDayEditor me={me} />
    </div>
  );
}
