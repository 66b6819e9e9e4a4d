import type { Locator, Page } from 'playwright-core';

type Section = 'bays' | 'services' | 'users';

export class SettingsPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto() {
    await this.page.goto(`${this.baseUrl}/settings`);
    await this.page.locator('[data-settings].is-ready').waitFor({ timeout: 15_000 });
  }

  rows(section: Section | 'hours') {
    return this.page.locator(`[data-${section}] li`);
  }

  day(weekday: number) {
    return this.page.locator(`[data-hours] li[data-day="${weekday}"]`);
  }

  async setHours(weekday: number, open: string, close: string) {
    const day = this.day(weekday);
    if ((await day.locator('[data-closed-toggle]').getAttribute('aria-pressed')) === 'true') {
      await day.locator('[data-closed-toggle]').click();
    }
    await day.locator('input[data-open]').fill(open);
    await day.locator('input[data-close]').fill(close);
  }

  async saveHours() {
    await this.page.locator('[data-save-hours]').click();
  }

  async addDayOff(date: string) {
    const form = this.page.locator('[data-day-off-form]');
    await form.locator('input[type=date]').fill(date);
    await form.locator('button[type=submit]').click();
    await this.page.locator(`[data-day-off="${date}"]`).waitFor();
  }

  error(field: string, within: Locator | Page = this.page) {
    return within.locator(`[data-error-for="${field}"]`);
  }

  toast() {
    return this.page.locator('[data-toast]');
  }

  row(section: Section, id: string) {
    const attribute = { bays: 'data-bay-id', services: 'data-service-id', users: 'data-user-id' }[section];
    return this.page.locator(`[data-${section}] li[${attribute}="${id}"]`);
  }

  /** Opens a row's editor; fields are found by their data-field name. */
  async edit(section: Section, id: string) {
    await this.row(section, id).locator('[data-edit]').click();
    const editor = this.row(section, id).locator('form');
    await editor.waitFor();
    return editor;
  }
}
