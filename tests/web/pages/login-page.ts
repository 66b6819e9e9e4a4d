import type { Page } from 'playwright-core';

export class LoginPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto(next?: string) {
    await this.page.goto(`${this.baseUrl}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    await this.form.waitFor();
  }

  get form() {
    return this.page.locator('[data-login-form]');
  }

  async signIn(email: string, password: string) {
    await this.page.locator('input[name=email]').fill(email);
    await this.page.locator('input[name=password]').fill(password);
    await this.page.locator('[data-login-form] button[type=submit]').click();
  }

  error() {
    return this.page.locator('[data-login-form] [role=alert]');
  }
}
