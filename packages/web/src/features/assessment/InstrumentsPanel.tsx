import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formInstruments } from '@waypoint/clinical/instruments/registry';
import { range } from '@waypoint/clinical/instruments/definition';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDate, formatDateTime } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';
import { InstrumentForm } from './InstrumentForm';
import type { InstrumentResult } from './types';

export const instrumentName = (code: string) => formInstruments[code]?.def.name ?? code;
const shortName = (code: string) => instrumentName(code).replace(/^.*\((.*)\)$/, '$1');

export function useInstrumentResults(patientId: string) {
  return useQuery({ queryKey: ['chart', patientId, 'instruments'], queryFn: () => api.get<{ items: InstrumentResult[] }>(`/patients/${patientId}/instruments`) });
}

/** Screening instruments on the chart: give one, see the latest of each, and the scores over time. */
export function InstrumentsPanel({ patientId, me, sex }: { patientId: string; me: Me; sex?: string }) {
  const results = useInstrumentResults(patientId);
  const [giving, setGiving] = useState('');
  const [saved, setSaved] = useState<InstrumentResult | null>(null);
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
          {saved.band ? ` (${saved.band})` : ''}.{saved.suicideRisk ? ' Urgent suicide-risk alert sent to the care team: acknowledge it with the action taken.' : ''}
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
          <ScoresOverTime code={chartCode} results={items.filter((r) => r.instrument === chartCode)} />
        </>
      )}
    </section>
  );
}

/** One instrument's totals over time (recharts), with the same numbers as a table for screen readers. */
function ScoresOverTime({ code, results }: { code: string; results: InstrumentResult[] }) {
  const data = useMemo(() => [...results].reverse().map((r) => ({ t: new Date(r.administeredAt).getTime(), total: r.total, band: r.band })), [results]);
  const def = formInstruments[code]?.def;
  const max = code === 'c-ssrs-screen' ? 3 : code === 'mdq' ? 13 : code === 'dsm5-oud' ? 11 : def ? range(def).max : undefined;
  if (data.length < 2) return <p className="hint">The chart appears once {shortName(code)} has been given twice.</p>;
  return (
    <figure className="score-chart" aria-label={`${shortName(code)} over time`}>
      <div style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="#eef1f4" />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(t: number) => formatDate(new Date(t).toISOString())} fontSize={11} />
            <YAxis domain={[0, max ?? 'auto']} allowDecimals={false} fontSize={11} width={32} />
            <Tooltip labelFormatter={(t) => formatDateTime(new Date(Number(t)).toISOString())} formatter={(v, _n, p) => [`${v}${(p.payload as { band: string | null }).band ? ` (${(p.payload as { band: string }).band})` : ''}`, shortName(code)]} />
            <Line type="monotone" dataKey="total" stroke="#1f6feb" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        <table>
          <caption>{shortName(code)} results</caption>
          <tbody>
            {data.map((d) => (
              <tr key={d.t}>
                <td>{formatDateTime(new Date(d.t).toISOString())}</td>
                <td>{d.total}</td>
                <td>{d.band}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
