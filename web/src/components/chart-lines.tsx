import { bandOf, CHART, Grid, ticksFor, XLabels, yOf } from './chart-scale';

export type LineSeries = { key: string; label: string; colour: string; values: (number | null)[] };

/**
 * Lines over buckets; a bucket without a value breaks the line (a lone value is a dot), and an
 * optional target is a dashed line across. Inline SVG.
 */
export const LineChart = (props: {
  title: string;
  labels: string[];
  series: LineSeries[];
  target: { value: number; label: string } | null;
  format: (value: number) => string;
}) => {
  const values = props.series.flatMap((series) => series.values.filter((value): value is number => value !== null));
  const ticks = ticksFor(Math.max(0, ...values, props.target?.value ?? 0), false);
  const top = ticks.at(-1)!;
  const band = bandOf(props.labels.length);
  const xOf = (i: number) => CHART.left + band * (i + 0.5);
  /** Runs of consecutive values, each drawn as its own path. */
  const runsOf = (series: LineSeries) => {
    const runs: [number, number][][] = [];
    series.values.forEach((value, i) => {
      if (value === null) return;
      const point: [number, number] = [xOf(i), yOf(value, top)];
      if (i > 0 && series.values[i - 1] !== null && runs.length > 0) runs.at(-1)!.push(point);
      else runs.push([point]);
    });
    return runs;
  };
  return (
    <svg class="chart" viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-label={props.title} data-chart="lines">
      <Grid ticks={ticks} format={props.format} />
      {props.target && (
        <g class="chart-target">
          <line
            x1={CHART.left}
            x2={CHART.width - CHART.right}
            y1={yOf(props.target.value, top)}
            y2={yOf(props.target.value, top)}
          />
          <text x={CHART.width - CHART.right - 4} y={yOf(props.target.value, top) - 6} text-anchor="end">
            {props.target.label}
          </text>
        </g>
      )}
      {props.series.map((series) => (
        <g key={series.key} data-series={series.key}>
          {runsOf(series).map((run, r) =>
            run.length > 1 ? (
              <polyline
                key={r}
                points={run.map(([x, y]) => `${x},${y}`).join(' ')}
                fill="none"
                stroke={series.colour}
                stroke-width="3"
                stroke-linejoin="round"
              />
            ) : null,
          )}
          {series.values.map((value, i) =>
            value === null ? null : (
              <circle key={i} cx={xOf(i)} cy={yOf(value, top)} r="4.5" fill={series.colour}>
                <title>{`${props.labels[i]}: ${series.label} ${props.format(value)}`}</title>
              </circle>
            ),
          )}
        </g>
      ))}
      <XLabels labels={props.labels} />
    </svg>
  );
};
