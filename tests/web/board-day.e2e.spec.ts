import { Temporal } from 'temporal-polyfill';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { SKIP_BROWSER, VIEWPORTS, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';
import { BoardPage, type Column } from './pages/board-page.ts';

const panel = panelSuite();

/** The three tablet sizes of the issue: iPad portrait and landscape, an Android tablet in landscape. */
const TABLETS = {
  '820x1180': VIEWPORTS.ipadPortrait,
  '1180x820': VIEWPORTS.ipadLandscape,
  '1280x800': VIEWPORTS.android,
} as const;

// A busy day four days ahead: a dozen new bookings, more than a column shows at once.
const DAYS_AHEAD = 4;
const boardDate = () => Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days: DAYS_AHEAD }).toString();
let seq = 0;
const book = async (time: string, client = `Клиент ${seq + 1}`) => {
  seq += 1;
  const response = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service('Замена масла').id,
    start: startAt(panel.server.branch, DAYS_AHEAD, time),
    client: { name: client, phone: `+7927${String(3_000_000 + seq).slice(-7)}` },
    car: { make: 'Lada', model: 'Vesta', plate: `В${100 + seq}ОР77` },
    channel: 'telegram',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
};

const statusOf = async (id: string) =>
  (await panel.server.runtime.pool.query<{ status: string }>('SELECT status FROM rm.bookings WHERE id = $1', [id])).rows[0]
    ?.status;

const ids: string[] = [];
const seedDay = async () => {
  if (ids.length) return;
  for (let i = 0; i < 14; i++) {
    const minutes = 9 * 60 + i * 40;
    ids.push(await book(`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`));
  }
  await panel.server.waitForProjection();
};

