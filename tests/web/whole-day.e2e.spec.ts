import { Temporal } from 'temporal-polyfill';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { SKIP_BROWSER, TABLETS, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';
import { BoardPage, type Column } from './pages/board-page.ts';
import { PhoneBookingDialog } from './pages/booking-dialogs.ts';
import { CalendarPage } from './pages/calendar-page.ts';
import { ClientProfileEditor } from './pages/client-profile.ts';
import { ClientsPage } from './pages/clients-page.ts';

/**
 * A station's whole working day on a tablet, by touch, at each of the three tablet sizes: 40 bookings
 * over three bays from the bot, the phone and walk-ins; the phone booking taken in the panel's dialog,
 * a client found by «8 (916) …» and their note edited, five reschedules in the calendar's day view (one
 * refused with the free times offered), three mechanics assigned in the card, three cancellations with
 * reasons, two forbidden moves refused before they land, and every booking walked through the columns.
 * Each size plays its own day on one server; each step is checked against the API.
 *
 * The bookings arrive through the API (as the bot's, the phone's and the walk-ins' do), all but the
 * phone one; every one is then moved through the columns by touch: three dragged column to column,
 * the others with the card's buttons.
 */
const panel = panelSuite();

type Booking = {
  id: string;
  status: string;
  bayId: string;
  start: string;
  channel: string;
  mechanicId: string | null;
  cancelReason: string | null;
  clientId: string;
};

const MECHANICS = ['Сергей Волков', 'Павел Орлов', 'Игорь Ким'];
const mechanicIds: string[] = [];

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  for (const [n, name] of MECHANICS.entries()) {
    const created = await panel.server.api('POST', '/api/users', {
      email: `day-mechanic-${n}@test.local`,
      name,
      password: 'mechanic-password-1',
      role: 'mechanic',
      branchIds: [panel.server.branch.id],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    mechanicIds.push(created.body.id as string);
  }
}, 300_000);

const booking = async (id: string) => {
  const answer = await panel.server.api('GET', `/api/bookings/${id}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as Booking;
};
const statusOf = async (id: string) => (await booking(id)).status;
const at = (days: number, time: string) => Date.parse(startAt(panel.server.branch, days, time));

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** One size's day: 39 bookings placed through the API (the bot, phone calls, walk-ins) over three bays. */
const seedDay = async (days: number, size: number) => {
  const { branch, bays } = panel.server;
  const [lift1, lift2, tyre] = bays;
  const plan: { bayId: string; service: string; time: string; key: string }[] = [];
  for (let i = 0; i < 10; i++)
    plan.push({ bayId: tyre!.id, service: 'Шиномонтаж', time: hhmm(9 * 60 + i * 60), key: `tyre ${hhmm(9 * 60 + i * 60)}` });
  for (let i = 0; i < 14; i++)
    plan.push({
      bayId: lift1!.id,
      service: 'Диагностика ходовой',
      time: hhmm(9 * 60 + i * 30),
      key: `lift1 ${hhmm(9 * 60 + i * 30)}`,
    });
  for (let i = 0; i < 15; i++)
    plan.push({
      bayId: lift2!.id,
      service: 'Диагностика ходовой',
      time: hhmm(9 * 60 + i * 30),
      key: `lift2 ${hhmm(9 * 60 + i * 30)}`,
    });
  const channels = ['telegram', 'phone', 'panel'] as const;
  const ids = new Map<string, string>();
  for (const [n, item] of plan.entries()) {
    const answer = await panel.server.api('POST', '/api/bookings', {
      branchId: branch.id,
      serviceId: panel.server.service(item.service).id,
      bayId: item.bayId,
      start: startAt(branch, days, item.time),
      // The first client of the day is the one the manager later finds by «8 (916) …».
      client: { name: n === 0 ? 'Анна Белова' : `Клиент ${n + 1}`, phone: `+7916${size}${String(100_000 + n).slice(-6)}` },
      car: { make: 'Lada', model: 'Vesta', plate: `В${String(100 + n)}ОР${77 + size}` },
      channel: channels[n % 3],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    ids.set(item.key, answer.body.id as string);
  }
  await panel.server.waitForProjection();
  return (key: string) => {
    const id = ids.get(key);
    if (!id) throw new Error(`no booking ${key}`);
    return id;
  };
};

/** Touch-drags a card and, while the finger still holds it over the target, reads the columns' drop marks. */
const holdOver = async (page: Page, board: BoardPage, id: string, to: Column) => {
  await board.card(id).scrollIntoViewIfNeeded();
  const from = (await board.card(id).boundingBox())!;
  const target = (await board.column(to).boundingBox())!;
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  const end = { x: target.x + target.width / 2, y: start.y };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [start] });
  await page.waitForTimeout(350);
  for (let i = 1; i <= 16; i++) {
    const point = { x: start.x + ((end.x - start.x) * i) / 16, y: start.y };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(150);
  const marks = Object.fromEntries(
    await page
      .locator('[data-drop-column]')
      .evaluateAll((sections) => sections.map((s) => [s.getAttribute('data-drop-column'), s.getAttribute('data-drop')])),
  );
  const landed = await board.column(to).locator(`[data-card-id="${id}"]`).count();
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
  return { marks, landed };
};

/** Opens a card's dialog with a finger. */
const openByTouch = async (page: Page, board: BoardPage, id: string) => {
  await board.card(id).scrollIntoViewIfNeeded();
  await board.card(id).tap();
  await page.locator('[data-booking-dialog][open]').waitFor({ timeout: 5000 });
};

const closeByTouch = async (page: Page, board: BoardPage) => {
  await board.dialog().locator('.btn-close').tap();
  await page.locator('[data-booking-dialog][open]').waitFor({ state: 'detached' });
};

/** Moves a card one column on by touch and waits until the API holds the new status. */
const touchMove = async (page: Page, board: BoardPage, id: string, to: Column) => {
  await board.card(id).scrollIntoViewIfNeeded();
  await board.dragWithTouch(page.context(), id, to);
  await expect.poll(() => statusOf(id), { timeout: 5000 }).toBe(to);
  await board.cardIn(to, id).waitFor({ timeout: 5000 });
};

/** Moves a card through every column with the buttons of its card, by touch, each step held by the API. */
const tapThroughCard = async (page: Page, board: BoardPage, id: string) => {
  await openByTouch(page, board, id);
  for (const to of ['Confirmed', 'InProgress', 'Done'] as Column[]) {
    await board.dialog().locator(`[data-action=${to}]`).tap();
    await expect.poll(() => statusOf(id), { timeout: 5000 }).toBe(to);
  }
  await closeByTouch(page, board);
};

describe.skipIf(SKIP_BROWSER)('A whole working day on a tablet, by touch', () => {
  for (const [index, [size, viewport]] of TABLETS.entries()) {
    it(`plays 40 bookings over three bays at ${size}`, async () => {
      const days = 2 + index;
      const date = Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days }).toString();
      const [lift1, lift2, tyre] = panel.server.bays.map((bay) => bay.id);
      const id = await seedDay(days, index + 1);
      const page = await panel.open(viewport, { touch: true });
      const board = new BoardPage(page, panel.server.url);

      // 1. A phone call: the booking dialog, the free-slot picker, a new client — the 40th booking.
      await board.goto({ date });
      const phone = new PhoneBookingDialog(page);
      await phone.open();
      await phone.chooseService(panel.server.service('Диагностика ходовой').id);
      // The picker opens on the day the board shows.
      expect(await phone.root().locator(`[data-day="${date}"]`).getAttribute('aria-pressed')).toBe('true');
      const free = await phone.freeTimes(lift1!);
      expect(free).toContain('18:00');
      expect(free).not.toContain('09:00');
      await phone.chooseTime(lift1!, '18:00');
      const caller = `+7 903 ${index + 1}00-00-00`;
      await phone.search(caller);
      await phone.root().locator('[data-client-not-found]').waitFor();
      await phone.root().locator('[data-field=name]').fill('Ольга Звонкова');
      await phone.root().locator('[data-field=phone]').fill(caller);
      await expectTabletFriendly(page);
      await screenshot(page, `day-phone-booking-${size}`);
      await phone.submit().tap();
      await expect.poll(() => page.locator('[data-new-booking-dialog][open]').count()).toBe(0);
      await panel.server.waitForProjection();
      const listed = await panel.server.api('GET', `/api/board?branchId=${panel.server.branch.id}&date=${date}`);
      const cards = (listed.body.columns as { cards: Booking[] }[]).flatMap((column) => column.cards);
      expect(cards).toHaveLength(40);
      const called = cards.find((card) => Date.parse(card.start) === at(days, '18:00') && card.bayId === lift1)!;
      expect(called.channel).toBe('phone');
      expect(new Set(cards.map((card) => card.channel))).toEqual(new Set(['telegram', 'phone', 'panel']));
      expect(new Set(cards.map((card) => card.bayId))).toEqual(new Set([lift1, lift2, tyre]));
      await board.cardIn('New', called.id).waitFor();

      // 2. The client who calls back is found by «8 (916) …», and their note is edited.
      const clients = new ClientsPage(page, panel.server.url);
      await clients.goto();
      await clients.search(`8 (916) ${index + 1}10-00-00`);
      await expect.poll(() => clients.names()).toEqual(['Анна Белова']);
      const anna = (await booking(id('tyre 09:00'))).clientId;
      await page.locator(`[data-open-client="${anna}"]`).tap();
      await page.waitForURL(/\/client\?id=/);
      const editor = new ClientProfileEditor(page);
      await editor.open();
      const note = `Просит СМС, не звонки (${size}).`;
      await editor.fill({ note });
      await screenshot(page, `day-client-note-${size}`);
      await editor.save();
      await expect.poll(async () => (await panel.server.api('GET', `/api/clients/${anna}`)).body.note).toBe(note);
      await expect.poll(() => editor.note().textContent()).toBe(note);

      // 3. Five reschedules in the calendar's day view, one column per bay; one is refused with offers.
      const calendar = new CalendarPage(page, panel.server.url);
      await calendar.goto({ view: 'timeGridDay', date });
      const moves: [string, number, string, string][] = [
        ['lift1 15:30', 0, '17:00', lift1!],
        ['lift2 16:00', 1, '17:00', lift2!],
        ['lift1 15:00', 1, '16:00', lift2!],
        ['tyre 18:00', 2, '19:00', tyre!],
      ];
      for (const [key, column, time, bayId] of moves) {
        await calendar.event(id(key)).waitFor();
        await calendar.scrollToRow(key.split(' ')[1]!);
        await calendar.dragByTouch(page.context(), id(key), column, time);
        await expect.poll(async () => Date.parse((await booking(id(key))).start), { timeout: 5000 }).toBe(at(days, time));
        expect((await booking(id(key))).bayId).toBe(bayId);
        await panel.server.waitForProjection();
      }
      const refused = id('lift1 14:30');
      await calendar.scrollToRow('14:30');
      await calendar.dragByTouch(page.context(), refused, 1, '15:30');
      await calendar.refusal().waitFor({ timeout: 5000 });
      expect(await calendar.refusal().textContent()).toContain('Это время на посту «Подъёмник 2» занято');
      const offers = calendar.refusal().locator('[data-offer]');
      expect(await offers.count()).toBeGreaterThan(0);
      expect(Date.parse((await booking(refused)).start)).toBe(at(days, '14:30'));
      await screenshot(page, `day-calendar-refused-${size}`);
      const [wanted, wantedBay] = [
        await offers.first().getAttribute('data-offer'),
        await offers.first().getAttribute('data-offer-bay'),
      ];
      await offers.first().tap();
      await expect.poll(async () => Date.parse((await booking(refused)).start), { timeout: 5000 }).toBe(Date.parse(wanted!));
      expect((await booking(refused)).bayId).toBe(wantedBay);
      await panel.server.waitForProjection();

      // 4. Back on the board: three mechanics assigned in the card, three cancellations with reasons.
      await board.goto({ date });
      const assigned = [id('tyre 10:00'), id('lift1 10:00'), id('lift2 10:00')];
      for (const [n, bookingId] of assigned.entries()) {
        await board.card(bookingId).scrollIntoViewIfNeeded();
        await openByTouch(page, board, bookingId);
        await board.dialog().locator(`[data-mechanic-picker] [data-mechanic-id="${mechanicIds[n]}"]`).tap();
        await expect.poll(async () => (await booking(bookingId)).mechanicId, { timeout: 5000 }).toBe(mechanicIds[n]);
        await expect.poll(() => board.dialog().locator('[data-dialog-mechanic]').textContent()).toBe(MECHANICS[n]);
        if (n === 0) await screenshot(page, `day-card-mechanic-${size}`);
        await closeByTouch(page, board);
      }
      const cancelled: [string, string][] = [
        [id('tyre 11:00'), 'client_request'],
        [id('lift1 11:00'), 'no_show'],
        [id('lift2 11:00'), 'station'],
      ];
      for (const [bookingId, reason] of cancelled) {
        await board.card(bookingId).scrollIntoViewIfNeeded();
        await openByTouch(page, board, bookingId);
        await board.dialog().locator('[data-action=Cancelled]').tap();
        await board.dialog().locator(`[data-reason=${reason}]`).tap();
        await expect.poll(() => statusOf(bookingId), { timeout: 5000 }).toBe('Cancelled');
        expect((await booking(bookingId)).cancelReason).toBe(reason);
        await closeByTouch(page, board);
        await board.cardIn('Cancelled', bookingId).waitFor();
      }

      // 5. Three bookings walked through every column by touch.
      const walked = [id('tyre 09:00'), id('lift1 09:00'), id('lift2 09:00')];
      for (const bookingId of walked) {
        for (const to of ['Confirmed', 'InProgress', 'Done'] as Column[]) await touchMove(page, board, bookingId, to);
      }
      await screenshot(page, `day-board-walked-${size}`);

      // 6. Two forbidden moves: shown as refused while held, refused before they land, nothing sent.
      const statusCalls: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/status')) statusCalls.push(request.url());
      });
      const fresh = id('lift2 09:30');
      const early = await holdOver(page, board, fresh, 'Done');
      expect(early.marks.Done).toBe('no');
      expect(early.marks.Confirmed).toBe('ok');
      expect(early.landed).toBe(0);
      await expect.poll(() => board.toast().textContent()).toContain('Нельзя перевести запись из «Новая» в «Выполнена»');
      const finished = walked[0]!;
      const reopened = await holdOver(page, board, finished, 'InProgress');
      expect(reopened.marks.InProgress).toBe('no');
      expect(reopened.landed).toBe(0);
      await expect.poll(() => board.toast().textContent()).toContain('Нельзя перевести запись из «Выполнена» в «В работе»');
      await board.cardIn('New', fresh).waitFor();
      await board.cardIn('Done', finished).waitFor();
      expect(statusCalls).toEqual([]);
      expect(await statusOf(fresh)).toBe('New');
      expect(await statusOf(finished)).toBe('Done');

      // 7. The rest of the day by the card's buttons: every other booking goes New → Confirmed → In progress → Done.
      // The first tap comes as a person's would after a refused move, past the 400 ms in which a
      // drop's own click does not open the card.
      await page.waitForTimeout(500);
      const rest = cards.filter((card) => !walked.includes(card.id) && !cancelled.some(([c]) => c === card.id));
      for (const card of rest) await tapThroughCard(page, board, card.id);
      await panel.server.waitForProjection();
      await expect.poll(() => board.count('Done'), { timeout: 10_000 }).toBe(37);
      expect(await board.count('Cancelled')).toBe(3);
      expect(await board.count('New')).toBe(0);
      const closed = await panel.server.api('GET', `/api/board?branchId=${panel.server.branch.id}&date=${date}`);
      const final = (closed.body.columns as { status: string; count: number }[]).map((column) => [column.status, column.count]);
      expect(Object.fromEntries(final)).toMatchObject({ New: 0, Confirmed: 0, InProgress: 0, Done: 37, Cancelled: 3 });
      await expectTabletFriendly(page);
      await screenshot(page, `day-board-closed-${size}`);
    }, 600_000);
  }
});
