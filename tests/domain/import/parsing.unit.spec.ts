import { describe, expect, it } from 'vitest';
import { detectMapping, findHeaderRow, recognizeHeader } from '../../../domain/import/columns.ts';
import { normalizeName, normalizeRow, parseDate, type SourceRow } from '../../../domain/import/normalize.ts';
import { textLimits } from '../../../domain/shared/input-rules.ts';
import { rejectionReport } from '../../../domain/import/report.ts';
import { csvField, neutralizeFormula } from '../../../domain/shared/csv.ts';
import { createAnalysis, normalizedRows, resolveMapping, tableOf } from '../../../domain/import/table.ts';
import { csvLimitBreach, decodeText, detectDelimiter, lineBreakOf, parseCsv, readCsv } from '../../../domain/import/text.ts';
import { DomainError } from '../../../domain/shared/errors.ts';

const cp1251 = (text: string) =>
  new Uint8Array(
    [...text].map((char) => {
      const code = char.charCodeAt(0);
      if (code < 0x80) return code;
      if (char === 'ё') return 0xb8;
      if (char === 'Ё') return 0xa8;
      return code - 0x410 + 0xc0;
    }),
  );

const rowsOf = (csv: string): SourceRow[] => parseCsv(csv, detectDelimiter(csv)).map((cells, i) => ({ row: i + 1, cells }));

describe('Import text', () => {
  it('reads UTF-8 with and without a BOM and Windows-1251', () => {
    const text = 'ФИО;Телефон\r\nСемёнов;89161234567\r\n';
    const utf8 = new TextEncoder().encode(text);
    expect(decodeText(utf8)).toEqual({ text, encoding: 'utf-8', bom: false });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text, encoding: 'utf-8', bom: true });
    expect(decodeText(cp1251(text))).toEqual({ text, encoding: 'windows-1251', bom: false });
  });

  it('keeps a UTF-8 file with a stray byte UTF-8, the byte read as U+FFFD, and a Windows-1251 file with a valid pair Windows-1251', () => {
    const text = 'ФИО;Телефон\r\nЖуков Георгий;89161234567\r\nСемёнова Анна;89161234568\r\n';
    const utf8 = new TextEncoder().encode(text);
    const spoiled = new Uint8Array([...utf8.subarray(0, 23), 0x80, ...utf8.subarray(23)]);
    const decoded = decodeText(spoiled);
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('Жуков Георгий');
    expect(decoded.text.replace('\ufffd', '')).toBe(text);
    // «РЁ» in Windows-1251 is D0 A8, a valid UTF-8 pair; the rest of the file is not UTF-8 at all.
    const russian = 'ФИО;Телефон\r\nРЁЗНИКОВ Пётр;89161234567\r\n';
    expect(decodeText(cp1251(russian))).toEqual({ text: russian, encoding: 'windows-1251', bom: false });
  });

  it('detects the delimiter without being fooled by one inside quotes', () => {
    expect(detectDelimiter('Код;Наименование;Комментарий\r\n1;Иванов;"скидка, 5%"\r\n2;Петров;"a; b"\r\n')).toBe(';');
    expect(detectDelimiter('ФИО,Телефон,Комментарий\n"Иванов; Иван",8916,"a; b"\n')).toBe(',');
    expect(detectDelimiter('name\tphone\nIvan\t8916\n')).toBe('\t');
  });

  it('keeps a quoted field with the delimiter inside as one cell', () => {
    expect(parseCsv('a;b\r\n1;"x; y"\r\n', ';').slice(0, 2)).toEqual([
      ['a', 'b'],
      ['1', 'x; y'],
    ]);
  });
});

