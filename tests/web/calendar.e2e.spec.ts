import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import {
  SKIP_BROWSER,
  expectTabletFriendly,
  horizontalOverflow,
  panelSuite,
  screenshot,
  VIEWPORTS,
  type Viewport,
} from './browser.ts';
import { CalendarPage, type CalendarView } from './pages/calendar-page.ts';
import { ClientsPage } from './pages/clients-page.ts';
import { SettingsPage } from './pages/settings-page.ts';

const panel = panelSuite();
const { open } = panel;

const DAYS_AHEAD = 3;
const day = () => Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days: DAYS_AHEAD }).toString();
let phone = 0;
const book = async (time: string, client: string, bay = 0, service = 'Замена масла', days = DAYS_AHEAD) => {
  const response = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service(service).id,
    bayId: panel.server.bays[bay]!.id,
    start: startAt(panel.server.branch, days, time),
    client: { name: client, phone: `+7903${String(6_000_000 + ++phone).slice(-7)}` },
    car: { make: 'Lada', model: 'Vesta', plate: `В${200 + phone}ОР50` },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  await panel.server.waitForProjection();
  return response.body.id as string;
};

const startInReadModel = async (id: string) =>
  (await panel.server.runtime.pool.query<{ start_at: Date }>('SELECT start_at FROM rm.bookings WHERE id = $1', [id])).rows[0]!
    .start_at;

