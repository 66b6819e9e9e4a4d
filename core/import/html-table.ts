import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { importLimits } from '../../domain/import/limits.ts';
import { fromExcelSerial, type Cell, type SourceRow } from '../../domain/import/normalize.ts';
import { decodeText, type TextEncodingName } from '../../domain/import/text.ts';
import { Refusal } from '../shared/refusal.ts';
import { cellTooLong, tooManyColumns, tooManyRows, xlsTooLarge } from './refusals.ts';

// A web page holding a table, saved with an .xls name: what web CRMs (Bitrix's «Экспорт в Excel»),
// 1C's HTML save and LibreOffice's «HTML» export give a station as "Excel". Spreadsheet readers
// take it for text (one column of markup) or ignore its charset and entities, so the table is read
// here: the charset from a BOM or the page's <meta>, the markup by parse5 (the WHATWG algorithm
// browsers use, so broken markup reads as a browser shows it; nothing is run or fetched).

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const isElement = (node: Node): node is Element => 'tagName' in node;

const HEAD_BYTES = 2048;

const headOf = (bytes: Uint8Array) => {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return new TextDecoder('latin1').decode(bytes.subarray(start, start + HEAD_BYTES)).replace(/^\s+/, '');
};

/** «MIME-Version:» first: a single-file web page (.mht) saved as .xls, which holds its table packed. */
export const isWebArchive = (bytes: Uint8Array): boolean => /^MIME-Version:/i.test(headOf(bytes));

/** A web page: it opens with markup, whatever its name says. */
export const isHtml = (bytes: Uint8Array): boolean => {
  const head = headOf(bytes);
  if (/^<\?xml/i.test(head)) return /<html[\s>]/i.test(head);
  return /^<(?:!doctype\s+html|html|head|body|meta|table|style|title|!--)/i.test(head);
};

/** Excel 2003 XML (SpreadsheetML), often saved with an .xls name: SheetJS reads it as a workbook. */
export const isSpreadsheetXml = (bytes: Uint8Array): boolean => {
  const head = headOf(bytes);
  return /^<\?xml/i.test(head) && head.includes('urn:schemas-microsoft-com:office:spreadsheet') && !/<html[\s>]/i.test(head);
};

const CHARSETS: Record<string, TextEncodingName> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1251': 'windows-1251',
  cp1251: 'windows-1251',
  'win-1251': 'windows-1251',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

/** The page's text: a BOM decides, then its <meta> charset (also Bitrix's «charset='windows-1251"»), then a guess. */
const pageText = (bytes: Uint8Array): { text: string; encoding: TextEncodingName } => {
  const decoded = decodeText(bytes);
  if (decoded.bom) return decoded;
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 4096)));
  const encoding = declared ? CHARSETS[declared[1]!.toLowerCase()] : undefined;
  if (!encoding) return decoded;
  return { text: new TextDecoder(encoding).decode(bytes), encoding };
};

const SKIPPED = new Set(['script', 'style', 'template', 'table']);

/**
 * The text a person sees in a cell: line breaks at <br> and blocks, runs of spaces as one. Walked
 * with a stack of its own, as a hostile page nests elements thousands deep.
 */
const textOf = (root: Node, into: string[]): void => {
  const stack: (Node | '\n')[] = [root];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item === '\n') into.push(item);
    else if (item.nodeName === '#text') into.push((item as DefaultTreeAdapterMap['textNode']).value);
    else if (isElement(item)) {
      if (item.tagName === 'br') into.push('\n');
      if (SKIPPED.has(item.tagName)) continue;
      if (item.tagName === 'p' || item.tagName === 'div') stack.push('\n');
      for (let i = item.childNodes.length - 1; i >= 0; i--) stack.push(item.childNodes[i]!);
    }
  }
};

const cellTextOf = (cell: Element): string => {
  const parts: string[] = [];
  for (const child of cell.childNodes) textOf(child, parts);
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
};

const attribute = (element: Element, name: string) => element.attrs.find((one) => one.name === name)?.value;

/**
 * LibreOffice writes a date's serial number beside the text it shows («01/15/26», US order):
 * the number is the date, the text is not to be trusted.
 */
const valueOf = (cell: Element): Cell => {
  const serial = attribute(cell, 'sdval');
  const format = attribute(cell, 'sdnum')?.split(';').at(-1) ?? '';
  if (serial && /^\d+(\.\d+)?$/.test(serial) && /[DMY]/i.test(format) && !/[#0]/.test(format)) {
    const date = fromExcelSerial(Number(serial));
    if (date) return { date };
  }
  return cellTextOf(cell);
};

/** The elements named `tag` under `node`, in document order, not looking inside `stopAt` ones; by a stack, as for text. */
function* elements(node: Node, tag: string, stopAt?: string): Generator<Element> {
  const stack: Node[] = 'childNodes' in node ? [...node.childNodes].reverse() : [];
  while (stack.length > 0) {
    const child = stack.pop()!;
    if (!isElement(child)) continue;
    if (child.tagName === tag) yield child;
    if (child.tagName !== stopAt) for (let i = child.childNodes.length - 1; i >= 0; i--) stack.push(child.childNodes[i]!);
  }
}

/** A table's own rows: those of a table nested in one of its cells belong to that table. */
const rowsOf = (table: Element): Element[] => [...elements(table, 'tr', 'table')];

export type HtmlTable = { encoding: TextEncodingName; rows: SourceRow[] };

/** The page's largest table as rows of cells; a page with no table is refused. */
export const readHtmlTable = (bytes: Uint8Array): HtmlTable => {
  if (bytes.length > importLimits.xlsBytes) throw xlsTooLarge(bytes.length);
  const { text, encoding } = pageText(bytes);
  const document = parse(text);
  const tables = [...elements(document, 'table')];
  const table = tables.map((one) => ({ one, rows: rowsOf(one) })).sort((a, b) => b.rows.length - a.rows.length)[0];
  if (!table || table.rows.length === 0) {
    throw new Refusal(
      'unsupported',
      'FILE_HTML_NO_TABLE',
      'The file is a web page with no table in it, not an Excel workbook: open the list in Excel and save it as .xlsx or CSV',
    );
  }
  const rows: SourceRow[] = [];
  for (const [index, tr] of table.rows.entries()) {
    const cells: Cell[] = [];
    for (const cell of tr.childNodes) {
      if (!isElement(cell) || (cell.tagName !== 'td' && cell.tagName !== 'th')) continue;
      const value = valueOf(cell);
      if (typeof value === 'string' && value.length > importLimits.cellChars) throw cellTooLong(index + 1);
      cells.push(value === '' ? null : value);
      // A merged cell spans columns: the columns after it are empty, so the next cell stays under its header.
      const span = Math.min(Number(attribute(cell, 'colspan') ?? 1) || 1, importLimits.columns);
      for (let more = 1; more < span; more++) cells.push(null);
      if (cells.length > importLimits.columns) throw tooManyColumns(index + 1);
    }
    if (cells.every((cell) => cell === null)) continue;
    if (rows.length === importLimits.rows) throw tooManyRows();
    rows.push({ row: index + 1, cells });
  }
  return { encoding, rows };
};
