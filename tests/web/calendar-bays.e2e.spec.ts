import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { phoneSequence, startAt } from '../support/test-server.ts';
import { SKIP_BROWSER, horizontalOverflow, panelSuite, screenshot, VIEWPORTS, type Viewport } from './browser.ts';
import { CalendarPage } from './pages/calendar-page.ts';

const panel = panelSuite();
const { open } = panel;
const nextPhone = phoneSequence(905_100_000);
let plates = 0;

const dayAt = (days: number) => Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days }).toString();

const book = async (days: number, time: string, bay: number, service: string, client: string) => {
  const response = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service(service).id,
    bayId: panel.server.bays[bay]!.id,
    start: startAt(panel.server.branch, days, time),
    client: { name: client, phone: nextPhone() },
    car: { make: 'Kia', model: 'Rio', plate: `Т${100 + ++plates}КХ77` },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
};

const booking = async (id: string) =>
  (await panel.server.api('GET', `/api/bookings/${id}`)).body as { bayId: string; start: string; status: string };

/** Buttons, links and «+ ещё N» inside the calendar smaller than a finger (44 px either way). */
const smallCalendarTargets = (page: CalendarPage['page']) =>
  page.evaluate<
    string[]
  >(`[...document.querySelectorAll('[data-calendar] button, [data-calendar] a[href], .fc-daygrid-more-link, [data-refusal] button')]
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && r.height > 0 && (r.width < 44 || r.height < 44))
    .map(([el, r]) => (el.textContent || '').trim() + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))`);

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;

const SIZES: [string, Viewport][] = [
  ['820x1180', VIEWPORTS.ipadPortrait],
  ['1180x820', VIEWPORTS.ipadLandscape],
  ['1280x800', VIEWPORTS.android],
];

