import Papa from 'papaparse';

// ───────────────────────────── Encoding ─────────────────────────────

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';

export type DecodedText = { text: string; encoding: TextEncodingName; bom: boolean };

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((byte, i) => bytes[i] === byte);

/**
 * Characters of valid UTF-8 beyond ASCII a file must show for each broken sequence to be read as
 * UTF-8 with a stray byte: Windows-1251 Cyrillic read as UTF-8 is nearly all broken sequences,
 * while a UTF-8 file a program spoiled in one place is nearly all valid ones.
 */
const VALID_PER_BROKEN = 20;

/**
 * UTF-8 with or without a BOM, UTF-16 with a BOM (Excel's «Unicode text»), otherwise
 * Windows-1251 as 1C and older Excel write it. A file of valid UTF-8 with a stray byte or two stays
 * UTF-8 (those bytes become U+FFFD, and their rows are refused for it), rather than every name in
 * it turning into «Р–СѓРєРѕРІ».
 */
export const decodeText = (bytes: Uint8Array): DecodedText => {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  }
  const utf8 = new TextDecoder('utf-8').decode(bytes);
  let valid = 0;
  let broken = 0;
  for (let i = 0; i < utf8.length; i++) {
    const code = utf8.charCodeAt(i);
    if (code === 0xfffd) broken++;
    else if (code >= 0x80) valid++;
  }
  return broken === 0 || valid >= broken * VALID_PER_BROKEN
    ? { text: utf8, encoding: 'utf-8', bom: false }
    : { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251', bom: false };
};

/** Share of characters no text file has: NUL and other C0 controls besides tab, CR and LF. */
export const controlShare = (text: string, sample = 65_536): number => {
  const part = text.slice(0, sample);
  if (part.length === 0) return 0;
  let controls = 0;
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd) controls++;
  }
  return controls / part.length;
};

// ───────────────────────────── CSV ─────────────────────────────

export const csvDelimiters = [';', ',', '\t', '|'] as const;
export type CsvDelimiter = (typeof csvDelimiters)[number];

const fieldCounts = (text: string, delimiter: string): number[] =>
  Papa.parse<string[]>(text, { delimiter, preview: 20, skipEmptyLines: 'greedy' }).data.map((row) => row.length);

/**
 * The delimiter that splits the first lines into the same number of fields, more than one;
 * quoted fields count as one, so «"постоянный клиент; доп. инфо"» does not fool it.
 */
export const detectDelimiter = (text: string): CsvDelimiter => {
  const head = text.slice(0, 64 * 1024);
  let best: CsvDelimiter = ',';
  let bestScore = -1;
  for (const delimiter of csvDelimiters) {
    const counts = fieldCounts(head, delimiter);
    if (counts.length === 0) continue;
    const first = counts[0]!;
    if (first < 2) continue;
    const consistent = counts.filter((count) => count === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
};

/** Every record as its cells; a record is a row of the sheet the user would see in Excel. */
export const parseCsv = (text: string, delimiter: CsvDelimiter): string[][] =>
  Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false }).data;

export type CsvLineBreak = '\r\n' | '\n' | '\r';

/**
 * The text with one kind of line break: a file edited in two programs, or with rows appended by a
 * script, mixes CRLF with bare LF, and split by one kind the rows ending in the other would run
 * into the next. A text with one kind is given back as it is (no copy of a large file).
 */
export const oneKindOfLineBreak = (text: string): string => {
  if (!text.includes('\r')) return text;
  const kinds = [/\r\n/, /\r(?!\n)/, /(?<!\r)\n/].filter((kind) => kind.test(text)).length;
  return kinds > 1 ? text.replace(/\r\n?/g, '\n') : text;
};

/**
 * The line break papaparse would guess from the first megabyte (quoted text left out), decided
 * once so that the limit check and every parsed batch split the records the same way.
 */
export const lineBreakOf = (text: string): CsvLineBreak => {
  const head = text.slice(0, 1024 * 1024).replace(/"[^]*?"/g, '');
  const byCr = head.split('\r');
  const byLf = head.split('\n');
  if (byCr.length === 1 || (byLf.length > 1 && byLf[0]!.length < byCr[0]!.length)) return '\n';
  const crLf = byCr.filter((part) => part.startsWith('\n')).length;
  return crLf >= byCr.length / 2 ? '\r\n' : '\r';
};