describe('Import CSV limits', () => {
  const limits = { rows: 3, columns: 3, cellChars: 10 };

  it('takes the line break papaparse would, quoted text left out', () => {
    expect(lineBreakOf('a,b\r\n1,2\r\n')).toBe('\r\n');
    expect(lineBreakOf('a,b\n1,2\n')).toBe('\n');
    expect(lineBreakOf('a,b\r1,2\r')).toBe('\r');
    expect(lineBreakOf('a,"x\r\ny"\n1,2\n')).toBe('\n');
  });

  it('counts fields and rows as papaparse splits them: quotes hide delimiters and line breaks, "" is one quote', () => {
    const text = 'a,b,c\n"x,y\nz","q""",w\n\n1,2,3\n';
    expect(csvLimitBreach(text, ',', '\n', limits)).toBeNull();
    expect([...readCsv(text, ',', '\n').records]).toEqual([['a', 'b', 'c'], ['x,y\nz', 'q"', 'w'], [''], ['1', '2', '3'], ['']]);
    expect(csvLimitBreach(`${text}4,5,6\n`, ',', '\n', limits)).toEqual({ limit: 'rows', row: 5 });
    expect(csvLimitBreach('a,b,c,d\n', ',', '\n', limits)).toEqual({ limit: 'columns', row: 1 });
    expect(csvLimitBreach('a\nb\n12345678901\n', ',', '\n', limits)).toEqual({ limit: 'cellChars', row: 3 });
  });

  it('stops a file of blank lines: none is a row, but each is a record to parse', () => {
    const blankBetween = `a,b${'\n\n1,2'.repeat(2)}\n`;
    expect(csvLimitBreach(blankBetween, ',', '\n', limits)).toBeNull();
    expect(csvLimitBreach(`a,b${'\n'.repeat(10)}1,2\n`, ',', '\n', limits)).toEqual({ limit: 'rows', row: 7 });
  });

  it('stops at a quote that opens a field and closes mid-field or never (papaparse would swallow the rows after it)', () => {
    const wide = { rows: 100, columns: 100, cellChars: 1000 };
    expect(csvLimitBreach('a"b,"c"d,e\n1,2\n', ',', '\n', wide)).toEqual({ limit: 'quotes', row: 1 });
    expect(csvLimitBreach('a,b\n"never closed,x,y\nz,w\n', ',', '\n', wide)).toEqual({ limit: 'quotes', row: 2 });
    expect(csvLimitBreach('a,b\n1,2\n"a"b",c,d\n', ',', '\n', wide)).toEqual({ limit: 'quotes', row: 3 });
    expect(csvLimitBreach('a,b\na"b"c,d\n', ',', '\n', wide)).toBeNull();
  });

  it('agrees with papaparse on quotes closed before spaces, doubled quotes and quoted line breaks', () => {
    const tricky = ['"ab"  ,c\n', 'a"b,c,e\n1,2\n', 'a,"b""c",d\n"x\n\ny",z\n'];
    for (const text of tricky) {
      const records = [...readCsv(text, ',', '\n').records].filter((record) => record.join('') !== '');
      const exact = {
        rows: records.length,
        columns: Math.max(...records.map((record) => record.length)),
        // A cell is measured raw (quotes and spaces around them included): never less than papaparse's cell.
        cellChars: text.length,
      };
      expect(csvLimitBreach(text, ',', '\n', exact), text).toBeNull();
      expect(csvLimitBreach(text, ',', '\n', { ...exact, columns: exact.columns - 1 })?.limit, text).toBe('columns');
      expect(csvLimitBreach(text, ',', '\n', { ...exact, rows: exact.rows - 1 })?.limit, text).toBe('rows');
    }
  });

  it('splits records only on the chosen line break, as papaparse does', () => {
    // A lone \n in a \r\n file is inside a field for papaparse: the whole rest is one long record.
    const text = `a,b\r\n${'x\n'.repeat(20)}`;
    expect(csvLimitBreach(text, ',', '\r\n', limits)).toEqual({ limit: 'cellChars', row: 2 });
    expect(csvLimitBreach(text, ',', '\n', { ...limits, rows: 100 })).toBeNull();
  });
});

