import { DomainError } from '../shared/errors.ts';
import { detectMapping, findHeaderRow, importFields, type ColumnMapping } from './columns.ts';
import { cellText, normalizeRow, type ClientRow, type Rejection, type RowOutcome, type SourceRow } from './normalize.ts';

// ───────────────────────────── Table ─────────────────────────────

/**
 * A sheet or a CSV file below its header: `rows` yields the data rows once, in order, without blank
 * rows; `head` holds the first ones for a preview. `row` is the row number a spreadsheet would show.
 */
export type Table = { headerRow: number; headers: string[]; head: SourceRow[]; rows: Iterable<SourceRow> };

const HEADER_SEARCH = 10;
const HEAD_ROWS = 50;

/**
 * A row with nothing but separators is blank too: a file of «;;;» lines has no delimiter to detect,
 * and its lines would otherwise read as one-cell rows holding the separators.
 */
const isBlankRow = (source: SourceRow) => source.cells.every((cell) => /^[;,\t|\s]*$/.test(cellText(cell)));

/**
 * Finds the header among the first rows (a title line or blank rows above it are dropped) and
 * hands on the rest lazily; null when the file has no non-blank row at all.
 */
export const tableOf = (source: Iterable<SourceRow>): Table | null => {
  const iterator = source[Symbol.iterator]();
  const pull = (): SourceRow | undefined => {
    for (;;) {
      const next = iterator.next();
      if (next.done) return undefined;
      if (!isBlankRow(next.value)) return next.value;
    }
  };
  const first: SourceRow[] = [];
  for (let row = pull(); row; row = first.length < HEADER_SEARCH ? pull() : undefined) first.push(row);
  if (first.length === 0) return null;
  const headerIndex = findHeaderRow(first.map((row) => row.cells.map((cell) => cellText(cell))));
  const header = first[headerIndex]!;
  const head = first.slice(headerIndex + 1);
  for (let row = head.length < HEAD_ROWS ? pull() : undefined; row; row = head.length < HEAD_ROWS ? pull() : undefined) {
    head.push(row);
  }
  function* rows(): Generator<SourceRow> {
    yield* head;
    for (let row = pull(); row; row = pull()) yield row;
  }
  return { headerRow: header.row, headers: header.cells.map((cell) => cellText(cell)), head: [...head], rows: rows() };
};

/** The detected mapping with the user's corrections on top; a correction of `null` unmaps a field. */
export const resolveMapping = (table: Table, corrections?: Partial<Record<string, number | null>>): ColumnMapping => {
  const mapping = detectMapping(table.headers);
  for (const [field, index] of Object.entries(corrections ?? {})) {
    if (!(importFields as readonly string[]).includes(field)) {
      throw new DomainError('VALIDATION', `Unknown field «${field}» in the mapping`, { field: 'mapping' });
    }
    const key = field as keyof ColumnMapping;
    if (index === null || index === undefined) {
      delete mapping[key];
      continue;
    }
    if (!Number.isInteger(index) || index < 0 || index >= Math.max(table.headers.length, 1)) {
      throw new DomainError('VALIDATION', `Column ${index} for «${field}» is not in the file`, { field: 'mapping' });
    }
    mapping[key] = index;
  }
  if (mapping.phone === undefined) {
    throw new DomainError('VALIDATION', 'No phone column found: choose which column holds the phone', {
      field: 'mapping',
      reason: 'NO_PHONE_COLUMN',
      headers: table.headers,
    });
  }
  return mapping;
};

export type Analysis = {
  /** Rows that become clients (created or merged). */
  clients: number;
  rejections: Rejection[];
  /** Distinct phones in the file, in first-seen order. */
  phones: string[];
  /** The first few clients as they would be imported. */
  sample: ClientRow[];
};

/** Every data row in order, normalised: a client, a rejection, or nothing for a blank row. */
export function* normalizedRows(table: Table, mapping: ColumnMapping): Generator<RowOutcome> {
  for (const source of table.rows) yield normalizeRow(source, mapping);
}

/**
 * What the file holds, gathered one row's outcome at a time (so a caller may pause between rows):
 * how many clients, which rows are rejected and why, the distinct phones. Clients are counted, not
 * kept, so a 100,000-row file costs no more than its rows.
 */
export const createAnalysis = (sampleSize = 10) => {
  const rejections: Rejection[] = [];
  const sample: ClientRow[] = [];
  const phones = new Set<string>();
  let clients = 0;
  return {
    add: (outcome: RowOutcome): void => {
      if (outcome.ok === true) {
        clients++;
        phones.add(outcome.client.phone);
        if (sample.length < sampleSize) sample.push(outcome.client);
      } else if (outcome.ok === false) {
        rejections.push(outcome.rejection);
      }
    },
    result: (): Analysis => ({ clients, rejections, phones: [...phones], sample }),
  };
};
