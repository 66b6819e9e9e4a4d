// Shared geometry of the panel's inline SVG charts: one wide viewBox, so text keeps about its CSS size
// at tablet widths (the SVG scales with its box), and round axis steps.

export const CHART = { width: 900, height: 240, left: 44, right: 12, top: 18, bottom: 30 } as const;

/** Axis ticks from 0 that cover `max` in 3–5 round steps (1, 2 or 5 times a power of ten). */
export const ticksFor = (max: number, integers: boolean): number[] => {
  const raw = Math.max(max, integers ? 1 : 0.1) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw)!;
  const size = integers ? Math.max(1, Math.round(step)) : step;
  const ticks = [0];
  while (ticks.at(-1)! < max) ticks.push(Math.round((ticks.at(-1)! + size) * 100) / 100);
  if (ticks.length === 1) ticks.push(size);
  return ticks;
};

/** Every n-th label, so a month of days stays legible. */
export const labelEvery = (count: number) => Math.max(1, Math.ceil(count / 16));

export const plotWidth = CHART.width - CHART.left - CHART.right;
export const plotHeight = CHART.height - CHART.top - CHART.bottom;
export const bandOf = (count: number) => plotWidth / Math.max(count, 1);
export const yOf = (value: number, top: number) => CHART.top + plotHeight - (value / top) * plotHeight;

/** Horizontal grid lines with their values at the left. */
export const Grid = (props: { ticks: number[]; format: (value: number) => string }) => {
  const top = props.ticks.at(-1)!;
  return (
    <g class="chart-grid">
      {props.ticks.map((tick) => (
        <g key={tick}>
          <line x1={CHART.left} x2={CHART.width - CHART.right} y1={yOf(tick, top)} y2={yOf(tick, top)} />
          <text x={CHART.left - 6} y={yOf(tick, top) + 4} text-anchor="end">
            {props.format(tick)}
          </text>
        </g>
      ))}
    </g>
  );
};

/** Bucket labels under the plot. */
export const XLabels = (props: { labels: string[] }) => {
  const band = bandOf(props.labels.length);
  const every = labelEvery(props.labels.length);
  return (
    <g class="chart-x">
      {props.labels.map((label, i) =>
        i % every === 0 ? (
          <text key={i} x={CHART.left + band * (i + 0.5)} y={CHART.height - 10} text-anchor="middle">
            {label}
          </text>
        ) : null,
      )}
    </g>
  );
};