describe('Import columns', () => {
  it('recognises Russian, English and 1C headers', () => {
    const cases: [string, string | null][] = [
      ['ФИО', 'name'],
      ['Ф.И.О.', 'name'],
      ['Наименование', 'name'],
      ['Фамилия', 'lastName'],
      ['Имя', 'firstName'],
      ['Отчество', 'middleName'],
      ['Телефон', 'phone'],
      ['Тел.', 'phone'],
      ['Мобильный телефон', 'phone'],
      ['Phone', 'phone'],
      ['E-mail', 'email'],
      ['Эл. почта', 'email'],
      ['Автомобиль', 'car'],
      ['Марка и модель', 'car'],
      ['Марка', 'make'],
      ['Модель', 'model'],
      ['Госномер', 'plate'],
      ['Гос. номер', 'plate'],
      ['Последний визит', 'lastVisit'],
      ['Дата последнего обращения', 'lastVisit'],
      ['Дата последнего визита', 'lastVisit'],
      ['Визитов', 'visits'],
      ['Количество визитов', 'visits'],
      ['Комментарий', 'comment'],
      ['Код', 'code'],
      ['Last visit', 'lastVisit'],
      ['Что-то ещё', null],
    ];
    for (const [header, field] of cases) expect(recognizeHeader(header), header).toBe(field);
  });

  it('maps each field to its first column', () => {
    expect(detectMapping(['Код', 'Наименование', 'Телефон', 'Тел.', 'Гос. номер'])).toEqual({
      code: 0,
      name: 1,
      phone: 2,
      plate: 4,
    });
  });

  it('finds the header below a title line', () => {
    expect(findHeaderRow([['Список клиентов на 01.01.2025'], [], ['ФИО', 'Телефон', 'Автомобиль'], ['Иванов', '8916']])).toBe(2);
  });

  it('refuses a mapping without a phone column and applies corrections', () => {
    const table = tableOf(rowsOf('Клиентос,Номер\nИванов,89161234567\n'))!;
    expect(() => resolveMapping(table)).toThrow(DomainError);
    expect(resolveMapping(table, { name: 0, phone: 1 })).toEqual({ name: 0, phone: 1 });
    expect(() => resolveMapping(table, { phone: 7 })).toThrow(/not in the file/);
  });
});

