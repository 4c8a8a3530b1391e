import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDateTime, formatTime } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';
import type { Course, MedicationEvent, ProtocolMedication } from '../../api/types';

interface Finding {
  ruleId: string;
  severity: 'hard-stop' | 'warning';
  message: string;
  overrideBy: string[];
}

/** Protocol medications: give (checked against hold parameters, maxima and readiness), hold or refuse with a reason. */
export function Medications({ course, events, me, timeZone }: { course: Course; events: MedicationEvent[]; me: Me; timeZone?: string }) {
  const active = course.status === 'active';
  const recording = active && me.permissions.includes('withdrawal.update');
  return (
    <section aria-labelledby="meds-title" className="card">
      <h2 id="meds-title">Medications</h2>
      {recording && (
        <ul className="plain med-list">
          {course.protocol.medications.map((m) => (
            <MedicationRow key={m.key} course={course} med={m} me={me} />
          ))}
        </ul>
      )}
      <h3>Administration record</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Medication</th>
            <th scope="col">Outcome</th>
            <th scope="col">By</th>
            <th scope="col">Effect</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td data-label="When">{formatDateTime(e.occurredAt, timeZone)}</td>
              <td data-label="Medication">
                {course.protocol.medications.find((m) => m.key === e.medication)?.name ?? e.medication}
                {e.firstDose && <span className="badge ready">first dose</span>}
              </td>
              <td data-label="Outcome">
                {e.outcome === 'given' ? `Given ${e.doseMg} mg` : e.outcome === 'held' ? 'Held' : 'Refused'}
                {e.reason && <small className="block">{e.reason}</small>}
                {e.overrideReason && <small className="block">Override: {e.overrideReason}</small>}
              </td>
              <td data-label="By">{e.recordedByName}</td>
              <td data-label="Effect">
                {e.effect ??
                  (e.reassessDueAt ? (
                    recording ? (
                      <Reassess course={course} event={e} timeZone={timeZone} />
                    ) : (
                      `reassess by ${formatTime(e.reassessDueAt, timeZone)}`
                    )
                  ) : (
                    '—'
                  ))}
              </td>
            </tr>
          ))}
          {events.length === 0 && (
            <tr>
              <td colSpan={5}>Nothing given yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

function MedicationRow({ course, med, me }: { course: Course; med: ProtocolMedication; me: Me }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<null | 'held' | 'refused' | 'override'>(null);
  const [reason, setReason] = useState('');
  const [findings, setFindings] = useState<Finding[]>([]);
  const record = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.create(`/withdrawal/${course.id}/medications`, { medication: med.key, ...body }),
    onSuccess: async () => {
      setMode(null);
      setReason('');
      setFindings([]);
      await queryClient.invalidateQueries({ queryKey: ['withdrawal', course.id] });
      await queryClient.invalidateQueries({ queryKey: ['chart', course.patientId] });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409 && err.body.findings) {
        setFindings(err.body.findings as Finding[]);
        setMode('override');
      }
    },
  });
  const mayOverride = findings.every((f) => f.severity === 'warning' || f.overrideBy.includes(me.user.role));
  return (
    <li className="med">
      <div>
        <strong>{med.name}</strong>{' '}
        <small>
          {med.route} · {med.frequency}
          {med.indication ? ` · for ${med.indication}` : ''}
        </small>
        {med.hold && (
          <small className="block">
            Hold if{' '}
            {[
              med.hold.systolicBelow && `SBP < ${med.hold.systolicBelow}`,
              med.hold.heartRateBelow && `HR < ${med.hold.heartRateBelow}`,
              med.hold.diastolicBelow && `DBP < ${med.hold.diastolicBelow}`,
            ]
              .filter(Boolean)
              .join(' or ')}
          </small>
        )}
      </div>
      <div className="med-actions" role="group" aria-label={`Record ${med.name}`}>
        <button
          type="button"
          className="small"
          onClick={() => {
            setFindings([]);
            record.mutate({ outcome: 'given' });
          }}
          disabled={record.isPending}
        >
          Give {med.doseMg} mg
        </button>
        <button type="button" className="small secondary" onClick={() => setMode('held')}>
          Hold
        </button>
        <button type="button" className="small secondary" onClick={() => setMode('refused')}>
          Refused
        </button>
      </div>
      {mode && (
        <form
          className="reason-form"
          onSubmit={(e) => {
            e.preventDefault();
            record.mutate(mode === 'override' ? { outcome: 'given', overrideReason: reason } : { outcome: mode, reason });
          }}
        >
          {mode === 'override' && (
            <div role="alert" className="warning">
              {findings.map((f) => (
                <p key={f.ruleId}>
                  <strong>{f.severity === 'hard-stop' ? 'Stop' : 'Caution'}:</strong> {f.message}
                </p>
              ))}
              {!mayOverride && (
                <p>
                  Only a{' '}
                  {findings
                    .flatMap((f) => f.overrideBy)
                    .filter((r, i, a) => a.indexOf(r) === i)
                    .join(' or ')}{' '}
                  can override this. Hold the dose instead, or call the prescriber.
                </p>
              )}
            </div>
          )}
          {(mode !== 'override' || mayOverride) && (
            <>
              <label htmlFor={`reason-${med.key}`}>{mode === 'override' ? 'Reason to proceed' : mode === 'held' ? 'Why held' : 'What the patient said'}</label>
              <input
                id={`reason-${med.key}`}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                required
                minLength={mode === 'override' ? 5 : 3}
                autoFocus
              />
              <button type="submit" className="small">
                {mode === 'override' ? 'Give with reason' : 'Save'}
              </button>
            </>
          )}
          <button
            type="button"
            className="small ghost"
            onClick={() => {
              setMode(null);
              setFindings([]);
            }}
          >
            Cancel
          </button>
        </form>
      )}
      {!(record.error instanceof ApiError && record.error.status === 409 && findings.length) && <Problem error={record.error} />}
    </li>
  );
}

function Reassess({ course, event, timeZone }: { course: Course; event: MedicationEvent; timeZone?: string }) {
  const queryClient = useQueryClient();
  const [effect, setEffect] = useState('');
  const save = useMutation({
    mutationFn: () => api.post(`/withdrawal/${course.id}/medications/${event.id}/reassess`, { effect }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['withdrawal', course.id] }),
  });
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label htmlFor={`effect-${event.id}`} className="sr-only">
        Effect
      </label>
      <input
        id={`effect-${event.id}`}
        value={effect}
        onChange={(e) => setEffect(e.target.value)}
        placeholder={`Reassess by ${formatTime(event.reassessDueAt, timeZone)}`}
        required
        minLength={2}
      />
      <button type="submit" className="small">
        Save effect
      </button>
    </form>
  );
}
