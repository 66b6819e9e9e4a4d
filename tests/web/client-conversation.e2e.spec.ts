import { beforeAll, describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { expectTabletFriendly, panelSuite, screenshot, SKIP_BROWSER, TABLETS } from './browser.ts';

// The client's messenger conversation on the client card: what the client wrote outside the
// booking flow shows, a new message arrives live, and the manager's reply is recorded as the
// station's answer through the channel the client wrote in.

const panel = panelSuite();
let clientId = '';

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  const { server } = panel;
  const placed = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, 1, '11:00'),
    client: { name: 'Пётр Перепискин', phone: '+79161239901' },
  });
  expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  await server.waitForProjection();
  clientId = ((await server.api('GET', '/api/clients?q=Перепискин')).body.clients as { id: string }[])[0]!.id;
  await server.runtime.deps.inbox.receive({
    orgId: server.branch.orgId,
    clientId,
    channel: 'telegram',
    kind: 'text',
    body: { text: 'Добрый день, можно приехать пораньше?' },
  });
}, 120_000);

describe.skipIf(SKIP_BROWSER)('A client’s conversation on the client card', () => {
  it('shows the messages, takes a new one live and records the manager’s reply', async () => {
    const { server } = panel;
    const page = await panel.open(TABLETS[0][1], { touch: true });
    await page.goto(`${server.url}/client?id=${clientId}`);
    const section = page.locator('[data-conversation=ready]');
    await section.waitFor({ timeout: 15_000 });
    expect(await section.locator('[data-message=in]').allTextContents()).toEqual([
      expect.stringContaining('Добрый день, можно приехать пораньше?'),
    ]);

    // The client sends where they are; the open card shows it without a reload.
    await server.runtime.deps.inbox.receive({
      orgId: server.branch.orgId,
      clientId,
      channel: 'telegram',
      kind: 'location',
      body: { latitude: 55.75222, longitude: 37.61556 },
    });
    await expect.poll(() => section.locator('[data-message=in]').count(), { timeout: 15_000 }).toBe(2);
    expect(await section.locator('[data-message=in]').nth(1).textContent()).toContain('Геопозиция · 55.75222, 37.61556');

    await section.locator('[data-reply-text]').fill('Да, приезжайте к 10:30');
    await section.locator('[data-reply-send]').tap();
    await expect
      .poll(() => section.locator('[data-message=out]').allTextContents())
      .toEqual([expect.stringContaining('Да, приезжайте к 10:30')]);
    const conversation = await server.api('GET', `/api/inbox/${clientId}`);
    expect(conversation.body.messages.map((m: { direction: string; channel: string }) => [m.direction, m.channel])).toEqual([
      ['in', 'telegram'],
      ['in', 'telegram'],
      ['out', 'telegram'],
    ]);
    // Words, not codes: no ISO dates or ids in the conversation.
    expect(await section.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}-/);
    for (const [size, viewport] of TABLETS) {
      await page.setViewportSize(viewport);
      await expectTabletFriendly(page);
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, `client-conversation-${size}`);
    }
  });
});
