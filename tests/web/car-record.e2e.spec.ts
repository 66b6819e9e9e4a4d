import { beforeAll, describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { expectTabletFriendly, panelSuite, screenshot, SKIP_BROWSER, TABLETS } from './browser.ts';

// The car's own record in the panel: from a client's card, a tap on the plate shows every visit of
// the car, whoever brought it, with the works, parts, odometer and VIN, in words at tablet sizes.

const panel = panelSuite();
const PLATE = 'К321МН77';
let borisId = '';

/** Text with the no-break spaces Intl puts between thousands read as plain ones. */
const plain = (text: string | null) => text?.replace(/\s/g, ' ');

const ok = async (method: string, path: string, body?: unknown, status = 200) => {
  const response = await panel.server.api(method, path, body);
  expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(status);
  return response.body;
};

/** A visit of the car with its work order: an oil change and a filter, the odometer as read. */
const visit = async (client: { name: string; phone: string }, days: number, order: { vin?: string; odometerKm: number }) => {
  const { server } = panel;
  const booking = await ok(
    'POST',
    '/api/bookings',
    {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, days, '10:00'),
      client,
      car: { make: 'Skoda', model: 'Octavia', plate: PLATE },
    },
    201,
  );
  const opened = await ok('POST', `/api/bookings/${booking.id}/work-order`, order, 201);
  await ok('POST', `/api/work-orders/${opened.id}/works`, { serviceId: server.service('Замена масла').id }, 201);
  await ok(
    'POST',
    `/api/work-orders/${opened.id}/parts`,
    { name: 'Фильтр масляный', quantity: 1, unitPriceKopecks: 90_000 },
    201,
  );
  await server.waitForProjection();
  return (await ok('GET', `/api/bookings/${booking.id}`)).clientId as string;
};

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  await visit({ name: 'Анна Первая', phone: '+79160003301' }, 2, { vin: 'XW8ZZZ1ZZKG123456', odometerKm: 50_000 });
  borisId = await visit({ name: 'Борис Второй', phone: '+79160003302' }, 30, { odometerKm: 62_000 });
  // An oil change is due every 10 000 km or 12 months; Boris's visit is finished.
  await ok('PATCH', `/api/services/${panel.server.service('Замена масла').id}`, { maintenanceKm: 10_000, maintenanceMonths: 12 });
  const { rows } = await panel.server.runtime.pool.query(
    `SELECT id FROM rm.bookings WHERE client_id = $1 ORDER BY start_at DESC LIMIT 1`,
    [borisId],
  );
  for (const status of ['Confirmed', 'InProgress', 'Done']) await ok('POST', `/api/bookings/${rows[0].id}/status`, { status });
  await panel.server.waitForProjection();
}, 120_000);

describe.skipIf(SKIP_BROWSER)('The car’s record in the panel', () => {
  it('opens from the plate on the client card and shows both owners’ visits in words', async () => {
    const { server } = panel;
    const page = await panel.open(TABLETS[0][1], { touch: true });
    await page.goto(`${server.url}/client?id=${borisId}`);
    await page.locator(`[data-car-link="${PLATE}"]`).tap();
    await page.waitForURL(/\/car\?plate=/);
    await page.locator(`[data-car="${PLATE}"]`).waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-car-name]').textContent()).toBe('Skoda Octavia');
    expect(await page.locator('[data-car-vin]').textContent()).toBe('XW8ZZZ1ZZKG123456');
    expect(
      await page.locator('[data-car-owner]').evaluateAll((items) => items.map((item) => item.getAttribute('data-car-owner'))),
    ).toEqual(['Борис Второй', 'Анна Первая']);
    expect(await page.locator('[data-car-visit]').count()).toBe(2);
    expect(plain(await page.locator('[data-car-order]').first().textContent())).toContain('пробег 62 000 км');
    expect(plain(await page.locator('[data-car-per-day]').textContent())).toBe('в среднем 428,6 км в день');
    expect(plain(await page.locator('[data-car-line=part]').first().textContent())).toBe('Запчасть: Фильтр масляный — 900 ₽');
    const oil = page.locator('[data-maintenance="Замена масла"]');
    expect(await oil.getAttribute('data-due')).toBe('no');
    expect(plain(await oil.textContent())).toMatch(
      /снова: к \d{1,2} [а-я]+ \d{4} г\. или на 72 000 км \(сейчас около 62 000 км\)/,
    );
    // Words, not codes: no ISO dates or ids.
    expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}-/);
    for (const [size, viewport] of TABLETS) {
      await page.setViewportSize(viewport);
      await expectTabletFriendly(page);
      await screenshot(page, `car-record-${size}`);
    }
  }, 90_000);
});
