import type { BrowserContext, Page } from 'playwright-core';

export type Column = 'New' | 'Confirmed' | 'InProgress' | 'Done' | 'Cancelled';

export class BoardPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto(query: { date?: string; branch?: string } = {}) {
    const params = new URLSearchParams();
    if (query.branch) params.set('branch', query.branch);
    if (query.date) params.set('date', query.date);
    await this.page.goto(`${this.baseUrl}/board${params.size ? `?${params.toString()}` : ''}`);
    await this.waitReady();
  }

  async waitReady() {
    // Readable from the server's render; draggable once the page's code has attached the drag.
    await this.page.locator('.board.is-ready[data-drag=ready]').waitFor({ timeout: 15_000 });
    await this.page.locator('[data-live=online]').waitFor({ timeout: 15_000 });
  }

  column(status: Column) {
    return this.page.locator(`[data-column=${status}]`);
  }

  card(id: string) {
    return this.page.locator(`[data-card-id="${id}"]`);
  }

  cardIn(status: Column, id: string) {
    return this.column(status).locator(`[data-card-id="${id}"]`);
  }

  async count(status: Column): Promise<number> {
    return Number(await this.page.locator(`[data-count=${status}]`).textContent());
  }

  toast() {
    return this.page.locator('[data-toast]');
  }

  liveStatus() {
    return this.page.locator('[data-live]').getAttribute('data-live');
  }

  private async centre(locator: ReturnType<Page['locator']>) {
    const box = await locator.boundingBox();
    if (!box) throw new Error('element is not visible');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /**
   * The centre of a card once it has stopped moving: a card that arrived live is scrolled into view
   * smoothly and a toast appears above the board, so a person waits for it to settle before pressing.
   */
  private async settledCentre(id: string) {
    let last = await this.centre(this.card(id));
    for (let attempt = 0; attempt < 50; attempt++) {
      await this.page.waitForTimeout(80);
      const now = await this.centre(this.card(id));
      if (now.x === last.x && now.y === last.y) return now;
      last = now;
    }
    throw new Error('the card kept moving for 4 s');
  }

  /** Drags a card onto another column with the mouse (press, move in steps, release). */
  async dragWithMouse(id: string, to: Column) {
    const from = await this.settledCentre(id);
    const target = await this.centre(this.column(to));
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.locator(`[data-card-id="${id}"].card-chosen`).waitFor({ timeout: 5_000 });
    await this.page.mouse.move(from.x + 8, from.y + 8, { steps: 4 });
    // The card lifts (its floating copy follows the pointer) before the pointer travels.
    await this.page.locator('.card-drag').waitFor({ timeout: 5_000 });
    await this.page.mouse.move(target.x, target.y, { steps: 16 });
    await this.page.waitForTimeout(100);
    await this.page.mouse.up();
  }

  /**
   * Holds the finger still past the board's touch delay until the card shows it is picked up (the
   * drag's chosen style), as a person waits for it before moving; on a busy tablet that takes longer.
   */
  private async holdUntilPicked(id: string) {
    await this.page.waitForTimeout(350);
    await this.page.locator(`[data-card-id="${id}"].card-chosen`).waitFor({ timeout: 5_000 });
  }

  /** Drags a card with real touch events through the DevTools protocol (Input.dispatchTouchEvent). */
  async dragWithTouch(context: BrowserContext, id: string, to: Column) {
    const cdp = await context.newCDPSession(this.page);
    const from = await this.settledCentre(id);
    const target = await this.centre(this.column(to));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
    await this.holdUntilPicked(id);
    const steps = 16;
    for (let i = 1; i <= steps; i++) {
      const x = from.x + ((target.x - from.x) * i) / steps;
      const y = from.y + ((target.y - from.y) * i) / steps;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
      await this.page.waitForTimeout(16);
    }
    await this.page.waitForTimeout(100);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  /** Drags a card by touch to a point on the screen (a finger that moves sideways, not to a column's centre). */
  async dragWithTouchTo(context: BrowserContext, id: string, target: { x: number; y: number }) {
    const cdp = await context.newCDPSession(this.page);
    const from = await this.settledCentre(id);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
    await this.holdUntilPicked(id);
    const steps = 16;
    for (let i = 1; i <= steps; i++) {
      const x = from.x + ((target.x - from.x) * i) / steps;
      const y = from.y + ((target.y - from.y) * i) / steps;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
      await this.page.waitForTimeout(16);
    }
    await this.page.waitForTimeout(100);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  async openCard(id: string) {
    await this.card(id).click();
    await this.page.locator('[data-booking-dialog][open]').waitFor();
  }

  dialog() {
    return this.page.locator('[data-booking-dialog]');
  }

  /** The call button of the open card dialog: the masked phone until a call reveals the number. */
  callButton() {
    return this.dialog().locator('[data-call]');
  }

  /**
   * Taps the call button and returns the `tel:` address the page navigated to. A phone number is not
   * a web page, so nothing loads: the renderer's navigation request, seen over the DevTools protocol,
   * is the only trace of the dial (as a tablet's dialer would receive it).
   */
  async callFromDialog(context: BrowserContext, timeoutMs = 5000): Promise<string> {
    const cdp = await context.newCDPSession(this.page);
    await cdp.send('Page.enable');
    try {
      const dialled = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the call button did not dial a tel: address')), timeoutMs);
        cdp.on('Page.frameRequestedNavigation', (event: { url: string }) => {
          if (!event.url.startsWith('tel:')) return;
          clearTimeout(timer);
          resolve(event.url);
        });
      });
      await this.callButton().click();
      return await dialled;
    } finally {
      await cdp.detach();
    }
  }

  /** Taps a call outcome in the open card dialog (reached, no_answer, asked_to_reschedule). */
  async recordCall(outcome: string) {
    await this.dialog().locator(`[data-call-outcome=${outcome}]`).click();
  }

  /** The last call as the open card dialog shows it. */
  dialogLastCall() {
    return this.dialog().locator('[data-last-call]');
  }

  /** The last call badge on a board card. */
  cardLastCall(id: string) {
    return this.card(id).locator('[data-last-call]');
  }
}
