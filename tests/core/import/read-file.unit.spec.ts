import type { SourceRow } from '../../../domain/import/normalize.ts';
import { parseTimeOfDay } from '../../../domain/import/appointment-rows.ts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readImportFile } from '../../../core/import/read-file.ts';
import type { Refusal } from '../../../core/shared/refusal.ts';
import { importLimits } from '../../../domain/import/limits.ts';
import {
  pack,
  sharedStringsBomb,
  sharedStringsHead,
  sheetXml,
  workbookParts,
  zipOf,
  type ZipPart,
} from '../../support/xlsx-files.ts';

const data = path.resolve(import.meta.dirname, '../../../../shared/data');
const MiB = 1024 * 1024;

const rowsOf = async (bytes: Uint8Array, fileName = 'clients.xlsx', sheet?: string) => [
  ...(await readImportFile(bytes, fileName, { sheet })).rows,
];

/** The rows with a value: a CSV's last line break leaves an empty record after it. */
const filled = (rows: SourceRow[]) => rows.filter((row) => row.cells.some((cell) => cell !== ''));

/** How a file is refused: the kind of refusal, its code and message. */
const refusal = async (bytes: Uint8Array, fileName = 'clients.xlsx') => {
  try {
    const file = await readImportFile(bytes, fileName);
    return { kind: 'read', code: `read ${[...file.rows].length} rows`, message: '' };
  } catch (error) {
    const refused = error as Refusal;
    return { kind: refused.kind, code: refused.code, message: refused.message, details: refused.details };
  }
};

const workbook = (options: Parameters<typeof workbookParts>[0] = {}) => zipOf(workbookParts(options));

