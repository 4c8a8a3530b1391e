import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formInstruments } from '@waypoint/clinical/instruments/registry';
import { range } from '@waypoint/clinical/instruments/definition';
import { formatDate, formatDateTime } from '../../app/vocabulary';
import { shortName } from './InstrumentsPanel';
import type { InstrumentResult } from './types';

/** One instrument's totals over time (recharts), with the same numbers as a table for screen readers. */
export default function ScoresOverTime({ code, results }: { code: string; results: InstrumentResult[] }) {
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
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(t: number) => formatDate(new Date(t).toISOString())}
              fontSize={11}
            />
            <YAxis domain={[0, max ?? 'auto']} allowDecimals={false} fontSize={11} width={32} />
            <Tooltip
              labelFormatter={(t) => formatDateTime(new Date(Number(t)).toISOString())}
              formatter={(v, _n, p) => [
                `${v}${(p.payload as { band: string | null }).band ? ` (${(p.payload as { band: string }).band})` : ''}`,
                shortName(code),
              ]}
            />
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
