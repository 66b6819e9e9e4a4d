import type { Page } from 'playwright-core';

export class SettingsPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto() {
    await this.page.goto(`${this.baseUrl}/settings`);
    await this.page.locator('[data-settings].is-ready').waitFor({ timeout: 15_000 });
  }

  rows(section: 'bays' | 'services' | 'users' | 'hours') {
    return this.page.locator(`[data-${section}] li`);
  }
}
