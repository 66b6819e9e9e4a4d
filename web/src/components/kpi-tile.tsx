export type TileTone = 'good' | 'bad' | 'flat' | 'none';

export type TileView = {
  key: string;
  label: string;
  /** The API's figures, kept on the element so a test can compare them with what the text says. */
  value: number | null;
  previous: number | null;
  valueText: string;
  unitText: string;
  /** ▲, ▼ or = for the direction of the change; empty when there is nothing to compare. */
  arrow: string;
  changeText: string;
  tone: TileTone;
  previousText: string;
  note: string;
  details: { key: string; label: string; value: number }[];
};

/** One KPI: the figure, its change against the previous period (green when it went the right way), a note. */
export const KpiTileCard = (props: { tile: TileView }) => {
  const { tile } = props;
  return (
    <article
      class={`kpi-tile kpi-${tile.tone}`}
      data-tile={tile.key}
      data-value={tile.value ?? ''}
      data-previous={tile.previous ?? ''}
    >
      <h3>{tile.label}</h3>
      <p class="kpi-figure">
        <span class="kpi-value" data-tile-value>
          {tile.valueText}
        </span>
        {tile.unitText && <span class="kpi-unit">{tile.unitText}</span>}
      </p>
      <p class="kpi-change" data-tile-change>
        {tile.arrow && <span aria-hidden="true">{tile.arrow} </span>}
        {tile.changeText}
        <span class="kpi-previous">{tile.previousText}</span>
      </p>
      {tile.note && <p class="kpi-note">{tile.note}</p>}
      {tile.details.length > 0 && (
        <ul class="kpi-details">
          {tile.details.map((item) => (
            <li key={item.key} data-detail={item.key}>
              <span>{item.label}</span> <strong>{item.value}</strong>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
};
