import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cows } from '@waypoint/clinical/instruments/cows';
import { api } from '../../api/client';
import { formatTime, fromLocal } from '../../app/vocabulary';
import { useUnsavedGuard } from '../../app/unsaved';
import { Problem } from '../../components/Problem';
import { InstrumentForm, instrumentDefs, type Answers } from './CowsForm';
import type { Course, Observation } from '../../api/types';

const vitalFields = [
  ['systolic', 'Systolic BP', 'mmHg'],
  ['diastolic', 'Diastolic BP', 'mmHg'],
  ['heartRate', 'Heart rate', 'bpm'],
  ['respiratoryRate', 'Respiratory rate', '/min'],
  ['temperatureC', 'Temperature', '°C'],
  ['spo2', 'SpO₂', '%'],
  ['pain', 'Pain', '0–10'],
] as const;

/** One bedside entry: COWS (and SOWS when the protocol asks) with vitals, saved in one request. */
export function FlowsheetEntry({ course, timeZone }: { course: Course; timeZone?: string }) {
  const queryClient = useQueryClient();
  const [cowsAnswers, setCows] = useState<Answers>({});
  const [pulse, setPulse] = useState('');
  const [sowsAnswers, setSows] = useState<Answers>({});
  const [vitals, setVitals] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [observedAt, setObservedAt] = useState('');
  const [raised, setRaised] = useState<{ kind: string; message: string; severity: string }[]>([]);
  const [saved, setSaved] = useState('');
  const sowsInstrument = course.protocol.instruments.find((i) => i !== 'cows');
  const pulseRate = pulse ? Number(pulse) : null;
  const dirty =
    Object.keys(cowsAnswers).length > 0 ||
    Object.keys(sowsAnswers).length > 0 ||
    pulse !== '' ||
    Object.values(vitals).some((v) => v !== '') ||
    note.trim() !== '' ||
    observedAt !== '';
  useUnsavedGuard(dirty);

  const save = useMutation({
    mutationFn: () => {
      const v = Object.fromEntries(
        Object.entries(vitals)
          .filter(([, x]) => x !== '')
          .map(([k, x]) => [k, Number(x)]),
      );
      const hasCows = Object.keys(cowsAnswers).length > 0 || pulseRate !== null;
      const body = {
        ...(hasCows
          ? {
              cows: {
                items: pulseRate !== null ? Object.fromEntries(Object.entries(cowsAnswers).filter(([k]) => k !== 'pulse')) : cowsAnswers,
                ...(pulseRate !== null ? { pulseBpm: pulseRate } : {}),
              },
            }
          : {}),
        ...(sowsInstrument && Object.keys(sowsAnswers).length ? { sows: { instrument: sowsInstrument, items: sowsAnswers } } : {}),
        ...(Object.keys(v).length ? { vitals: v } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(observedAt ? { observedAt: fromLocal(observedAt) } : {}),
      };
      return api.create<{ observation: Observation; alertsRaised: { kind: string; message: string; severity: string }[] }>(
        `/withdrawal/${course.id}/observations`,
        body,
      );
    },
    onSuccess: async (r) => {
      setRaised(r.alertsRaised);
      setSaved(
        `Entry saved at ${formatTime(r.observation.observedAt, timeZone)}${r.observation.cows ? `: COWS ${r.observation.cows.total} (${r.observation.cows.band})` : ''}.`,
      );
      setCows({});
      setSows({});
      setPulse('');
      setVitals({});
      setNote('');
      setObservedAt('');
      await queryClient.invalidateQueries({ queryKey: ['withdrawal', course.id] });
      await queryClient.invalidateQueries({ queryKey: ['chart', course.patientId] });
      // The saved row in the flowsheet takes the focus; the status line above says it was saved.
      document.getElementById(`obs-${r.observation.id}`)?.focus();
    },
  });

  return (
    <form
      className="flowsheet-entry card"
      aria-labelledby="entry-title"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        setSaved('');
        save.mutate();
      }}
    >
      <h2 id="entry-title">New flowsheet entry</h2>
      <div className="vitals">
        <div className="field">
          <label htmlFor="observed-at">Observed at</label>
          <input id="observed-at" type="datetime-local" value={observedAt} onChange={(e) => setObservedAt(e.target.value)} />
          <small className="hint">Empty = now. Set it when charting an earlier check.</small>
        </div>
        <div className="field">
          <label htmlFor="pulse-rate">Resting pulse (bpm)</label>
          <input id="pulse-rate" inputMode="numeric" value={pulse} onChange={(e) => setPulse(e.target.value.replace(/\D/g, ''))} />
          <small className="hint">Scores COWS item 1 and records the heart rate.</small>
        </div>
        {vitalFields
          .filter(([k]) => k !== 'heartRate' || !pulse)
          .map(([key, label, unit]) => (
            <div className="field" key={key}>
              <label htmlFor={`vital-${key}`}>
                {label} <small>({unit})</small>
              </label>
              <input
                id={`vital-${key}`}
                inputMode="decimal"
                value={vitals[key] ?? ''}
                onChange={(e) => setVitals({ ...vitals, [key]: e.target.value.replace(/[^\d.]/g, '') })}
              />
            </div>
          ))}
      </div>
      <InstrumentForm def={cows} answers={cowsAnswers} onChange={setCows} pulseFromRate={pulseRate} />
      {sowsInstrument && <InstrumentForm def={instrumentDefs[sowsInstrument]} answers={sowsAnswers} onChange={setSows} />}
      <div className="field">
        <label htmlFor="entry-note">Note</label>
        <textarea id="entry-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <Problem error={save.error} />
      <p role="status" aria-live="polite" className={saved ? 'notice' : 'sr-only'}>
        {saved}
      </p>
      {raised.length > 0 && (
        <ul className="raised" role="status">
          {raised.map((a) => (
            <li key={a.kind + a.message} className={`alert-text alert-${a.severity}`}>
              Alert raised: {a.message}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Record entry
        </button>
      </div>
    </form>
  );
}
