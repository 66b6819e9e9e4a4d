import type { Page } from 'playwright-core';

/** The name-and-note editor on a client's card (/client?id=…). */
export class ClientProfileEditor {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.locator('[data-edit-profile]').tap();
    await this.page.locator('[data-profile-form]').waitFor();
  }

  async fill(values: { name?: string; note?: string }) {
    if (values.name !== undefined) await this.page.locator('[data-profile-form] [data-field=name]').fill(values.name);
    if (values.note !== undefined) await this.page.locator('[data-profile-form] [data-field=note]').fill(values.note);
  }

  async save() {
    await this.page.locator('[data-save-profile]').tap();
  }

  note() {
    return this.page.locator('[data-client-note]');
  }

  importedNotes() {
    return this.page.locator('[data-imported-notes] li').allTextContents();
  }
}