describe.skipIf(SKIP_BROWSER)('Panel: calendar', () => {
  let first: string;
  let second: string;

  beforeAll(async () => {
    first = await book('10:00', 'Виктор Соколов', 0);
    second = await book('12:00', 'Алла Морозова', 1, 'Диагностика ходовой');
  });

  const views: [CalendarView, Viewport, string][] = [
    ['timeGridDay', VIEWPORTS.ipadPortrait, 'calendar-day-820x1180'],
    ['timeGridWeek', VIEWPORTS.ipadLandscape, 'calendar-week-1180x820'],
    ['dayGridMonth', VIEWPORTS.ipadLandscape, 'calendar-month-1180x820'],
    ['multiMonthYear', VIEWPORTS.android, 'calendar-year-1280x800'],
  ];

  for (const [view, viewport, shot] of views) {
    it(`renders the bookings in the ${view} view`, async () => {
      const page = await open(viewport);
      const calendar = new CalendarPage(page, panel.server.url);
      await calendar.goto({ view, date: day() });
      expect(await calendar.view()).toBe(view);
      await calendar.event(first).waitFor();
      await calendar.event(second).waitFor();
      // The plate in every view (the client's name too in the day view, where there is room).
      if (view !== 'multiMonthYear') expect(await calendar.event(first).textContent()).toMatch(/В\d+ОР50/);
      if (view === 'timeGridDay') expect(await calendar.event(first).textContent()).toContain('Виктор Соколов');
      // Bays as stripes of their colour: the two bookings sit on different bays.
      const colours = await Promise.all(
        [first, second].map((id) =>
          calendar
            .event(id)
            .evaluate((el) => (el as { style: { getPropertyValue: (name: string) => string } }).style.getPropertyValue('--bay')),
        ),
      );
      if (view.startsWith('timeGrid')) expect(colours[0]).not.toBe(colours[1]);
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, shot);
    });
  }

  it('shows a busy day of the month as finger-sized bookings and «+N», whose list opens them on a tablet', async () => {
    const busyDay = DAYS_AHEAD + 2;
    const ids: string[] = [];
    for (const [time, client, bay] of [
      ['09:00', 'Роман Белов', 0],
      ['10:00', 'Инна Чернова', 1],
      ['11:00', 'Тимур Ахметов', 0],
      ['12:00', 'Яна Лебедева', 1],
    ] as const) {
      ids.push(await book(time, client, bay, 'Замена масла', busyDay));
    }
    const page = await open(VIEWPORTS.ipadPortrait, { touch: true });
    const calendar = new CalendarPage(page, panel.server.url);
    const date = Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days: busyDay }).toString();
    await calendar.goto({ view: 'dayGridMonth', date });
    await calendar.event(ids[0]!).waitFor();
    const more = page.locator(`.fc-daygrid-day[data-date="${date}"] .fc-more-link`);
    expect(await more.textContent()).toBe('+ ещё 2');
    await expectTabletFriendly(page);
    await more.tap();
    const popover = page.locator('.fc-popover');
    await popover.locator(`.fc-event[data-booking-id="${ids[3]}"]`).waitFor();
    await expectTabletFriendly(page);
    await screenshot(page, 'calendar-month-more-820x1180');
    await popover.locator(`.fc-event[data-booking-id="${ids[3]}"]`).tap();
    await page.locator('[data-booking-dialog][open]').waitFor();
    await expect.poll(() => page.locator('[data-booking-dialog][open]').textContent()).toContain('Яна Лебедева');
  });

  it('switches between the four views with the toolbar buttons', async () => {
    const page = await open(VIEWPORTS.ipadLandscape);
    const calendar = new CalendarPage(page, panel.server.url);
    await calendar.goto({ view: 'timeGridWeek', date: day() });
    for (const view of ['timeGridDay', 'dayGridMonth', 'multiMonthYear', 'timeGridWeek'] as const) {
      await calendar.switchTo(view);
      await calendar.event(first).waitFor();
    }
  });

  it('reschedules by dragging an event, and snaps a refused drag back with a message', async () => {
    const id = await book('14:00', 'Геннадий Орлов', 0);
    // Tall enough that the whole day fits: no auto-scroll while dragging.
    const page = await open({ width: 1280, height: 1500 });
    const calendar = new CalendarPage(page, panel.server.url);
    await calendar.goto({ view: 'timeGridDay', date: day() });
    await calendar.event(id).waitFor();

    await calendar.dragEventTo(id, '16:00');
    await calendar.toast().waitFor({ timeout: 5000 });
    expect(await calendar.toast().getAttribute('data-toast')).toBe('ok');
    const wanted = Date.parse(startAt(panel.server.branch, DAYS_AHEAD, '16:00'));
    await expect.poll(async () => (await startInReadModel(id)).getTime(), { timeout: 5000 }).toBe(wanted);

    // 08:00 is shown but the branch opens at 09:00: the server refuses and the event goes back.
    await calendar.dragEventTo(id, '08:00');
    await expect.poll(() => calendar.toast().getAttribute('data-toast'), { timeout: 5000 }).toBe('error');
    expect(await calendar.toast().textContent()).toContain('Вне рабочего времени');
    expect((await startInReadModel(id)).getTime()).toBe(wanted);
    const box = await calendar.event(id).boundingBox();
    const slot = await calendar.slotPoint('16:00');
    expect(Math.abs(box!.y - (slot.y - (await calendar.slotHeight()) / 2))).toBeLessThan(12);
  });

  it('stretches a booking by dragging its end, and snaps a stretch into the next booking back with a message', async () => {
    // A day of its own, so the other tests' bookings stay out of the way.
    const days = DAYS_AHEAD + 1;
    const date = Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days }).toString();
    const id = await book('10:00', 'Борис Лебедев', 0, 'Замена масла', days);
    const page = await open({ width: 1280, height: 1500 });
    const calendar = new CalendarPage(page, panel.server.url);
    await calendar.goto({ view: 'timeGridDay', date });
    await calendar.event(id).waitFor();
    const endOf = async () => (await panel.server.api('GET', `/api/bookings/${id}`)).body.end as string;

    // 10:00-10:45 oil change, stretched by an hour with the mouse.
    await calendar.stretchEvent(id, 60);
    await expect.poll(() => calendar.toast().getAttribute('data-toast'), { timeout: 5000 }).toBe('ok');
    expect(await calendar.toast().textContent()).toContain('Длительность изменена');
    const stretched = Date.parse(startAt(panel.server.branch, days, '11:45'));
    await expect.poll(async () => Date.parse(await endOf()), { timeout: 5000 }).toBe(stretched);
    await expect.poll(async () => (await calendar.event(id).textContent()) ?? '', { timeout: 5000 }).toContain('11:45');

    // Another booking at 13:00 on the same bay: stretching past it is refused and the event shrinks back.
    await book('13:00', 'Нина Козлова', 0, 'Замена масла', days);
    await page.reload();
    await calendar.waitReady();
    const before = await calendar.event(id).boundingBox();
    await calendar.stretchEvent(id, 90);
    await expect.poll(() => calendar.toast().getAttribute('data-toast'), { timeout: 5000 }).toBe('error');
    expect(await calendar.toast().textContent()).toContain('дальше на этом посту другая запись');
    expect(Date.parse(await endOf())).toBe(stretched);
    await expect.poll(async () => Math.round((await calendar.event(id).boundingBox())!.height)).toBe(Math.round(before!.height));
  });

  it('draws a job still under way past its booked end to the present moment and says by how much it overran', async () => {
    const days = DAYS_AHEAD + 3;
    const date = Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days }).toString();
    // 10:00–10:45 oil change, taken into work and not done.
    const id = await book('10:00', 'Тимур Затянувшийся', 0, 'Замена масла', days);
    for (const status of ['Confirmed', 'InProgress']) {
      const moved = await panel.server.api('POST', `/api/bookings/${id}/status`, { status });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    await panel.server.waitForProjection();
    const end = Date.parse(startAt(panel.server.branch, days, '10:45'));
    for (const [name, viewport] of [
      ['820x1180', VIEWPORTS.ipadPortrait],
      ['1180x820', VIEWPORTS.ipadLandscape],
      ['1280x800', VIEWPORTS.android],
    ] as const) {
      const page = await open(viewport);
      // The tablet's clock: 40 minutes past the booked end.
      await page.clock.install({ time: end + 40 * 60_000 });
      const calendar = new CalendarPage(page, panel.server.url);
      await calendar.goto({ view: 'timeGridDay', date });
      const event = calendar.event(id);
      await event.waitFor();
      expect(await event.getAttribute('class')).toContain('is-overran');
      expect(await event.locator('.zc-ev-time').textContent()).toBe('10:00–10:45 · В работе');
      expect(await event.locator('.zc-ev-late').textContent()).toBe('дольше плана на 40 мин');
      // Drawn from 10:00 to the present 11:25: 85 minutes of half-hour rows.
      const drawn = async () => (await event.boundingBox())!.height / (await calendar.slotHeight());
      expect(Math.abs((await drawn()) - 85 / 30)).toBeLessThan(0.15);
      await event.scrollIntoViewIfNeeded();
      await screenshot(page, `calendar-overran-${name}`);

      // A minute on, drawn again: to the next five-minute mark, one minute longer over the plan.
      await page.clock.runFor(61_000);
      await expect.poll(() => event.locator('.zc-ev-late').textContent(), { timeout: 5000 }).toBe('дольше плана на 41 мин');
      expect(Math.abs((await drawn()) - 90 / 30)).toBeLessThan(0.15);
      await page.close();
    }
  });

  it('books a client by phone from a tap on a free slot, found by search', async () => {
    const page = await open(VIEWPORTS.ipadLandscape);
    const calendar = new CalendarPage(page, panel.server.url);
    await calendar.goto({ view: 'timeGridDay', date: day() });
    const slot = await calendar.slotPoint('17:00');
    await page.mouse.click(slot.x, slot.y);
    const dialog = calendar.newBookingDialog();
    await page.locator('[data-new-booking-dialog][open]').waitFor();
    await dialog.locator(`[data-service-id="${panel.server.service('Замена масла').id}"]`).click();
    // The tapped time is the one chosen: the submit button names it.
    await expect.poll(() => dialog.locator('[data-submit]').textContent()).toContain('17:00');
    await dialog.locator('[data-client-search]').fill('Морозова');
    await dialog.locator('[data-client-results] button', { hasText: 'Алла Морозова' }).click();
    // The number comes from the logged phone reveal, not from the masked search result.
    await dialog.locator('[data-picked-client][data-phone-ready=true]').waitFor();
    await expect.poll(() => dialog.locator('[data-cars] [aria-pressed=true]').textContent()).toMatch(/В\d+ОР50/);
    await screenshot(page, 'new-booking-1180x820');
    await dialog.locator('[data-submit]').click();
    await page
      .locator('[data-new-booking-dialog][open]')
      .waitFor({ state: 'detached', timeout: 5000 })
      .catch(() => undefined);
    await panel.server.waitForProjection();
    const { rows } = await panel.server.runtime.pool.query<{ id: string; channel: string }>(
      `SELECT id, channel FROM rm.bookings WHERE start_at = $1`,
      [startAt(panel.server.branch, DAYS_AHEAD, '17:00')],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.channel).toBe('phone');
    await calendar.event(rows[0]!.id).waitFor({ timeout: 3000 });
  });
});

