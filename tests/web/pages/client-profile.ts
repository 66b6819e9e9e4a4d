import type { Page } from 'playwright-core';

/** The name, e-mail and note editor on a client's card (/client?id=…). */
export class ClientProfileEditor {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.locator('[data-edit-profile]').tap();
    await this.page.locator('[data-profile-form]').waitFor();
  }

  async fill(values: { name?: string; note?: string; email?: string }) {
    if (values.name !== undefined) await this.page.locator('[data-profile-form] [data-field=name]').fill(values.name);
    if (values.note !== undefined) await this.page.locator('[data-profile-form] [data-field=note]').fill(values.note);
    if (values.email !== undefined) await this.page.locator('[data-profile-form] [data-field=email]').fill(values.email);
  }

  async save() {
    await this.page.locator('[data-save-profile]').tap();
  }

  note() {
    return this.page.locator('[data-client-note]');
  }

  /** The e-mail line of the card (its data-client-email holds the address, '' for none). */
  email() {
    return this.page.locator('[data-client-email]');
  }

  error() {
    return this.page.locator('[data-profile-form] [role=alert]');
  }

  importedNotes() {
    return this.page.locator('[data-imported-notes] li').allTextContents();
  }
}

/** The cars on a client's card and the form that adds one. */
export class ClientCarEditor {
  constructor(readonly page: Page) {}

  async add(car: { plate: string; make?: string; model?: string }) {
    await this.page.locator('[data-add-car]').tap();
    const form = this.page.locator('[data-car-form]');
    await form.locator('[data-field=plate]').fill(car.plate);
    if (car.make !== undefined) await form.locator('[data-field=make]').fill(car.make);
    if (car.model !== undefined) await form.locator('[data-field=model]').fill(car.model);
    await this.page.locator('[data-save-car]').tap();
  }

  cars() {
    return this.page.locator('[data-cars] li').allTextContents();
  }

  error() {
    return this.page.locator('[data-car-form] [role=alert]').textContent();
  }
}
