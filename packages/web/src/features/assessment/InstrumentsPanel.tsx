import { lazy, Suspense, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { formInstruments } from '@waypoint/clinical/instruments/registry';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDateTime } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';
import { InstrumentForm } from './InstrumentForm';

// The charting library loads only when a chart is shown, keeping it out of the first screen's bundle.
const ScoresOverTime = lazy(() => import('./ScoresOverTime'));
import type { InstrumentResult, InstrumentResultDetail } from './types';

export const instrumentName = (code: string) => formInstruments[code]?.def.name ?? code;
export const shortName = (code: string) => instrumentName(code).replace(/^.*\((.*)\)$/, '$1');

export function useInstrumentResults(patientId: string) {
  return useQuery({
    queryKey: ['chart', patientId, 'instruments'],
    queryFn: () => api.get<{ items: InstrumentResult[] }>(`/patients/${patientId}/instruments`),
  });
}

/** Screening instruments on the chart: give one, see the latest of each, and the scores over time. */
export function InstrumentsPanel({ patientId, me, sex }: { patientId: string; me: Me; sex?: string }) {
  const results = useInstrumentResults(patientId);
  const [giving, setGiving] = useState('');
  const [saved, setSaved] = useState<InstrumentResultDetail | null>(null);
  const items = results.data?.items ?? [];
  const given = [...new Set(items.map((r) => r.instrument))];
  const [charted, setCharted] = useState('');
  const chartCode = charted || given[0] || '';
  const latest = given.map((code) => items.find((r) => r.instrument === code)!);
  const canGive = me.permissions.includes('assessment.create');
  return (
    <section aria-labelledby="instruments-title" className="card">
      <h2 id="instruments-title">Screening instruments</h2>
      <Problem error={results.error} />
      {canGive && (
        <div className="inline-form">
          <label htmlFor="give-instrument">Give an instrument</label>
          <select
            id="give-instrument"
            value={giving}
            onChange={(e) => {
              setGiving(e.target.value);
              setSaved(null);
            }}
          >
            <option value="">Choose…</option>
            {Object.values(formInstruments).map((f) => (
              <option key={f.code} value={f.code}>
                {f.def.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {saved && (
        <p className={saved.suicideRisk ? 'warning' : 'notice'} role="status" data-testid="instrument-saved">
          Saved {instrumentName(saved.instrument)}: {saved.total}
          {saved.band ? ` (${saved.band})` : ''}.
          {saved.suicideRisk ? ' Urgent suicide-risk alert sent to the care team: acknowledge it with the action taken.' : ''}
        </p>
      )}
      {giving && (
        <InstrumentForm
          key={giving}
          patientId={patientId}
          code={giving}
          sex={sex === 'male' || sex === 'female' ? sex : undefined}
          onDone={(r) => {
            setSaved(r);
            setGiving('');
          }}
        />
      )}
      {latest.length > 0 ? (
        <table className="table">
          <caption className="sr-only">Latest result of each instrument</caption>
          <thead>
            <tr>
              <th scope="col">Instrument</th>
              <th scope="col">Latest</th>
              <th scope="col">Result</th>
              <th scope="col">Given</th>
              <th scope="col">Times</th>
            </tr>
          </thead>
          <tbody>
            {latest.map((r) => (
              <tr key={r.instrument} className={r.suicideRisk ? 'row-alert' : undefined}>
                <td>{instrumentName(r.instrument)}</td>
                <td>{r.total}</td>
                <td data-testid={`band-${r.instrument}`}>
                  {r.band ?? '—'}
                  {r.suicideRisk ? ` · suicide risk ${r.suicideRisk}` : ''}
                </td>
                <td>{formatDateTime(r.administeredAt)}</td>
                <td>{items.filter((x) => x.instrument === r.instrument).length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        !results.isLoading && <p className="hint">No instruments given yet.</p>
      )}
      {given.length > 0 && (
        <>
          <div className="inline-form">
            <label htmlFor="chart-instrument">Scores over time</label>
            <select id="chart-instrument" value={chartCode} onChange={(e) => setCharted(e.target.value)}>
              {given.map((c) => (
                <option key={c} value={c}>
                  {shortName(c)}
                </option>
              ))}
            </select>
          </div>
          <Suspense fallback={<p className="loading">Loading chart…</p>}>
            <ScoresOverTime code={chartCode} results={items.filter((r) => r.instrument === chartCode)} />
          </Suspense>
        </>
      )}
    </section>
  );
}
