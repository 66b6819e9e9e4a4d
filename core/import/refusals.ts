import { importLimits, sizeInWords } from '../../domain/import/limits.ts';
import { Refusal } from '../shared/refusal.ts';

// Every way the importer refuses a file, with a stable code and a message that says what was
// wrong and what to do. 413 when the file is bigger than a limit in some dimension, 422 when it is
// built in a way no spreadsheet program writes, 415 for what the import does not read, 400 for damage.

const count = (value: number) => value.toLocaleString('en-US');

export const tooLarge = (bytes: number) =>
  new Refusal(
    'too-large',
    'FILE_TOO_LARGE',
    `The file is ${sizeInWords(bytes)}; the import takes files up to ${sizeInWords(importLimits.fileBytes)}. Split it and import the parts.`,
  );

/** One part, or the whole workbook, unpacks to more than the import reads. */
export const unpackedTooLarge = (what: string, bytes: number, limit: number) =>
  new Refusal(
    'too-large',
    'FILE_UNPACKED_TOO_LARGE',
    `The workbook is packed: ${what} unpacks to ${sizeInWords(bytes)}, and the import reads at most ${sizeInWords(limit)} of it. A client list is far smaller; save just the list in a new workbook or as CSV.`,
  );

export const tooManyParts = (entries: number) =>
  new Refusal(
    'too-large',
    'FILE_TOO_MANY_PARTS',
    `The workbook holds ${count(entries)} packed parts; the import reads workbooks of up to ${count(importLimits.zipEntries)}. Save just the client list in a new workbook or as CSV.`,
  );

export const tooManyRows = () =>
  new Refusal(
    'too-large',
    'FILE_TOO_MANY_ROWS',
    `The file has more than ${count(importLimits.rows)} rows, the most the import reads at once. Split it and import the parts.`,
  );

export const tooManyColumns = (row: number) =>
  new Refusal(
    'too-large',
    'FILE_TOO_MANY_COLUMNS',
    `Row ${row} has values in more than ${count(importLimits.columns)} columns, the most the import reads. Delete the columns the client list does not need.`,
  );

/** A quote opens a field of a CSV and does not close it: the rows after it would run into one cell. */
export const badQuotes = (row: number) =>
  new Refusal(
    'invalid',
    'FILE_BAD_QUOTES',
    `Row ${row}: a field opens with a quote that does not close before the next separator or line end, so the rows after it cannot be told apart. Remove the stray quote or double it (""), save and upload again.`,
    { row },
  );

export const cellTooLong = (row: number | null) =>
  new Refusal(
    'too-large',
    'FILE_CELL_TOO_LONG',
    `${row === null ? 'A text in the workbook' : `A cell in row ${row}`} is longer than ${count(importLimits.cellChars)} characters, the most a cell holds; a CSV with an unclosed quote reads this way too. Check the file and save it again.`,
  );

export const tooManyTexts = () =>
  new Refusal(
    'too-large',
    'FILE_UNPACKED_TOO_LARGE',
    `The workbook holds more than ${count(importLimits.sharedStrings)} different texts, the most the import reads. Split it and import the parts.`,
  );

/** Built the way no spreadsheet program writes a file, and the way attacks on readers are built. */
export const unsafe = (what: string) =>
  new Refusal(
    'unsafe',
    'FILE_UNSAFE',
    `The workbook is refused: ${what}. Excel never writes this; open the list in Excel and save it as a new workbook.`,
  );

export const damaged = (what?: string) =>
  new Refusal(
    'invalid',
    'FILE_DAMAGED',
    `The Excel file is damaged or is not an .xlsx workbook${what ? ` (${what})` : ''}; open it in Excel and save it again`,
  );

/** An old .xls is read whole into memory, so it has a lower limit than other files. */
export const xlsTooLarge = (bytes: number) =>
  new Refusal(
    'too-large',
    'FILE_XLS_TOO_LARGE',
    `The old Excel (.xls) file is ${sizeInWords(bytes)}; the import reads .xls files up to ${sizeInWords(importLimits.xlsBytes)}. Save it as .xlsx or CSV, which are read up to ${sizeInWords(importLimits.fileBytes)}, and import that.`,
  );

export const unsupported = (message: string) => new Refusal('unsupported', 'FILE_UNSUPPORTED', message);
