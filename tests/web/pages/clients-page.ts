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
}
