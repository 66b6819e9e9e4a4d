import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot, VIEWPORTS } from './browser.ts';
import { CalendarPage } from './pages/calendar-page.ts';

const panel = panelSuite();

/** A working day four days ahead with a lunch break, and the next day off. */
const workday = () => Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days: 4 });
const dayOff = () => workday().add({ days: 1 });

describe.skipIf(SKIP_BROWSER)('Panel: calendar shades the branch’s closed time', () => {
  beforeAll(async () => {
    const hours = Object.fromEntries(
      ['1', '2', '3', '4', '5', '6', '7'].map((day) => [
        day,
        { open: '09:00', close: '20:00', breaks: day === String(workday().dayOfWeek) ? [{ from: '13:00', to: '14:00' }] : [] },
      ]),
    );
    const patched = await panel.server.api('PATCH', `/api/branches/${panel.server.branch.id}`, {
      hours,
      daysOff: [dayOff().toString()],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  });

  it('in the day view: the lunch break in every bay’s column, and a tap on it says the branch is closed', async () => {
    const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true });
    const calendar = new CalendarPage(page, panel.server.url);
    await calendar.goto({ view: 'timeGridDay', date: workday().toString() });
    const bays = panel.server.bays.length;
    // Before opening, the break and after closing, in each bay's column.
    await expect.poll(() => page.locator('.fc-bg-event.zc-closed').count(), { timeout: 10_000 }).toBe(3 * bays);
    const perColumn = await page
      .locator('.fc-timegrid-col.fc-day')
      .evaluateAll((columns) =>
        columns.map(
          (column) =>
            (column as unknown as { querySelectorAll: (s: string) => { length: number } }).querySelectorAll('.zc-closed').length,
        ),
      );
    expect(perColumn).toEqual(Array.from({ length: bays }, () => 3));
    const lunch = await calendar.slotPoint('13:00');
    const shaded = await page
      .locator('.fc-timegrid-col.fc-day')
      .first()
      .locator('.fc-bg-event.zc-closed')
      .evaluateAll((els) =>
        els.map((el) => {
          const box = (el as unknown as { getBoundingClientRect: () => { top: number; bottom: number } }).getBoundingClientRect();
          return { top: box.top, bottom: box.bottom };
        }),
      );
    expect(shaded.some((box) => box.top <= lunch.y && lunch.y <= box.bottom)).toBe(true);
    const afternoon = await calendar.slotPoint('15:00');
    expect(shaded.some((box) => box.top <= afternoon.y && afternoon.y <= box.bottom)).toBe(false);
    expect(await page.locator('.fc-bg-event.zc-closed').first().textContent()).toBe('');
    await expectTabletFriendly(page);
    await screenshot(page, 'calendar-closed-day-820x1180');

    const tap = async (time: string) => {
      const point = await calendar.slotPoint(time);
      await page.touchscreen.tap(point.x, point.y);
    };
    await tap('13:30');
    await expect.poll(() => calendar.toast().textContent(), { timeout: 10_000 }).toContain('Вне рабочего времени филиала');
    expect(await page.locator('[data-new-booking-dialog][open]').count()).toBe(0);
    // Open time above the toast, which sits at the screen's foot.
    await tap('10:00');
    await page.locator('[data-new-booking-dialog][open]').waitFor({ timeout: 10_000 });
  });

  it('in the week view the day off is shaded whole, and in the month view only the day off is', async () => {
    const page = await panel.open(VIEWPORTS.ipadLandscape, { touch: true });
    const calendar = new CalendarPage(page, panel.server.url);
    await calendar.goto({ view: 'timeGridWeek', date: dayOff().toString() });
    const column = page.locator(`.fc-timegrid-col[data-date="${dayOff().toString()}"]`);
    await column.locator('.fc-bg-event.zc-closed').first().waitFor({ timeout: 10_000 });
    const [whole, shade] = await Promise.all([
      column.boundingBox(),
      column.locator('.fc-bg-event.zc-closed').first().boundingBox(),
    ]);
    expect(shade!.height).toBeGreaterThan(whole!.height - 4);
    await screenshot(page, 'calendar-closed-week-1180x820');

    const month = await panel.open(VIEWPORTS.android, { touch: true });
    const inMonth = new CalendarPage(month, panel.server.url);
    await inMonth.goto({ view: 'dayGridMonth', date: dayOff().toString() });
    await month.locator(`.fc-daygrid-day[data-date="${dayOff().toString()}"] .zc-closed`).waitFor({ timeout: 10_000 });
    expect(await month.locator(`.fc-daygrid-day[data-date="${workday().toString()}"] .zc-closed`).count()).toBe(0);
    await expectTabletFriendly(month);
    await screenshot(month, 'calendar-closed-month-1280x800');
  });
});