describe.skipIf(SKIP_BROWSER)('Panel: calendar day view with a column per bay', () => {
  for (const [index, [size, viewport]] of SIZES.entries()) {
    it(`at ${size}: three bays side by side, a touch drag to another bay and time, a refused drag with offers taken`, async () => {
      // A day of its own per size, so the sizes never meet each other's bookings.
      const days = 2 + index;
      const date = dayAt(days);
      const oil = await book(days, '10:00', 0, 'Замена масла', 'Олег Карпов');
      const check = await book(days, '10:00', 1, 'Диагностика ходовой', 'Ирина Белова');
      const tyres = await book(days, '10:00', 2, 'Шиномонтаж', 'Пётр Гусев');
      const blocker = await book(days, '12:00', 1, 'Замена масла', 'Сергей Титов');
      await panel.server.waitForProjection();

      const page = await open(viewport, { touch: true });
      const calendar = new CalendarPage(page, panel.server.url);
      await calendar.goto({ view: 'timeGridDay', date });
      for (const id of [oil, check, tyres, blocker]) await calendar.event(id).waitFor();

      // One column per bay, named by the bay, in the branch's order.
      const columns = await calendar.bayColumns();
      expect(columns.map((c) => c.name)).toEqual(panel.server.bays.map((bay) => bay.name));
      // The three 10:00 jobs sit each inside its own bay's column and cover nothing.
      const boxes = await Promise.all([oil, check, tyres].map(async (id) => (await calendar.event(id).boundingBox())!));
      for (const [bay, box] of boxes.entries()) {
        const column = columns[bay]!.box;
        expect(box.x).toBeGreaterThanOrEqual(column.x - 1);
        expect(box.x + box.width).toBeLessThanOrEqual(column.x + column.width + 1);
        expect(box.width).toBeGreaterThan(column.width * 0.8);
      }
      expect(overlaps(boxes[0]!, boxes[1]!) || overlaps(boxes[1]!, boxes[2]!) || overlaps(boxes[0]!, boxes[2]!)).toBe(false);
      // Words, not codes: the title is a day in Russian, the events show the plate and no ISO date.
      expect(await page.locator('.fc-toolbar-title').textContent()).toMatch(/^[а-я]+, \d{1,2} [а-я]+ \d{4}/);
      expect(await calendar.event(oil).textContent()).toMatch(/10:00.*Новая.*Замена масла.*Т\d+КХ77 · Олег Карпов/);
      expect(await page.locator('[data-calendar]').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(await smallCalendarTargets(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);

      // A finger moves the oil change from the first lift to the second at 14:00: the API holds it there.
      await calendar.scrollToRow('10:00');
      await calendar.dragByTouch(page.context(), oil, 1, '14:00');
      await expect.poll(() => calendar.toast().getAttribute('data-toast'), { timeout: 5000 }).toBe('ok');
      expect(await calendar.toast().textContent()).toContain('Подъёмник 2');
      await expect.poll(async () => (await booking(oil)).bayId, { timeout: 5000 }).toBe(panel.server.bays[1]!.id);
      expect(Date.parse((await booking(oil)).start)).toBe(Date.parse(startAt(panel.server.branch, days, '14:00')));
      await panel.server.waitForProjection();
      await expect
        .poll(async () => {
          const box = (await calendar.event(oil).boundingBox())!;
          return box.x > columns[1]!.box.x - 1 && box.x + box.width < columns[1]!.box.x + columns[1]!.box.width + 1;
        })
        .toBe(true);

      // The diagnostics dropped onto the oil change at 12:00 on the same lift: refused, put back, offers shown.
      await calendar.scrollToRow('10:00');
      await calendar.dragByTouch(page.context(), check, 1, '12:00');
      await calendar.refusal().waitFor({ timeout: 5000 });
      expect(await calendar.refusal().textContent()).toContain('Это время на посту «Подъёмник 2» занято');
      expect(Date.parse((await booking(check)).start)).toBe(Date.parse(startAt(panel.server.branch, days, '10:00')));
      const offers = calendar.refusal().locator('[data-offer]');
      expect(await offers.count()).toBeGreaterThan(0);
      for (const label of await offers.allTextContents())
        expect(label).toMatch(/^[а-я]{2}, \d{1,2} [а-я]+\.?,? \d{2}:\d{2} · Подъёмник 2$/);
      expect(await smallCalendarTargets(page)).toEqual([]);
      await screenshot(page, `calendar-bays-refused-${size}`);
      const offer = offers.first();
      const [wanted, wantedBay] = [await offer.getAttribute('data-offer'), await offer.getAttribute('data-offer-bay')];
      await offer.tap();
      await calendar.refusal().waitFor({ state: 'detached', timeout: 5000 });
      await expect.poll(async () => Date.parse((await booking(check)).start), { timeout: 5000 }).toBe(Date.parse(wanted!));
      expect((await booking(check)).bayId).toBe(wantedBay);

      await panel.server.waitForProjection();
      await page.reload();
      await calendar.waitReady();
      await calendar.event(check).waitFor();
      await screenshot(page, `calendar-bays-day-${size}`);

      // The week at the same size: each booking keeps its time, service and plate readable.
      await calendar.goto({ view: 'timeGridWeek', date });
      await calendar.event(tyres).waitFor();
      const lines = await calendar.event(tyres).evaluate((el) =>
        [...el.querySelectorAll('.zc-ev-time, .zc-ev-what, .zc-ev-who')].map((line) => {
          const own = line.getBoundingClientRect();
          const event = el.getBoundingClientRect();
          return { text: line.textContent, visible: own.bottom <= event.bottom + 1 && own.width > 30 };
        }),
      );
      expect(lines.map((line) => line.visible)).toEqual([true, true, true]);
      expect(lines.map((line) => line.text)).toEqual(['10:00', 'Шиномонтаж', expect.stringMatching(/^Т\d+КХ77$/)]);
      expect(await smallCalendarTargets(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, `calendar-week-${size}`);
    }, 120_000);
  }

  it('draws every status in a colour of its own, with the legend in words', async () => {
    // A cancelled booking frees its time and leaves the calendar: four statuses are drawn.
    const days = 6;
    const ids = [
      await book(days, '09:00', 0, 'Замена масла', 'Анна Новая'),
      await book(days, '11:00', 0, 'Замена масла', 'Борис Подтверждённый'),
      await book(days, '13:00', 0, 'Замена масла', 'Вера Вработе'),
      await book(days, '15:00', 0, 'Замена масла', 'Глеб Готово'),
    ];
    const walk: [number, string[]][] = [
      [1, ['Confirmed']],
      [2, ['Confirmed', 'InProgress']],
      [3, ['Confirmed', 'InProgress', 'Done']],
    ];
    for (const [at, statuses] of walk) {
      for (const status of statuses) {
        const response = await panel.server.api('POST', `/api/bookings/${ids[at]}/status`, { status });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
      }
    }
    await panel.server.waitForProjection();

    const page = await open(SIZES[2]![1], { touch: true });
    const calendar = new CalendarPage(page, panel.server.url);
    await calendar.goto({ view: 'timeGridDay', date: dayAt(days) });
    for (const id of ids) await calendar.event(id).waitFor();
    const colours = await Promise.all(
      ids.map((id) =>
        calendar.event(id).evaluate((el) => {
          const style = (globalThis as any).getComputedStyle(el) as { backgroundColor: string; color: string };
          return `${style.backgroundColor}/${style.color}`;
        }),
      ),
    );
    expect(new Set(colours).size).toBe(4);
    expect(await Promise.all(ids.map((id) => calendar.event(id).getAttribute('data-status')))).toEqual([
      'New',
      'Confirmed',
      'InProgress',
      'Done',
    ]);
    expect(await calendar.event(ids[3]!).textContent()).toContain('Выполнена');
    expect(await page.locator('[data-status-legend] li').allTextContents()).toEqual([
      'Новая',
      'Подтверждена',
      'В работе',
      'Выполнена',
    ]);
    await calendar.scrollToRow('09:00');
    await screenshot(page, 'calendar-statuses-1280x800');
  });

  it('opens the year on the current month and the month with «+ ещё N» big enough for a finger', async () => {
    const days = 1;
    for (const [i, time] of ['09:00', '10:00', '11:00', '12:00', '13:00'].entries()) {
      await book(days, time, 2, 'Шиномонтаж', `Клиент ${i + 1}`);
    }
    await panel.server.waitForProjection();
    for (const [size, viewport] of SIZES) {
      const page = await open(viewport, { touch: true });
      const calendar = new CalendarPage(page, panel.server.url);
      await page.goto(`${panel.server.url}/calendar?view=multiMonthYear`);
      // Twelve months of cells take a while to draw on a busy machine.
      await page.locator('.calendar-host.is-ready').waitFor({ timeout: 45_000 });
      const month = Temporal.Now.plainDateISO(panel.server.branch.timeZone).toPlainYearMonth().toString();
      const monthBox = page.locator(`.fc-multimonth-month[data-date="${month}"]`);
      await expect
        .poll(async () => {
          const box = await monthBox.boundingBox();
          // Whole on the screen (December, the last row, cannot scroll up to the top).
          return box !== null && box.y >= 0 && box.y + box.height <= viewport.height + 1;
        })
        .toBe(true);
      expect(await smallCalendarTargets(page)).toEqual([]);
      await screenshot(page, `calendar-year-${size}`);

      await calendar.goto({ view: 'dayGridMonth', date: dayAt(days) });
      await page.locator('.fc-daygrid-more-link').first().waitFor();
      expect(await page.locator('.fc-daygrid-more-link').first().textContent()).toMatch(/^\+ ещё \d+$/);
      expect(await smallCalendarTargets(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, `calendar-month-${size}`);
    }
  }, 180_000);
});
