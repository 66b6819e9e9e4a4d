import sax from 'sax';
import { importLimits } from '../../domain/import/limits.ts';
import type { Cell, SourceRow } from '../../domain/import/normalize.ts';
import { cellTooLong, damaged, tooManyColumns, tooManyRows, tooManyTexts, unsafe } from './refusals.ts';
import { resolvePart, unpack, zipDirectory, type ZipEntry } from './zip.ts';
import { collectGarbageNow } from '../shared/full-collection.ts';
import { createTurns } from '../shared/turns.ts';
import { drain } from './yields.ts';

// An .xlsx workbook read for its rows and nothing else, with memory bounded by the limits: the zip
// is read through its directory (zip.ts), each XML part is unpacked and parsed in chunks by sax,
// and the rows of a sheet are handed on one at a time. Only the shared strings are kept, in a
// compact table, because cells point into them. sax never expands entities a document declares
// and caps every buffer it keeps (a tag, an attribute, a comment) at 64 KB; a document type
// declaration, which Excel never writes and entity-expansion attacks need, is refused outright.

export type SheetRef = { name: string; part: string };

export type Workbook = {
  /** Worksheets in the order of their tabs. */
  sheets: SheetRef[];
  /** The rows of a sheet that have a value, in order; parsed anew, lazily, each time it is called. */
  rows: (sheet: SheetRef) => Generator<SourceRow>;
  /** Reads a sheet to its end, checking every limit, without blocking the event loop; its rows with a value. */
  count: (sheet: SheetRef) => Promise<number>;
};

