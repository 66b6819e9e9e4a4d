import {
  controlShare,
  csvLimitBreach,
  decodeText,
  detectDelimiter,
  lineBreakOf,
  oneKindOfLineBreak,
  readCsv,
  type CsvBreach,
  type CsvDelimiter,
  type TextEncodingName,
} from '../../domain/import/text.ts';
import { importLimits } from '../../domain/import/limits.ts';
import type { SourceRow } from '../../domain/import/normalize.ts';
import { Refusal } from '../shared/refusal.ts';
import { badQuotes, cellTooLong, damaged, tooLarge, tooManyColumns, tooManyRows } from './refusals.ts';
import { isHtml, isSpreadsheetXml, isWebArchive, readHtmlTable } from './html-table.ts';
import { readOldWorkbook } from './xls.ts';
import { openWorkbook } from './xlsx.ts';

export { tooLarge } from './refusals.ts';

/** Larger files are refused before they are read: a station's client list is far smaller. */
export const MAX_IMPORT_BYTES = importLimits.fileBytes;

/** `xls`: Excel 97–2003 (BIFF8, BIFF5) and Excel 2003 XML; `html`: a web page's table saved as .xls. */
export type FileFormat = 'csv' | 'xlsx' | 'xls' | 'html';

export type ReadFile = {
  format: FileFormat;
  encoding: TextEncodingName | null;
  delimiter: CsvDelimiter | null;
  sheets: string[];
  sheet: string | null;
  /** The rows in order, read once and lazily; every limit was checked before the first. */
  rows: Iterable<SourceRow>;
  /** How much of the file the rows read so far cover, 0 to 1. */
  fraction: () => number;
};

const signatures: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'a program'],
  [[0x4d, 0x5a], 'a program'],
];

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];
const has = (bytes: Uint8Array, magic: number[]) => magic.every((byte, i) => bytes[i] === byte);

// ───────────────────────────── Excel ─────────────────────────────

/**
 * Opens the workbook and reads the chosen sheet (the named one, or the first) once to the end, so
 * that every limit is checked before a row is used: a commit writes rows as it reads them and must
 * never stop half-way on a limit. The rows are then read again, lazily, one at a time.
 */
const readXlsx = async (bytes: Uint8Array, wanted?: string): Promise<ReadFile> => {
  const workbook = await openWorkbook(bytes);
  const sheets = workbook.sheets.map((sheet) => sheet.name);
  if (sheets.length === 0) throw damaged('it has no sheets');
  const chosen = wanted === undefined ? workbook.sheets[0]! : workbook.sheets.find((sheet) => sheet.name === wanted);
  if (!chosen) {
    throw new Refusal(
      'invalid',
      'SHEET_NOT_FOUND',
      `There is no sheet «${wanted}» in the file; its sheets are ${sheets.join(', ')}`,
    );
  }
  const total = await workbook.count(chosen);
  let read = 0;
  function* each(): Generator<SourceRow> {
    for (const row of workbook.rows(chosen!)) {
      read++;
      yield row;
    }
  }
  return {
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    sheets,
    sheet: chosen.name,
    rows: each(),
    fraction: () => (total === 0 ? 1 : read / total),
  };
};

/** Rows already in memory (an old workbook or a web page's table), handed on as the other readers do. */
const inMemory = (
  format: FileFormat,
  rows: SourceRow[],
  extra: { encoding?: TextEncodingName; sheets?: string[]; sheet?: string },
): ReadFile => {
  let read = 0;
  function* each(): Generator<SourceRow> {
    for (const row of rows) {
      read++;
      yield row;
    }
  }
  return {
    format,
    encoding: extra.encoding ?? null,
    delimiter: null,
    sheets: extra.sheets ?? [],
    sheet: extra.sheet ?? null,
    rows: each(),
    fraction: () => (rows.length === 0 ? 1 : read / rows.length),
  };
};

const readXls = async (bytes: Uint8Array, wanted?: string): Promise<ReadFile> => {
  const workbook = await readOldWorkbook(bytes, wanted);
  return inMemory('xls', workbook.rows, { sheets: workbook.sheets, sheet: workbook.sheet });
};

// ───────────────────────────── CSV ─────────────────────────────

const csvRefusal = (breach: CsvBreach) => {
  switch (breach.limit) {
    case 'rows':
      return tooManyRows();
    case 'columns':
      return tooManyColumns(breach.row);
    case 'cellChars':
      return cellTooLong(breach.row);
    case 'quotes':
      return badQuotes(breach.row);
  }
};

// ───────────────────────────── Any file ─────────────────────────────

/**
 * What the bytes really are decides how they are read, whatever the name says; anything that is
 * neither an .xlsx workbook nor text is refused with a message that says what it looks like.
 */
export const readImportFile = async (
  bytes: Uint8Array,
  fileName: string,
  options: { sheet?: string } = {},
): Promise<ReadFile> => {
  if (bytes.length > MAX_IMPORT_BYTES) throw tooLarge(bytes.length);
  if (bytes.length === 0) throw new Refusal('invalid', 'FILE_EMPTY', 'The file is empty');
  if (has(bytes, ZIP)) return readXlsx(bytes, options.sheet);
  if (has(bytes, OLE2)) return readXls(bytes, options.sheet);
  if (isSpreadsheetXml(bytes)) return readXls(bytes, options.sheet);
  if (isWebArchive(bytes)) {
    throw new Refusal(
      'unsupported',
      'FILE_WEB_ARCHIVE',
      `«${fileName}» is a web archive (.mht) saved under another name, not an Excel workbook: open it in Excel and save it as .xlsx or CSV`,
    );
  }
  if (isHtml(bytes)) {
    const table = readHtmlTable(bytes);
    return inMemory('html', table.rows, { encoding: table.encoding });
  }
  if (/\.xlsx?$/i.test(fileName) && !has(bytes, ZIP) && bytes.includes(0)) {
    throw new Refusal(
      'invalid',
      'FILE_DAMAGED',
      `«${fileName}» is not an Excel workbook: the file is damaged or is something else renamed`,
    );
  }
  const known = signatures.find(([magic]) => has(bytes, magic));
  if (known) throw new Refusal('unsupported', 'FILE_NOT_TEXT', `«${fileName}» is ${known[1]}, not a CSV or Excel file`);
  const decoded = decodeText(bytes);
  const text = oneKindOfLineBreak(decoded.text);
  if (controlShare(text) > 0.01) {
    throw new Refusal('unsupported', 'FILE_NOT_TEXT', `«${fileName}» is a binary file, not a CSV or Excel file`);
  }
  if (text.trim() === '') throw new Refusal('invalid', 'FILE_EMPTY', 'The file is empty');
  const delimiter = detectDelimiter(text);
  const lineBreak = lineBreakOf(text);
  const breach = csvLimitBreach(text, delimiter, lineBreak, importLimits);
  if (breach) throw csvRefusal(breach);
  const csv = readCsv(text, delimiter, lineBreak);
  function* rows(): Generator<SourceRow> {
    let row = 0;
    for (const cells of csv.records) yield { row: ++row, cells };
  }
  return { format: 'csv', encoding: decoded.encoding, delimiter, sheets: [], sheet: null, rows: rows(), fraction: csv.fraction };
};
