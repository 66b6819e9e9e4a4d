import type { BrowserContext, Page } from 'playwright-core';
import { waitUntil } from './wait.ts';

export type CalendarView = 'timeGridDay' | 'timeGridWeek' | 'dayGridMonth' | 'multiMonthYear';

export class CalendarPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto(query: { view?: CalendarView; date?: string } = {}) {
    const params = new URLSearchParams();
    if (query.view) params.set('view', query.view);
    if (query.date) params.set('date', query.date);
    await this.page.goto(`${this.baseUrl}/calendar${params.size ? `?${params.toString()}` : ''}`);
    await this.waitReady();
  }

  async waitReady() {
    // The year view draws twelve months of cells: slow on a busy machine.
    await this.page.locator('.calendar-host.is-ready').waitFor({ timeout: 45_000 });
    await this.page.locator('[data-live=online]').waitFor({ timeout: 15_000 });
  }

  view() {
    return this.page.locator('[data-calendar]').getAttribute('data-view');
  }

  async switchTo(view: CalendarView) {
    await this.page.locator(`.fc-${view}-button`).click();
    await this.page.locator(`[data-calendar][data-view=${view}]`).waitFor();
  }

  event(bookingId: string) {
    // Year and month views also draw hidden copies in the neighbouring months' days.
    return this.page.locator(`.fc-event[data-booking-id="${bookingId}"]:visible`).first();
  }

  /** The centre of the half-hour row at `time` in the (single) day column of the day view. */
  async slotPoint(time: string) {
    const row = this.page.locator(`.fc-timegrid-slot-lane[data-time="${time}:00"]`);
    await row.scrollIntoViewIfNeeded();
    const lane = await row.boundingBox();
    const column = await this.page.locator('.fc-timegrid-col.fc-day').first().boundingBox();
    if (!lane || !column) throw new Error(`no slot ${time}`);
    return { x: column.x + column.width / 2, y: lane.y + lane.height / 2 };
  }

  /** Drags an event with the mouse so that its top lands on the slot of `time`. */
  async dragEventTo(bookingId: string, time: string) {
    // The calendar refetches after a move: wait until the redrawn event stands still.
    await this.event(bookingId).waitFor();
    await this.page.waitForTimeout(400);
    const event = await this.event(bookingId).boundingBox();
    if (!event) throw new Error('event not visible');
    const grab = { x: event.x + event.width / 2, y: event.y + 6 };
    const target = await this.slotPoint(time);
    await this.page.mouse.move(grab.x, grab.y);
    await this.page.mouse.down();
    await this.page.mouse.move(grab.x, grab.y + 10, { steps: 4 });
    await this.page.mouse.move(target.x, target.y - (await this.slotHeight()) / 2 + 6, { steps: 20 });
    await this.page.waitForTimeout(150);
    await this.page.mouse.up();
  }

  /**
   * Drags the bottom edge of an event with the mouse by `minutes` (whole half-hour rows), as a
   * manager stretches a job; the resize handle shows while the pointer is over the event.
   */
  async stretchEvent(bookingId: string, minutes: number) {
    const event = this.event(bookingId);
    await event.hover();
    const box = await event.boundingBox();
    if (!box) throw new Error('event not visible');
    await event.locator('.fc-event-resizer-end').waitFor();
    const grab = { x: box.x + box.width / 2, y: box.y + box.height - 3 };
    const slot = await this.slotHeight();
    const target = grab.y + (minutes / 30) * slot;
    await this.page.mouse.move(grab.x, grab.y);
    await this.page.mouse.down();
    await this.page.mouse.move(grab.x, grab.y + 6, { steps: 3 });
    await this.page.mouse.move(grab.x, target, { steps: 20 });
    // Let go only once FullCalendar's mirror of the stretched event ends where the pointer is.
    await waitUntil(
      this.page,
      `[...document.querySelectorAll('.fc-event-mirror')].some((el) => Math.abs(el.getBoundingClientRect().bottom - ${target}) < ${slot / 2})`,
      5000,
    );
    await this.page.mouse.up();
  }

  /** The day view's bay columns, left to right: each header's bay name and the column's box. */
  async bayColumns() {
    const heads = this.page.locator('.fc-col-header-cell');
    const names = (await heads.allTextContents()).map((text) => text.trim());
    const boxes = await Promise.all(
      names.map(async (_, index) => (await this.page.locator('.fc-timegrid-col.fc-day').nth(index).boundingBox())!),
    );
    return names.map((name, index) => ({ name, box: boxes[index]! }));
  }

  /** Scrolls the page so the day grid's row at `time` sits just under the top of the viewport. */
  async scrollToRow(time: string) {
    const row = await this.page.locator(`.fc-timegrid-slot-lane[data-time="${time}:00"]`).boundingBox();
    if (!row) throw new Error(`no row ${time}`);
    await this.page.evaluate(`window.scrollBy(0, ${Math.round(row.y - 90)})`);
  }

  /** The point of the half-hour row at `time` in the bay column `column` (0 = first bay), a few px under the row's top. */
  async rowTop(column: number, time: string) {
    const row = await this.page.locator(`.fc-timegrid-slot-lane[data-time="${time}:00"]`).boundingBox();
    const col = await this.page.locator('.fc-timegrid-col.fc-day').nth(column).boundingBox();
    if (!row || !col) throw new Error(`no slot ${time} in column ${column}`);
    return { x: col.x + col.width / 2, y: row.y + 6 };
  }

  /**
   * Drags a booking with a finger (real touch events through the DevTools protocol): hold past the
   * calendar's long-press delay, then move so the booking's top lands on `time` in bay column `column`.
   */
  async dragByTouch(context: BrowserContext, bookingId: string, column: number, time: string) {
    // A refetch from the live feed may redraw the event just now: wait until it stands still.
    await this.event(bookingId).waitFor();
    await this.page.waitForTimeout(400);
    const event = await this.event(bookingId).boundingBox();
    if (!event) throw new Error('event not visible');
    const from = { x: event.x + event.width / 2, y: event.y + 6 };
    const target = await this.rowTop(column, time);
    const cdp = await context.newCDPSession(this.page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
    await this.page.waitForTimeout(450);
    const steps = 20;
    for (let i = 1; i <= steps; i++) {
      const point = { x: from.x + ((target.x - from.x) * i) / steps, y: from.y + ((target.y - from.y) * i) / steps };
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
      await this.page.waitForTimeout(16);
    }
    await this.page.waitForTimeout(150);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  refusal() {
    return this.page.locator('[data-refusal]');
  }

  async slotHeight() {
    const lane = await this.page.locator('.fc-timegrid-slot-lane').first().boundingBox();
    return lane?.height ?? 30;
  }

  toast() {
    return this.page.locator('[data-toast]');
  }

  newBookingDialog() {
    return this.page.locator('[data-new-booking-dialog]');
  }
}
