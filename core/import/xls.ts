import { importLimits } from '../../domain/import/limits.ts';
import type { Cell, SourceRow } from '../../domain/import/normalize.ts';
import { Temporal } from '../../domain/shared/time.ts';
import { Refusal } from '../shared/refusal.ts';
import { cellTooLong, damaged, tooManyColumns, tooManyRows, xlsTooLarge } from './refusals.ts';

// Excel 97–2003 (.xls, BIFF8 and BIFF5) and Excel 2003 XML (SpreadsheetML) workbooks, read through
// SheetJS (@e965/xlsx: the unmodified SheetJS 0.20.3 build; the registry's `xlsx` stopped at 0.18.5,
// which has a prototype-pollution and a ReDoS advisory). SheetJS reads a whole sheet into memory,
// so the file is refused above importLimits.xlsBytes before it is parsed, only the chosen sheet is
// parsed, and never more rows than the import takes. Dates are read from the cell's number and
// format, never from formatted text, and with no time zone at all.

type SheetJs = typeof import('@e965/xlsx');

/** The part of SheetJS's number-format module used here; its typings leave it untyped. */
type Ssf = {
  parse_date_code: (serial: number, options: { date1904: boolean }) => { y: number; m: number; d: number } | null;
  is_date: (format: string) => boolean;
};
const ssfOf = (xlsx: SheetJs) => xlsx.SSF as Ssf;

let loaded: Promise<SheetJs> | null = null;

/**
 * SheetJS and its code pages, loaded once and only when an old workbook arrives (1.5 MB of code).
 * Its ES module build has no code pages of its own: without them a Windows-1251 BIFF5 file
 * (Excel 95, 1C's «XLS95») reads as mojibake.
 */
const sheetJs = (): Promise<SheetJs> =>
  (loaded ??= Promise.all([import('@e965/xlsx'), import('@e965/xlsx/dist/cpexcel')]).then(([xlsx, codepages]) => {
    xlsx.set_cptable(codepages);
    return xlsx;
  }));

export type OldWorkbook = { sheets: string[]; sheet: string; rows: SourceRow[] };

const READ_OPTIONS = {
  type: 'buffer',
  dense: true,
  cellFormula: false,
  cellHTML: false,
  cellText: false,
  cellStyles: false,
  bookVBA: false,
  bookFiles: false,
  cellNF: true,
  WTF: false,
} as const;

/** SheetJS's own words for a workbook it cannot open: what a person can do about each. */
const refusalOf = (error: unknown): Refusal => {
  if (error instanceof Refusal) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/password|encrypt/i.test(message)) {
    return new Refusal(
      'unsupported',
      'FILE_PASSWORD',
      'The workbook is protected with a password: open it in Excel, remove the password, save it and import that',
    );
  }
  return damaged('the old Excel file cannot be read');
};

const dateOf = (xlsx: SheetJs, serial: number, date1904: boolean): Cell => {
  const parts = ssfOf(xlsx).parse_date_code(serial, { date1904 });
  if (!parts || parts.y < 1900 || parts.y > 2100) return serial;
  // A time of day alone (a serial under 1) is no calendar date: keep it as the number it is.
  if (serial < 1) return serial;
  return { date: Temporal.PlainDate.from({ year: parts.y, month: parts.m, day: parts.d }).toString() };
};

/** Opens an .xls or Excel 2003 XML workbook and reads the named sheet (or the first) within the limits. */
export const readOldWorkbook = async (bytes: Uint8Array, wanted?: string): Promise<OldWorkbook> => {
  if (bytes.length > importLimits.xlsBytes) throw xlsTooLarge(bytes.length);
  const xlsx = await sheetJs();
  let sheets: string[];
  try {
    sheets = xlsx.read(bytes, { ...READ_OPTIONS, bookSheets: true }).SheetNames;
  } catch (error) {
    throw refusalOf(error);
  }
  if (sheets.length === 0) throw damaged('it has no sheets');
  const sheet = wanted ?? sheets[0]!;
  if (!sheets.includes(sheet)) {
    throw new Refusal(
      'invalid',
      'SHEET_NOT_FOUND',
      `There is no sheet «${wanted}» in the file; its sheets are ${sheets.join(', ')}`,
    );
  }
  let workbook: ReturnType<SheetJs['read']>;
  try {
    // One row past the limit, so that a sheet over it is told apart from one exactly at it.
    workbook = xlsx.read(bytes, { ...READ_OPTIONS, sheets: sheet, sheetRows: importLimits.rows + 1 });
  } catch (error) {
    throw refusalOf(error);
  }
  const worksheet = workbook.Sheets[sheet];
  if (!worksheet) throw damaged(`its sheet «${sheet}» cannot be read`);
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  const rows: SourceRow[] = [];
  const data = (worksheet['!data'] ?? []) as (({ t: string; v?: unknown; z?: unknown } | undefined)[] | undefined)[];
  for (let index = 0; index < data.length; index++) {
    const cells: Cell[] = [];
    for (const [column, cell] of (data[index] ?? []).entries()) {
      if (!cell || cell.v === undefined || cell.v === null || cell.v === '') continue;
      if (column >= importLimits.columns) throw tooManyColumns(index + 1);
      let value: Cell;
      if (cell.t === 'n' && typeof cell.v === 'number') {
        value = typeof cell.z === 'string' && ssfOf(xlsx).is_date(cell.z) ? dateOf(xlsx, cell.v, date1904) : cell.v;
      } else if (cell.t === 'b') value = Boolean(cell.v);
      else if (cell.t === 'd' && cell.v instanceof Date) value = { date: cell.v.toISOString().slice(0, 10) };
      else if (cell.t === 's' && typeof cell.v === 'string') value = cell.v;
      else continue;
      if (typeof value === 'string' && value.length > importLimits.cellChars) throw cellTooLong(index + 1);
      cells[column] = value;
    }
    if (cells.length === 0) continue;
    if (rows.length === importLimits.rows) throw tooManyRows();
    rows.push({ row: index + 1, cells: Array.from(cells, (cell) => cell ?? null) });
  }
  return { sheets, sheet, rows };
};