describe('Reading an .xlsx', () => {
  it('reads the sample client list: text, numbers and Excel dates in their columns', async () => {
    const file = await readImportFile(readFileSync(path.join(data, 'clients-sample.xlsx')), 'clients-sample.xlsx');
    expect(file).toMatchObject({ format: 'xlsx', sheets: ['Клиенты'], sheet: 'Клиенты' });
    const rows = [...file.rows];
    expect(rows).toHaveLength(57);
    expect(rows[0]!.cells).toEqual([
      'Фамилия',
      'Имя',
      'Отчество',
      'Телефон',
      'Марка и модель',
      'Госномер',
      'Дата последнего визита',
      'Количество визитов',
    ]);
    expect(rows[1]).toEqual({
      row: 2,
      cells: ['Кузнецов', 'Михаил', 'Дмитриевич', null, 'Toyota Camry', 'Р513РА97', { date: '2025-09-05' }, 2],
    });
    expect(file.fraction()).toBe(1);
  });

  it('reads what exceljs writes: shared and inline strings, rich text, formulas, booleans, dates in any format, sheets by name', async () => {
    const book = new ExcelJS.Workbook();
    const first = book.addWorksheet('Первый');
    first.addRow(['ФИО', 'Телефон', 'Дата', 'Визитов', 'Флаг', 'Формула', 'Ссылка', 'Текст']);
    first.addRow([
      'Иванов & "Ко" <x>',
      79161234567,
      new Date(Date.UTC(2024, 1, 29)),
      3,
      true,
      { formula: 'D2*2', result: 6 },
      { text: 'сайт', hyperlink: 'http://example.test' },
      { richText: [{ text: 'жир', font: { bold: true } }, { text: 'ный' }] },
    ]);
    first.getCell('C3').value = new Date(Date.UTC(1999, 11, 31, 15, 30));
    first.getCell('C3').numFmt = 'DD.MM.YYYY';
    first.getCell('E3').value = false;
    book.addWorksheet('Второй').addRow(['a', 'b']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());

    const file = await readImportFile(bytes, 'book.xlsx');
    expect(file.sheets).toEqual(['Первый', 'Второй']);
    const rows = [...file.rows];
    expect(rows[1]!.cells).toEqual(['Иванов & "Ко" <x>', 79161234567, { date: '2024-02-29' }, 3, true, 6, 'сайт', 'жирный']);
    expect(rows[2]).toEqual({ row: 3, cells: [null, null, { date: '1999-12-31' }, null, false] });
    expect(await rowsOf(bytes, 'book.xlsx', 'Второй')).toEqual([{ row: 1, cells: ['a', 'b'] }]);
    await expect(readImportFile(bytes, 'book.xlsx', { sheet: 'Третий' })).rejects.toMatchObject({ code: 'SHEET_NOT_FOUND' });
  });

  it('takes the visible sheet by default when a hidden one comes first, and lists the hidden one last', async () => {
    const book = new ExcelJS.Workbook();
    const old = book.addWorksheet('Старая база');
    old.addRow(['ФИО', 'Телефон']);
    old.addRow(['Старый Скрытый', '89160000001']);
    old.state = 'hidden';
    const shown = book.addWorksheet('Клиенты');
    shown.addRow(['ФИО', 'Телефон']);
    shown.addRow(['Новый Видимый', '89160000002']);
    const file = await readImportFile(new Uint8Array(await book.xlsx.writeBuffer()), 'book.xlsx');
    expect(file.sheets).toEqual(['Клиенты', 'Старая база']);
    expect(file.sheet).toBe('Клиенты');
    expect([...file.rows][1]!.cells).toEqual(['Новый Видимый', '89160000002']);
  });

  it('keeps a time typed into an h:mm cell as the time of day a diary reads, not as 30 December 1899', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Запись');
    sheet.addRow(['Время', 'Клиент', 'Телефон', 'Работы']);
    sheet.addRow([9.5 / 24, 'Орлов', '89165551015', 'замена масла']);
    sheet.addRow([14 / 24, 'Павлов', '89165551016', 'развал']);
    sheet.getCell('A2').numFmt = 'h:mm';
    sheet.getCell('A3').style = { numFmt: 'hh:mm:ss' };
    const file = await readImportFile(new Uint8Array(await book.xlsx.writeBuffer()), 'diary.xlsx');
    const times = [...file.rows].slice(1).map((row) => parseTimeOfDay(row.cells[0]));
    expect(times).toEqual(['09:30', '14:00']);
  });

  it('leaves out rows and cells without a value, and keeps the row numbers a spreadsheet shows', async () => {
    const sheet = sheetXml([['ФИО', 'Телефон'], [], [null, '+79160000001'], ['', ''], ['Пётр', null, null, 'x']]);
    expect(await rowsOf(workbook({ sheet }))).toEqual([
      { row: 1, cells: ['ФИО', 'Телефон'] },
      { row: 3, cells: [null, '+79160000001'] },
      { row: 5, cells: ['Пётр', null, null, 'x'] },
    ]);
  });
});

