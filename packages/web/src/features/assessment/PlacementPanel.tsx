import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dimensionLabels, dimensions, type Dimension } from '@waypoint/clinical/placement/engine';
import { waypointPlacementRules } from '@waypoint/clinical/placement/waypoint-rules';
import { api } from '../../api/client';
import type { ChartHeader, Me } from '../../api/types';
import { formatDateTime, levelLabel, levelsOfCare } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';
import type { Placement } from './types';

/**
 * Level-of-care placement: the six dimensions rated with notes, Waypoint's own suggestion (the same
 * rule set as the server, labelled as ours), and the level chosen, with a reason when it differs.
 */
export function PlacementPanel({ patientId, header, me }: { patientId: string; header: ChartHeader; me: Me }) {
  const list = useQuery({ queryKey: ['chart', patientId, 'placements'], queryFn: () => api.get<{ items: Placement[] }>(`/patients/${patientId}/placements`) });
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
  const [ratings, setRatings] = useState<Partial<Record<Dimension, number>>>({});
  const [notes, setNotes] = useState<Partial<Record<Dimension, string>>>({});
  const [chosen, setChosen] = useState('');
  const [reason, setReason] = useState('');
  const complete = dimensions.every((d) => ratings[d] !== undefined);
  const suggestion = complete ? waypointPlacementRules.suggest({ ratings: ratings as Record<Dimension, number> }) : null;
  const level = chosen || suggestion?.level || '';
  const overriding = !!suggestion && level !== suggestion.level;
  const save = useMutation({
    mutationFn: () =>
      api.create<Placement>(`/episodes/${header.episode!.id}/placements`, {
        ratings,
        notes: Object.fromEntries(Object.entries(notes).filter(([, v]) => v?.trim())),
        chosenLevel: level,
        ...(overriding ? { overrideReason: reason } : {}),
      }),
    onSuccess: () => {
      setRatings({});
      setNotes({});
      setChosen('');
      setReason('');
      return refresh();
    },
  });
  const sign = useMutation({ mutationFn: (id: string) => api.post(`/placements/${id}/sign`), onSuccess: refresh });
  const canDecide = me.permissions.includes('placement.create') && header.episode?.status === 'active';
  const canSign = me.permissions.includes('clinical-signature.create');
  return (
    <section aria-labelledby="placement-title" className="card">
      <h2 id="placement-title">Placement (level of care)</h2>
      <Problem error={list.error} />
      <ul className="plain">
        {list.data?.items.map((p) => (
          <li key={p.id} className="med" data-testid="placement">
            <span>
              {formatDateTime(p.decidedAt)} · <strong>{levelLabel(p.chosenLevel)}</strong>
              {p.overridden ? ` (Waypoint suggested ${levelLabel(p.suggestion.level)}; reason: ${p.overrideReason})` : ' (as suggested)'} · by {p.decidedByName}
              {p.signedAt ? ` · signed by ${p.signedByName}` : ' · awaiting prescriber signature'}
            </span>
            {!p.signedAt && canSign && (
              <button type="button" className="small" onClick={() => sign.mutate(p.id)}>
                Sign placement
              </button>
            )}
          </li>
        ))}
      </ul>
      <Problem error={sign.error} />
      {canDecide && (
        <details open={!list.data?.items.length}>
          <summary>Rate the six dimensions</summary>
          <form
            aria-label="Placement"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
          >
            {dimensions.map((d) => (
              <div className="placement-dimension form-grid" key={d}>
                <div className="field">
                  <label htmlFor={`dim-${d}`}>{dimensionLabels[d]} (risk 0–4)</label>
                  <select
                    id={`dim-${d}`}
                    value={ratings[d]?.toString() ?? ''}
                    onChange={(e) => setRatings({ ...ratings, [d]: e.target.value === '' ? undefined : Number(e.target.value) })}
                  >
                    <option value="">Rate…</option>
                    {[0, 1, 2, 3, 4].map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`note-${d}`}>Notes</label>
                  <input id={`note-${d}`} value={notes[d] ?? ''} onChange={(e) => setNotes({ ...notes, [d]: e.target.value })} />
                </div>
              </div>
            ))}
            {suggestion && (
              <div className="notice" role="status" data-testid="placement-suggestion">
                <strong>Waypoint suggests: {levelLabel(suggestion.level)}</strong>{' '}
                <small>({waypointPlacementRules.description}; our own rules, not the ASAM Criteria)</small>
                <ul>
                  {suggestion.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                  {suggestion.referBeyondProgram.map((r) => (
                    <li key={r}>
                      <strong>Refer:</strong> {r}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <div className="form-grid">
              <div className="field">
                <label htmlFor="placement-level">Level of care chosen</label>
                <select id="placement-level" value={level} onChange={(e) => setChosen(e.target.value)} disabled={!suggestion}>
                  {!suggestion && <option value="">Rate every dimension first</option>}
                  {levelsOfCare.map((l) => (
                    <option key={l} value={l}>
                      {levelLabel(l)}
                      {suggestion?.level === l ? ' (suggested)' : ''}
                    </option>
                  ))}
                </select>
              </div>
              {overriding && (
                <div className="field">
                  <label htmlFor="placement-reason">Reason for choosing another level</label>
                  <input id="placement-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
                </div>
              )}
            </div>
            <Problem error={save.error} />
            <div className="actions">
              <button type="submit" disabled={!suggestion || save.isPending}>
                Record placement
              </button>
              {header.episode && level && level !== header.episode.levelOfCare && (
                <span className="hint">
                  The episode moves from {levelLabel(header.episode.levelOfCare)} to {levelLabel(level)}.
                </span>
              )}
            </div>
          </form>
        </details>
      )}
    </section>
  );
}
