import { beforeAll, describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { expectTabletFriendly, panelSuite, screenshot, SKIP_BROWSER, TABLETS } from './browser.ts';

// The inbox page: every client who wrote in a messenger, newest conversation first, with the
// unread count on the page and in the header's menu; a new message arrives live; opening the
// conversation on the card reads it.

const panel = panelSuite();
const clients: Record<'petrov' | 'sidorova', string> = { petrov: '', sidorova: '' };

const clientOf = async (name: string, phone: string, hour: string) => {
  const { server } = panel;
  const placed = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, 1, hour),
    client: { name, phone },
  });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  await server.waitForProjection();
  return (await server.api('GET', `/api/bookings/${placed.body.id}`)).body.clientId as string;
};

const receive = (clientId: string, channel: 'telegram' | 'max', kind: 'text' | 'photo', text: string) =>
  panel.server.runtime.deps.inbox.receive({
    orgId: panel.server.branch.orgId,
    clientId,
    channel,
    kind,
    body: { text },
  });

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  clients.petrov = await clientOf('Пётр Петров', '+79161239911', '11:00');
  clients.sidorova = await clientOf('Мария Сидорова', '+79161239912', '12:00');
  await receive(clients.petrov, 'telegram', 'text', 'Здравствуйте, машина готова?');
  await receive(clients.petrov, 'telegram', 'photo', 'вот царапина');
}, 120_000);

describe.skipIf(SKIP_BROWSER)('The inbox page', () => {
  it('renders the conversations with their unread counts in the server’s first answer', async () => {
    const answer = await fetch(`${panel.server.url}/inbox`, { headers: { cookie: `zero_session=${panel.server.token}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const html = await answer.text();
    expect(html).toMatch(/data-inbox="ready"/);
    expect([...html.matchAll(/data-thread="([^"]+)"/g)].map(([, id]) => id)).toEqual([clients.petrov]);
    expect(html).toContain('Пётр Петров');
    expect(html).toContain('data-thread-unread="2"');
  });

  it('lists the conversations with their unread counts, takes a new one live and reads it on the card', async () => {
    const { server } = panel;
    const page = await panel.open(TABLETS[0][1], { touch: true });
    await page.goto(`${server.url}/inbox`);
    await page.locator('[data-inbox=ready]').waitFor({ timeout: 15_000 });
    const threads = page.locator('[data-thread]');
    expect(await threads.count()).toBe(1);
    expect(await threads.first().getAttribute('data-thread')).toBe(clients.petrov);
    expect(await threads.first().innerText()).toContain('Пётр Петров');
    expect(await threads.first().innerText()).toContain('Telegram · Фото');
    expect(await page.locator(`[data-thread="${clients.petrov}"] [data-thread-unread]`).textContent()).toBe('2');
    await expect.poll(() => page.locator('[data-unread-badge]').textContent(), { timeout: 40_000 }).toBe('2');

    // Maria writes in MAX while the page is open: she comes first without a reload.
    await receive(clients.sidorova, 'max', 'text', 'Можно перенести на завтра?');
    await expect.poll(() => threads.first().getAttribute('data-thread'), { timeout: 15_000 }).toBe(clients.sidorova);
    expect(await threads.count()).toBe(2);
    expect(await threads.first().innerText()).toContain('MAX');
    // Words, not codes: no ISO dates or ids on the page.
    expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}-/);
    for (const [size, viewport] of TABLETS) {
      await page.setViewportSize(viewport);
      await expectTabletFriendly(page);
      await screenshot(page, `inbox-${size}`);
    }

    // Opening Petr's conversation reads it: back on the list, only Maria's message is unread.
    await page.locator(`[data-thread="${clients.petrov}"]`).tap();
    await page.waitForURL(/\/client\?id=/);
    await page.locator('[data-conversation=ready]').waitFor({ timeout: 15_000 });
    await page.goto(`${server.url}/inbox`);
    await page.locator('[data-inbox=ready]').waitFor({ timeout: 15_000 });
    expect(await page.locator(`[data-thread="${clients.petrov}"] [data-thread-unread]`).count()).toBe(0);
    expect(await page.locator(`[data-thread="${clients.sidorova}"] [data-thread-unread]`).textContent()).toBe('1');
    await expect.poll(() => page.locator('[data-unread-badge]').textContent(), { timeout: 40_000 }).toBe('1');
  }, 120_000);
});