describe('Refusing a hostile .xlsx', () => {
  it('refuses the zip bomb by the sizes its directory declares, before unpacking anything', async () => {
    const bomb = sharedStringsBomb();
    expect(bomb.length).toBeLessThan(5 * MiB);
    const started = process.memoryUsage().rss;
    const { kind, code, message } = await refusal(bomb);
    expect({ kind, code }).toEqual({ kind: 'too-large', code: 'FILE_UNPACKED_TOO_LARGE' });
    expect(message).toContain('the whole workbook unpacks to 1.5 GB');
    expect(message).toContain('at most 512 MB');
    expect(process.memoryUsage().rss - started).toBeLessThan(100 * MiB);
  }, 60_000);

  it('refuses shared strings over 64 MB even when the whole workbook is under 512 MB', async () => {
    const { kind, code, message } = await refusal(sharedStringsBomb({ megabytes: 100 }));
    expect({ kind, code }).toEqual({ kind: 'too-large', code: 'FILE_UNPACKED_TOO_LARGE' });
    expect(message).toContain('xl/sharedStrings.xml unpacks to 100 MB');
    expect(message).toContain('at most 64 MB');
  }, 60_000);

  it('stops unpacking a part the moment it gives more than its directory declared', async () => {
    const { kind, code, message } = await refusal(sharedStringsBomb({ declaredSize: MiB }));
    expect({ kind, code }).toEqual({ kind: 'unsafe', code: 'FILE_UNSAFE' });
    expect(message).toContain('xl/sharedStrings.xml unpacks to more than the size it declares');
  }, 60_000);

  it('refuses more distinct texts than it keeps', async () => {
    const { kind, code, message } = await refusal(sharedStringsBomb({ megabytes: 60 }));
    expect({ kind, code }).toEqual({ kind: 'too-large', code: 'FILE_UNPACKED_TOO_LARGE' });
    expect(message).toContain('more than 2,000,000 different texts');
  }, 60_000);

  it('refuses a workbook of more parts than Excel writes', async () => {
    const extra: ZipPart[] = Array.from({ length: importLimits.zipEntries }, (_, i) => ({
      name: `xl/media/image${i}.png`,
      packed: pack('x'),
    }));
    expect(await refusal(workbook({ extra }))).toMatchObject({ kind: 'too-large', code: 'FILE_TOO_MANY_PARTS' });
  });

  it.each(['../../etc/cron.d/job', '/etc/passwd', 'C:\\Windows\\evil.xml', 'xl/../../evil.xml', 'xl\\..\\evil.xml'])(
    'refuses a part named %s, which points outside the workbook',
    async (name) => {
      const { kind, code, message } = await refusal(workbook({ extra: [{ name, packed: pack('x') }] }));
      expect({ kind, code }).toEqual({ kind: 'unsafe', code: 'FILE_UNSAFE' });
      expect(message).toContain('outside the workbook');
      expect(message).not.toContain(name);
    },
  );

  it('refuses two parts of the same name', async () => {
    const parts = workbookParts();
    expect(await refusal(zipOf([...parts, parts[4]!]))).toMatchObject({ kind: 'unsafe', code: 'FILE_UNSAFE' });
  });

  const laughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    Array.from({ length: 8 }, (_, i) => `<!ENTITY lol${i + 2} "${`&lol${i + 1};`.repeat(10)}">`).join('') +
    ']>';

  it('refuses an entity-expansion ("billion laughs") document type in the shared strings or the sheet', async () => {
    const strings = `${laughs}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>`;
    const inStrings = await refusal(workbook({ sharedStrings: strings }));
    expect({ kind: inStrings.kind, code: inStrings.code }).toEqual({ kind: 'unsafe', code: 'FILE_UNSAFE' });
    expect(inStrings.message).toContain('DOCTYPE');
    const sheet = `${laughs}<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>`;
    expect(await refusal(workbook({ sheet }))).toMatchObject({ kind: 'unsafe', code: 'FILE_UNSAFE' });
  });

  it('never expands an entity the document did not declare either', async () => {
    const sheet =
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>';
    expect(await refusal(workbook({ sheet }))).toMatchObject({ kind: 'invalid', code: 'FILE_DAMAGED' });
  });

  it('refuses a sheet padded with megabytes of blanks between its rows, and reads one with a few', async () => {
    const padded = (megabytes: number) =>
      `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Телефон</t></is></c></row>${' '.repeat(megabytes * MiB)}` +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>+79161234567</t></is></c></row></sheetData></worksheet>';
    const refused = await refusal(workbook({ sheet: padded(40) }));
    expect({ kind: refused.kind, code: refused.code }).toEqual({ kind: 'unsafe', code: 'FILE_UNSAFE' });
    expect(refused.message).toContain('empty space');
    expect(await rowsOf(workbook({ sheet: padded(4) }))).toHaveLength(2);
  }, 60_000);

  it('refuses a tag or attribute longer than 64 KB', async () => {
    const sheet = `<worksheet><sheetData><row r="1" x="${'a'.repeat(100_000)}"/></sheetData></worksheet>`;
    expect(await refusal(workbook({ sheet }))).toMatchObject({ kind: 'unsafe', code: 'FILE_UNSAFE' });
  });

  it('refuses a cell longer than 32,767 characters, inline or shared', async () => {
    const long = 'я'.repeat(importLimits.cellChars + 1);
    const inline = await refusal(workbook({ sheet: sheetXml([['ФИО'], [long]]) }));
    expect(inline).toMatchObject({ kind: 'too-large', code: 'FILE_CELL_TOO_LONG' });
    expect(inline.message).toContain('row 2');
    const shared = `${sharedStringsHead}<si><t>${long}</t></si></sst>`;
    expect(await refusal(workbook({ sharedStrings: shared }))).toMatchObject({ kind: 'too-large', code: 'FILE_CELL_TOO_LONG' });
    expect(await rowsOf(workbook({ sheet: sheetXml([[long.slice(1)]]) }))).toHaveLength(1);
  });

  it('refuses a value beyond column 256, but not an empty formatted cell there', async () => {
    const far = (cell: string) =>
      `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ФИО</t></is></c>${cell}</row></sheetData></worksheet>`;
    const refused = await refusal(workbook({ sheet: far('<c r="KN1"><v>1</v></c>') }));
    expect(refused).toMatchObject({ kind: 'too-large', code: 'FILE_TOO_MANY_COLUMNS' });
    expect(refused.message).toContain('Row 1');
    expect(await rowsOf(workbook({ sheet: far('<c r="XFD1" s="3"/>') }))).toEqual([{ row: 1, cells: ['ФИО'] }]);
    expect(await rowsOf(workbook({ sheet: far('<c r="IV1"><v>1</v></c>') }))).toHaveLength(1);
  });

  it('refuses more than 200,000 rows, however few bytes they pack into', async () => {
    const rows = Array.from(
      { length: importLimits.rows + 1 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`,
    );
    const sheet = pack(`<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`);
    expect(await refusal(workbook({ sheet }))).toMatchObject({ kind: 'too-large', code: 'FILE_TOO_MANY_ROWS' });
  }, 60_000);

  it('refuses a truncated zip, a zip that is not a workbook and a non-zip named .xlsx as damaged', async () => {
    const sample = readFileSync(path.join(data, 'clients-sample.xlsx'));
    expect(await refusal(sample.subarray(0, sample.length - 30))).toMatchObject({ kind: 'invalid', code: 'FILE_DAMAGED' });
    expect(await refusal(sample.subarray(0, 4000))).toMatchObject({ kind: 'invalid', code: 'FILE_DAMAGED' });
    expect(await refusal(zipOf([{ name: 'notes.txt', packed: pack('hello') }]))).toMatchObject({
      kind: 'invalid',
      code: 'FILE_DAMAGED',
    });
    const noise = randomBytes(64 * 1024);
    noise[10] = 0;
    expect(await refusal(noise, 'clients.xlsx')).toMatchObject({ kind: 'invalid', code: 'FILE_DAMAGED' });
  });

  it('refuses a part whose packed bytes are garbage as damaged', async () => {
    const parts = workbookParts();
    parts[4] = { name: 'xl/worksheets/sheet1.xml', packed: { bytes: randomBytes(2000), size: 5000, crc: 0 } };
    expect(await refusal(zipOf(parts))).toMatchObject({ kind: 'invalid', code: 'FILE_DAMAGED' });
  });

  it('refuses a password-protected part', async () => {
    const parts = workbookParts().map((part) => (part.name === 'xl/worksheets/sheet1.xml' ? { ...part, flags: 1 } : part));
    expect(await refusal(zipOf(parts))).toMatchObject({ kind: 'unsupported', code: 'FILE_UNSUPPORTED' });
  });
});

describe('Refusing a hostile CSV', () => {
  it('refuses a single 40 MB line by its columns, before papaparse makes a row of it', async () => {
    const line = new TextEncoder().encode('Иванов,'.repeat(3 * 1024 * 1024));
    const { kind, code, message } = await refusal(line, 'clients.csv');
    expect({ kind, code }).toEqual({ kind: 'too-large', code: 'FILE_TOO_MANY_COLUMNS' });
    expect(message).toContain('Row 1');
  }, 60_000);

  it('refuses a field longer than a cell holds, and an unclosed quote that runs to the end', async () => {
    const long = `ФИО,Телефон\r\nИванов,${'7'.repeat(importLimits.cellChars + 1)}\r\n`;
    expect(await refusal(new TextEncoder().encode(long), 'clients.csv')).toMatchObject({
      kind: 'too-large',
      code: 'FILE_CELL_TOO_LONG',
    });
    const unclosed = `ФИО,Телефон\r\n"Иванов,+79160000001\r\n${'Петров,+79160000002\r\n'.repeat(5000)}`;
    const refused = await refusal(new TextEncoder().encode(unclosed), 'clients.csv');
    expect(refused).toMatchObject({ kind: 'invalid', code: 'FILE_BAD_QUOTES', details: { row: 2 } });
    expect(refused.message).toContain('Row 2');
  });

  it('refuses a quote that closes mid-field, which would glue the rows after it into one name', async () => {
    // «"Ромашка" ООО» as typed by hand: papaparse read the six rows as two, with a name of three clients.
    const stray =
      'ФИО;Телефон\r\nИванов;89310000000\r\n"Ромашка" ООО;89310000001\r\nООО "Лютик";89310000002\r\nПетров;89310000003\r\n';
    expect(await refusal(new TextEncoder().encode(stray), 'clients.csv')).toMatchObject({
      kind: 'invalid',
      code: 'FILE_BAD_QUOTES',
      details: { row: 3 },
    });
    // A quote inside a field that does not open with one is text, as every spreadsheet reads it.
    const inside = 'ФИО;Телефон\r\nООО "Лютик";89310000002\r\n';
    expect(filled(await rowsOf(new TextEncoder().encode(inside), 'clients.csv'))).toEqual([
      { row: 1, cells: ['ФИО', 'Телефон'] },
      { row: 2, cells: ['ООО "Лютик"', '89310000002'] },
    ]);
  });

  it('reads every row of a file that mixes CRLF and bare LF line ends', async () => {
    const text =
      'ФИО,Телефон\r\nИванов,89160000001\nПетров,89160000002\r\nСидорова,89160000003\n"Орлов\r\nмладший",89160000004\r\n';
    expect(filled(await rowsOf(new TextEncoder().encode(text), 'clients.csv'))).toEqual([
      { row: 1, cells: ['ФИО', 'Телефон'] },
      { row: 2, cells: ['Иванов', '89160000001'] },
      { row: 3, cells: ['Петров', '89160000002'] },
      { row: 4, cells: ['Сидорова', '89160000003'] },
      { row: 5, cells: ['Орлов\nмладший', '89160000004'] },
    ]);
  });

  it('refuses more than 200,000 rows and reads 200,000 with blank lines between', async () => {
    const rows = (count: number, gap = '') => `ФИО,Телефон\n${'Иванов,89160000001\n'.concat(gap).repeat(count - 1)}`;
    expect(await refusal(new TextEncoder().encode(rows(importLimits.rows + 1)), 'clients.csv')).toMatchObject({
      kind: 'too-large',
      code: 'FILE_TOO_MANY_ROWS',
    });
    const file = await readImportFile(new TextEncoder().encode(rows(importLimits.rows, '\n')), 'clients.csv');
    expect([...file.rows].filter((row) => row.cells.some((cell) => cell !== '')).length).toBe(importLimits.rows);
  }, 60_000);

  it('refuses random bytes named .csv as a binary file', async () => {
    expect(await refusal(randomBytes(1024 * 1024), 'clients.csv')).toMatchObject({ kind: 'unsupported', code: 'FILE_NOT_TEXT' });
  });
});
