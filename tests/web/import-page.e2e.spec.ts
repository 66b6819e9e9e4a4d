import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot, VIEWPORTS, type Viewport } from './browser.ts';
import { ImportPage } from './pages/import-page.ts';
import { sharedStringsBomb, workbookParts, zipOf } from '../support/xlsx-files.ts';
import { testPasswords } from '../support/test-server.ts';
import type { RejectionReason } from '../../domain/import/normalize.ts';
import { rejectionWords } from '../../domain/import/rejection-words.ts';

const data = path.resolve(import.meta.dirname, '../../../shared/data');
const SAMPLE_CSV = path.join(data, 'clients-sample.csv');
const ONE_C = path.join(data, 'clients-1c-export-cp1251.csv');
const SAMPLE_XLSX = path.join(data, 'clients-sample.xlsx');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const panel = panelSuite();
let manager: { token: string; id: string };
const temp = mkdtempSync(path.join(tmpdir(), 'zero-import-'));

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  manager = await panel.server.addUser('manager', [panel.server.branch.id]);
});

afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

/** The import page at a tablet size, signed in as the demo branch's manager unless a token is given. */
const openImport = async (token = manager.token, viewport: Viewport = VIEWPORTS.ipadPortrait) => {
  const page = await panel.open(viewport, { touch: true, token });
  const imports = new ImportPage(page, panel.server.url);
  await imports.goto();
  return { page, imports };
};

const eventsOfType = async (type: string) =>
  Number(
    (await panel.server.runtime.pool.query('SELECT count(*)::int AS n FROM emt_messages WHERE message_type = $1', [type])).rows[0]
      .n,
  );

/** Another organization with its own owner, so a file meets an empty client base. */
const newOrganization = async () => {
  const orgId = randomUUID();
  const email = `owner-${orgId.slice(0, 8)}@test.local`;
  await panel.server.runtime.pool.query('INSERT INTO organizations (id, name) VALUES ($1, $2)', [orgId, 'Другая СТО']);
  await panel.server.runtime.pool.query(
    `INSERT INTO users (id, org_id, email, name, password_hash, role) VALUES ($1, $2, $3, 'Owner', $4, 'owner')`,
    [randomUUID(), orgId, email, await testPasswords.hash('password-123')],
  );
  return { orgId, token: await panel.server.login(email, 'password-123') };
};

const downloaded = async (page: Page, click: () => Promise<void>) => {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8').replace(/^\uFEFF/, '') };
};

const SAMPLE_REJECTIONS = [
  [42, 'NO_PHONE'],
  [62, 'BAD_PHONE'],
  [92, 'NO_PHONE'],
  [152, 'NO_PHONE'],
  [172, 'BAD_PHONE'],
];

