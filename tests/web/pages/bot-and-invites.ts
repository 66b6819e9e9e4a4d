import type { Page } from 'playwright-core';

/** The Telegram bot block of /settings. */
export class BotSettingsBlock {
  constructor(readonly page: Page) {}

  get box() {
    return this.page.locator('[data-telegram-bot]');
  }

  async waitLoaded() {
    await this.page.locator('[data-telegram-bot]:not([data-source="loading"])').waitFor({ timeout: 15_000 });
  }

  async connect(token: string) {
    await this.box.locator('[data-bot-token]').fill(token);
    await this.box.locator('[data-bot-connect]').click();
  }

  note() {
    return this.box.locator('[data-bot-note]');
  }

  link() {
    return this.box.locator('[data-bot-link]');
  }

  /** The QR image's drawn width once it has loaded (0 while it has not). */
  qrLoadedWidth(): Promise<number> {
    return this.box
      .locator('img[data-bot-qr]')
      .evaluate((img) =>
        (img as unknown as { complete: boolean }).complete ? (img as unknown as { naturalWidth: number }).naturalWidth : 0,
      );
  }
}

/** The staff-invitations block of /settings. */
export class InvitesBlock {
  constructor(readonly page: Page) {}

  get box() {
    return this.page.locator('[data-staff-invites]');
  }

  /** Makes an invitation and returns the link shown for it. */
  async invite(name: string, role: string): Promise<string> {
    await this.box.locator('[data-invite-name]').fill(name);
    await this.box.locator('[data-invite-role]').selectOption(role);
    await this.box.locator('[data-invite-create]').click();
    const link = this.box.locator('[data-invite-link]');
    await link.waitFor({ timeout: 10_000 });
    return link.inputValue();
  }
}

/** /login/invite#CODE: the invitee's page. */
export class InviteAcceptPage {
  constructor(readonly page: Page) {}

  async open(link: string) {
    await this.page.goto(link);
    await this.page.locator('[data-invite-page]:not([data-invite-page="checking"])').waitFor({ timeout: 15_000 });
  }

  welcome() {
    return this.page.locator('[data-invite-welcome]');
  }

  error() {
    return this.page.locator('[data-accept-error]');
  }

  async accept(email: string, password: string, repeat = password) {
    await this.page.locator('[data-accept-email]').fill(email);
    await this.page.locator('[data-accept-password]').fill(password);
    await this.page.locator('[data-accept-repeat]').fill(repeat);
    await this.page.locator('[data-accept-submit]').click();
  }
}
