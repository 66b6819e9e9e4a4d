import type { Page } from 'playwright-core';

export type ComplianceTab = 'requests' | 'client' | 'logs' | 'access' | 'incidents' | 'acts' | 'texts';

/** The compliance officer's page, /compliance?tab=… (web/src/routes/compliance). */
export class CompliancePage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto(tab: ComplianceTab, params: Record<string, string> = {}) {
    const query = new URLSearchParams({ tab, ...params });
    await this.page.goto(`${this.baseUrl}/compliance?${query.toString()}`);
    await this.waitReady(tab);
  }

  /** The tab has its data on screen. */
  async waitReady(tab: ComplianceTab) {
    await this.page.locator(`[data-compliance][data-tab=${tab}] [data-ready=yes]`).waitFor({ timeout: 15_000 });
  }

  async openTab(tab: ComplianceTab) {
    await this.page.locator(`[data-cp-tab=${tab}]`).click();
    await this.waitReady(tab);
  }

  noAccess() {
    return this.page.locator('[data-no-access]');
  }

  toast() {
    return this.page.locator('[data-toast]');
  }

  // ── Requests ──

  request(id: string) {
    return this.page.locator(`[data-request-id="${id}"]`);
  }

  async registerRequest(o: { clientId: string; kind: string; channel: string; evidence: string; receivedAt: string }) {
    await this.page.locator('[data-register-request]').click();
    const form = this.page.locator('[data-request-form]');
    await form.waitFor();
    await this.pickClient(o.clientId, form);
    await form.locator('[data-field=kind]').selectOption(o.kind);
    await form.locator('[data-field=channel]').selectOption(o.channel);
    await form.locator('[data-field=evidence]').selectOption(o.evidence);
    await form.locator('[data-field=receivedAt]').fill(o.receivedAt);
    await form.locator('[data-submit-request]').click();
    await form.waitFor({ state: 'detached' });
  }

  /** Finds a client in a picker by what is typed (a name, a phone or an id) and chooses them. */
  async pickClient(query: string, scope = this.page.locator('[data-compliance]')) {
    await scope.locator('[data-picker-query]').fill(query);
    await scope.locator('[data-picker-find]').click();
    await scope.locator('[data-pick]').first().click();
  }

  // ── Logs ──

  chain() {
    return this.page.locator('[data-chain]');
  }

  logRows() {
    return this.page.locator('[data-log-entries] tr[data-seq]');
  }

  // ── Client ──

  consentHistory() {
    return this.page.locator('[data-consent-history] li');
  }

  async erase(word: string) {
    await this.page.locator('[data-erase]').click();
    const dialog = this.page.locator('[data-erase-dialog]');
    await dialog.waitFor();
    await dialog.locator('[data-erase-confirm]').fill(word);
    return dialog;
  }

  // ── Acts ──

  act(clientId: string) {
    return this.page.locator(`[data-act-list] [data-act-client="${clientId}"]`);
  }
}
