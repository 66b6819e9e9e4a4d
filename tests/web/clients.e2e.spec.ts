import { beforeAll, describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import {
  SKIP_BROWSER,
  expectTabletFriendly,
  panelSuite,
  screenshot,
  smallTouchTargets,
  VIEWPORTS,
  type Viewport,
} from './browser.ts';
import { ClientCardPage, ClientsPage } from './pages/clients-page.ts';

const panel = panelSuite();
let officer: { token: string; id: string };

const NAME = 'Галина Воронцова';
const PHONE = '+79161234567';
const PLATE = 'М512ТК199';
const ids = { done: '', cancelled: '', fresh: '' };
let clientId = '';

const book = async (days: number, at: string, service: string) => {
  const response = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service(service).id,
    start: startAt(panel.server.branch, days, at),
    client: { name: NAME, phone: PHONE },
    car: { make: 'Toyota', model: 'Camry', plate: PLATE },
    channel: 'phone',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
};

const setStatus = async (id: string, status: string, reason?: string) => {
  const response = await panel.server.api('POST', `/api/bookings/${id}/status`, reason ? { status, reason } : { status });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
};

const accessEntries = async () => {
  const response = await fetch(`${panel.server.url}/api/compliance/access-log?limit=1000`, {
    headers: { authorization: `Bearer ${officer.token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { entries: { action: string; userId: string; clientIds: string[] }[] }).entries;
};

const statusInReadModel = async (id: string) =>
  (await panel.server.runtime.pool.query<{ status: string }>('SELECT status FROM rm.bookings WHERE id = $1', [id])).rows[0]
    ?.status;

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  officer = await panel.server.addUser('compliance');
  ids.done = await book(2, '10:00', 'Замена масла');
  ids.cancelled = await book(3, '11:00', 'Диагностика ходовой');
  ids.fresh = await book(4, '12:00', 'Развал-схождение');
  for (const status of ['Confirmed', 'InProgress', 'Done']) await setStatus(ids.done, status);
  await setStatus(ids.cancelled, 'Cancelled', 'client_request');
  await panel.server.waitForProjection();
  const { rows } = await panel.server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients WHERE name = $1', [NAME]);
  expect(rows).toHaveLength(1);
  clientId = rows[0]!.id;
}, 300_000);

const open = (viewport: Viewport) => panel.open(viewport, { touch: true });

describe.skipIf(SKIP_BROWSER)('Panel: client card', () => {
  it('opens a client found by plate from the list and shows their cars, counts and every booking', async () => {
    const page = await open(VIEWPORTS.ipadPortrait);
    const clients = new ClientsPage(page, panel.server.url);
    await clients.goto();
    await clients.search('М512Т');
    await expect.poll(() => clients.names()).toEqual([NAME]);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'clients-list-820x1180');

    const card = await clients.open(clientId);
    await card.waitReady();
    expect(new URL(page.url()).searchParams.get('id')).toBe(clientId);
    expect(await card.name()).toBe(NAME);
    expect(await card.cars()).toEqual([expect.stringContaining(PLATE)]);
    expect((await card.cars())[0]).toContain('Toyota Camry');
    expect(await card.number('visits')).toBe('1');
    expect(await card.number('bookings')).toBe('3');
    // The open booking is upcoming; the finished and the cancelled ones are history, newest first.
    expect(await card.bookingIds('upcoming')).toEqual([ids.fresh]);
    expect(await card.bookingIds('past')).toEqual([ids.cancelled, ids.done]);
    expect(await card.booking(ids.done).textContent()).toContain('Замена масла');
    expect(await card.booking(ids.done).getAttribute('data-status')).toBe('Done');
    expect(await card.booking(ids.fresh).textContent()).toContain('12:00–');
    const cancelled = await card.booking(ids.cancelled).textContent();
    expect(cancelled).toContain('Диагностика ходовой');
    expect(cancelled).toContain('Клиент попросил');
    expect(cancelled).toContain('Телефон');
    expect(await card.booking(ids.fresh).textContent()).toContain(PLATE);

    await expectTabletFriendly(page);
    await screenshot(page, 'client-820x1180');
  });

  it('reveals the phone with exactly one access-log entry and then offers the call', async () => {
    const page = await open(VIEWPORTS.android);
    const card = new ClientCardPage(page, panel.server.url);
    await card.goto(clientId);
    expect(await card.maskedPhone()).toContain('***');
    expect(await card.callLink().count()).toBe(0);

    const before = await accessEntries();
    await card.revealPhone();
    const after = await accessEntries();
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({ action: 'phone-reveal', clientIds: [clientId] });
    expect(await card.callLink().getAttribute('href')).toBe(`tel:${PHONE}`);
    expect(await card.callLink().textContent()).toContain('Позвонить');

    await expectTabletFriendly(page);
    await screenshot(page, 'client-800x1280');
  });

  it('opens a booking from the card in the booking dialog and confirms it there', async () => {
    const page = await open(VIEWPORTS.ipadLandscape);
    const card = new ClientCardPage(page, panel.server.url);
    await card.goto(clientId);
    await card.booking(ids.fresh).click();
    const dialog = card.dialog();
    await dialog.waitFor();
    expect(await dialog.locator('[data-dialog-status]').textContent()).toBe('Новая');
    await dialog.locator('[data-action=Confirmed]').click();
    await expect.poll(() => statusInReadModel(ids.fresh)).toBe('Confirmed');
    await expect.poll(() => card.booking(ids.fresh).getAttribute('data-status')).toBe('Confirmed');
  });

  it('shows a branch manager the bookings of other branches read-only instead of failing the card', async () => {
    // Branch B with one bay and one service; the manager may see only the demo branch A.
    const hours = Object.fromEntries(
      ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { open: '09:00', close: '20:00', breaks: [] }]),
    );
    const created = await panel.server.api('POST', '/api/branches', { name: 'СТО на Лесной', timeZone: 'Europe/Moscow', hours });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const other = created.body as typeof panel.server.branch;
    expect((await panel.server.api('POST', '/api/bays', { branchId: other.id, name: 'Подъёмник', kinds: ['lift'] })).status).toBe(
      201,
    );
    const service = await panel.server.api('POST', '/api/services', {
      branchId: other.id,
      name: 'Замена колодок',
      durationMinutes: 60,
      bayKind: 'lift',
    });
    expect(service.status, JSON.stringify(service.body)).toBe(201);
    const client = { name: 'Пётр Лесной', phone: '+79167654321' };
    const inA = await panel.server.api('POST', '/api/bookings', {
      branchId: panel.server.branch.id,
      serviceId: panel.server.service('Замена масла').id,
      start: startAt(panel.server.branch, 5, '10:00'),
      client,
      channel: 'phone',
    });
    expect(inA.status, JSON.stringify(inA.body)).toBe(201);
    const inB = await panel.server.api('POST', '/api/bookings', {
      branchId: other.id,
      serviceId: service.body.id,
      start: startAt(other, 6, '11:00'),
      client,
      channel: 'phone',
    });
    expect(inB.status, JSON.stringify(inB.body)).toBe(201);
    await panel.server.waitForProjection();
    const { rows } = await panel.server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients WHERE name = $1', [
      client.name,
    ]);
    expect(rows).toHaveLength(1);
    const manager = await panel.server.addUser('manager', [panel.server.branch.id]);

    const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true, token: manager.token });
    const refused: string[] = [];
    const opened: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 403) refused.push(response.url());
    });
    page.on('request', (request) => {
      if (request.url().includes('/api/bookings/')) opened.push(request.url());
    });
    const card = new ClientCardPage(page, panel.server.url);
    await card.goto(rows[0]!.id);

    expect(await card.bookingIds('upcoming')).toEqual([inA.body.id, inB.body.id]);
    expect(await card.booking(inA.body.id).textContent()).toContain('Замена масла');
    expect(await card.booking(inA.body.id).textContent()).toContain('10:00–');
    const rowB = card.booking(inB.body.id);
    expect(await rowB.evaluate((el) => el.tagName)).toBe('DIV');
    expect(await rowB.getAttribute('data-readonly')).not.toBeNull();
    expect(await rowB.textContent()).toContain('другом филиале');
    await expectTabletFriendly(page);
    await rowB.click();
    // Tapping A's row opens its booking: after it, B's tap would have asked for its booking too.
    await card.booking(inA.body.id).click();
    await card.dialog().waitFor();
    expect(opened.filter((url) => url.includes(inB.body.id))).toEqual([]);
    expect(opened.some((url) => url.includes(inA.body.id))).toBe(true);
    expect(refused).toEqual([]);
  });

  it('says so when the card is opened without a client', async () => {
    const page = await open(VIEWPORTS.ipadPortrait);
    await page.goto(`${panel.server.url}/client`);
    await expect.poll(() => page.locator('[data-client-error]').textContent()).toContain('Не указан клиент');
  });
});