describe('Import normalisation', () => {
  it('capitalises names and trims them', () => {
    expect(normalizeName('  иванов   иван  ')).toBe('Иванов Иван');
    expect(normalizeName('ПЕТРОВА-ВОДКИНА анна')).toBe('Петрова-Водкина Анна');
    expect(normalizeName('МакКуин')).toBe('МакКуин');
  });

  it('reads dd.mm.yyyy, 1C date-times, ISO dates and Excel serials, and refuses impossible dates', () => {
    expect(parseDate('03.09.2023')).toBe('2023-09-03');
    expect(parseDate('3.9.2023 0:00:00')).toBe('2023-09-03');
    expect(parseDate('03/09/23')).toBe('2023-09-03');
    expect(parseDate('2023-09-03')).toBe('2023-09-03');
    expect(parseDate(45172)).toBe('2023-09-03');
    expect(parseDate('45172')).toBe('2023-09-03');
    expect(parseDate({ date: '2025-09-05' })).toBe('2025-09-05');
    expect(parseDate('31.02.2024')).toBeNull();
    expect(parseDate('вчера')).toBeNull();
    expect(parseDate('13.13.2023')).toBeNull();
  });

  it('reads a phone back from the station’s own rejection report, where a quote marks it as text', () => {
    const mapping = { name: 0, phone: 1 };
    const phones = ["'+7-912-345-67-88", "'89180000002"].map((phone, i) => {
      const outcome = normalizeRow({ row: i + 2, cells: ['Орлов Павел', phone] }, mapping);
      return outcome.ok ? outcome.client.phone : outcome;
    });
    expect(phones).toEqual(['+79123456788', '+79180000002']);
  });

  it('reads a date written in words, and takes no date without its year for an Excel day number', () => {
    expect(parseDate('5 декабря 2025')).toBe('2025-12-05');
    expect(parseDate('4 Февраля 2027 г.')).toBe('2027-02-04');
    expect(parseDate('31 апреля 2025')).toBeNull();
    // Read as Excel's day numbers these were 1900-01-01, 1900-01-14 and 1905-07-16.
    expect(['02.02', '15.03', '2024', '2,5'].map(parseDate)).toEqual([null, null, null, null]);
    expect(parseDate('45172,5')).toBe('2023-09-03');
  });

  it('turns a row into a client with E.164 phone, Cyrillic plate and split car', () => {
    const mapping = { name: 0, phone: 1, car: 2, plate: 3, lastVisit: 4, visits: 5, comment: 6, email: 7 };
    const outcome = normalizeRow(
      {
        row: 5,
        cells: [
          'семёнов дмитрий',
          '8 (904) 974-65-07',
          'Mercedes-Benz E200',
          'x 119 pa 750',
          '09.08.2023',
          '13',
          '=1+2',
          'A@B.RU',
        ],
      },
      mapping,
    );
    expect(outcome).toEqual({
      ok: true,
      client: {
        row: 5,
        name: 'Семёнов Дмитрий',
        phone: '+79049746507',
        email: 'a@b.ru',
        comment: '=1+2',
        car: { make: 'Mercedes-Benz', model: 'E200', plate: 'Х119РА750' },
        visits: 13,
        lastVisitAt: '2023-08-09',
      },
    });
  });

  it('reads a cell written as a text formula, ="…", as its text: exports keep leading zeros so', () => {
    const mapping = { name: 0, phone: 1, plate: 2, comment: 3 };
    const outcome = normalizeRow(
      { row: 2, cells: ['="Иванов Иван"', ' ="89110000041" ', '="А123ВС77"', '="сказал ""да"""'] },
      mapping,
    );
    expect(outcome).toMatchObject({
      ok: true,
      client: { name: 'Иванов Иван', phone: '+79110000041', car: { plate: 'А123ВС77' }, comment: 'сказал "да"' },
    });
    // A formula that computes something is not a text formula: kept as written (and neutralised in reports).
    expect(normalizeRow({ row: 3, cells: ['Пётр', '89110000042', '', '=1+2'] }, mapping)).toMatchObject({
      ok: true,
      client: { comment: '=1+2' },
    });
  });

  it('joins surname, name and patronymic from separate columns', () => {
    const outcome = normalizeRow(
      { row: 2, cells: ['Орлов', 'Константин', 'Михайлович', 89763981558] },
      { lastName: 0, firstName: 1, middleName: 2, phone: 3 },
    );
    expect(outcome.ok && outcome.client).toMatchObject({ name: 'Орлов Константин Михайлович', phone: '+79763981558' });
  });

  it('finds no table in a file of separator lines, and a header under them', () => {
    expect(tableOf(rowsOf(';;;\n;;;\n;;\n'))).toBeNull();
    expect(tableOf(rowsOf(';;\n;;\nФИО;Телефон\nИванов;89161234567\n'))?.headers).toEqual(['ФИО', 'Телефон']);
  });

  it('rejects rows without a phone or with an impossible phone, and skips blank rows', () => {
    const table = tableOf(
      rowsOf(
        'ФИО,Телефон,Последний визит\nА,,01.01.2024\nБ,12345,\nВ,+7 (999) 12-34,\nГ,89161234567,31.02.2024\n,,\nД,89161234568,\n',
      ),
    )!;
    const gathered = createAnalysis();
    for (const outcome of normalizedRows(table, resolveMapping(table))) gathered.add(outcome);
    const analysis = gathered.result();
    expect(analysis.rejections.map(({ row, reason }) => [row, reason])).toEqual([
      [2, 'NO_PHONE'],
      [3, 'BAD_PHONE'],
      [4, 'BAD_PHONE'],
    ]);
    expect(analysis.clients).toBe(2);
    expect(analysis.sample.map((client) => client.row)).toEqual([5, 7]);
  });

  it('writes a name found by a Russian search: no invisible characters, no Latin look-alikes in a Cyrillic word', () => {
    expect(normalizeName('Сидоров\u200b Сидор')).toBe('Сидоров Сидор');
    expect(normalizeName('Лaтинcкий Тecт')).toBe('Латинский Тест');
    expect(normalizeName('ООО «Mercedes-Сервис»')).toBe('ООО «Mercedes-Сервис»');
  });

  it('keeps a client whose last visit or phone note is unreadable, with what was written in the comment', () => {
    const mapping = { name: 0, phone: 1, lastVisit: 2, comment: 3 };
    const row = (cells: string[]) => {
      const outcome = normalizeRow({ row: 2, cells }, mapping);
      return outcome.ok ? outcome.client : outcome;
    };
    expect(row(['Гусев Глеб', '89161234567', 'март 2025', 'постоянный'])).toMatchObject({
      phone: '+79161234567',
      lastVisitAt: null,
      comment: 'постоянный\nПоследний визит: март 2025',
    });
    expect(row(['Жукова Вера', '+7-916-000-00-03 (жена)', '', ''])).toMatchObject({
      phone: '+79160000003',
      comment: 'Телефон: +7-916-000-00-03 (жена)',
    });
    expect(row(['Васин Олег', '8 916 000 00 04 Вася', '', ''])).toMatchObject({ phone: '+79160000004' });
    const withExtension = row(['Пётр', '+7 912 345 67 80 доб. 12', '', '']);
    expect(withExtension).toMatchObject({ extension: '12' });
    expect(withExtension).not.toHaveProperty('comment');
  });

  it('takes the first real number of a cell that holds two', () => {
    const outcome = normalizeRow({ row: 2, cells: ['Иванов', 'тел. 12-34, 8 916 123-45-67'] }, { name: 0, phone: 1 });
    expect(outcome.ok && outcome.client.phone).toBe('+79161234567');
  });
});

