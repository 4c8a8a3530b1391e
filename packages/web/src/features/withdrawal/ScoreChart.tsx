import type { Observation } from '../../api/types';

/**
 * COWS and heart rate over time, as an SVG line chart with the COWS bands shaded. A table of the
 * same numbers follows for screen readers.
 */
export function ScoreChart({ observations, startedAt }: { observations: Observation[]; startedAt: string }) {
  const points = [...observations].filter((o) => o.cows || o.vitals.heartRate !== null).sort((a, b) => a.observedAt.localeCompare(b.observedAt));
  if (points.length < 2) return <p className="hint">The chart appears after two entries.</p>;
  const w = 640;
  const h = 200;
  const pad = { l: 36, r: 36, t: 10, b: 24 };
  const t0 = new Date(startedAt).getTime();
  const t1 = Math.max(new Date(points[points.length - 1].observedAt).getTime(), t0 + 3_600_000);
  const x = (iso: string) => pad.l + ((new Date(iso).getTime() - t0) / (t1 - t0)) * (w - pad.l - pad.r);
  const yCows = (v: number) => h - pad.b - (v / 48) * (h - pad.t - pad.b);
  const yHr = (v: number) => h - pad.b - ((v - 40) / 120) * (h - pad.t - pad.b);
  const cows = points.filter((p) => p.cows);
  const hr = points.filter((p) => p.vitals.heartRate !== null);
  const line = (ps: [number, number][]) => ps.map(([a, b], i) => `${i ? 'L' : 'M'}${a.toFixed(1)},${b.toFixed(1)}`).join(' ');
  const hours = (t1 - t0) / 3_600_000;
  const ticks = Array.from({ length: 6 }, (_, i) => Math.round((hours * i) / 5));
  const bands = [
    { from: 5, to: 12, label: 'mild' },
    { from: 13, to: 24, label: 'moderate' },
    { from: 25, to: 36, label: 'mod. severe' },
    { from: 37, to: 48, label: 'severe' },
  ];
  return (
    <figure className="score-chart">
      <svg
        viewBox={`0 0 ${w} ${h}`}
        role="img"
        aria-label={`COWS from ${cows[0]?.cows?.total ?? '—'} to ${cows[cows.length - 1]?.cows?.total ?? '—'} over ${hours.toFixed(0)} hours`}
      >
        {bands.map((b, i) => (
          <g key={b.label}>
            <rect x={pad.l} width={w - pad.l - pad.r} y={yCows(b.to)} height={yCows(b.from - 1) - yCows(b.to)} className={`band band-${i}`} />
            <text x={pad.l + 4} y={yCows(b.to) + 11} className="band-label">
              {b.label}
            </text>
          </g>
        ))}
        {ticks.map((t) => (
          <text key={t} x={pad.l + (t / hours) * (w - pad.l - pad.r)} y={h - 6} className="axis" textAnchor="middle">
            {t} h
          </text>
        ))}
        <text x={4} y={pad.t + 8} className="axis">
          COWS
        </text>
        <text x={w - 32} y={pad.t + 8} className="axis hr">
          HR
        </text>
        <path d={line(hr.map((p) => [x(p.observedAt), yHr(p.vitals.heartRate!)]))} className="line-hr" />
        <path d={line(cows.map((p) => [x(p.observedAt), yCows(p.cows!.total)]))} className="line-cows" />
        {cows.map((p) => (
          <circle key={p.id} cx={x(p.observedAt)} cy={yCows(p.cows!.total)} r={3.5} className="dot-cows" />
        ))}
      </svg>
      <figcaption>COWS (blue, left scale 0–48) and heart rate (grey, right scale 40–160) since the start of withdrawal management.</figcaption>
    </figure>
  );
}
