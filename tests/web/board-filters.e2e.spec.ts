import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { SKIP_BROWSER, VIEWPORTS, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';
import { BoardPage } from './pages/board-page.ts';

const ZONE = 'Europe/Moscow';
const DAY = Temporal.Now.plainDateISO(ZONE).add({ days: 2 });
const panel = panelSuite();

/** Four bookings over two bays; one mechanic takes two of them. */
const booked: { id: string; bayId: string; mechanic: boolean }[] = [];
let mechanicId = '';

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  const created = await panel.server.api('POST', '/api/users', {
    email: 'volkov@test.local',
    name: 'Сергей Волков',
    password: 'mechanic-password-1',
    role: 'mechanic',
    branchIds: [panel.server.branch.id],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  mechanicId = created.body.id as string;
  const [first, second] = panel.server.bays;
  expect(second, 'the test branch has two bays').toBeDefined();
  const plan = [
    { time: '10:00', bay: first!, mechanic: true },
    { time: '12:00', bay: first!, mechanic: false },
    { time: '10:00', bay: second!, mechanic: false },
    // One mechanic works one job at a time: his second job is later in the day.
    { time: '14:00', bay: second!, mechanic: true },
  ];
  for (const [n, step] of plan.entries()) {
    const answer = await panel.server.api('POST', '/api/bookings', {
      branchId: panel.server.branch.id,
      serviceId: panel.server.service('Замена масла').id,
      bayId: step.bay.id,
      start: DAY.toZonedDateTime({ timeZone: ZONE, plainTime: Temporal.PlainTime.from(step.time) }).toString({
        timeZoneName: 'never',
      }),
      client: { name: `Клиент ${n + 1}`, phone: `+7916123450${n}` },
      channel: 'phone',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.bayId).toBe(step.bay.id);
    if (step.mechanic) {
      const assigned = await panel.server.api('POST', `/api/bookings/${answer.body.id}/assign`, { mechanicId });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    }
    booked.push({ id: answer.body.id as string, bayId: step.bay.id, mechanic: step.mechanic });
  }
  await panel.server.waitForProjection();
}, 300_000);

/** The ids the «Новые» column shows, sorted (the column orders them by time). */
const shownIds = async (board: BoardPage) =>
  (
    await board
      .column('New')
      .locator('[data-card-id]')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-card-id') ?? ''))
  ).sort();
const idsOf = (bookings: typeof booked) => bookings.map((b) => b.id).sort();

describe.skipIf(SKIP_BROWSER)('Board filters by bay and mechanic', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`shows one bay’s queue, one mechanic’s jobs or the unassigned ones, and says how many are hidden (${name})`, async () => {
      const page = await panel.open(viewport, { touch: true });
      const board = new BoardPage(page, panel.server.url);
      await board.goto({ date: DAY.toString() });
      expect(await shownIds(board)).toEqual(idsOf(booked));

      const secondBay = booked[2]!.bayId;
      await page.locator('[data-filter-bay]').selectOption(secondBay);
      await expect.poll(() => shownIds(board)).toEqual(idsOf(booked.filter((b) => b.bayId === secondBay)));
      expect(await board.count('New')).toBe(2);
      expect(await page.locator('[data-hidden=New]').textContent()).toBe('Скрыто фильтром: 2');

      await page.locator('[data-filter-bay]').selectOption('');
      await page.locator('[data-filter-mechanic]').selectOption(mechanicId);
      await expect.poll(() => shownIds(board)).toEqual(idsOf(booked.filter((b) => b.mechanic)));
      await page.locator('[data-filter-mechanic]').selectOption('none');
      await expect.poll(() => shownIds(board)).toEqual(idsOf(booked.filter((b) => !b.mechanic)));
      const options = await page.locator('[data-filter-mechanic] option').allTextContents();
      expect(options).toEqual(['Все механики', 'Без механика', 'Сергей Волков']);
      await expectTabletFriendly(page);
      await screenshot(page, `board-filters-${viewport.width}x${viewport.height}`);
    });
  }
});