describe('Import rows and the input rules', () => {
  const mapping = { name: 0, phone: 1, car: 2, plate: 3, comment: 4 };
  const row = (cells: string[]) => normalizeRow({ row: 7, cells }, mapping);

  it.each([
    ['name', 'BAD_TEXT', ['Иванов\u0000Иван', '89161234567', '', '', '']],
    ['make', 'BAD_TEXT', ['Иванов', '89161234567', 'Kia\u0007 Rio', '', '']],
    ['plate', 'BAD_TEXT', ['Иванов', '89161234567', '', 'А001\u0000АА77', '']],
    ['comment', 'BAD_TEXT', ['Иванов', '89161234567', '', '', 'звонить\u001bвечером']],
    ['name', 'TOO_LONG', ['Я'.repeat(textLimits.personName + 1), '89161234567', '', '', '']],
    ['comment', 'TOO_LONG', ['Иванов', '89161234567', '', '', 'x'.repeat(textLimits.comment + 1)]],
    ['plate', 'BAD_PLATE', ['Иванов', '89161234567', '', 'нет', '']],
  ])('rejects a row whose %s breaks the rules with %s, naming the field', (field, reason, cells) => {
    expect(row(cells)).toEqual({ ok: false, rejection: expect.objectContaining({ row: 7, reason, field }) });
  });

  it('keeps tabs and line breaks a cell may hold as spaces in a name and as lines in a comment', () => {
    const outcome = row(['Иванов\tИван', '89161234567', 'Kia\nRio', '', 'первая\r\nвторая']);
    expect(outcome.ok && outcome.client).toMatchObject({
      name: 'Иванов Иван',
      car: { make: 'Kia', model: 'Rio' },
      comment: 'первая\nвторая',
    });
  });

  it('leaves out an e-mail with a control character, as any other unreadable e-mail', () => {
    const outcome = normalizeRow({ row: 2, cells: ['Иванов', '89161234567', 'a\u0000@b.ru'] }, { name: 0, phone: 1, email: 2 });
    expect(outcome.ok && outcome.client.email).toBeUndefined();
  });
});

describe('Rejection report', () => {
  it('prefixes formula-like cells with a quote and quotes what needs it', () => {
    expect(neutralizeFormula('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(neutralizeFormula('+79161234567')).toBe("'+79161234567");
    expect(neutralizeFormula('-1')).toBe("'-1");
    expect(neutralizeFormula('@cmd')).toBe("'@cmd");
    expect(neutralizeFormula('Иванов')).toBe('Иванов');
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('writes a BOM, a Russian header and one line per rejected row, without control characters', () => {
    const csv = rejectionReport([{ row: 3, reason: 'NO_PHONE', message: 'No phone number' }], {
      headers: ['ФИО', 'Телефон'],
      cellsOf: () => ['=cmd', '8916\u0007\u0000123'],
    });
    // In Russian for the station, a cell's formula neutralised and its control characters dropped.
    expect(csv).toBe("\uFEFFСтрока;Причина;ФИО;Телефон\r\n3;нет телефона;'=cmd;8916123\r\n");
  });
});
