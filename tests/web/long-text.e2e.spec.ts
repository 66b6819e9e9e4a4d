import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { SKIP_BROWSER, horizontalOverflow, panelSuite, screenshot, TABLETS } from './browser.ts';
import { BoardPage } from './pages/board-page.ts';
import { ClientsPage } from './pages/clients-page.ts';

// Text as long as the rules allow and with no place to break (a pasted name, a make typed without
// spaces) stays inside its card: the page never scrolls sideways and the card's close button stays
// in reach, on every tablet.

const panel = panelSuite();

/** Cards (clients, the board's) with something reaching past their right edge: clipped or spilling text. */
const spillingCards = (page: Page): Promise<number> =>
  page.evaluate<number>(`[...document.querySelectorAll('[data-client-id], [data-card-id]')].filter((card) => {
    const right = card.getBoundingClientRect().right;
    return [...card.querySelectorAll('*')].some((child) => child.getBoundingClientRect().right > right + 1);
  }).length`);
const NAME = 'Оченьдлинноеимябезпробелов'.repeat(8).slice(0, 195);
const MAKE = 'Мерседесбенцгеленвагенамг'.repeat(3).slice(0, 60);

describe.skipIf(SKIP_BROWSER)('Long unbroken text', () => {
  it.each(TABLETS)('stays inside the clients list, the board and the card at %s', async (size, viewport) => {
    const booked = await panel.server.api('POST', '/api/bookings', {
      branchId: panel.server.branch.id,
      serviceId: panel.server.service('Замена масла').id,
      start: startAt(panel.server.branch, 2, ['10:00', '12:00', '14:00'][TABLETS.findIndex(([name]) => name === size)]!),
      client: { name: NAME, phone: `+7916777${String(1000 + TABLETS.findIndex(([name]) => name === size))}` },
      car: { make: MAKE, model: MAKE, plate: 'А123ВС77' },
      comment: 'Ш'.repeat(300),
      channel: 'phone',
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    await panel.server.waitForProjection();
    const page = await panel.open(viewport, { touch: true });

    const clients = new ClientsPage(page, panel.server.url);
    await clients.goto();
    await page.locator('[data-client-id] h2').first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await spillingCards(page)).toBe(0);
    await screenshot(page, `long-text-clients-${size}`);

    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: startAt(panel.server.branch, 2, '10:00').slice(0, 10) });
    await board.card(booked.body.id).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await spillingCards(page)).toBe(0);
    await board.openCard(booked.body.id);
    const close = board.dialog().locator('.btn-close');
    const box = (await close.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, `long-text-card-${size}`);
  });
});
