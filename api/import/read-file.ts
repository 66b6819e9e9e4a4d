import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import {
  controlShare,
  decodeText,
  detectDelimiter,
  readCsv,
  type CsvDelimiter,
  type TextEncodingName,
} from '../../domain/import/text.ts';
import type { Cell, SourceRow } from '../../domain/import/normalize.ts';
import { HttpProblem } from '../plugins/problems.ts';

/** Larger files are refused before they are read: a station's client list is far smaller. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export type FileFormat = 'csv' | 'xlsx';

export type ReadFile = {
  format: FileFormat;
  encoding: TextEncodingName | null;
  delimiter: CsvDelimiter | null;
  sheets: string[];
  sheet: string | null;
  /** The rows in order, read once: CSV is parsed as they are asked for. */
  rows: Iterable<SourceRow>;
  /** How much of the file the rows read so far cover, 0 to 1. */
  fraction: () => number;
};

export const tooLarge = (bytes: number) =>
  new HttpProblem(
    413,
    'FILE_TOO_LARGE',
    `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the import takes files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it and import the parts.`,
  );

const refused = (status: number, code: string, message: string) => new HttpProblem(status, code, message);

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

const cellOf = (value: ExcelJS.CellValue): Cell => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // Excel dates have no time zone; exceljs hands them over as UTC midnight.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { date: value.toISOString().slice(0, 10) };
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : null;
  if ('result' in value) return cellOf(value.result ?? null);
  if ('error' in value) return String(value.error);
  return null;
};

/** Streams the workbook and keeps the rows of one sheet: the named one, or the first. */
const readXlsx = async (bytes: Uint8Array, wanted?: string): Promise<ReadFile> => {
  // Loaded on first use: CSV imports and the rest of the server do without its 20 MB.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)]),
    {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    },
  );
  const sheets: string[] = [];
  let chosen: string | null = null;
  const rows: SourceRow[] = [];
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name ?? `Sheet${sheets.length + 1}`;
      sheets.push(name);
      const take = chosen === null && (wanted === undefined || wanted === name);
      if (take) chosen = name;
      for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
        if (!take) continue;
        const values = row.values as ExcelJS.CellValue[];
        rows.push({ row: row.number, cells: values.slice(1).map((value) => cellOf(value)) });
      }
    }
  } catch {
    throw refused(
      400,
      'FILE_DAMAGED',
      'The Excel file is damaged or is not an .xlsx workbook; open it in Excel and save it again',
    );
  }
  if (sheets.length === 0) throw refused(400, 'FILE_DAMAGED', 'The Excel file has no sheets; is it really an .xlsx workbook?');
  if (chosen === null) {
    throw refused(400, 'SHEET_NOT_FOUND', `There is no sheet «${wanted}» in the file; its sheets are ${sheets.join(', ')}`);
  }
  let read = 0;
  function* each(): Generator<SourceRow> {
    for (; read < rows.length; read++) yield rows[read]!;
  }
  return {
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    sheets,
    sheet: chosen,
    rows: each(),
    fraction: () => (rows.length === 0 ? 1 : read / rows.length),
  };
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
  if (bytes.length === 0) throw refused(400, 'FILE_EMPTY', 'The file is empty');
  if (has(bytes, ZIP)) return readXlsx(bytes, options.sheet);
  if (has(bytes, OLE2)) {
    throw refused(415, 'FILE_UNSUPPORTED', 'This is an old Excel 97–2003 (.xls) file: save it as .xlsx or CSV and import that');
  }
  if (/\.xlsx?$/i.test(fileName) && !has(bytes, ZIP) && bytes.includes(0)) {
    throw refused(
      400,
      'FILE_DAMAGED',
      `«${fileName}» is not an Excel workbook: the file is damaged or is something else renamed`,
    );
  }
  const known = signatures.find(([magic]) => has(bytes, magic));
  if (known) throw refused(415, 'FILE_NOT_TEXT', `«${fileName}» is ${known[1]}, not a CSV or Excel file`);
  const decoded = decodeText(bytes);
  if (controlShare(decoded.text) > 0.01) {
    throw refused(415, 'FILE_NOT_TEXT', `«${fileName}» is a binary file, not a CSV or Excel file`);
  }
  if (decoded.text.trim() === '') throw refused(400, 'FILE_EMPTY', 'The file is empty');
  const delimiter = detectDelimiter(decoded.text);
  const csv = readCsv(decoded.text, delimiter);
  function* rows(): Generator<SourceRow> {
    let row = 0;
    for (const cells of csv.records) yield { row: ++row, cells };
  }
  return { format: 'csv', encoding: decoded.encoding, delimiter, sheets: [], sheet: null, rows: rows(), fraction: csv.fraction };
};