type XmlHandlers = {
  open?: (name: string, attributes: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
};

/**
 * Bytes decoded and handed to sax per write: it checks its buffers after each write, and a text this
 * short dies young, where a whole decoded chunk outlived collections and was promoted.
 */
const WRITE = 16 * 1024;

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

const encodingOf = (chunk: Uint8Array) =>
  chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8';

/** Parses one part as it is unpacked, yielding after each chunk so that the caller can hand on what it completed. */
function* parseXml(chunks: Iterable<Uint8Array>, part: string, handlers: XmlHandlers): Generator<void> {
  // Position tracking stays on: sax checks its buffers' lengths by the position it tracks.
  const parser = sax.parser(true);
  parser.onopentag = (node) => handlers.open?.(localName(node.name), node.attributes as Record<string, string>);
  parser.onclosetag = (name) => handlers.close?.(localName(name));
  parser.ontext = (text) => handlers.text?.(text);
  parser.oncdata = (text) => handlers.text?.(text);
  parser.ondoctype = () => {
    throw unsafe(`its part ${part} declares a document type (DOCTYPE), the way entity-expansion attacks are built`);
  };
  parser.onerror = (error) => {
    if (error.message.startsWith('Max buffer length exceeded')) {
      throw unsafe(`its part ${part} has a tag, name or comment longer than 64 KB`);
    }
    throw damaged(`its part ${part} is not well-formed XML`);
  };
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  for (const chunk of chunks) {
    decoder ??= new TextDecoder(encodingOf(chunk));
    for (let at = 0; at < chunk.length; at += WRITE)
      parser.write(decoder.decode(chunk.subarray(at, at + WRITE), { stream: true }));
    yield;
  }
  parser.write(decoder?.decode() ?? '');
  parser.close();
}

// ───────────────────────────── Shared strings ─────────────────────────────

const BLOCK = 1024;

/**
 * The workbook's shared strings as a few long flat strings and where each one starts: about the
 * size of the text itself, and no entry keeps a parser's chunk alive.
 */
const createStringTable = () => {
  const blocks: string[] = [];
  let pending: string[] = [];
  let starts = new Uint32Array(BLOCK);
  let count = 0;
  let offset = 0;
  const seal = () => {
    if (pending.length === 0) return;
    blocks.push(pending.join(''));
    pending = [];
    offset = 0;
  };
  return {
    get count() {
      return count;
    },
    add: (text: string) => {
      if (count === starts.length) {
        const grown = new Uint32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = offset;
      offset += text.length;
      pending.push(text);
      if (pending.length === BLOCK) seal();
    },
    seal,
    get: (index: number): string | null => {
      if (!Number.isInteger(index) || index < 0 || index >= count) return null;
      const block = blocks[Math.floor(index / BLOCK)]!;
      const end = (index + 1) % BLOCK === 0 || index + 1 === count ? block.length : starts[index + 1]!;
      return block.slice(starts[index], end);
    },
  };
};

type StringTable = ReturnType<typeof createStringTable>;

const readSharedStrings = async (chunks: Iterable<Uint8Array>, part: string): Promise<StringTable> => {
  const table = createStringTable();
  let text: string | null = null;
  let collecting = false;
  let phonetic = 0;
  await drain(
    parseXml(chunks, part, {
      open: (name) => {
        if (name === 'si') text = '';
        else if (name === 'rPh') phonetic++;
        else if (name === 't' && phonetic === 0 && text !== null) collecting = true;
      },
      text: (value) => {
        if (!collecting || text === null) return;
        text += value;
        if (text.length > importLimits.cellChars) throw cellTooLong(null);
      },
      close: (name) => {
        if (name === 't') collecting = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'si' && text !== null) {
          if (table.count >= importLimits.sharedStrings) throw tooManyTexts();
          table.add(text);
          text = null;
        }
      },
    }),
  );
  table.seal();
  return table;
};

// ───────────────────────────── Styles and dates ─────────────────────────────

/** Excel's built-in number formats that show a date or a time. */
const builtInDateFormats = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** A format code shows a date when it has date or time letters outside quotes, brackets and escapes. */
const isDateCode = (code: string) => /[ymdhsb]/i.test(code.replace(/\[[^\]]*]|"[^"]*"|\\./g, '').replace(/general/gi, ''));

/** For each cell style (the `s` of a cell), whether its number format is a date. */
const readDateStyles = async (chunks: Iterable<Uint8Array>, part: string): Promise<boolean[]> => {
  const codes = new Map<number, string>();
  const formats: number[] = [];
  let inCellXfs = false;
  await drain(
    parseXml(chunks, part, {
      open: (name, attributes) => {
        if (name === 'numFmt') codes.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
        else if (name === 'cellXfs') inCellXfs = true;
        else if (name === 'xf' && inCellXfs) formats.push(Number(attributes.numFmtId ?? 0));
      },
      close: (name) => {
        if (name === 'cellXfs') inCellXfs = false;
      },
    }),
  );
  return formats.map((id) => {
    const code = codes.get(id);
    return code === undefined ? builtInDateFormats.has(id) : isDateCode(code);
  });
};

/**
 * A date as exceljs gave it (the day of the serial's instant in UTC), or the number itself when out of
 * range. Below one it is a time of day with no day (a «9:30» typed into an `h:mm` cell): kept as the
 * fraction of a day, which a diary's time column reads.
 */
const dateCell = (serial: number, date1904: boolean): Cell => {
  if (serial >= 0 && serial < 1) return serial;
  const date = new Date(Math.round(((date1904 ? serial + 1462 : serial) - 25569) * 86_400_000));
  const iso = Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? { date: iso } : serial;
};

// ───────────────────────────── Cells and rows ─────────────────────────────

/** «AB12» → 27 (0-based column); -1 when the reference has no letters. */
const columnOf = (reference: string): number => {
  let column = 0;
  let at = 0;
  for (; at < reference.length && at < 8; at++) {
    const code = reference.charCodeAt(at) & ~0x20;
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return at === 0 ? -1 : column - 1;
};

type CellParts = { type: string; style: number; value: string | null; inline: string | null };

const cellOf = ({ type, style, value, inline }: CellParts, strings: StringTable, dates: boolean[], date1904: boolean): Cell => {
  switch (type) {
    case 's':
      return value === null ? null : strings.get(Number(value));
    case 'inlineStr':
      return inline ?? value;
    case 'str':
    case 'e':
      return value;
    case 'b':
      return value === null ? null : Number(value) !== 0;
    case 'd': {
      const match = value === null ? null : /^\d{4}-\d{2}-\d{2}/.exec(value);
      return match ? { date: match[0] } : value;
    }
    default: {
      if (value === null || value.trim() === '') return null;
      const number = Number(value);
      if (!Number.isFinite(number)) return value;
      return dates[style] ? dateCell(number, date1904) : number;
    }
  }
};

/**
 * Unpacked sheet bytes allowed beyond what its cells explain. A real sheet spends tens of bytes per
 * cell, and a few megabytes of styled empty rows at most; a sheet padded with hundreds of megabytes of
 * blanks between its rows would hold the parser between two rows for seconds, and with it every
 * other request of the server.
 */
const PADDING_FREE_BYTES = 8 * 1024 * 1024;
const PADDING_BYTES_PER_CELL = 2048;

function* sheetRows(
  chunks: Iterable<Uint8Array>,
  part: string,
  strings: StringTable,
  dates: boolean[],
  date1904: boolean,
): Generator<SourceRow> {
  let ready: SourceRow[] = [];
  let filled = 0;
  let filledCells = 0;
  let unpacked = 0;
  const bounded = function* () {
    for (const chunk of chunks) {
      unpacked += chunk.length;
      if (unpacked > PADDING_FREE_BYTES + filledCells * PADDING_BYTES_PER_CELL) {
        throw unsafe(`its sheet ${part} holds far more empty space than cells`);
      }
      yield chunk;
    }
  };
  let row = 0;
  let cells: Cell[] = [];
  let column = -1;
  let cell: CellParts | null = null;
  let text: string | null = null;
  let inInline = false;
  let phonetic = 0;
  const steps = parseXml(bounded(), part, {
    open: (name, attributes) => {
      switch (name) {
        case 'row': {
          const number = Number(attributes.r);
          row = Number.isInteger(number) && number > 0 ? number : row + 1;
          cells = [];
          column = -1;
          break;
        }
        case 'c': {
          const at = attributes.r ? columnOf(attributes.r) : -1;
          column = at >= 0 ? at : column + 1;
          cell = { type: attributes.t ?? 'n', style: Number(attributes.s ?? 0), value: null, inline: null };
          break;
        }
        case 'v':
          if (cell) text = '';
          break;
        case 'is':
          inInline = true;
          if (cell) cell.inline = '';
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (cell && inInline && phonetic === 0) text = '';
          break;
      }
    },
    text: (value) => {
      if (text === null) return;
      text += value;
      if (text.length > importLimits.cellChars) throw cellTooLong(row);
    },
    close: (name) => {
      switch (name) {
        case 'v':
          if (cell && text !== null) cell.value = text;
          text = null;
          break;
        case 't':
          if (cell && text !== null) {
            cell.inline = (cell.inline ?? '') + text;
            if (cell.inline.length > importLimits.cellChars) throw cellTooLong(row);
          }
          text = null;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'is':
          inInline = false;
          break;
        case 'c': {
          const value = cell ? cellOf(cell, strings, dates, date1904) : null;
          cell = null;
          // An empty text is no value, as exceljs had it: it neither widens a row nor fills a blank one.
          if (value === null || value === '') break;
          if (column >= importLimits.columns) throw tooManyColumns(row);
          while (cells.length < column) cells.push(null);
          cells[column] = value;
          filledCells++;
          break;
        }
        case 'row':
          if (cells.length === 0) break;
          if (++filled > importLimits.rows) throw tooManyRows();
          ready.push({ row, cells });
          cells = [];
          break;
      }
    },
  });
  for (let step = steps.next(); !step.done; step = steps.next()) {
    const done = ready;
    ready = [];
    yield* done;
  }
  yield* ready;
}

// ───────────────────────────── Workbook ─────────────────────────────

/**
 * Shared strings (up to 64 MB unpacked) are read by one upload at a time in a process; the others
 * wait their turn. Each read leaves tens of megabytes for the collector: six uploads at once, two at
 * a time, still pushed the server to 613 MB once in five runs; one at a time stayed under 410 MB on
 * a quiet machine and reached 550–640 MB on a loaded one, where V8's next full collection came
 * late, and a single 10 MB read could promote 140 MB of parser objects before it. So a read runs a
 * full collection (about 20 ms) after every 4 MB it unpacks and when it ends, before the next
 * upload's read starts.
 */
const sharedStringsInTurn = createTurns(1);

/** Unpacked shared strings between two full collections. */
const COLLECT_EVERY_BYTES = 4 * 1024 * 1024;

const readSharedStringsInTurn = (chunks: Iterable<Uint8Array>, part: string) =>
  sharedStringsInTurn(async () => {
    let sinceCollection = 0;
    let unpacked = 0;
    const collecting = (function* () {
      for (const chunk of chunks) {
        unpacked += chunk.length;
        sinceCollection += chunk.length;
        if (sinceCollection >= COLLECT_EVERY_BYTES) {
          sinceCollection = 0;
          collectGarbageNow();
        }
        yield chunk;
      }
    })();
    try {
      return await readSharedStrings(collecting, part);
    } finally {
      if (unpacked >= COLLECT_EVERY_BYTES) collectGarbageNow();
    }
  });

type Relationship = { id: string; type: string; target: string };

/**
 * Opens a workbook: the zip directory and its checks, then the workbook, its relationships, the
 * cell styles and the shared strings. The rows of a sheet are read later, as they are asked for.
 */
export const openWorkbook = async (bytes: Uint8Array): Promise<Workbook> => {
  const entries = zipDirectory(bytes);
  const entry = (name: string): ZipEntry | null => entries.get(name) ?? null;
  const partOf = (name: string, limit: number) => {
    const found = entry(name);
    if (!found) throw damaged(`its part ${name} is missing`);
    return unpack(bytes, found, limit);
  };

  const relationships = async (of: string): Promise<Relationship[]> => {
    const folder = of.includes('/') ? of.slice(0, of.lastIndexOf('/') + 1) : '';
    const name = `${folder}_rels/${of.slice(folder.length)}.rels`;
    if (!entry(name)) return [];
    const found: Relationship[] = [];
    await drain(
      parseXml(partOf(name, importLimits.otherPartBytes), name, {
        open: (tag, attributes) => {
          if (tag !== 'Relationship' || attributes.TargetMode === 'External') return;
          found.push({ id: attributes.Id ?? '', type: attributes.Type ?? '', target: resolvePart(of, attributes.Target ?? '') });
        },
      }),
    );
    return found;
  };
  const ofType = (list: Relationship[], type: string) => list.find((one) => one.type.endsWith(`/${type}`));

  const workbookPart = ofType(await relationships(''), 'officeDocument')?.target ?? 'xl/workbook.xml';
  const parts = await relationships(workbookPart);
  const declared: { name: string; id: string; hidden: boolean }[] = [];
  let date1904 = false;
  await drain(
    parseXml(partOf(workbookPart, importLimits.otherPartBytes), workbookPart, {
      open: (name, attributes) => {
        if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
        if (name !== 'sheet') return;
        const id = Object.entries(attributes).find(([key]) => key.includes(':') && localName(key) === 'id')?.[1] ?? '';
        declared.push({
          name: attributes.name ?? '',
          id,
          hidden: attributes.state === 'hidden' || attributes.state === 'veryHidden',
        });
      },
    }),
  );
  // Hidden sheets last: the first sheet is the default, and a hidden one (an old list kept out of
  // sight) is not the list the station sees in Excel and means to import.
  const sheets = [...declared.filter((sheet) => !sheet.hidden), ...declared.filter((sheet) => sheet.hidden)].flatMap(
    ({ name, id }) => {
      const target = parts.find((one) => one.id === id && one.type.endsWith('/worksheet'))?.target;
      return target && entry(target) ? [{ name, part: target }] : [];
    },
  );

  const stylesPart = ofType(parts, 'styles')?.target;
  const dates =
    stylesPart && entry(stylesPart) ? await readDateStyles(partOf(stylesPart, importLimits.otherPartBytes), stylesPart) : [];
  const stringsPart = ofType(parts, 'sharedStrings')?.target;
  const strings =
    stringsPart && entry(stringsPart)
      ? await readSharedStringsInTurn(partOf(stringsPart, importLimits.sharedStringsBytes), stringsPart)
      : createStringTable();

  const rows = (sheet: SheetRef) => sheetRows(partOf(sheet.part, importLimits.sheetBytes), sheet.part, strings, dates, date1904);
  return { sheets, rows, count: (sheet) => drain(rows(sheet)) };
};
