import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImportFile } from '../../../core/import/read-file.ts';
import type { Refusal } from '../../../core/shared/refusal.ts';
import { importLimits } from '../../../domain/import/limits.ts';
import { normalizedRows, resolveMapping, tableOf } from '../../../domain/import/table.ts';

// The files in tests/fixtures/import were written by LibreOffice, Gnumeric and iconv from
// clients-source.csv (how: tests/fixtures/import/README.md). Each holds the same seven client rows.

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/import');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));

/** The rows as the import would write them: clients by row, rejections by row. */
const outcomesOf = async (name: string, sheet?: string) => {
  const file = await readImportFile(fixture(name), name, { sheet });
  const table = tableOf(file.rows)!;
  const outcomes = [...normalizedRows(table, resolveMapping(table))];
  return {
    format: file.format,
    encoding: file.encoding,
    sheets: file.sheets,
    sheet: file.sheet,
    clients: outcomes.flatMap((outcome) => (outcome.ok === true ? [outcome.client] : [])),
    rejected: outcomes.flatMap((outcome) => (outcome.ok === false ? [[outcome.rejection.row, outcome.rejection.reason]] : [])),
  };
};

const refusalOf = async (bytes: Uint8Array, name: string) => {
  try {
    const file = await readImportFile(bytes, name);
    return { code: `read ${[...file.rows].length} rows` };
  } catch (error) {
    const refused = error as Refusal;
    return { kind: refused.kind, code: refused.code, message: refused.message };
  }
};

/** What every one of the fixtures must give: the seven rows of clients-source.csv. */
const expected = (lastVisits: boolean) => ({
  clients: [
    {
      row: 2,
      name: 'ООО «Автотранс»',
      phone: '+74959876543',
      extension: '123',
      car: { make: 'Ford', model: 'Transit', plate: 'А123ВС77' },
      visits: null,
      lastVisitAt: lastVisits ? '2026-01-15' : null,
    },
    {
      row: 3,
      name: 'ИП Егоров',
      phone: '+79122000005',
      car: { make: 'Lada', model: 'Largus', plate: 'В456ОР199' },
      visits: null,
      lastVisitAt: lastVisits ? '2025-12-03' : null,
    },
    {
      row: 4,
      name: 'Васильев И.И.',
      phone: '+79161234567',
      phones: [{ phone: '+79031112233' }],
      car: { make: 'Kia', model: 'Rio' },
      visits: null,
      lastVisitAt: null,
    },
    { row: 5, name: 'Ёж Жёлтый', phone: '+79051234567', visits: null, lastVisitAt: null },
    {
      row: 6,
      name: 'Смирнова Анна Петровна',
      phone: '+79161234567',
      car: { make: 'Skoda', model: 'Octavia' },
      visits: null,
      lastVisitAt: lastVisits ? '2025-11-20' : null,
    },
  ],
  rejected: [
    [7, 'NO_PHONE'],
    [8, 'BAD_PHONE'],
  ],
});

