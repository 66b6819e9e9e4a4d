import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Temporal } from 'temporal-polyfill';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeSmsRu, type FakeSmsRu } from '../support/fake-sms-ru.ts';
import { startTestServer } from '../support/test-server.ts';
import { SKIP_BROWSER, TABLETS, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';
import { ReportsPage } from './pages/reports-page.ts';

/**
 * The public booking page as a client uses it, by touch, without an account: a service, a day and
 * a free time, name, phone and consent, the code from the SMS (SMS.ru's loopback fake), booked —
 * checked against the board's API (channel «web», the advert's UTM as the source) — then the
 * client's own list and a cancellation. At the three tablet sizes and a phone's.
 */
let sms: FakeSmsRu | undefined;
const panel = panelSuite(async () => {
  sms = await startFakeSmsRu();
  return startTestServer({ channels: { sms: { apiId: sms.apiId, baseUrl: sms.baseUrl } } });
});
afterAll(async () => {
  await sms?.close();
});

const SIZES = [...TABLETS, ['390x844', { width: 390, height: 844 }]] as const;

describe.skipIf(SKIP_BROWSER)('Public booking page', () => {
  it.each(SIZES)('books, lists and cancels by touch at %s', async (size, viewport) => {
    const phoneDigits = `7916557${String(1000 + SIZES.findIndex(([name]) => name === size)).padStart(4, '0')}`;
    // One client per size: the sizes book the same first free time on different bays.
    const name = `Ольга Сайтова ${size}`;
    await panel.server.runtime.pool.query('UPDATE organizations SET phone = $2, legal_address = $3 WHERE id = $1', [
      panel.server.branch.orgId,
      '+74951234567',
      'Москва, ул. Гаражная, 7',
    ]);
    const page = await panel.open(viewport, { touch: true, token: null });
    await page.goto(`${panel.server.url}/book?utm_source=vk&utm_medium=post&utm_campaign=dekabr`);
    const book = page.locator('[data-book]');
    await book.waitFor();
    expect(await book.locator('h1').textContent()).toContain('Запись в');
    // Whom to call, before anything else: the station's number (dialled by a tap) and address.
    const contacts = book.locator('[data-book-contacts]');
    expect(await contacts.textContent()).toContain('+7 495 123-45-67');
    expect(await contacts.textContent()).toContain('Москва, ул. Гаражная, 7');
    expect(await contacts.locator('a').getAttribute('href')).toBe('tel:+74951234567');
    // An SMS gateway is connected: no warning that only messenger clients get a code.
    expect(await book.locator('[data-book-no-sms]').count()).toBe(0);
    // No staff menu for a client.
    expect(await page.locator('[data-nav]').count()).toBe(0);
    // The station's page, not the software's: no vendor in the header or the tab's title.
    expect(await page.locator('.brand').count()).toBe(0);
    expect(await page.title()).toBe('Запись на сервис');

    await book.locator('[data-service^="Замена масла"]').tap();
    expect(await book.locator('[data-book-lead]').textContent()).toContain('не позже чем за 2 ч до начала');
    const day = book.locator('[data-slot-days] [data-day]').nth(2);
    const date = (await day.getAttribute('data-day'))!;
    await day.tap();
    // The chosen day's times: at night today still has free times, shown until the tap re-renders.
    const firstTime = book.locator(`[data-book-times] [data-slot^="${date}"]`).first();
    await firstTime.waitFor();
    const start = (await firstTime.getAttribute('data-slot'))!;
    const shownTime = (await firstTime.textContent())!.trim();
    expect(shownTime).toMatch(/^\d\d:\d\d$/);
    await firstTime.tap();

    const form = book.locator('[data-book-code-form]');
    await form.locator('input[name=name]').fill(name);
    await form
      .locator('input[name=phone]')
      .fill(`8 (${phoneDigits.slice(1, 4)}) ${phoneDigits.slice(4, 7)}-${phoneDigits.slice(7, 9)}-${phoneDigits.slice(9)}`);
    await form.locator('[data-book-consent]').tap();
    await screenshot(page, `book-form-${size}`);
    await form.locator('[data-book-get-code]').tap();
    await form.locator('[data-book-code]').waitFor();
    expect(await form.locator('[data-code-sent]').getAttribute('data-code-sent')).toBe('sms');
    const code = /\b(\d{6})\b/.exec(sms!.to(phoneDigits).at(-1) ?? '')![1]!;
    await form.locator('[data-book-code]').fill(code);
    await form.locator('[data-book-confirm]').tap();
    await book.locator('[data-book-me]').waitFor();
    expect(await book.locator('[data-book-me]').textContent()).toContain(name);

    await book.locator('[data-book-plate]').fill('к 777 мм 77');
    await book.locator('[data-book-submit]').tap();
    const done = book.locator('[data-booked]');
    await done.waitFor();
    const doneText = (await done.textContent()) ?? '';
    expect(doneText).toContain(shownTime);
    expect(doneText).toContain('Замена масла');
    expect(doneText).toContain('ждёт подтверждения администратора');
    expect(doneText).toContain('не позже чем за 2 ч до начала');
    // Where to come: one branch, so only its address.
    expect(await done.locator('[data-booked-place]').textContent()).toBe('Ждём вас: Москва, ул. Гаражная, 7.');

    await panel.server.waitForProjection();
    const board = await panel.server.api('GET', `/api/board?branchId=${panel.server.branch.id}&date=${start.slice(0, 10)}`);
    const card = board.body.columns
      .flatMap((column: { cards: { start: string; channel: string }[] }) => column.cards)
      .find(
        (c: { start: string; channel: string; clientName: string }) =>
          c.clientName === name && Date.parse(c.start) === Date.parse(start),
      );
    expect(card).toMatchObject({ channel: 'web', source: 'vk / post / dekabr', plate: 'К777ММ77' });

    const mine = book.locator(`[data-mine="${card.id}"]`);
    await mine.waitFor();
    expect(await mine.textContent()).toContain('ждёт подтверждения');
    const text = (await book.textContent()) ?? '';
    expect(text).not.toMatch(/\d{4}-\d\d-\d\d|[0-9a-f]{8}-[0-9a-f]{4}|\bNew\b|undefined/);
    await expectTabletFriendly(page);
    await screenshot(page, `book-done-${size}`);

    await mine.locator(`[data-cancel="${card.id}"]`).tap();
    await mine.locator('[data-cancel-yes]').tap();
    await book.locator('[data-book-notice]').waitFor();
    expect(await mine.textContent()).toContain('отменена');
    // The card's status is the read model's: wait until it has applied the cancellation.
    await panel.server.waitForProjection();
    const cancelled = await panel.server.api('GET', `/api/bookings/${card.id}`);
    expect(cancelled.body.status).toBe('Cancelled');

    // The browser stays signed in as the client: a reload greets them without a new code.
    await page.reload();
    await book.locator('[data-book-me]').waitFor();
    expect(sms!.to(phoneDigits)).toHaveLength(1);

    // A moment the server does not answer (a restart, a proxy's 502) keeps the sign-in: no new paid code.
    const token = await page.evaluate<string>(`localStorage.getItem('zero_client_token') ?? ''`);
    expect(token).not.toBe('');
    await page.route('**/api/public/me', (route) => route.fulfill({ status: 502, body: '' }));
    await page.reload();
    await book.locator('[data-book-error]').waitFor();
    expect(await book.locator('[data-book-error]').textContent()).toContain('входить заново не нужно');
    expect(await page.evaluate<string>(`localStorage.getItem('zero_client_token') ?? ''`)).toBe(token);
    await page.unroute('**/api/public/me');
    await page.reload();
    await book.locator('[data-book-me]').waitFor();

    // «Это не я» (a tablet at the counter): signed out here and on the server, so the token is dead.
    await book.locator('[data-book-signout]').tap();
    await book.locator('[data-book-me]').waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await fetch(`${panel.server.url}/api/public/me`, { headers: { 'x-client-token': token } })).status)
      .toBe(401);
  });

  it('gives the owner the link and a frame for the station’s site, and the page works framed there', async () => {
    const page = await panel.open(TABLETS[0][1], { touch: true });
    await page.goto(`${panel.server.url}/settings`);
    const box = page.locator('[data-web-booking-link]');
    await box.waitFor();
    const url = await box.locator('[data-web-booking-url]').inputValue();
    expect(url).toBe(`${panel.server.url}/book?branch=${panel.server.branch.id}`);
    const snippet = await box.locator('[data-web-booking-embed]').inputValue();
    expect(snippet).toContain(`src="${url}"`);
    await expectTabletFriendly(page);
    await box.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-web-booking-link-820x1180');

    // The station's own site (another origin) with the snippet pasted in: the form loads in the frame.
    const html = `<!doctype html><html><head><meta charset="utf-8"></head><body><h1>Автосервис на Лесной</h1>${snippet}</body></html>`;
    const stationSite = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html);
    });
    await new Promise<void>((resolve) => stationSite.listen(0, '127.0.0.1', resolve));
    const site = await panel.open(TABLETS[2][1], { touch: true, token: null });
    await site.goto(`http://localhost:${(stationSite.address() as AddressInfo).port}/`);
    const framed = site.frameLocator('iframe');
    await framed.locator('[data-book] h1').waitFor();
    expect(await framed.locator('[data-book-services] [data-service]').count()).toBeGreaterThan(2);
    // The panel itself still refuses to be framed.
    const panelResponse = await fetch(`${panel.server.url}/login`);
    expect(panelResponse.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const bookResponse = await fetch(url);
    expect(bookResponse.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(bookResponse.headers.get('x-frame-options')).toBeNull();
    await screenshot(site, 'book-framed-1280x800');
    stationSite.close();
  });

  it('shows the owner where the bookings came from, the page’s UTM tags as the source', async () => {
    const page = await panel.open(TABLETS[1][1], { touch: true });
    const reports = new ReportsPage(page, panel.server.url);
    const today = Temporal.Now.plainDateISO(panel.server.branch.timeZone).toString();
    await reports.goto({ branch: panel.server.branch.id, period: 'day', date: today });
    const sources = page.locator('[data-sources=ready]');
    await sources.waitFor();
    const row = sources.locator('[data-source-row="vk / post / dekabr"]');
    // The four sizes above each booked and cancelled once from the same advert.
    expect((await row.locator('td').allInnerTexts()).map((cell) => cell.trim())).toEqual([
      'Сайт',
      'vk / post / dekabr',
      '4',
      '0',
      '4',
    ]);
    await expectTabletFriendly(page);
    await sources.scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-sources-1180x820');
  });

  it('books two works at once, books a cancelled time again, with storage refused and the link’s tag after a second «?»', async () => {
    const phoneDigits = '79165579901';
    const name = 'Зинаида Повторова';
    const page = await panel.open({ width: 390, height: 844 }, { touch: true, token: null });
    // As embedded on a station's site in a browser that blocks third-party storage: every use throws.
    await page.addInitScript(`Object.defineProperty(window, 'localStorage', {
      get: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });`);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The owner added the advert's tag to the settings' link with «?», as a person does.
    await page.goto(`${panel.server.url}/book?branch=${panel.server.branch.id}?utm_source=yandex`);
    const book = page.locator('[data-book]');
    await book.locator('[data-book-services]').waitFor();

    const chooseTime = async () => {
      const day = book.locator('[data-slot-days] [data-day]').nth(3);
      const date = (await day.getAttribute('data-day'))!;
      await day.tap();
      const first = book.locator(`[data-book-times] [data-slot^="${date}"]`).first();
      await first.waitFor();
      const start = (await first.getAttribute('data-slot'))!;
      await first.tap();
      return start;
    };
    await book.locator('[data-service^="Замена масла"]').tap();
    await book.locator('[data-service^="Диагностика ходовой"]').tap();
    const start = await chooseTime();
    const form = book.locator('[data-book-code-form]');
    const error = book.locator('[data-book-error]');
    await form.locator('input[name=name]').fill(name);
    // A number that is none: the refusal names the phone, and the phone field is marked.
    await form.locator('input[name=phone]').fill('12345');
    await form.locator('[data-book-consent]').tap();
    await form.locator('[data-book-get-code]').tap();
    await error.waitFor();
    expect(await error.textContent()).toContain('Проверьте номер телефона');
    expect(await form.locator('input[name=phone]').getAttribute('aria-invalid')).toBe('true');
    await form.locator('input[name=phone]').fill('8 916 557-99-01');
    await form.locator('[data-book-get-code]').tap();
    await form.locator('[data-book-code]').waitFor();
    expect(await form.locator('input[name=phone]').getAttribute('aria-invalid')).toBeNull();
    // A wrong code says how many tries are left.
    const code = /\b(\d{6})\b/.exec(sms!.to(phoneDigits).at(-1) ?? '')![1]!;
    await form.locator('[data-book-code]').fill(code === '000000' ? '111111' : '000000');
    await form.locator('[data-book-confirm]').tap();
    await expect.poll(() => error.textContent()).toContain('осталось попыток: 4');
    expect(await form.locator('[data-book-code]').getAttribute('aria-invalid')).toBe('true');
    await form.locator('[data-book-code]').fill(code);
    await form.locator('[data-book-confirm]').tap();
    await book.locator('[data-book-me]').waitFor();

    const placed = async () => {
      await book.locator('[data-book-submit]').tap();
      await book.locator('[data-booked]').waitFor();
      await panel.server.waitForProjection();
      const board = await panel.server.api('GET', `/api/board?branchId=${panel.server.branch.id}&date=${start.slice(0, 10)}`);
      return (
        board.body.columns as {
          cards: { id: string; clientName: string; status: string; source: string | null; services: unknown[] }[];
        }[]
      )
        .flatMap((column) => column.cards)
        .filter((card) => card.clientName === name && card.status !== 'Cancelled');
    };
    const [first] = await placed();
    expect(first).toMatchObject({ status: 'New', source: 'yandex' });
    expect((await panel.server.api('GET', `/api/bookings/${first!.id}`)).body.serviceIds).toHaveLength(2);

    const mine = book.locator(`[data-mine="${first!.id}"]`);
    await mine.locator(`[data-cancel="${first!.id}"]`).tap();
    await mine.locator('[data-cancel-yes]').tap();
    await book.locator('[data-book-notice]').waitFor();
    // The same works at the same time again: a new booking, not the cancelled one answered again.
    await book.locator('[data-book-again]').tap();
    expect(await chooseTime()).toBe(start);
    const again = await placed();
    expect(again).toHaveLength(1);
    expect(again[0]!.id).not.toBe(first!.id);
    // Works done the day they start say nothing of readiness; body work over two days says when the car is ready.
    expect(await book.locator('[data-booked-ready]').count()).toBe(0);
    await book.locator('[data-book-again]').tap();
    await book.locator('[data-service^="Замена масла"]').tap();
    await book.locator('[data-service^="Диагностика ходовой"]').tap();
    await book.locator('[data-service^="Кузовной ремонт"]').tap();
    await chooseTime();
    await book.locator('[data-book-submit]').tap();
    const ready = book.locator('[data-booked-ready]');
    await ready.waitFor();
    expect(await ready.textContent()).toMatch(/^Машина будет готова: [а-я]{2}, \d{1,2} [а-я]+, \d\d:\d\d\.$/);
    expect(pageErrors).toEqual([]);
  });

  it('says so, with the number to call, in a branch that does not book online yet', async () => {
    const hours = Object.fromEntries(
      ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { open: '09:00', close: '20:00', breaks: [] }]),
    );
    const created = await panel.server.api('POST', '/api/branches', { name: 'СТО на Мира', timeZone: 'Europe/Moscow', hours });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const page = await panel.open(TABLETS[0][1], { touch: true, token: null });
    await page.goto(`${panel.server.url}/book?branch=${created.body.id}`);
    const book = page.locator('[data-book]');
    const none = book.locator('[data-book-no-services]');
    await none.waitFor();
    // The number is kept on one line: no-break spaces and hyphens.
    expect(await none.textContent()).toMatch(/запись через сайт пока не открыта.*\+7\u00a0495\u00a0123\u201145\u201167/);
    expect(await book.locator('[data-book-services] [data-service]').count()).toBe(0);
    // Nothing else to do there: no days, times or sign-in.
    expect(await book.locator('[data-slot-days]').count()).toBe(0);
    expect(await book.locator('[data-book-code-form]').count()).toBe(0);
    // The other branch is a tap away.
    expect(await book.locator('[data-book-branch] option').count()).toBe(2);
    await screenshot(page, 'book-branch-without-services-820x1180');
  });

  it('shows a day off as closed on the day strip, and offers the whole horizon', async () => {
    const branchPath = `/api/branches/${panel.server.branch.id}`;
    const tomorrow = Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days: 1 }).toString();
    expect((await panel.server.api('PATCH', branchPath, { daysOff: [tomorrow], bookingHorizonDays: 30 })).status).toBe(200);
    try {
      const page = await panel.open(TABLETS[0][1], { touch: true, token: null });
      await page.goto(`${panel.server.url}/book?branch=${panel.server.branch.id}`);
      const day = page.locator(`[data-slot-days] [data-day="${tomorrow}"]`);
      await day.waitFor();
      expect(await day.getAttribute('data-closed')).toBe('true');
      expect(await day.isDisabled()).toBe(true);
      expect(await day.textContent()).toContain('выходной');
      expect(await page.locator('[data-slot-days] [data-day]').count()).toBe(31);
      await screenshot(page, 'book-day-off-820x1180');
    } finally {
      await panel.server.api('PATCH', branchPath, { daysOff: [], bookingHorizonDays: 14 });
    }
  });
});
