import type { Page } from 'playwright-core';

/** The mechanic's day (/today). */
export class TodayPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto() {
    await this.page.goto(`${this.baseUrl}/today`);
    await this.waitReady();
  }

  async waitReady() {
    await this.page.locator('[data-jobs].is-ready').waitFor({ timeout: 15_000 });
    await this.page.locator('[data-live=online]').waitFor({ timeout: 15_000 });
  }

  jobIds() {
    return this.page.locator('[data-job-id]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-job-id')));
  }

  job(id: string) {
    return this.page.locator(`[data-job-id="${id}"]`);
  }

  async step(id: string, to: 'InProgress' | 'Done') {
    await this.job(id).locator(`[data-step=${to}]`).click();
  }
}
