import type { Download, Page } from 'playwright-core';
import { waitUntil } from './wait.ts';

export type ReportQuery = { branch?: string; manager?: string; period?: 'day' | 'week' | 'month'; date?: string; asOf?: string };

/** A number as the page writes it (ru: "40,5", "1 234"), or null for a dash. */
const numberOf = (text: string | null): number | null => {
  const cleaned = (text ?? '')
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.')
    .replace('−', '-');
  return cleaned === '' || cleaned === '—' ? null : Number(cleaned);
};

export class ReportsPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto(query: ReportQuery = {}) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
    await this.page.goto(`${this.baseUrl}/reports${params.size ? `?${params.toString()}` : ''}`);
    await this.waitReady();
  }

  /** Waits for a report that answers a query holding every given parameter (from, to, branchId…). */
  async waitReady(expect: Record<string, string> = {}) {
    // A string, not a function: this file is compiled without the DOM's types.
    await waitUntil(
      this.page,
      `(() => {
        const root = document.querySelector('[data-report=ready]');
        if (!root) return false;
        const query = new URLSearchParams(root.getAttribute('data-query') || '');
        return Object.entries(${JSON.stringify(expect)}).every(([name, value]) =>
          value === '' ? !query.has(name) : query.get(name) === value);
      })()`,
      15_000,
    );
  }

  /** The query string of the report on screen (what the downloads use too). */
  query(): Promise<string> {
    return this.page
      .locator('[data-report]')
      .getAttribute('data-query')
      .then((query) => query ?? '');
  }

  /** Each tile's figure as its text reads, by key. */
  async tiles(): Promise<Record<string, number | null>> {
    const pairs = await this.page
      .locator('[data-tile]')
      .evaluateAll((tiles) =>
        tiles.map((tile) => [tile.getAttribute('data-tile'), tile.querySelector('[data-tile-value]')?.textContent ?? null]),
      );
    return Object.fromEntries(pairs.map(([key, text]) => [key, numberOf(text)]));
  }

  /** Each tile's previous-period figure as stated on the tile. */
  async previous(): Promise<Record<string, number | null>> {
    const pairs = await this.page
      .locator('[data-tile]')
      .evaluateAll((tiles) => tiles.map((tile) => [tile.getAttribute('data-tile'), tile.getAttribute('data-previous')]));
    return Object.fromEntries(pairs.map(([key, text]) => [key, numberOf(text)]));
  }

  tile(key: string) {
    return this.page.locator(`[data-tile=${key}]`);
  }

  overlapCheck() {
    return this.page.locator('[data-check=calendarOverlaps]');
  }

  async choosePeriod(period: 'day' | 'week' | 'month') {
    await this.page.locator(`[data-period=${period}]`).click();
  }

  async setDate(date: string) {
    await this.page.locator('[data-filter-date]').fill(date);
  }

  async chooseBranch(branchId: string) {
    await this.page.locator('[data-filter-branch]').selectOption(branchId);
  }

  async chooseManager(userId: string) {
    await this.page.locator('[data-filter-manager]').selectOption(userId);
  }

  async chooseHistory(asOf: string) {
    await this.page.locator('[data-history]').selectOption(asOf);
  }

  historySelect() {
    return this.page.locator('[data-history]');
  }

  banner() {
    return this.page.locator('[data-history-banner]');
  }

  historyBoard() {
    return this.page.locator('[data-history-board]');
  }

  /** Bar totals of the bookings-by-channel chart, per bucket. */
  barTotals(): Promise<number[]> {
    return this.page
      .locator('[data-chart=bars] [data-total]')
      .evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute('data-total'))));
  }

  async funnel(): Promise<Record<string, number>> {
    const pairs = await this.page
      .locator('[data-chart=funnel] [data-stage]')
      .evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-stage'), Number(row.getAttribute('data-count'))]));
    return Object.fromEntries(pairs);
  }

  async download(format: 'csv' | 'xlsx'): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.locator(`[data-export=${format}]`).click(),
    ]);
    return download;
  }
}

/** The «Доставка сообщений» section of the reports page: tiles per message, a row per channel. */
export class DeliverySection {
  constructor(readonly page: Page) {}

  root() {
    return this.page.locator('[data-delivery]');
  }

  async waitReady() {
    await this.page.locator('[data-delivery=ready]').waitFor();
  }

  /** Each message tile's figure (its data-value), by key. */
  async tiles(): Promise<Record<string, number>> {
    const pairs = await this.page
      .locator('[data-delivery-tile]')
      .evaluateAll((tiles) => tiles.map((tile) => [tile.getAttribute('data-delivery-tile'), tile.getAttribute('data-value')]));
    return Object.fromEntries(pairs.map(([key, value]) => [key, Number(value)]));
  }

  /** The reached share as the tile words it. */
  reachedShare(): Promise<string> {
    return this.page
      .locator('[data-delivery-share]')
      .textContent()
      .then((text) => text ?? '');
  }

  /** The channel table as it reads, cell by cell, spaces of any kind as one. */
  async rows(): Promise<string[][]> {
    const rows: string[][] = [];
    for (const tr of await this.page.locator('[data-delivery-table] tbody tr').all()) {
      rows.push((await tr.locator('td').allInnerTexts()).map((cell) => cell.replace(/[\s\u00a0\u202f]+/g, ' ').trim()));
    }
    return rows;
  }
}