describe.skipIf(SKIP_BROWSER)('Panel: clients and settings', () => {
  it('finds clients by name, phone and plate', async () => {
    await book('15:00', 'Тимур Зайцев', 2, 'Шиномонтаж');
    const page = await open(VIEWPORTS.ipadPortrait);
    const clients = new ClientsPage(page, panel.server.url);
    await clients.goto();
    await clients.search('Зайцев');
    await expect.poll(() => clients.names()).toEqual(['Тимур Зайцев']);
    await clients.search(`${6_000_000 + phone}`.slice(-7));
    await expect.poll(() => clients.names()).toEqual(['Тимур Зайцев']);
    await clients.search(`В${200 + phone}ОР`);
    await expect.poll(() => clients.names()).toEqual(['Тимур Зайцев']);
    // Phones are masked in the list; the call button reveals the number (logged) and dials it.
    expect(await page.locator('[data-client-id] [data-call-client]').textContent()).toContain('***');
    const revealed = page.waitForResponse((response) => response.url().endsWith('/reveal-phone'));
    await page.locator('[data-client-id] [data-call-client]').click();
    expect((await revealed).status()).toBe(200);
    await clients.search('');
    await expect.poll(async () => (await clients.names()).length).toBeGreaterThan(1);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'clients-820x1180');
  });

  it('shows the owner the branch hours, bays, services and users, and adds a bay', async () => {
    const page = await open(VIEWPORTS.ipadLandscape);
    const settings = new SettingsPage(page, panel.server.url);
    await settings.goto();
    expect(await settings.rows('hours').count()).toBe(7);
    expect(await settings.rows('bays').count()).toBe(3);
    expect(await settings.rows('services').count()).toBe(5);
    expect(await settings.rows('users').count()).toBeGreaterThanOrEqual(1);
    const form = page.locator('.panel-box').nth(1).locator('form');
    await form.locator('input').first().fill('Мойка');
    await form.locator('[data-kind=wash]').click();
    await form.locator('button[type=submit]').click();
    await expect.poll(() => settings.rows('bays').count()).toBe(4);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'settings-1180x820');
  });
});
