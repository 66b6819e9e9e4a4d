import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordStatusMessage } from '../support/delivery-records.ts';
import { SKIP_BROWSER, TABLETS, VIEWPORTS, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';
import { DeliverySection, ReportsPage } from './pages/reports-page.ts';

const panel = panelSuite();

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  const branchId = panel.server.branch.id;
  // Today's four status messages of the demo branch, as the cascade records them.
  await recordStatusMessage(panel.server, { branchId, attempts: [['telegram', 'sent']] });
  await recordStatusMessage(panel.server, {
    branchId,
    attempts: [
      ['telegram', 'failed'],
      ['sms', 'sent'],
    ],
  });
  await recordStatusMessage(panel.server, {
    branchId,
    attempts: [
      ['telegram', 'failed'],
      ['max', 'failed'],
      ['email', 'failed'],
    ],
  });
  await recordStatusMessage(panel.server, { branchId, attempts: [] });
});

const openDay = async (viewport: { width: number; height: number }) => {
  const page = await panel.open(viewport, { touch: true });
  const reports = new ReportsPage(page, panel.server.url);
  const today = Temporal.Now.plainDateISO(panel.server.branch.timeZone).toString();
  await reports.goto({ branch: panel.server.branch.id, period: 'day', date: today });
  const delivery = new DeliverySection(page);
  await delivery.waitReady();
  return { page, delivery, today };
};

describe.skipIf(SKIP_BROWSER)('Panel: message delivery in the reports', () => {
  it.each(TABLETS)('shows the day’s delivery as the API gives it, channels in words, at %s', async (size, viewport) => {
    const { page, delivery, today } = await openDay(viewport);
    const api = await panel.server.api(
      'GET',
      `/api/kpis/deliveries?from=${today}&to=${today}&branchId=${panel.server.branch.id}`,
    );
    expect(api.status).toBe(200);
    expect(api.body.messages).toEqual({ total: 4, reached: 2, failed: 1, noWayIn: 1, reachedShare: 0.5 });

    expect(await delivery.tiles()).toEqual({ total: 4, reached: 2, failed: 1, noWayIn: 1 });
    expect(await delivery.reachedShare()).toBe('50\u00a0% сообщений');
    expect(await delivery.rows()).toEqual([
      ['Telegram', '3', '1', '2', '33,3 %'],
      ['MAX', '1', '0', '1', '0 %'],
      ['СМС', '1', '1', '0', '100 %'],
      ['Электронная почта', '1', '0', '1', '0 %'],
    ]);
    expect(await page.locator('.delivery-section h2').first().textContent()).toBe('Доставка сообщений');
    // Channels in words, never the API's codes.
    const text = (await delivery.root().textContent()) ?? '';
    expect(text).not.toMatch(/\b(telegram|max|sms|email)\b|[0-9a-f]{8}-[0-9a-f]{4}/);
    await expectTabletFriendly(page);
    await screenshot(page, `reports-delivery-${size}`);
  });

  it('speaks English after the language switch, percentages written the English way', async () => {
    const { page, delivery } = await openDay(VIEWPORTS.ipadLandscape);
    await page.locator('[data-lang-switch]').click();
    await expect.poll(() => page.locator('.delivery-section h2').first().textContent()).toBe('Message delivery');
    expect(await delivery.rows()).toEqual([
      ['Telegram', '3', '1', '2', '33.3%'],
      ['MAX', '1', '0', '1', '0%'],
      ['SMS', '1', '1', '0', '100%'],
      ['E-mail', '1', '0', '1', '0%'],
    ]);
    expect(await delivery.reachedShare()).toBe('50% of messages');
    await screenshot(page, 'reports-delivery-en-1180x820');
  });
});
