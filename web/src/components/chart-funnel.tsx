export type FunnelRow = { key: string; label: string; count: number; colour: string };

const WIDTH = 900;
const ROW = 40;
const LABEL = 190;
const VALUE = 120;

/** Horizontal bars against the first row (the whole), each with its count and share. Inline SVG. */
export const FunnelChart = (props: { title: string; rows: FunnelRow[]; percent: (part: number, whole: number) => string }) => {
  const whole = props.rows[0]?.count ?? 0;
  const span = WIDTH - LABEL - VALUE;
  return (
    <svg
      class="chart chart-funnel"
      viewBox={`0 0 ${WIDTH} ${props.rows.length * ROW + 8}`}
      role="img"
      aria-label={props.title}
      data-chart="funnel"
    >
      {props.rows.map((row, i) => {
        const width = whole === 0 ? 0 : Math.max(row.count > 0 ? 3 : 0, (row.count / whole) * span);
        const y = i * ROW + 4;
        return (
          <g key={row.key} data-stage={row.key} data-count={row.count}>
            <text x={LABEL - 12} y={y + ROW / 2 + 1} text-anchor="end" dominant-baseline="middle">
              {row.label}
            </text>
            <rect x={LABEL} y={y + 6} width={span} height={ROW - 12} rx="4" class="chart-track" />
            <rect x={LABEL} y={y + 6} width={width} height={ROW - 12} rx="4" fill={row.colour} />
            <text x={WIDTH - VALUE + 12} y={y + ROW / 2 + 1} dominant-baseline="middle" class="chart-value">
              {row.count}
              {i > 0 && whole > 0 ? ` · ${props.percent(row.count, whole)}` : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
};
