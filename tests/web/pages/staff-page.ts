import type { Page } from 'playwright-core';

/** The staff page (/staff). */
export class StaffPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto() {
    await this.page.goto(`${this.baseUrl}/staff`);
    await this.page.locator('[data-page=staff][data-ready=yes]').waitFor({ timeout: 15_000 });
  }

  person(name: string) {
    return this.page.locator(`[data-person="${name}"]`);
  }

  async checkAbsence(name: string, from: string, to: string) {
    const card = this.person(name);
    await card.locator('[data-absence-from]').fill(from);
    await card.locator('[data-absence-to]').fill(to);
    await card.locator('[data-check-absence]').click();
    await card.locator('[data-impact]').waitFor();
  }
}
