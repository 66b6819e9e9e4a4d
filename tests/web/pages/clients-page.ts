import type { Page } from 'playwright-core';

export class ClientsPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto() {
    await this.page.goto(`${this.baseUrl}/clients`);
    await this.page.locator('[data-clients].is-ready').waitFor({ timeout: 15_000 });
  }

  async search(query: string) {
    await this.page.locator('[data-client-query]').fill(query);
  }

  names() {
    return this.page.locator('[data-client-id] h2').allTextContents();
  }

  /** Taps a listed client's name, which opens their card. */
  async open(clientId: string) {
    await this.page.locator(`[data-open-client="${clientId}"]`).click();
    await this.page.waitForURL(/\/client\?id=/);
    return new ClientCardPage(this.page, this.baseUrl);
  }
}

/** One client's card (/client?id=…). */
export class ClientCardPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto(clientId: string) {
    await this.page.goto(`${this.baseUrl}/client?id=${clientId}`);
    await this.waitReady();
  }

  async waitReady() {
    await this.page.locator('[data-client-card]').waitFor({ timeout: 15_000 });
  }

  name() {
    return this.page.locator('[data-client-name]').textContent();
  }

  cars() {
    return this.page.locator('[data-cars] li').allTextContents();
  }

  number(which: 'visits' | 'bookings') {
    return this.page.locator(`[data-client-numbers] [data-${which}]`).textContent();
  }

  booking(id: string) {
    return this.page.locator(`[data-booking-id="${id}"]`);
  }

  bookingIds(list: 'upcoming' | 'past') {
    return this.page
      .locator(`[data-${list}] [data-booking-id]`)
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-booking-id')));
  }

  maskedPhone() {
    return this.page.locator('[data-masked-phone]').textContent();
  }

  async revealPhone() {
    await this.page.locator('[data-reveal]').click();
    await this.callLink().waitFor();
  }

  callLink() {
    return this.page.locator('a[data-call]').first();
  }

  dialog() {
    return this.page.locator('[data-booking-dialog]');
  }
}
