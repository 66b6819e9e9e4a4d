import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SKIP_BROWSER, panelSuite, screenshot } from './browser.ts';

const panel = panelSuite();
const SAMPLE = readFileSync(path.resolve(import.meta.dirname, '../../../shared/data/clients-sample.csv'));
const MOROZOV = 'Морозов Олег Алексеевич';

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  const response = await fetch(`${panel.server.url}/api/imports?fileName=clients-sample.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${panel.server.token}`, 'content-type': 'application/octet-stream' },
    body: SAMPLE,
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  await panel.server.waitForProjection();
}, 300_000);

const names = async (q: string) =>
  ((await panel.server.api('GET', `/api/clients?q=${encodeURIComponent(q)}`)).body.clients as { name: string }[]).map(
    (client) => client.name,
  );

describe.skipIf(SKIP_BROWSER)('Clients: paging, any phone notation, notes, «Записать»', () => {
  it('pages past 50 with an honest total and finds a phone in the notations the importer reads', async () => {
    const first = await panel.server.api('GET', '/api/clients');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.clients).toHaveLength(50);
    expect(first.body.total).toBeGreaterThan(150);
    const second = await panel.server.api('GET', '/api/clients?offset=50');
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.clients).toHaveLength(50);
    const ids = new Set((first.body.clients as { id: string }[]).map((client) => client.id));
    expect((second.body.clients as { id: string }[]).some((client) => ids.has(client.id))).toBe(false);
    for (const notation of ['8 986 252-76-01', '89862527601', '+7 (986) 252-76-01', '79862527601']) {
      expect(await names(notation), notation).toEqual([MOROZOV]);
    }
  });

  it('renders the first 50 clients in the server’s first answer, phones masked, and the browser does not read them again', async () => {
    const answer = await fetch(`${panel.server.url}/clients`, { headers: { cookie: `zero_session=${panel.server.token}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const html = await answer.text();
    expect([...html.matchAll(/data-client-id="/g)]).toHaveLength(50);
    expect(html).toMatch(/<ul[^>]*class="client-list is-ready"/);
    expect(html).toMatch(/Найдено: \d{3}, показано 50/);
    expect(html).not.toContain('252-76-01');

    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    const reads: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/clients') reads.push(request.url());
    });
    await page.goto(`${panel.server.url}/clients`);
    await page.locator('[data-clients].is-ready').waitFor();
    await page.locator('[data-client-query]').fill('89862527601');
    await expect.poll(() => page.locator('[data-client-id]').count()).toBe(1);
    // The one read is the search; the first page came with the document.
    expect(reads.map((url) => new URL(url).searchParams.get('q'))).toEqual(['89862527601']);
  });

  it('shows «Показать ещё» on a tablet, then the card’s imported note and «Записать» into the booking dialog', async () => {
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    await page.goto(`${panel.server.url}/clients`);
    await page.locator('[data-clients].is-ready').waitFor();
    expect(await page.locator('[data-client-id]').count()).toBe(50);
    expect(await page.locator('[data-client-count]').textContent()).toMatch(/^Найдено: \d{3}, показано 50$/);
    await page.locator('[data-more-clients]').tap();
    await expect.poll(() => page.locator('[data-client-id]').count()).toBe(100);
    await screenshot(page, 'clients-paging-820x1180');

    await page.locator('[data-client-query]').fill('8 986 252-76-01');
    await expect.poll(() => page.locator('[data-client-id]').count()).toBe(1);
    await page.locator('[data-open-client]').first().tap();
    await page.locator('[data-client-notes]').waitFor();
    expect(await page.locator('[data-client-notes]').textContent()).toContain('просит СМС, не звонки');
    await screenshot(page, 'client-card-note-820x1180');

    await page.locator('[data-book-client]').tap();
    await page.waitForURL(/\/board/);
    // The booking dialog opens with the client picked and their number ready from the logged reveal.
    const picked = page.locator('[data-new-booking-dialog] [data-picked-client][data-phone-ready=true]');
    await picked.waitFor();
    expect(await picked.textContent()).toContain(MOROZOV);
    await screenshot(page, 'client-book-820x1180');
  });
});
