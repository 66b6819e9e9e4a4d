import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { startAt, testPasswords } from '../../support/test-server.ts';
import { serverForFile } from '../../support/file-server.ts';
import { pack, sharedStringsBomb, workbookParts, zipOf } from '../../support/xlsx-files.ts';
import { readAnswer } from '../../support/answer.ts';

const data = path.resolve(import.meta.dirname, '../../../../shared/data');
const file = (name: string) => readFileSync(path.join(data, name));
const SAMPLE_CSV = 'clients-sample.csv';
const ONE_C = 'clients-1c-export-cp1251.csv';
const SAMPLE_XLSX = 'clients-sample.xlsx';

const server = serverForFile();

/** Sends raw bytes as an import route expects them, with the token of `token` or the demo owner. */
const upload = async (route: string, bytes: Uint8Array, query: Record<string, string> = {}, token = server.token) => {
  const search = new URLSearchParams(query).toString();
  const response = await fetch(`${server.url}${route}${search ? `?${search}` : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  const { text, json } = await readAnswer(response);
  return { status: response.status, body: json, text, headers: response.headers };
};

const importFile = (name: string, token?: string, query: Record<string, string> = {}) =>
  upload('/api/imports', file(name), { fileName: name, ...query }, token);

/** Another organization on the same server, so each sample file meets an empty client base. */
const newOrganization = async () => {
  const orgId = randomUUID();
  const email = `owner-${orgId.slice(0, 8)}@test.local`;
  await server.runtime.pool.query('INSERT INTO organizations (id, name) VALUES ($1, $2)', [orgId, 'Вторая СТО']);
  await server.runtime.pool.query(
    `INSERT INTO users (id, org_id, email, name, password_hash, role) VALUES ($1, $2, $3, 'Owner', $4, 'owner')`,
    [randomUUID(), orgId, email, await testPasswords.hash('password-123')],
  );
  return { orgId, token: await server.login(email, 'password-123') };
};

const eventsOfType = async (type: string) =>
  Number(
    (await server.runtime.pool.query('SELECT count(*)::int AS n FROM emt_messages WHERE message_type = $1', [type])).rows[0].n,
  );

const byReason = (rejections: { row: number; reason: string }[]) =>
  Object.fromEntries(
    [...new Set(rejections.map((rejection) => rejection.reason))].map((reason) => [
      reason,
      rejections.filter((rejection) => rejection.reason === reason).map((rejection) => rejection.row),
    ]),
  );

describe('Client import', () => {
  describe('when the sample CSV is imported into the demo organization', () => {
    it('creates 195 clients, merges 6 repeats and reports 5 rows', async () => {
      const before = await eventsOfType('ClientImported');
      const { status, body } = await importFile(SAMPLE_CSV);
      expect(status).toBe(201);
      expect(body.status).toBe('imported');
      expect(body.counts).toEqual({ rows: 206, created: 195, merged: 6, rejected: 5, unchanged: 0 });
      expect(byReason(body.rejections)).toEqual({ NO_PHONE: [42, 92, 152], BAD_PHONE: [62, 172] });
      expect((await eventsOfType('ClientImported')) - before).toBe(201);
      expect(await eventsOfType('ImportCommitted')).toBe(1);
    });

    it('changes nothing the second time', async () => {
      const before = await server.eventCount();
      const { status, body } = await importFile(SAMPLE_CSV);
      expect(status).toBe(200);
      expect(body.status).toBe('already-imported');
      expect(body.counts).toMatchObject({ created: 0, merged: 0, rejected: 0 });
      expect(await server.eventCount()).toBe(before);
    });

    it('shows the imported clients in the clients read model by name, phone and plate', async () => {
      await server.waitForProjection();
      const byName = await server.api('GET', `/api/clients?q=${encodeURIComponent('Васильев Павел')}`);
      expect(byName.status).toBe(200);
      // Lists mask phones; revealing one is a logged action of its own (tests/core/compliance/access-log).
      const vasiliev = byName.body.clients.find((client: any) => client.phone === '+7 *** ***-**-66');
      expect(vasiliev).toMatchObject({ name: 'Васильев Павел Александрович', channel: 'import' });
      // Row 2 says 2 visits, its repeat in row 22 says 3: the larger count stays.
      expect(vasiliev.importedVisits).toBe(3);
      expect(vasiliev.importedLastVisit).toBe('2023-09-03');
      expect(vasiliev.cars).toEqual([expect.objectContaining({ make: 'Renault', model: 'Logan', plate: 'В564ОА93' })]);

      const byPhone = await server.api('GET', `/api/clients?q=${encodeURIComponent('959 083-01-66')}`);
      expect(byPhone.body.clients.map((client: any) => client.id)).toContain(vasiliev.id);
      const byPlate = await server.api('GET', `/api/clients?q=${encodeURIComponent('В564ОА93')}`);
      expect(byPlate.body.clients.map((client: any) => client.id)).toEqual([vasiliev.id]);
    });

    it('only updates when the XLSX of the same clients follows', async () => {
      const before = await eventsOfType('ClientImported');
      const { status, body } = await importFile(SAMPLE_XLSX);
      expect(status).toBe(201);
      expect(body.counts).toEqual({ rows: 56, created: 0, merged: 54, rejected: 2, unchanged: 0 });
      expect(Object.keys(byReason(body.rejections)).sort()).toEqual(['BAD_PHONE', 'NO_PHONE']);
      expect((await eventsOfType('ClientImported')) - before).toBe(54);
      expect(await eventsOfType('ClientRegistered')).toBe(0);

      const total = await server.eventCount();
      const again = await importFile(SAMPLE_XLSX);
      expect(again.body.status).toBe('already-imported');
      expect(await server.eventCount()).toBe(total);
    });

    it('links a booking made with an imported phone to the imported client', async () => {
      await server.waitForProjection();
      const found = await server.api('GET', `/api/clients?q=${encodeURIComponent('79308246281')}`);
      const stepanov = found.body.clients[0];
      expect(stepanov.name).toBe('Степанов Сергей Петрович');
      const registered = await eventsOfType('ClientRegistered');
      const booking = await server.api('POST', '/api/bookings', {
        branchId: server.branch.id,
        serviceId: server.service('Диагностика').id,
        start: startAt(server.branch, 2, '11:00'),
        client: { name: 'Сергей', phone: '8 930 824 62 81' },
      });
      expect(booking.status).toBe(201);
      expect(await eventsOfType('ClientRegistered')).toBe(registered);
      const { rows } = await server.runtime.pool.query(
        `SELECT message_data->>'clientId' AS client_id FROM emt_messages WHERE message_type = 'BookingRequested' AND stream_id = $1`,
        [`booking-${booking.body.id}`],
      );
      expect(rows[0].client_id).toBe(stepanov.id);
    });
  });

  describe('when the 1C export is imported into an empty organization', () => {
    it('reads Windows-1251 with semicolons and gives 114 clients, 3 repeats and 3 rejected rows', async () => {
      const org = await newOrganization();
      const preview = await upload('/api/imports/preview', file(ONE_C), { fileName: ONE_C }, org.token);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ format: 'csv', encoding: 'windows-1251', delimiter: ';', alreadyImported: false });
      expect(preview.body.mapping).toMatchObject({ code: 0, name: 1, phone: 2, car: 3, plate: 4, lastVisit: 5, comment: 6 });
      expect(preview.body.counts).toEqual({ rows: 120, created: 114, merged: 3, rejected: 3, unchanged: 0 });
      expect(preview.body.sample[0]).toMatchObject({
        name: 'Васильев Павел Александрович',
        phone: '+79590830166',
        comment: 'постоянный клиент; доп. инфо',
        lastVisitAt: '2023-09-03',
      });

      const before = await server.eventCount();
      const { status, body } = await importFile(ONE_C, org.token);
      expect(status).toBe(201);
      expect(body.counts).toEqual({ rows: 120, created: 114, merged: 3, rejected: 3, unchanged: 0 });
      expect(byReason(body.rejections)).toEqual({ NO_PHONE: [42, 92], BAD_PHONE: [62] });
      const after = await server.eventCount();
      expect(after).toBeGreaterThan(before);

      const again = await importFile(ONE_C, org.token);
      expect(again.body.status).toBe('already-imported');
      expect(await server.eventCount()).toBe(after);
    });

    it('gives the XLSX alone 54 new clients in an empty organization', async () => {
      const org = await newOrganization();
      const { body } = await importFile(SAMPLE_XLSX, org.token);
      expect(body.counts).toMatchObject({ created: 54, merged: 0, rejected: 2 });
    });
  });

  describe('when an import was cut short', () => {
    it('finishes it on the next run, counting the rows already applied as unchanged', async () => {
      const org = await newOrganization();
      const first = await importFile(SAMPLE_XLSX, org.token);
      expect(first.body.counts).toMatchObject({ created: 54 });
      // As if the process died after the last chunk and before ImportCommitted.
      const stream = `import-${org.orgId}_${first.body.batchId}`;
      await server.runtime.pool.query('DELETE FROM emt_messages WHERE stream_id = $1', [stream]);
      await server.runtime.pool.query('DELETE FROM emt_streams WHERE stream_id = $1', [stream]);
      const imported = await eventsOfType('ClientImported');
      const again = await importFile(SAMPLE_XLSX, org.token);
      expect(again.status).toBe(201);
      expect(again.body.counts).toEqual({ rows: 56, created: 0, merged: 0, rejected: 2, unchanged: 54 });
      expect(await eventsOfType('ClientImported')).toBe(imported);
    });
  });

  describe('when a row belongs to an erased client', () => {
    it('rejects the row and imports the rest', async () => {
      const org = await newOrganization();
      const first = await upload('/api/imports', new TextEncoder().encode('ФИО,Телефон\nАнна,89160000001\n'), {}, org.token);
      expect(first.body.counts.created).toBe(1);
      const { rows } = await server.runtime.pool.query(
        `SELECT stream_id FROM emt_messages WHERE message_type = 'ClientImported' AND message_data->>'orgId' = $1`,
        [org.orgId],
      );
      await server.runtime.deps.store.appendMany([
        {
          stream: rows[0].stream_id,
          expected: 1,
          events: [
            {
              type: 'ClientErased',
              data: {
                clientId: rows[0].stream_id.slice(7),
                reason: 'subject_request',
                erasedBy: null,
                erasedAt: new Date().toISOString(),
              },
            },
          ],
        },
      ]);
      const second = await upload(
        '/api/imports',
        new TextEncoder().encode('ФИО,Телефон\nАнна,89160000001\nБорис,89160000002\n'),
        {},
        org.token,
      );
      expect(second.body.counts).toMatchObject({ created: 1, rejected: 1 });
      expect(second.body.rejections).toEqual([{ row: 2, reason: 'ERASED_CLIENT', message: expect.stringContaining('erased') }]);
    });
  });

  describe('when the browser sends the file as it is', () => {
    it('takes a body with no content type or a spreadsheet type', async () => {
      const org = await newOrganization();
      for (const type of [undefined, 'text/csv', 'application/vnd.ms-excel']) {
        const response = await fetch(`${server.url}/api/imports/preview?fileName=${ONE_C}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${org.token}`, ...(type ? { 'content-type': type } : {}) },
          body: file(ONE_C),
        });
        expect(response.status, type).toBe(200);
        expect(((await response.json()) as any).counts.created).toBe(114);
      }
    });
  });

  describe('when a file is not what it claims', () => {
    const refusedWithoutEvents = async (bytes: Uint8Array, fileName: string, status: number, code: string) => {
      const before = await server.eventCount();
      for (const route of ['/api/imports', '/api/imports/preview']) {
        const response = await upload(route, bytes, { fileName });
        expect(response.status, `${route} ${response.text}`).toBe(status);
        expect(response.body.code).toBe(code);
        expect(response.body.detail.length).toBeGreaterThan(10);
      }
      expect(await server.eventCount()).toBe(before);
    };

    it('refuses a broken xlsx', async () => {
      await refusedWithoutEvents(file(SAMPLE_XLSX).subarray(0, 4000), 'clients.xlsx', 400, 'FILE_DAMAGED');
    });

    it('refuses an empty file', async () => {
      await refusedWithoutEvents(new Uint8Array(0), 'clients.csv', 400, 'FILE_EMPTY');
      await refusedWithoutEvents(new TextEncoder().encode('\r\n  \r\n'), 'clients.csv', 400, 'FILE_EMPTY');
    });

    it('refuses a PNG renamed to .csv', async () => {
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      );
      await refusedWithoutEvents(png, 'clients.csv', 415, 'FILE_NOT_TEXT');
    });

    it('refuses a header without rows and a file without a phone column', async () => {
      await refusedWithoutEvents(new TextEncoder().encode('ФИО,Телефон\r\n'), 'clients.csv', 400, 'FILE_NO_ROWS');
      await refusedWithoutEvents(new TextEncoder().encode('a,b\r\n1,2\r\n'), 'clients.csv', 400, 'VALIDATION');
    });

    it('refuses hostile workbooks: a zip bomb, a part that lies about its size, names outside the package, an entity-expansion DOCTYPE', async () => {
      await refusedWithoutEvents(sharedStringsBomb(), 'clients.xlsx', 413, 'FILE_UNPACKED_TOO_LARGE');
      await refusedWithoutEvents(sharedStringsBomb({ declaredSize: 1024 * 1024 }), 'clients.xlsx', 422, 'FILE_UNSAFE');
      const traversal = zipOf(workbookParts({ extra: [{ name: '../../evil.sh', packed: pack('#!/bin/sh') }] }));
      await refusedWithoutEvents(traversal, 'clients.xlsx', 422, 'FILE_UNSAFE');
      const laughs = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><sst><si><t>&b;</t></si></sst>`;
      await refusedWithoutEvents(zipOf(workbookParts({ sharedStrings: laughs })), 'clients.xlsx', 422, 'FILE_UNSAFE');
    });

    it('refuses a hostile CSV: one 40 MB line, an unclosed quote, random bytes', async () => {
      await refusedWithoutEvents(Buffer.from('Иванов,'.repeat(3 * 1024 * 1024)), 'clients.csv', 413, 'FILE_TOO_MANY_COLUMNS');
      const unclosed = `ФИО,Телефон\r\n"Иванов,+79160000001\r\n${'Петров,+79160000002\r\n'.repeat(3000)}`;
      await refusedWithoutEvents(Buffer.from(unclosed), 'clients.csv', 400, 'FILE_BAD_QUOTES');
      await refusedWithoutEvents(randomBytes(256 * 1024), 'clients.csv', 415, 'FILE_NOT_TEXT');
    });

    it('refuses a 60 MB file by its length, before reading it', async () => {
      const before = await server.eventCount();
      const size = 60 * 1024 * 1024;
      const chunk = Buffer.alloc(1024 * 1024, 'Иванов Иван,+79161234567\r\n');
      const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = new URL(`${server.url}/api/imports?fileName=big.csv`);
        const request = httpRequest(
          url,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/csv', 'content-length': String(size) },
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (part: string) => (body += part));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        request.on('error', reject);
        // Only the first megabyte is ever sent: the answer must come from the declared length.
        request.write(chunk);
      });
      expect(response.status).toBe(413);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'FILE_TOO_LARGE' });
      expect(JSON.parse(response.body).detail).toContain('50 MB');
      expect(await server.eventCount()).toBe(before);
    });
  });

  describe('when one organization uploads more files at once than it may', () => {
    type Answer = { status: number; body: any; retryAfter: string | undefined };

    /** An upload whose last byte is held back, so that it keeps its slot until `finish`. */
    const heldUpload = (route: string, bytes: Buffer, token: string) => {
      let finish = () => {};
      let hangUp = () => {};
      const answer = new Promise<Answer>((resolve, reject) => {
        const request = httpRequest(
          new URL(`${server.url}${route}?fileName=${ONE_C}`),
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String(bytes.length) },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (part: string) => (text += part));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), retryAfter: res.headers['retry-after'] }),
            );
          },
        );
        request.on('error', reject);
        request.write(bytes.subarray(0, bytes.length - 1));
        finish = () => request.end(bytes.subarray(bytes.length - 1));
        hangUp = () => {
          request.destroy();
          resolve({ status: 0, body: null, retryAfter: undefined });
        };
      });
      return { answer, finish: () => finish(), hangUp: () => hangUp() };
    };

    /**
     * One upload more than the cap, all held open: whichever reaches the server last is refused at
     * once (the others cannot answer before their last byte), so the first answer names it.
     */
    const overCap = async (route: string, count: number, token: string) => {
      const held = Array.from({ length: count }, () => heldUpload(route, file(ONE_C), token));
      const first = await Promise.race(held.map((one, index) => one.answer.then((answer) => ({ index, answer }))));
      return { refused: first.answer, holders: held.filter((_, index) => index !== first.index) };
    };

    it('answers 429 with Retry-After past two previews and one commit, lets them finish, and frees the slots', async () => {
      const org = await newOrganization();
      const before = await server.eventCount();
      const previews = await overCap('/api/imports/preview', 3, org.token);
      expect(previews.refused.status).toBe(429);
      expect(previews.refused.body.code).toBe('IMPORT_BUSY');
      expect(previews.refused.body.detail).toContain('2 files being checked');
      expect(previews.refused.retryAfter).toBe('5');
      // The rejection report reads a file too, and shares the two slots.
      expect((await upload('/api/imports/rejections.csv', file(ONE_C), { fileName: ONE_C }, org.token)).status).toBe(429);

      const commits = await overCap('/api/imports', 2, org.token);
      expect(commits.refused.status).toBe(429);
      expect(commits.refused.body.code).toBe('IMPORT_BUSY');
      expect(commits.refused.body.detail).toContain('already importing a file');
      expect(commits.refused.retryAfter).toBe('30');
      expect(await server.eventCount()).toBe(before);

      // Another organization is not held back, and progress is never capped.
      expect((await upload('/api/imports/preview', file(ONE_C), { fileName: ONE_C })).status).toBe(200);
      const progress = await fetch(`${server.url}/api/imports/${'0'.repeat(64)}/progress`, {
        headers: { authorization: `Bearer ${org.token}` },
      });
      expect(progress.status).toBe(200);

      for (const held of [...previews.holders, ...commits.holders]) held.finish();
      const answers = await Promise.all(previews.holders.map((held) => held.answer));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      const committed = await commits.holders[0]!.answer;
      expect(committed.status).toBe(201);
      expect(committed.body.counts).toMatchObject({ created: 114 });
      expect((await upload('/api/imports/preview', file(ONE_C), { fileName: ONE_C }, org.token)).status).toBe(200);
    });

    it('frees the slot of a client that hangs up in the middle of its upload', async () => {
      const org = await newOrganization();
      const { refused, holders } = await overCap('/api/imports/preview', 3, org.token);
      expect(refused.status).toBe(429);
      holders[0]!.hangUp();
      let status = 0;
      for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
        status = (await upload('/api/imports/preview', file(ONE_C), { fileName: ONE_C }, org.token)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(200);
      holders[1]!.finish();
      expect((await holders[1]!.answer).status).toBe(200);
    });
  });

  describe('when the workbook opens on a page without phones', () => {
    it('reads its first sheet that has a phone column, and still refuses a workbook with none', async () => {
      const book = new ExcelJS.Workbook();
      book.addWorksheet('Инструкция').addRows([['Как заполнять'], ['Список — на втором листе']]);
      book.addWorksheet('Клиенты').addRows([
        ['ФИО', 'Телефон'],
        ['Листов Пётр', '+79161230001'],
      ]);
      const bytes = new Uint8Array(await book.xlsx.writeBuffer());
      const preview = await upload('/api/imports/preview', bytes, { fileName: 'с-инструкцией.xlsx' });
      expect(preview.status, preview.text).toBe(200);
      expect(preview.body).toMatchObject({ sheet: 'Клиенты', sheets: ['Инструкция', 'Клиенты'], counts: { created: 1 } });

      const bare = new ExcelJS.Workbook();
      bare.addWorksheet('Инструкция').addRows([['Как заполнять']]);
      bare.addWorksheet('Заметки').addRows([['Только текст']]);
      const refused = await upload('/api/imports/preview', new Uint8Array(await bare.xlsx.writeBuffer()), {
        fileName: 'без.xlsx',
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION', reason: 'NO_PHONE_COLUMN', headers: ['Как заполнять'] });
    });
  });

  describe('when the user corrects the mapping', () => {
    it('imports a file whose headers it does not know, with the columns the user chose', async () => {
      const org = await newOrganization();
      const csv =
        'Клиентос;Номер для связи;Тачка\r\nпетров пётр;8 916 111-22-33;kia rio\r\n=HYPERLINK("x");+79161112234;@SUM(1)\r\n';
      const bytes = new TextEncoder().encode(csv);
      const refused = await upload('/api/imports/preview', bytes, { fileName: 'odd.csv' }, org.token);
      expect(refused.status).toBe(400);
      expect(refused.body.reason).toBe('NO_PHONE_COLUMN');

      const mapping = JSON.stringify({ name: 0, phone: 1, car: 2 });
      const preview = await upload('/api/imports/preview', bytes, { fileName: 'odd.csv', mapping }, org.token);
      expect(preview.status).toBe(200);
      expect(preview.body.sample[0]).toMatchObject({
        name: 'Петров Пётр',
        phone: '+79161112233',
        car: { make: 'kia', model: 'rio' },
      });
      // Formula-looking cells are kept as text, never evaluated.
      expect(preview.body.sample[1]).toMatchObject({ name: '=HYPERLINK("x")', phone: '+79161112234' });

      const { status, body } = await upload('/api/imports', bytes, { fileName: 'odd.csv', mapping }, org.token);
      expect(status).toBe(201);
      expect(body.counts).toMatchObject({ created: 2, rejected: 0 });
    });
  });

  describe('when a cell breaks the input rules every channel keeps', () => {
    it('rejects those rows with their reason, imports the rest, and the read models keep following', async () => {
      const csv = [
        'ФИО,Телефон,Госномер,Комментарий',
        'Нулев\u0000 Иван,+79165550001,,',
        'Кнопкин Олег,+79165550002,,звонить\u0007вечером',
        'Номеров Пётр,+79165550003,нет,',
        'Чистов Лев,+79165550004,а 001 аа 77,"первая строка\r\nвторая"',
        // A real list is mostly ordinary rows; a file that is mostly control characters is refused as binary.
        ...Array.from({ length: 10 }, (_, i) => `Обычный Клиент,+7916556000${i},,постоянный клиент`),
      ].join('\r\n');
      const org = await newOrganization();
      const imported = await upload('/api/imports', new TextEncoder().encode(csv), { fileName: 'controls.csv' }, org.token);
      expect(imported.status, imported.text).toBe(201);
      expect(byReason(imported.body.rejections)).toEqual({ BAD_TEXT: [2, 3], BAD_PLATE: [4] });
      expect(imported.body.counts).toMatchObject({ created: 11, rejected: 3 });
      await server.waitForProjection();
      const { rows } = await server.runtime.pool.query(
        `SELECT name, cars FROM rm.clients WHERE org_id = $1 AND name = 'Чистов Лев'`,
        [org.orgId],
      );
      expect(rows).toEqual([{ name: 'Чистов Лев', cars: [expect.objectContaining({ plate: 'А001АА77' })] }]);
    });
  });

  describe('when the rejection report is downloaded', () => {
    it('lists each rejected row with its reason, and neutralises formula-like cells', async () => {
      const csv = 'ФИО,Телефон,Последний визит\r\n=cmd|calc,,01.01.2024\r\nИванов,+79161234567,31.02.2024\r\n@Петров,12345,\r\n';
      const bytes = new TextEncoder().encode(csv);
      const org = await newOrganization();
      const { body } = await upload('/api/imports', bytes, { fileName: 'bad.csv' }, org.token);
      expect(byReason(body.rejections)).toEqual({ NO_PHONE: [2], BAD_PHONE: [4] });

      const stored = await fetch(`${server.url}${body.reportUrl}`, { headers: { authorization: `Bearer ${org.token}` } });
      expect(stored.status).toBe(200);
      expect(stored.headers.get('content-type')).toContain('text/csv');
      const storedText = await stored.text();
      expect(storedText).toContain('2;нет телефона');
      expect(storedText).not.toContain('Иванов');

      const report = await upload('/api/imports/rejections.csv', bytes, { fileName: 'bad.csv' }, org.token);
      expect(report.status).toBe(200);
      expect(report.headers.get('content-disposition')).toContain('attachment');
      const lines = report.text.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toBe('Строка;Причина;ФИО;Телефон;Последний визит');
      expect(lines[1]).toBe("2;нет телефона;'=cmd|calc;;01.01.2024");
      expect(lines[2]).toBe("4;телефон не похож на настоящий номер;'@Петров;12345;");

      const other = await server.api('GET', `/api/imports/${body.batchId}`);
      expect(other.status).toBe(404);
    });
  });
});
