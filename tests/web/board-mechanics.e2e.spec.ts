import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/test-server.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';
import { BoardPage } from './pages/board-page.ts';
import { TodayPage } from './pages/today-page.ts';

const ZONE = 'Europe/Moscow';
// The server's clock reads 07:00 tomorrow (Moscow), so "today" has its whole working day ahead.
const DAY = Temporal.Now.plainDateISO(ZONE).add({ days: 1 });
const shift = DAY.toZonedDateTime({ timeZone: ZONE, plainTime: Temporal.PlainTime.from('07:00') }).epochMilliseconds - Date.now();
const panel = panelSuite(() => startTestServer({ now: () => Date.now() + shift }));

const NAMES = ['Сергей Волков', 'Павел Орлов', 'Игорь Ким'];
const mechanics: { id: string; name: string; email: string }[] = [];
let bookingId = '';

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  for (const [n, name] of NAMES.entries()) {
    const email = `mechanic-${n}@test.local`;
    const created = await panel.server.api('POST', '/api/users', {
      email,
      name,
      password: 'mechanic-password-1',
      role: 'mechanic',
      branchIds: [panel.server.branch.id],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    mechanics.push({ id: created.body.id as string, name, email });
  }
  const booked = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service('Замена масла').id,
    start: DAY.toZonedDateTime({ timeZone: ZONE, plainTime: Temporal.PlainTime.from('11:00') }).toString({
      timeZoneName: 'never',
    }),
    client: { name: 'Анна Белова', phone: '+79161234502' },
    car: { make: 'Skoda', model: 'Octavia', plate: 'Е777КХ77' },
    channel: 'phone',
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  bookingId = booked.body.id as string;
  await panel.server.waitForProjection();
}, 300_000);

describe.skipIf(SKIP_BROWSER)('Assigning a mechanic by name', () => {
  it('lists the branch’s mechanics by name for the staff', async () => {
    const answer = await panel.server.api('GET', `/api/mechanics?branchId=${panel.server.branch.id}`);
    expect(answer.status).toBe(200);
    expect((answer.body as { name: string }[]).map((m) => m.name).sort()).toEqual([...NAMES].sort());
    const stranger = await panel.server.api('GET', '/api/mechanics?branchId=not-a-uuid');
    expect(stranger.status).toBe(400);
  });

  it('assigns by touch in the card dialog, names the mechanic everywhere, and the job reaches their «Сегодня»', async () => {
    const pavel = mechanics[1]!;
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: DAY.toString() });
    await board.card(bookingId).tap();
    await page.locator('[data-booking-dialog][open]').waitFor();
    const picker = board.dialog().locator('[data-mechanic-picker]');
    await picker.locator('[data-mechanic-id]').nth(2).waitFor();
    expect(await picker.locator('[data-mechanic-id]').allTextContents()).toEqual([...NAMES].sort((a, b) => a.localeCompare(b)));
    expect(await board.dialog().locator('[data-dialog-mechanic]').textContent()).toBe('не назначен');
    await expectTabletFriendly(page);
    await screenshot(page, 'card-mechanic-picker-820x1180');

    await picker.locator(`[data-mechanic-id="${pavel.id}"]`).tap();
    await expect
      .poll(async () => (await panel.server.api('GET', `/api/bookings/${bookingId}`)).body.mechanicId, { timeout: 5000 })
      .toBe(pavel.id);
    await expect.poll(() => board.dialog().locator('[data-dialog-mechanic]').textContent()).toBe(pavel.name);
    expect(await picker.locator(`[data-mechanic-id="${pavel.id}"]`).getAttribute('aria-pressed')).toBe('true');
    expect(await board.dialog().textContent()).not.toContain(pavel.id.slice(0, 8));
    await page.keyboard.press('Escape');
    await expect.poll(() => board.card(bookingId).locator('[data-card-mechanic]').textContent()).toBe(`Механик: ${pavel.name}`);
    await screenshot(page, 'board-mechanic-820x1180');

    const token = await panel.server.login(pavel.email, 'mechanic-password-1');
    const own = await panel.open({ width: 820, height: 1180 }, { touch: true, token });
    const today = new TodayPage(own, panel.server.url);
    await today.goto();
    expect(await today.jobIds()).toEqual([bookingId]);
  });
});