export type CsvLimits = { rows: number; columns: number; cellChars: number };

/**
 * The first limit a CSV text breaks: which one, and the row (as a spreadsheet numbers it) where it
 * does. `quotes`: a field opens with a quote that closes mid-field or never, which papaparse reads
 * by swallowing the rows after it into one cell.
 */
export type CsvBreach = { limit: keyof CsvLimits | 'quotes'; row: number };

const QUOTE = 0x22;
/** Lines a file may have per row it may hold: a blank line between every two rows is still a fine file. */
const BLANK_LINES_PER_ROW = 2;
const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0xa0;

/**
 * Walks the text the way papaparse splits it (a field is quoted only when it starts with a quote,
 * `""` inside is one quote, a quote closes before optional spaces and a delimiter or line break)
 * and tells the first limit broken, or the first quote that does not close so, keeping nothing. Run before papaparse, so that a single
 * 50 MB line or an unclosed quote never becomes a row of millions of cells in memory.
 */
export const csvLimitBreach = (
  text: string,
  delimiter: CsvDelimiter,
  lineBreak: CsvLineBreak,
  limits: CsvLimits,
): CsvBreach | null => {
  const length = text.length;
  const separator = delimiter.charCodeAt(0);
  const first = lineBreak.charCodeAt(0);
  const second = lineBreak.length > 1 ? lineBreak.charCodeAt(1) : -1;
  const isBreak = (at: number) => text.charCodeAt(at) === first && (second === -1 || text.charCodeAt(at + 1) === second);
  let row = 1;
  let filled = 0;
  let fields = 1;
  let recordStart = 0;
  let at = 0;
  while (at <= length) {
    const start = at;
    if (text.charCodeAt(at) === QUOTE) {
      let search = at + 1;
      for (;;) {
        const quote = text.indexOf('"', search);
        if (quote === -1) return { limit: 'quotes', row };
        if (text.charCodeAt(quote + 1) === QUOTE) {
          search = quote + 2;
          continue;
        }
        let next = quote + 1;
        while (next < length && isSpace(text.charCodeAt(next))) next++;
        if (next >= length || text.charCodeAt(next) === separator || isBreak(next)) {
          at = next;
          break;
        }
        return { limit: 'quotes', row };
      }
    }
    while (at < length && text.charCodeAt(at) !== separator && !isBreak(at)) at++;
    if (at - start > limits.cellChars) return { limit: 'cellChars', row };
    if (at < length && text.charCodeAt(at) === separator) {
      if (++fields > limits.columns) return { limit: 'columns', row };
      at++;
      continue;
    }
    if (at > recordStart && ++filled > limits.rows) return { limit: 'rows', row };
    // Blank lines are no rows, but each is a record to parse: millions of them would hold the server.
    if (row > limits.rows * BLANK_LINES_PER_ROW) return { limit: 'rows', row };
    if (at >= length) break;
    at += lineBreak.length;
    recordStart = at;
    fields = 1;
    row++;
  }
  return null;
};

export type CsvReader = {
  /** The records one by one, parsed a batch at a time as they are asked for. */
  records: Generator<string[]>;
  /** How far into the text the parser is, 0 to 1. */
  fraction: () => number;
};

/**
 * Parses lazily, `batch` records per papaparse call, so a 100,000-row file never holds all its
 * rows as cells at once: a batch ends on a record boundary, so quoting never straddles two calls.
 */
export const readCsv = (text: string, delimiter: CsvDelimiter, lineBreak: CsvLineBreak, batch = 1000): CsvReader => {
  let offset = 0;
  function* records(): Generator<string[]> {
    while (offset < text.length) {
      const { data, meta } = Papa.parse<string[]>(text.slice(offset), {
        delimiter,
        newline: lineBreak,
        preview: batch,
        skipEmptyLines: false,
        fastMode: false,
      });
      offset = meta.cursor > 0 && meta.truncated ? offset + meta.cursor : text.length;
      yield* data;
    }
  }
  return { records: records(), fraction: () => (text.length === 0 ? 1 : offset / text.length) };
};
