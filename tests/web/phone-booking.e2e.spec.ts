import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/test-server.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';
import { BoardPage } from './pages/board-page.ts';
import { CardEditors, PhoneBookingDialog } from './pages/booking-dialogs.ts';

const ZONE = 'Europe/Moscow';
// The server's clock reads 07:00 tomorrow (Moscow), so "today" has its whole working day ahead.
const DAY = Temporal.Now.plainDateISO(ZONE).add({ days: 1 });
const shift = DAY.toZonedDateTime({ timeZone: ZONE, plainTime: Temporal.PlainTime.from('07:00') }).epochMilliseconds - Date.now();
const panel = panelSuite(() => startTestServer({ now: () => Date.now() + shift }));

const at = (time: string) =>
  DAY.toZonedDateTime({ timeZone: ZONE, plainTime: Temporal.PlainTime.from(time) }).toString({ timeZoneName: 'never' });
const instant = (iso: string) => Date.parse(iso);

let oil = '';
let lift1 = '';
let lift2 = '';
let annaBooking = '';
const MECHANIC = 'Павел Орлов';
let mechanicId = '';

type Card = {
  id: string;
  clientId: string;
  clientName: string | null;
  channel: string;
  start: string;
  end: string;
  bayId: string;
};

const book = async (start: string, bayId: string, name: string, phone: string, car?: Record<string, string>) => {
  const answer = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: oil,
    start,
    bayId,
    client: { name, phone },
    ...(car ? { car } : {}),
    channel: 'phone',
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
};

/** The times a client's number was revealed in the panel, as the access log an officer reads has them. */
const reveals = async (clientId: string) => {
  const officer = await panel.server.addUser('compliance');
  const log = await panel.server.api('GET', `/api/compliance/access-log?clientId=${clientId}`, undefined, {
    authorization: `Bearer ${officer.token}`,
  });
  expect(log.status).toBe(200);
  return (log.body.entries as { action: string }[]).filter((entry) => entry.action === 'phone-reveal').length;
};

const booking = async (id: string) =>
  (await panel.server.api('GET', `/api/bookings/${id}`)).body as Card & { mechanicId: string | null };

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  oil = panel.server.service('Замена масла').id;
  lift1 = panel.server.bays.find((bay) => bay.name === 'Подъёмник 1')!.id;
  lift2 = panel.server.bays.find((bay) => bay.name === 'Подъёмник 2')!.id;
  const created = await panel.server.api('POST', '/api/users', {
    email: 'pavel@test.local',
    name: MECHANIC,
    password: 'mechanic-password-1',
    role: 'mechanic',
    branchIds: [panel.server.branch.id],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  mechanicId = created.body.id as string;
  annaBooking = await book(at('11:00'), lift1, 'Анна Белова', '+79161234502', {
    make: 'Skoda',
    model: 'Octavia',
    plate: 'Е777КХ77',
  });
  await book(at('11:00'), lift2, 'Олег Сидоров', '+79031112233');
  await panel.server.waitForProjection();
}, 300_000);