describe.skipIf(SKIP_BROWSER)('Panel: client import', () => {
  describe('when the manager imports the sample CSV (../shared/data)', () => {
    it('previews the detected mapping, the first rows and the counts, and writes nothing', async () => {
      const events = await panel.server.eventCount();
      const { page, imports } = await openImport();
      await imports.choose(SAMPLE_CSV);
      await imports.waitPreview();

      expect(await imports.mapping()).toEqual({
        ФИО: 'name',
        Телефон: 'phone',
        Автомобиль: 'car',
        Госномер: 'plate',
        'Последний визит': 'lastVisit',
        Визитов: 'visits',
        Комментарий: 'comment',
      });
      expect(await imports.counts('[data-import-preview]')).toEqual({ rows: 206, created: 195, merged: 6, rejected: 5 });
      expect(await imports.rejectedRows()).toEqual(SAMPLE_REJECTIONS);
      expect(await page.locator('[data-rejection-row="42"]').textContent()).toContain('Строка 42 — нет телефона');
      expect((await imports.sampleCells('name'))[0]).toBe('Васильев Павел Александрович');
      expect((await imports.sampleCells('phone'))[1]).toBe('+79308246281');
      expect((await imports.sampleCells('car'))[0]).toContain('В564ОА93');
      expect((await imports.sampleCells('lastVisit'))[0]).toBe('03.09.2023');

      await expectTabletFriendly(page);
      await screenshot(page, 'import-preview-820x1180');
      expect(await panel.server.eventCount()).toBe(events);
    });

    it('re-previews with a corrected column and downloads the rejected rows with their cells', async () => {
      const { page, imports } = await openImport();
      await imports.choose(SAMPLE_CSV);
      await imports.waitPreview();

      // «Госномер» left out: the sample loses its plates.
      await imports.setField(3, '');
      await expect.poll(() => imports.sampleCells('car').then((cars) => cars[0])).toBe('Renault Logan');
      expect((await imports.mapping()).Госномер).toBe('');
      // «Комментарий» read as the full name: the names come from it, and «ФИО» is left out.
      await imports.setField(6, 'name');
      await expect.poll(() => imports.sampleCells('name').then((names) => names[0])).toBe('Постоянный Клиент');
      expect(await imports.mapping()).toMatchObject({ ФИО: '', Комментарий: 'name' });
      await imports.setField(0, 'name');
      await imports.setField(3, 'plate');
      await expect.poll(() => imports.sampleCells('car').then((cars) => cars[0])).toContain('В564ОА93');
      expect((await imports.sampleCells('name'))[0]).toBe('Васильев Павел Александрович');

      const report = await downloaded(page, () => page.locator('[data-import-rejected-rows]').click());
      const lines = report.text.split('\r\n');
      expect(lines[0]).toBe('Строка;Причина;ФИО;Телефон;Автомобиль;Госномер;Последний визит;Визитов;Комментарий');
      expect(lines.slice(1, 6).map((line) => line.split(';').slice(0, 2).join(';'))).toEqual(
        SAMPLE_REJECTIONS.map(([row, reason]) => `${row};${rejectionWords.ru[reason as RejectionReason]}`),
      );
    });

    it('imports it and shows the README’s counts, the rejection report and the clients link', async () => {
      const imported = await eventsOfType('ClientImported');
      const { page, imports } = await openImport();
      await imports.choose(SAMPLE_CSV);
      await imports.waitPreview();
      await page.locator('[data-import-branch]').selectOption(panel.server.branch.id);
      await imports.commit();
      await imports.waitResult();

      expect(await imports.result().getAttribute('data-import-result')).toBe('imported');
      expect(await imports.counts('[data-import-result]')).toEqual({ rows: 206, created: 195, merged: 6, rejected: 5 });
      expect(await imports.rejectedRows()).toEqual(SAMPLE_REJECTIONS);
      expect((await eventsOfType('ClientImported')) - imported).toBe(201);
      const committed = await panel.server.runtime.pool.query(
        `SELECT message_data->>'branchId' AS branch FROM emt_messages
          WHERE message_type = 'ImportCommitted' AND message_data->>'fileName' = 'clients-sample.csv'`,
      );
      expect(committed.rows).toEqual([{ branch: panel.server.branch.id }]);

      await panel.server.waitForProjection();
      const found = await panel.server.api('GET', `/api/clients?q=${encodeURIComponent('Васильев Павел')}`);
      expect(found.body.clients).toContainEqual(
        expect.objectContaining({ name: 'Васильев Павел Александрович', channel: 'import' }),
      );

      const report = await downloaded(page, () => page.locator('[data-import-report]').click());
      expect(report.name).toMatch(/^rejections-[0-9a-f]{12}\.csv$/);
      expect(report.text).toContain('42;нет телефона');
      expect(report.text).toContain('172;телефон не похож на настоящий номер');
      expect(report.text).not.toContain('Васильев');

      // The six repeated phones: each row says which card it went into.
      const merges = page.locator('[data-import-merges]');
      expect(await merges.locator('summary').textContent()).toBe('Строки, добавленные к уже известным клиентам: 6');
      await merges.locator('summary').tap();
      const firstMerge = merges.locator('[data-import-merge]').first();
      const mergedInto = new URL((await firstMerge.getAttribute('href'))!, panel.server.url).searchParams.get('id');
      const card = await panel.server.api('GET', `/api/clients/${mergedInto}`);
      expect(card.status).toBe(200);

      expect(await page.locator('[data-import-clients]').getAttribute('href')).toBe('/clients');
      await expectTabletFriendly(page);
      await screenshot(page, 'import-result-820x1180');
      await page.locator('[data-import-clients]').click();
      await page.waitForURL(/\/clients$/);
    });

    it('says plainly that nothing changed when the same file is imported again', async () => {
      const events = await panel.server.eventCount();
      const { page, imports } = await openImport();
      await imports.choose(SAMPLE_CSV);
      await imports.waitPreview();
      expect(await page.locator('[data-import-already]').textContent()).toContain('уже импортирован');
      expect(await imports.counts('[data-import-preview]')).toMatchObject({ created: 0, merged: 0, rejected: 0, unchanged: 206 });
      await imports.commit();
      await imports.waitResult();
      expect(await imports.result().getAttribute('data-import-result')).toBe('already-imported');
      expect(await page.locator('[data-import-nothing]').textContent()).toMatch(
        /^Ничего не изменилось: этот файл уже был импортирован \d\d\.\d\d\.\d{4}\.$/,
      );
      expect(await imports.counts('[data-import-result]')).toMatchObject({ created: 0, merged: 0, rejected: 0 });
      // The first import's report stays at hand.
      expect(await page.locator('[data-import-report]').count()).toBe(1);
      await screenshot(page, 'import-nothing-changed-820x1180');
      expect(await panel.server.eventCount()).toBe(events);
    });

    it('only updates when the XLSX of the same clients follows', async () => {
      const registered = await eventsOfType('ClientRegistered');
      const { page, imports } = await openImport(panel.server.token, VIEWPORTS.ipadLandscape);
      await imports.choose(SAMPLE_XLSX);
      await imports.waitPreview();
      expect(await imports.mapping()).toMatchObject({
        Фамилия: 'lastName',
        Имя: 'firstName',
        Отчество: 'middleName',
        Телефон: 'phone',
        Госномер: 'plate',
      });
      expect(await imports.counts('[data-import-preview]')).toEqual({ rows: 56, created: 0, merged: 54, rejected: 2 });
      await expectTabletFriendly(page);
      await screenshot(page, 'import-preview-xlsx-1180x820');
      await imports.commit();
      await imports.waitResult();
      expect(await imports.counts('[data-import-result]')).toEqual({ rows: 56, created: 0, merged: 54, rejected: 2 });
      expect(await eventsOfType('ClientRegistered')).toBe(registered);
    });
  });

  describe('when a file is dropped on the drop zone', () => {
    it('reads the 1C export in Windows-1251 and imports the README’s counts into an empty organization', async () => {
      const org = await newOrganization();
      const { page, imports } = await openImport(org.token, VIEWPORTS.android);
      const previews: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/api/imports/preview') previews.push(request.url());
      });
      // Let go beside the zone: the browser does not open it, and the page takes nothing. The drop on the
      // zone after it is the settle point: a preview the stray drop had started would have gone out first.
      expect(await imports.drop('clients-1c-export-cp1251.csv', readFileSync(ONE_C), 'text/csv', 'h1')).toBe(true);
      expect(await imports.drop('clients-1c-export-cp1251.csv', readFileSync(ONE_C), 'text/csv')).toBe(true);
      await imports.waitPreview();
      expect(previews).toHaveLength(1);
      expect(await page.locator('[data-import-file-name]').textContent()).toContain('clients-1c-export-cp1251.csv');
      expect(await imports.mapping()).toMatchObject({
        Код: 'code',
        Наименование: 'name',
        Телефон: 'phone',
        'Гос. номер': 'plate',
      });
      expect(await imports.counts('[data-import-preview]')).toEqual({ rows: 120, created: 114, merged: 3, rejected: 3 });
      await imports.commit();
      await imports.waitResult();
      expect(await imports.counts('[data-import-result]')).toEqual({ rows: 120, created: 114, merged: 3, rejected: 3 });
      expect(await imports.rejectedRows()).toEqual([
        [42, 'NO_PHONE'],
        [62, 'BAD_PHONE'],
        [92, 'NO_PHONE'],
      ]);
      await expectTabletFriendly(page);
    });
  });

  describe('when a file is not what it claims', () => {
    it('shows a clear message for a PNG renamed to .csv, a broken xlsx, an empty file and a 60 MB file, and writes nothing', async () => {
      const events = await panel.server.eventCount();
      const clients = (await panel.server.runtime.pool.query('SELECT count(*)::int AS n FROM client_phones')).rows[0].n;
      const { page, imports } = await openImport();

      await imports.drop('clients.csv', PNG, 'text/csv');
      await imports.error().waitFor();
      expect(await imports.error().getAttribute('data-import-error')).toBe('FILE_NOT_TEXT');
      expect(await imports.error().textContent()).toContain('Файл «clients.csv» — не CSV и не Excel');
      expect(await imports.error().getAttribute('role')).toBe('alert');
      expect(await imports.preview().count()).toBe(0);
      expect(await page.locator('[data-import-commit]').count()).toBe(0);
      await expectTabletFriendly(page);
      await screenshot(page, 'import-refused-820x1180');

      await imports.choose({
        name: 'clients.xlsx',
        mimeType: 'application/octet-stream',
        buffer: readFileSync(SAMPLE_XLSX).subarray(0, 4000),
      });
      await expect.poll(() => imports.error().getAttribute('data-import-error')).toBe('FILE_DAMAGED');
      expect(await imports.error().textContent()).toContain('«clients.xlsx» повреждён');

      await imports.choose({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
      await expect.poll(() => imports.error().getAttribute('data-import-error')).toBe('FILE_EMPTY');
      expect(await imports.error().textContent()).toContain('Файл «empty.csv» пустой');

      const big = path.join(temp, 'big.csv');
      writeFileSync(big, Buffer.alloc(60 * 1024 * 1024, 'Иванов Иван,+79161234567\r\n'));
      await imports.choose(big);
      await expect.poll(() => imports.error().getAttribute('data-import-error')).toBe('FILE_TOO_LARGE');
      expect(await imports.error().textContent()).toContain('весит 60 МБ, а импорт принимает до 50 МБ');

      expect(await imports.preview().count()).toBe(0);
      expect(await panel.server.eventCount()).toBe(events);
      expect((await panel.server.runtime.pool.query('SELECT count(*)::int AS n FROM client_phones')).rows[0].n).toBe(clients);
    });

    it('says in words that a packed workbook is too large or unsafe (a zip bomb, a DOCTYPE), and writes nothing', async () => {
      const events = await panel.server.eventCount();
      const { page, imports } = await openImport();
      await imports.choose({ name: 'bomb.xlsx', mimeType: 'application/octet-stream', buffer: sharedStringsBomb() });
      await expect.poll(() => imports.error().getAttribute('data-import-error')).toBe('FILE_UNPACKED_TOO_LARGE');
      expect(await imports.error().textContent()).toContain('Книга «bomb.xlsx» распаковывается в слишком большой объём');
      await expectTabletFriendly(page);
      await screenshot(page, 'import-bomb-820x1180');

      const laughs = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><sst><si><t>&a;</t></si></sst>`;
      await imports.choose({
        name: 'laughs.xlsx',
        mimeType: 'application/octet-stream',
        buffer: zipOf(workbookParts({ sharedStrings: laughs })),
      });
      await expect.poll(() => imports.error().getAttribute('data-import-error')).toBe('FILE_UNSAFE');
      expect(await imports.error().textContent()).toContain('так, как Excel никогда не сохраняет');
      expect(await imports.preview().count()).toBe(0);
      expect(await panel.server.eventCount()).toBe(events);
    });
  });

  describe('when the panel is in English', () => {
    it('names the fields and the refusal in English', async () => {
      const { page, imports } = await openImport();
      await page.locator('[data-lang-switch]').click();
      await expect.poll(() => page.locator('[data-import-page] h1').textContent()).toBe('Import clients');
      await imports.drop('photo.csv', PNG);
      await imports.error().waitFor();
      expect(await imports.error().textContent()).toContain('“photo.csv” is not a CSV or Excel file');
      // The 1C export is only previewed here: its rows are still new to the demo organization.
      await imports.choose(ONE_C);
      await imports.waitPreview();
      expect(await page.locator('[data-column-field="0"] option:checked').textContent()).toBe('Code (1C)');
      expect(await page.locator('[data-column-field="1"] option:checked').textContent()).toBe('Full name');
      expect(await page.locator('[data-rejection-row="42"]').textContent()).toBe('Row 42 — no phone number');
      await page.locator('[data-lang-switch]').click();
      await expect.poll(() => page.locator('[data-import-page] h1').textContent()).toBe('Импорт клиентов');
    });
  });

  describe('when the file needs choices', () => {
    it('lets the user pick the sheet of a workbook with several', async () => {
      const workbook = new ExcelJS.Workbook();
      const first = workbook.addWorksheet('Филиал 1');
      first.addRows([
        ['ФИО', 'Телефон'],
        ['Белов Антон', '89161110001'],
        ['Белова Анна', '89161110002'],
      ]);
      const second = workbook.addWorksheet('Филиал 2');
      second.addRows([
        ['ФИО', 'Телефон'],
        ['Чернов Игорь', '89161110003'],
        ['Чернова Ирина', '89161110004'],
        ['Чернов Олег', '89161110005'],
      ]);
      const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
      const { page, imports } = await openImport();
      await imports.choose({
        name: 'branches.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: bytes,
      });
      await imports.waitPreview();
      const sheet = page.locator('[data-import-sheet]');
      expect(await sheet.locator('option').allTextContents()).toEqual(['Филиал 1', 'Филиал 2']);
      expect(await imports.counts('[data-import-preview]')).toMatchObject({ rows: 2, created: 2 });
      await sheet.selectOption('Филиал 2');
      await expect.poll(() => imports.counts('[data-import-preview]')).toMatchObject({ rows: 3, created: 3 });
      expect(await imports.sampleCells('name')).toEqual(['Чернов Игорь', 'Чернова Ирина', 'Чернов Олег']);
      expect(await sheet.inputValue()).toBe('Филиал 2');
    });

    it('asks for the phone column when it cannot find one, then previews with the user’s choice', async () => {
      const csv =
        'Клиентос;Номер для связи;Тачка\r\nпетров пётр;8 916 111-22-33;kia rio\r\nсидоров иван;+79161112234;lada vesta\r\n';
      const { page, imports } = await openImport();
      await imports.choose({ name: 'odd.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.locator('[data-import-mapping]').waitFor();
      expect(await page.locator('[data-import-mapping-hint]').textContent()).toContain('Не нашли столбец с телефоном');
      expect(await imports.preview().count()).toBe(0);
      expect(await imports.error().count()).toBe(0);
      await imports.setField(1, 'phone');
      await imports.waitPreview();
      expect(await imports.counts('[data-import-preview]')).toMatchObject({ rows: 2, created: 2, rejected: 0 });
      expect(await imports.sampleCells('phone')).toEqual(['+79161112233', '+79161112234']);
      await imports.setField(0, 'name');
      await expect.poll(() => imports.sampleCells('name')).toEqual(['Петров Пётр', 'Сидоров Иван']);
      expect(await imports.mapping()).toMatchObject({ Клиентос: 'name', 'Номер для связи': 'phone' });
    });
  });

  describe('while a large file is being imported', () => {
    it('shows the rows the server has written so far, then the result', async () => {
      const org = await newOrganization();
      // One client already known, so the second chunk of the file touches its stream...
      const seed = await fetch(`${panel.server.url}/api/imports?fileName=seed.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${org.token}`, 'content-type': 'text/csv' },
        body: 'ФИО,Телефон\r\nЗатравкин Семён,+79170000800\r\n',
      });
      expect(seed.status).toBe(201);
      const { rows } = await panel.server.runtime.pool.query(
        `SELECT stream_id FROM emt_messages WHERE message_type = 'ClientImported' AND message_data->>'orgId' = $1`,
        [org.orgId],
      );
      const lines = ['ФИО,Телефон'];
      for (let i = 1; i <= 1200; i++) lines.push(`Клиент Номер${i},+7917${String(i).padStart(7, '0')}`);
      // ...and holding that stream's row makes the import wait there, after its first 500 rows.
      const blocker = new pg.Client({ connectionString: panel.server.databaseUrl });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('SELECT 1 FROM emt_streams WHERE stream_id = $1 FOR UPDATE', [rows[0].stream_id]);
        const { page, imports } = await openImport(org.token);
        await imports.choose({ name: 'large.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) });
        await imports.waitPreview();
        expect(await imports.counts('[data-import-preview]')).toMatchObject({ rows: 1200, created: 1199, merged: 1 });
        await imports.commit();
        const bar = page.locator('[data-import-progress="importing"][data-rows="500"]');
        await bar.waitFor({ timeout: 30_000 });
        expect(await page.locator('.import-progress-text').textContent()).toBe('Импортируем: обработано строк 500 (42%)');
        const percent = Number(await bar.locator('[role=progressbar]').getAttribute('aria-valuenow'));
        // 500 of the 1,200 rows the preview counted.
        expect(percent).toBe(42);
        expect(await page.locator('[data-import-commit]').isDisabled()).toBe(true);
        expect(await imports.result().count()).toBe(0);
        await screenshot(page, 'import-progress-820x1180');
        await blocker.query('ROLLBACK');
        await imports.waitResult();
        expect(await imports.counts('[data-import-result]')).toEqual({ rows: 1200, created: 1199, merged: 1, rejected: 0 });
        expect(await page.locator('[data-import-progress]').count()).toBe(0);
      } finally {
        await blocker.end();
      }
    });
  });

  describe('when a mechanic opens the page', () => {
    it('says that the import is for the owner and managers', async () => {
      const mechanic = await panel.server.addUser('mechanic', [panel.server.branch.id]);
      const { page } = await openImport(mechanic.token);
      await page.locator('[data-import-role]').waitFor();
      expect(await page.locator('[data-import-role]').textContent()).toBe('Импорт доступен владельцу и менеджеру');
      expect(await page.locator('[data-import-file]').count()).toBe(0);
    });
  });
});
