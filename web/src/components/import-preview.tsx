import { component$, type QRL } from '@builder.io/qwik';
import { fill, usePageTexts } from '../i18n';
import type { ImportCounts, ImportField, PreviewColumn, Rejection, SampleRow } from '../routes/import/types';
import { IMPORT_FIELDS } from '../routes/import/types';
import { importTexts } from '../texts/import';
import { TableHead } from './table-head';

/** An ISO date as the reader writes dates; read as UTC so no zone shifts the day. */
export const dayText = (iso: string | null | undefined, locale: string) =>
  iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC' }) : '—';

/** The day of an instant where it is reckoned: the UTC date cut from the ISO text may be the day before or after. */
export const instantDayText = (iso: string | null | undefined, locale: string, timeZone?: string) =>
  iso ? new Date(iso).toLocaleDateString(locale, timeZone ? { timeZone } : {}) : '—';

const COUNT_KEYS = ['created', 'merged', 'rejected', 'unchanged', 'rows'] as const;

/** Tiles with the counts of a preview (what will happen) or of a result (what happened). */
export const ImportCountTiles = component$((props: { counts: ImportCounts; kind: 'preview' | 'result' }) => {
  const t = usePageTexts(importTexts);
  const labels = props.kind === 'preview' ? t.counts : t.resultCounts;
  return (
    <dl class="import-counts">
      {COUNT_KEYS.filter((key) => key !== 'unchanged' || props.counts.unchanged > 0).map((key) => (
        <div key={key} class={`import-count import-count-${key}`}>
          <dt>{labels[key]}</dt>
          <dd data-count={key}>{props.counts[key]}</dd>
        </div>
      ))}
    </dl>
  );
});

/** Each column of the file with a few of its values and the field it goes to; a change re-previews. */
export const ImportMapping = component$(
  (props: {
    columns: PreviewColumn[];
    noPhone: boolean;
    disabled: boolean;
    onField$: QRL<(index: number, field: string) => void>;
  }) => {
    const t = usePageTexts(importTexts);
    return (
      <section class="import-box" data-import-mapping>
        <h2>{t.mapping}</h2>
        <p class={props.noPhone ? 'import-notice' : 'muted'} data-import-mapping-hint>
          {props.noPhone ? t.noPhoneColumn : t.mappingHint}
        </p>
        <ul class="import-columns">
          {props.columns.map((column) => (
            <li
              key={column.index}
              class={{ 'import-column': true, 'is-mapped': column.field !== null }}
              data-column={column.index}
            >
              <div class="import-column-source">
                <strong>{column.header || fill(t.column, { n: column.index + 1 })}</strong>
                {column.samples.length > 0 && <span class="muted">{column.samples.join(' · ')}</span>}
              </div>
              <select
                aria-label={column.header || fill(t.column, { n: column.index + 1 })}
                disabled={props.disabled}
                onChange$={(_, el) => props.onField$(column.index, el.value)}
                data-column-field={column.index}
              >
                <option value="" selected={column.field === null}>
                  {t.skip}
                </option>
                {IMPORT_FIELDS.map((field: ImportField) => (
                  <option key={field} value={field} selected={column.field === field}>
                    {t.fields[field]}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      </section>
    );
  },
);

/** The first rows as they will be stored: normalised names, E.164 phones, Cyrillic plates. */
export const ImportSample = component$((props: { rows: SampleRow[]; locale: string }) => {
  const t = usePageTexts(importTexts);
  const head = t.sampleHead;
  return (
    <section class="import-box">
      <h2>{t.sample}</h2>
      <div class="import-table-wrap">
        <table class="import-table" data-import-sample>
          <TableHead labels={[head.row, head.name, head.phone, head.car, head.lastVisit, head.visits]} />
          <tbody>
            {props.rows.map((row) => (
              <tr key={row.row} data-sample-row={row.row}>
                <td class="muted">{row.row}</td>
                <td data-cell="name">{row.name}</td>
                <td data-cell="phone" class="nowrap">
                  {row.phone}
                </td>
                <td data-cell="car">
                  {[row.car?.make, row.car?.model].filter(Boolean).join(' ')}{' '}
                  {row.car?.plate && <span class="plate">{row.car.plate}</span>}
                </td>
                <td data-cell="lastVisit" class="nowrap">
                  {dayText(row.lastVisitAt, props.locale)}
                </td>
                <td data-cell="visits">{row.visits ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
});

/** Rows that will not be imported, by number and reason. */
export const ImportRejections = component$((props: { rejections: Rejection[]; total: number }) => {
  const t = usePageTexts(importTexts);
  return (
    <ul class="import-rejections" data-import-rejections>
      {props.rejections.map((rejection) => (
        <li key={rejection.row} data-rejection-row={rejection.row} data-reason={rejection.reason}>
          <strong>{fill(t.rowNo, { n: rejection.row })}</strong> — {t.reasons[rejection.reason] ?? rejection.message}
        </li>
      ))}
      {props.total > props.rejections.length && (
        <li class="muted">{fill(t.rejectionsMore, { n: props.total - props.rejections.length })}</li>
      )}
    </ul>
  );
});