describe.skipIf(SKIP_BROWSER)('Booking by phone through the free-slot picker', () => {
  it('finds the client by «8 (916) …», takes a refused time’s alternative and books it on the phone channel', async () => {
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    const board = new BoardPage(page, panel.server.url);
    const dialog = new PhoneBookingDialog(page);
    await board.goto({ date: DAY.toString() });
    await dialog.open();
    await dialog.chooseService(oil);
    await dialog.chooseDay(DAY.toString());
    // Anna's 11:00 holds «Подъёмник 1»: the picker offers the times around it, not it.
    const times = await dialog.freeTimes(lift1);
    expect(times).toContain('14:00');
    expect(times).not.toContain('11:00');
    await dialog.chooseTime(lift1, '14:00');

    // Part of a name lists the clients it matches, phones masked; the manager picks one.
    await dialog.search('Белов');
    await dialog.results().first().waitFor();
    expect(await dialog.results().first().textContent()).toContain('Анна Белова');
    expect(await dialog.results().first().textContent()).toContain('+7 *** ***-**-02');
    // A whole number in any notation is one client: picked as typed, with no tap and nothing revealed.
    await dialog.search('8 (916) 123-45-02');
    await dialog.root().locator('[data-picked-client][data-phone-ready=true]').waitFor();
    expect(await dialog.pickedClient().textContent()).toContain('Анна Белова');
    expect(await reveals((await booking(annaBooking)).clientId)).toBe(0);
    expect(await dialog.root().locator('[data-cars] [aria-pressed=true]').textContent()).toContain('Е777КХ77');
    expect(await dialog.submit().textContent()).toMatch(/Записать на [а-я]{2}, \d{1,2} [а-я]+, 14:00 · Подъёмник 1/);
    await screenshot(page, 'phone-booking-filled-820x1180');

    // Someone takes 14:00 on that lift while the manager is still on the phone.
    await book(at('14:00'), lift1, 'Ирина Котова', '+79035556677');
    await dialog.submit().tap();
    await expect.poll(() => dialog.refusal().textContent()).toContain('Это время уже занято');
    await dialog.offers().first().waitFor();
    expect(await dialog.root().textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await expectTabletFriendly(page);
    await screenshot(page, 'phone-booking-refused-820x1180');
    const offered = (await dialog.offers().first().getAttribute('data-offer'))!;
    await dialog.offers().first().tap();
    await dialog.submit().tap();
    await expect.poll(() => page.locator('[data-new-booking-dialog][open]').count()).toBe(0);

    await panel.server.waitForProjection();
    const day = await panel.server.api('GET', `/api/board?branchId=${panel.server.branch.id}&date=${DAY.toString()}`);
    const cards = (day.body.columns as { cards: Card[] }[]).flatMap((column) => column.cards);
    const anna = cards.filter((card) => card.clientName === 'Анна Белова');
    expect(anna).toHaveLength(2);
    const made = anna.find((card) => card.id !== annaBooking)!;
    expect(made.channel).toBe('phone');
    expect(instant(made.start)).toBe(instant(offered));
    expect(made.clientId).toBe(anna.find((card) => card.id === annaBooking)!.clientId);
  });

  it('keeps a new caller’s number out of the name while the manager types it digit by digit, and the name as typed', async () => {
    const page = await panel.open({ width: 1180, height: 820 }, { touch: true });
    const board = new BoardPage(page, panel.server.url);
    const dialog = new PhoneBookingDialog(page);
    await board.goto({ date: DAY.toString() });
    await dialog.open();
    const search = dialog.root().locator('[data-client-search]');
    const searched = (text: string) =>
      page.waitForResponse((response) => response.url().includes(`/api/clients?q=${encodeURIComponent(text)}`));
    // A manager on the phone types the number in pieces, the search answering between them.
    for (const piece of ['8 9', '16 55', '5 00 77']) {
      const answered = searched(`${await search.inputValue()}${piece}`);
      await search.pressSequentially(piece);
      await answered;
    }
    const name = dialog.root().locator('input[name=name]');
    const phone = dialog.root().locator('input[name=phone]');
    await expect.poll(() => phone.inputValue(), { timeout: 10_000 }).toBe('8 916 555 00 77');
    expect(await name.inputValue()).toBe('');
    await name.fill('Екатерина Долгорукова');
    expect(await name.inputValue()).toBe('Екатерина Долгорукова');
    // Words typed in the search go to the name until the manager types there.
    await search.fill('');
    await name.fill('');
    const answered = searched('Зла');
    await search.pressSequentially('Зла');
    await answered;
    await expect.poll(() => name.inputValue(), { timeout: 10_000 }).toBe('Зла');
  });
});

describe.skipIf(SKIP_BROWSER)('Changing a booking in its card', () => {
  it('moves it by bay name (a refusal offers free times), assigns a mechanic by name, stretches and reschedules it', async () => {
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    const board = new BoardPage(page, panel.server.url);
    const card = new CardEditors(page);
    await board.goto({ date: DAY.toString() });
    await board.openCard(annaBooking);
    await card.root().locator('[data-bay-picker]').waitFor();
    const text = (await card.root().textContent())!;
    expect(text).toMatch(/[а-я]{2}, \d{1,2} [а-я]+, 11:00–11:45/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(text).toContain('+7 *** ***-**-02');

    // Oleg holds «Подъёмник 2» at 11:00: the move is refused with the lift's nearest free times.
    await card.bay(lift2).tap();
    await expect.poll(() => card.refusal().textContent()).toContain('занято');
    await card.offers().first().waitFor();
    await screenshot(page, 'card-refused-820x1180');
    const offered = (await card.offers().first().getAttribute('data-offer'))!;
    expect((await booking(annaBooking)).bayId).toBe(lift1);
    await card.offers().first().tap();
    await expect.poll(async () => instant((await booking(annaBooking)).start)).toBe(instant(offered));
    expect((await booking(annaBooking)).bayId).toBe(lift2);

    // Back to «Подъёмник 1» by name, at the new time.
    await expect.poll(() => card.bay(lift1).isEnabled()).toBe(true);
    await card.bay(lift1).tap();
    await expect.poll(async () => (await booking(annaBooking)).bayId).toBe(lift1);
    await expect.poll(() => card.bay(lift1).getAttribute('aria-pressed')).toBe('true');

    await card.mechanic(MECHANIC).tap();
    await expect.poll(async () => (await booking(annaBooking)).mechanicId).toBe(mechanicId);

    const before = await booking(annaBooking);
    await card.longer().tap();
    await expect
      .poll(async () => {
        const now = await booking(annaBooking);
        return instant(now.end) - instant(before.end);
      })
      .toBe(30 * 60_000);

    await card.openPicker();
    await card.chooseTime(lift1, '16:00');
    await expect.poll(async () => instant((await booking(annaBooking)).start)).toBe(instant(at('16:00')));
    expect((await booking(annaBooking)).bayId).toBe(lift1);
    await expectTabletFriendly(page);
    await screenshot(page, 'card-editors-820x1180');
  });

  for (const viewport of [
    { width: 1180, height: 820 },
    { width: 1280, height: 800 },
  ]) {
    it(`lays the phone booking and the card out without small targets at ${viewport.width}×${viewport.height}`, async () => {
      const page = await panel.open(viewport, { touch: true });
      const board = new BoardPage(page, panel.server.url);
      const dialog = new PhoneBookingDialog(page);
      await board.goto({ date: DAY.toString() });
      await dialog.open();
      await dialog.chooseService(oil);
      await dialog.chooseDay(DAY.toString());
      await dialog.freeTimes(lift1);
      await expectTabletFriendly(page);
      await screenshot(page, `phone-booking-${viewport.width}x${viewport.height}`);
      await page.keyboard.press('Escape');
      await board.openCard(annaBooking);
      await new CardEditors(page).openPicker();
      await new CardEditors(page).root().locator('[data-slot]').first().waitFor();
      await expectTabletFriendly(page);
      await screenshot(page, `card-editors-${viewport.width}x${viewport.height}`);
    });
  }
});
