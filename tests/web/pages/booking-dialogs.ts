import type { Page } from 'playwright-core';

/** The phone booking dialog: services → day → free time by bay → client → car. */
export class PhoneBookingDialog {
  constructor(readonly page: Page) {}

  root() {
    return this.page.locator('[data-new-booking-dialog]');
  }

  async open() {
    await this.page.locator('[data-new-booking]').tap();
    await this.page.locator('[data-new-booking-dialog][open]').waitFor();
  }

  async chooseService(id: string) {
    await this.root().locator(`[data-service-id="${id}"]`).tap();
  }

  async chooseDay(date: string) {
    await this.root().locator(`[data-slot-days] [data-day="${date}"]`).tap();
  }

  /** The free starts the picker shows on one bay, as «HH:MM». */
  async freeTimes(bayId: string): Promise<string[]> {
    const group = this.root().locator(`[data-slot-bay="${bayId}"]`);
    await group.locator('[data-slot]').first().waitFor();
    return group.locator('[data-slot]').allTextContents();
  }

  async chooseTime(bayId: string, time: string) {
    await this.root().locator(`[data-slot-bay="${bayId}"] [data-slot]`, { hasText: time }).tap();
  }

  async search(text: string) {
    await this.root().locator('[data-client-search]').fill(text);
  }

  results() {
    return this.root().locator('[data-client-results] button');
  }

  pickedClient() {
    return this.root().locator('[data-picked-client]');
  }

  submit() {
    return this.root().locator('[data-submit]');
  }

  refusal() {
    return this.root().locator('[data-form-error]');
  }

  offers() {
    return this.root().locator('[data-slot-offers] [data-offer]');
  }
}

/** The card dialog's editors: bay, mechanic by name, length, move through the free-slot picker. */
export class CardEditors {
  constructor(readonly page: Page) {}

  root() {
    return this.page.locator('[data-booking-dialog]');
  }

  bay(id: string) {
    return this.root().locator(`[data-bay-picker] [data-bay-choice="${id}"]`);
  }

  mechanic(name: string) {
    return this.root().locator('[data-mechanic-picker] [data-mechanic-id]', { hasText: name });
  }

  longer() {
    return this.root().locator('[data-longer]');
  }

  durationNow() {
    return this.root().locator('[data-duration-now]');
  }

  async openPicker() {
    await this.root().locator('[data-reschedule]').tap();
    await this.root().locator('[data-slot-picker]').waitFor();
  }

  async chooseTime(bayId: string, time: string) {
    await this.root().locator(`[data-slot-bay="${bayId}"] [data-slot]`, { hasText: time }).tap();
  }

  refusal() {
    return this.root().locator('[data-card-refusal]');
  }

  offers() {
    return this.root().locator('[data-slot-offers] [data-offer]');
  }
}
