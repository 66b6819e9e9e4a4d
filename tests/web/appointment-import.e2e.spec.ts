import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../support/test-server.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';

const XLSX = path.resolve(import.meta.dirname, '../../../shared/data/appointments-week.xlsx');

// The diary's week is 11–15 January 2027: the station imports it on the Monday before.
const panel = panelSuite(() => startTestServer({ now: () => Date.parse('2027-01-04T10:00:00+03:00') }));

const SIZES = [
  ['portrait', { width: 820, height: 1180 }],
  ['landscape', { width: 1180, height: 820 }],
  ['android', { width: 1280, height: 800 }],
] as const;

const openPage = async (viewport: { width: number; height: number }) => {
  const page = await panel.open(viewport, { touch: true });
  await page.goto(`${panel.server.url}/import/appointments`);
  await page.locator('[data-appointment-import][data-ready]').waitFor({ timeout: 15_000 });
  return page;
};

const waitPreview = async (page: Page) => {
  await page.locator('[data-appointment-visits]').waitFor({ timeout: 15_000 });
  await page.locator('.import-progress-text').waitFor({ state: 'detached', timeout: 15_000 });
};

describe.skipIf(SKIP_BROWSER)('Panel: importing the diary of appointments', () => {
  it('leads the owner of a fresh installation from the first-run guide to a board with the imported diary', async () => {
    const page = await panel.open(SIZES[0][1], { touch: true });
    await page.goto(`${panel.server.url}/board`);
    const guide = page.locator('[data-first-run]');
    await guide.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-first-run-progress]').textContent()).toBe('Готово 0 из 5');
    await page.locator('[data-first-run-confirm]').tap();
    await page.locator('[data-first-run-step="branch"][data-done]').waitFor();
    expect(await page.locator('[data-first-run-progress]').textContent()).toBe('Готово 1 из 5');
    await screenshot(page, 'first-run-guide-portrait');

    await page.locator('[data-first-run-step="appointments"] a').tap();
    await page.locator('[data-appointment-import][data-ready]').waitFor({ timeout: 15_000 });
    await page.locator('[data-appointment-file]').setInputFiles(XLSX);
    await waitPreview(page);
    await page.locator('[data-appointment-commit]').tap();
    await page.locator('[data-appointment-result]').waitFor({ timeout: 30_000 });
    expect(Number(await page.locator('[data-count="placed"]').textContent())).toBe(12);

    await panel.server.waitForProjection();
    await page.goto(`${panel.server.url}/board?date=2027-01-11`);
    await page.locator('[data-first-run-step="appointments"][data-done]').waitFor({ timeout: 15_000 });
    // Monday's diary: 9:00, 10:30, 11:00 and 14:00 (the second 14:00 clashed).
    await expect.poll(() => page.locator('[data-card-id]').count(), { timeout: 15_000 }).toBe(4);
    await expectTabletFriendly(page);
  });

  it('shows the works matched to services, the same car twice and the row without a phone, in words', async () => {
    for (const [name, viewport] of SIZES) {
      const page = await openPage(viewport);
      await page.locator('[data-appointment-file]').setInputFiles(XLSX);
      await waitPreview(page);
      const oil = page.locator('[data-works="ТО-2 (масло)"] [data-works-service] option:checked');
      expect(await oil.textContent()).toBe('Замена масла');
      expect(await page.locator('[data-visit-row]').count()).toBe(15);
      expect(await page.locator('[data-visit-row="27"] [data-same-car]').textContent()).toContain(
        'Та же машина в это время — строка 26',
      );
      expect(await page.locator('[data-visit-row="6"] td').nth(1).textContent()).toBe('пн, 11 января');
      expect(await page.locator('[data-appointment-rejections] li').allTextContents()).toEqual(['Строка 14: нет телефона']);
      expect(await page.locator('[data-appointment-import]').textContent()).not.toMatch(
        /\d{4}-\d{2}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}/,
      );
      await expectTabletFriendly(page);
      await screenshot(page, `appointment-import-preview-${name}`);
    }
  }, 240_000);

  it('says in Russian why a file is refused: empty, a picture renamed, a damaged workbook', async () => {
    const page = await openPage(SIZES[0][1]);
    const files = [
      { name: 'пустой.csv', buffer: Buffer.alloc(0), says: 'Файл «пустой.csv» пустой' },
      {
        name: 'фото.csv',
        buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
        says: 'не CSV и не Excel',
      },
      { name: 'дневник.xlsx', buffer: Buffer.from('PK\u0003\u0004 обрезан'), says: 'повреждён' },
    ];
    for (const file of files) {
      await page
        .locator('[data-appointment-file]')
        .setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.buffer });
      const error = page.locator('[data-appointment-error]');
      await expect.poll(() => error.textContent(), { timeout: 15_000 }).toContain(file.says);
      expect(await error.textContent()).not.toMatch(/\b(the|file|is|not|empty|damaged)\b/i);
    }
    await screenshot(page, 'appointment-import-refused-portrait');
  }, 120_000);

  it('books the diary by touch, leaving out the works the manager unmaps, and lists the clashes with their rows', async () => {
    const page = await openPage(SIZES[0][1]);
    const events = await panel.server.eventCount();
    await page.locator('[data-appointment-file]').setInputFiles(XLSX);
    await waitPreview(page);
    await page.locator('[data-works="ТО-2 (масло)"] [data-works-service]').selectOption('');
    await waitPreview(page);
    expect(await page.locator('[data-visit-row="23"]').textContent()).toContain('Без услуги — не запишется');
    expect(await panel.server.eventCount()).toBe(events);

    await page.locator('[data-appointment-commit]').tap();
    await page.locator('[data-appointment-result]').waitFor({ timeout: 30_000 });
    const count = async (key: string) => Number(await page.locator(`[data-count="${key}"]`).textContent());
    // The first test booked the diary: unmapping «ТО-2 (масло)» now books nothing anew and nothing twice.
    expect([await count('placed'), await count('unchanged'), await count('conflicts'), await count('refused')]).toEqual([
      0, 11, 2, 3,
    ]);
    expect(await page.locator('[data-appointment-problems] li').allTextContents()).toEqual([
      'Строка 9: время занято записью из строки 8',
      'Строка 14: нет телефона',
      'Строка 22: время занято записью из строки 17',
      'Строка 23: работы не сопоставлены с услугой',
      'Строка 27: та же машина в это время уже записана',
    ]);
    await screenshot(page, 'appointment-import-result-portrait');

    await panel.server.waitForProjection();
    const calendar = await panel.server.api(
      'GET',
      `/api/calendar?branchId=${panel.server.branch.id}&from=2027-01-11&to=2027-01-16`,
      undefined,
      { authorization: `Bearer ${panel.server.token}` },
    );
    expect(calendar.status).toBe(200);
    const imported = calendar.body.events.filter((event: { channel: string }) => event.channel === 'import');
    expect(new Set(imported.map((event: { id: string }) => event.id)).size).toBe(12);
  });
});