type Box = { x: number; y: number; width: number; height: number };
const box = async (page: Page, selector: string): Promise<Box> => {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not visible`);
  return found;
};

describe.skipIf(SKIP_BROWSER)('Board on a busy day at tablet sizes', () => {
  for (const [size, viewport] of Object.entries(TABLETS)) {
    it(`keeps all five columns side by side, full-height drop zones and headers in view at ${size}`, async () => {
      await seedDay();
      const page = await panel.open(viewport, { touch: true });
      const board = new BoardPage(page, panel.server.url);
      await board.goto({ date: boardDate() });
      await board.cardIn('New', ids.at(-1)!).waitFor();
      await screenshot(page, `board-busy-${size}`);

      // One row of five columns, all inside the screen: no 3+2 wrapping, nothing below the fold.
      const columns = await page.locator('[data-drop-column]').evaluateAll((sections) =>
        sections.map((section) => {
          const r = section.getBoundingClientRect();
          return { top: r.top, left: r.left, right: r.right, bottom: r.bottom };
        }),
      );
      expect(columns).toHaveLength(5);
      for (const column of columns) {
        expect(column.top).toBe(columns[0]!.top);
        expect(column.right).toBeLessThanOrEqual(viewport.width);
        expect(column.bottom).toBeLessThanOrEqual(viewport.height + 1);
      }
      // Every drop zone runs to the bottom of its column, however few cards it holds.
      for (const status of ['New', 'Confirmed', 'Done', 'Cancelled'] as Column[]) {
        const list = await box(page, `[data-column=${status}]`);
        const column = await box(page, `[data-drop-column=${status}]`);
        expect(list.y + list.height).toBeGreaterThan(column.y + column.height - 2);
      }
      // The busy column scrolls inside itself: its header stays where it was.
      const headBefore = await box(page, '[data-drop-column=New] .column-head');
      await page.locator('[data-column=New]').evaluate((list) => (list.scrollTop = list.scrollHeight));
      const headAfter = await box(page, '[data-drop-column=New] .column-head');
      expect(headAfter.y).toBe(headBefore.y);
      expect(await page.locator('[data-column=New]').evaluate((list) => list.scrollHeight > list.clientHeight)).toBe(true);
      await expectTabletFriendly(page);
    });
  }

  it('drags the lowest card of a long column sideways by touch in portrait (820x1180)', async () => {
    await seedDay();
    const page = await panel.open(TABLETS['820x1180'], { touch: true });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    const id = ids.at(-1)!;
    await board.cardIn('New', id).scrollIntoViewIfNeeded();
    const card = await box(page, `[data-card-id="${id}"]`);
    const confirmed = await box(page, '[data-drop-column=Confirmed]');
    // Straight sideways: the finger stays at the card's height, far below the other column's cards.
    expect(card.y).toBeGreaterThan(confirmed.y + 400);
    await board.dragWithTouchTo(page.context(), id, { x: confirmed.x + confirmed.width / 2, y: card.y + card.height / 2 });
    await board.cardIn('Confirmed', id).waitFor({ timeout: 3000 });
    await expect.poll(() => statusOf(id), { timeout: 5000 }).toBe('Confirmed');
  });

  it('shows during a drag which columns take the card and refuses a forbidden drop before it lands', async () => {
    await seedDay();
    const page = await panel.open(TABLETS['1180x820']);
    const statusCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/status')) statusCalls.push(request.url());
    });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    const id = ids[0]!;
    await board.cardIn('New', id).waitFor();
    const from = await box(page, `[data-card-id="${id}"]`);
    const done = await box(page, '[data-drop-column=Done]');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 4 });
    await page.mouse.move(done.x + done.width / 2, done.y + 200, { steps: 16 });
    await page.waitForTimeout(150);

    const marks = await page
      .locator('[data-drop-column]')
      .evaluateAll((sections) => sections.map((s) => [s.getAttribute('data-drop-column'), s.getAttribute('data-drop')]));
    expect(Object.fromEntries(marks)).toEqual({
      New: 'from',
      Confirmed: 'ok',
      InProgress: 'no',
      Done: 'no',
      Cancelled: 'ok',
    });
    expect(await page.locator('[data-drop-column=Done] .drop-hint-no').isVisible()).toBe(true);
    await screenshot(page, 'board-drag-hints-1180x820');
    // Hovering the forbidden column, the card has not entered it.
    expect(await board.column('Done').locator(`[data-card-id="${id}"]`).count()).toBe(0);
    await page.mouse.up();

    await board.toast().waitFor({ timeout: 3000 });
    expect(await board.toast().textContent()).toContain('Нельзя перевести запись из «Новая» в «Выполнена»');
    expect(await board.cardIn('New', id).count()).toBe(1);
    expect(await page.locator('[data-drop]').count()).toBe(0);
    expect(statusCalls).toEqual([]);
    expect(await statusOf(id)).toBe('New');
  });

  it('brings a bot booking that lands below the fold into view, highlighted and announced (1280x800)', async () => {
    await seedDay();
    const page = await panel.open(TABLETS['1280x800'], { touch: true });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    await board.cardIn('New', ids[1]!).waitFor();
    await page.locator('[data-column=New]').evaluate((list) => (list.scrollTop = 0));
    // The latest time of the day: in time order the card goes last, far below the column's fold.
    const id = await book('18:50', 'Вера Ботова');
    const card = board.cardIn('New', id);
    await card.waitFor({ timeout: 3000 });
    expect(await card.getAttribute('class')).toContain('is-fresh');
    await board.toast().waitFor({ timeout: 3000 });
    expect(await board.toast().textContent()).toContain('Новая запись: 18:50–19:35, Вера Ботова');
    const order = await board
      .column('New')
      .locator('[data-card-id]')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-card-id')));
    expect(order.at(-1)).toBe(id);
    await expect
      .poll(async () => {
        const list = await box(page, '[data-column=New]');
        const shown = await box(page, `[data-card-id="${id}"]`);
        return shown.y >= list.y - 1 && shown.y + shown.height <= list.y + list.height + 1;
      })
      .toBe(true);
    await screenshot(page, 'board-arrival-1280x800');
  });
});