describe('Old Excel files', () => {
  it('reads an Excel 97–2003 (BIFF8) workbook LibreOffice wrote, with real dates and phones typed as numbers', async () => {
    const read = await outcomesOf('clients-biff8-libreoffice.xls');
    expect(read).toMatchObject({ format: 'xls', sheets: ['clients'], sheet: 'clients' });
    expect({ clients: read.clients, rejected: read.rejected }).toEqual(expected(true));
  });

  it('reads an Excel 95 (BIFF5) workbook in Windows-1251, as 1C’s «XLS95» writes, without mojibake', async () => {
    const read = await outcomesOf('clients-biff5-cp1251-gnumeric.xls');
    expect(read.format).toBe('xls');
    expect({ clients: read.clients, rejected: read.rejected }).toEqual(expected(true));
  });

  it('reads an Excel 2003 XML (SpreadsheetML) workbook saved as .xls', async () => {
    const read = await outcomesOf('clients-spreadsheetml-2003.xls');
    expect(read.format).toBe('xls');
    expect({ clients: read.clients, rejected: read.rejected }).toEqual(expected(true));
  });

  it('refuses a sheet the workbook does not have, naming the ones it has', async () => {
    await expect(outcomesOf('clients-biff8-libreoffice.xls', 'Архив')).rejects.toMatchObject({
      code: 'SHEET_NOT_FOUND',
      message: expect.stringContaining('clients'),
    });
  });

  it('refuses a damaged .xls as damaged and a too large one by its size, before parsing it', async () => {
    const bytes = fixture('clients-biff8-libreoffice.xls');
    expect(await refusalOf(bytes.subarray(0, 1500), 'clients.xls')).toMatchObject({ code: 'FILE_DAMAGED' });
    const garbage = new Uint8Array(bytes);
    garbage.fill(0xff, 512);
    expect(await refusalOf(garbage, 'clients.xls')).toMatchObject({ code: 'FILE_DAMAGED' });
    const large = new Uint8Array(importLimits.xlsBytes + 1);
    large.set(bytes);
    expect(await refusalOf(large, 'clients.xls')).toMatchObject({ kind: 'too-large', code: 'FILE_XLS_TOO_LARGE' });
  });
});

describe('Web pages saved as .xls', () => {
  it('reads the table of a Bitrix-style export in Windows-1251, its broken charset quoting, entities, <br> and <b>', async () => {
    const read = await outcomesOf('clients-html-bitrix-cp1251.xls');
    expect(read).toMatchObject({ format: 'html', encoding: 'windows-1251' });
    expect({ clients: read.clients, rejected: read.rejected }).toEqual(expected(true));
  });

  it('reads LibreOffice’s HTML export, taking dates from the serial it keeps beside US-ordered text', async () => {
    const read = await outcomesOf('clients-html-libreoffice.xls');
    expect(read).toMatchObject({ format: 'html', encoding: 'utf-8' });
    expect({ clients: read.clients, rejected: read.rejected }).toEqual(expected(true));
  });

  it('never reads markup as a one-column CSV: a page without a table and a web archive are refused', async () => {
    const page = new TextEncoder().encode('<html><head><meta charset="utf-8"></head><body><p>Клиенты</p></body></html>');
    expect(await refusalOf(page, 'clients.xls')).toMatchObject({ kind: 'unsupported', code: 'FILE_HTML_NO_TABLE' });
    const mht = new TextEncoder().encode('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="x"\r\n\r\n--x\r\n');
    expect(await refusalOf(mht, 'clients.xls')).toMatchObject({ kind: 'unsupported', code: 'FILE_WEB_ARCHIVE' });
  });

  it('reads a table whose page nests elements a hundred thousand deep, without running out of stack', async () => {
    const deep = 100_000;
    const html = new TextEncoder().encode(
      '<meta charset="utf-8"><table><tr><th>ФИО</th><th>Телефон</th></tr>' +
        `<tr><td>${'<span>'.repeat(deep)}Иванов${'</span>'.repeat(deep)}</td><td>8 916 123-45-67</td></tr></table>` +
        `<div>${'<b>'.repeat(deep)}</div>`,
    );
    const file = await readImportFile(html, 'deep.xls');
    expect([...file.rows]).toEqual([
      { row: 1, cells: ['ФИО', 'Телефон'] },
      { row: 2, cells: ['Иванов', '8 916 123-45-67'] },
    ]);
  });

  it('keeps columns under their headers past a merged cell, and skips a table nested in a cell', async () => {
    const html = new TextEncoder().encode(
      '\ufeff<table><tr><th>ФИО</th><th colspan="2">Телефон</th><th>Госномер</th></tr>' +
        '<tr><td>Иванов <table><tr><td>лишнее</td></tr></table></td><td colspan="2">8 916 123-45-67</td><td>А123ВС77</td></tr></table>',
    );
    const file = await readImportFile(html, 'nested.xls');
    expect([...file.rows]).toEqual([
      { row: 1, cells: ['ФИО', 'Телефон', null, 'Госномер'] },
      { row: 2, cells: ['Иванов', '8 916 123-45-67', null, 'А123ВС77'] },
    ]);
  });
});
