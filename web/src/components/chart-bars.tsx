import { bandOf, CHART, Grid, ticksFor, XLabels, yOf } from './chart-scale';

export type BarSeries = { key: string; label: string; colour: string };

/**
 * Stacked bars, one per bucket, one segment per series (`values[bucket][series]`), with each bar's
 * total above it while there is room. Inline SVG: no chart library in the bundle.
 */
export const StackedBars = (props: {
  title: string;
  labels: string[];
  /** Full names of the buckets, for the tooltips. */
  names: string[];
  series: BarSeries[];
  values: number[][];
}) => {
  const totals = props.values.map((row) => row.reduce((sum, value) => sum + value, 0));
  const ticks = ticksFor(Math.max(0, ...totals), true);
  const top = ticks.at(-1)!;
  const band = bandOf(props.labels.length);
  const barWidth = Math.min(band * 0.7, 56);
  const showTotals = props.labels.length <= 16;
  return (
    <svg class="chart" viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-label={props.title} data-chart="bars">
      <Grid ticks={ticks} format={String} />
      {props.values.map((row, i) => {
        const x = CHART.left + band * i + (band - barWidth) / 2;
        let below = 0;
        return (
          <g key={i} data-bucket={props.names[i]} data-total={totals[i]}>
            <title>
              {`${props.names[i]}: ${props.series
                .map((series, s) => `${series.label} ${row[s] ?? 0}`)
                .filter((_, s) => (row[s] ?? 0) > 0)
                .join(', ')}`}
            </title>
            {props.series.map((series, s) => {
              const value = row[s] ?? 0;
              if (value === 0) return null;
              const y = yOf(below + value, top);
              const height = yOf(below, top) - y;
              below += value;
              return <rect key={series.key} x={x} y={y} width={barWidth} height={height} fill={series.colour} rx="2" />;
            })}
            {showTotals && totals[i]! > 0 && (
              <text class="chart-value" x={x + barWidth / 2} y={yOf(totals[i]!, top) - 5} text-anchor="middle">
                {totals[i]}
              </text>
            )}
          </g>
        );
      })}
      <XLabels labels={props.labels} />
    </svg>
  );
};
