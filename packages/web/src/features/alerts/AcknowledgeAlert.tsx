import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Problem } from '../../components/Problem';

/**
 * Acknowledge an alert. Some alerts (suicide risk, a prior authorization ending) are acknowledged only
 * with the action taken (the server says which and refuses it without one), so their button opens a
 * short "action taken" field first.
 */
export function AcknowledgeAlert({ alert, onDone }: { alert: { id: string; kind: string; actionRequired: boolean }; onDone: () => void }) {
  const needsAction = alert.actionRequired;
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState('');
  const ack = useMutation({
    mutationFn: () => api.post(`/alerts/${alert.id}/acknowledge`, needsAction ? { action } : {}),
    onSuccess: onDone,
  });
  if (needsAction && open) {
    return (
      <form
        className="inline-form"
        aria-label="Acknowledge with the action taken"
        onSubmit={(e) => {
          e.preventDefault();
          ack.mutate();
        }}
      >
        <label htmlFor={`ack-action-${alert.id}`}>Action taken</label>
        <input
          id={`ack-action-${alert.id}`}
          value={action}
          onChange={(e) => setAction(e.target.value)}
          placeholder={
            alert.kind === 'suicide-risk' ? 'e.g. C-SSRS given, 1:1 observation, prescriber told' : 'e.g. re-authorization requested, reference number'
          }
          size={40}
        />
        <button type="submit" className="small" disabled={ack.isPending || action.trim().length < 3}>
          Acknowledge with action
        </button>
        <Problem error={ack.error} />
      </form>
    );
  }
  return (
    <>
      <button type="button" className="small" onClick={() => (needsAction ? setOpen(true) : ack.mutate())} disabled={ack.isPending}>
        Acknowledge
      </button>
      <Problem error={ack.error} />
    </>
  );
}
