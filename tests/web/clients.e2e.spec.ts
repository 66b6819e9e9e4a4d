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

  it('renders the card in the server’s first answer: bookings in their order, the phone masked', async () => {
    const answer = await fetch(`${panel.server.url}/client?id=${clientId}`, {
      headers: { cookie: `zero_session=${panel.server.token}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const html = await answer.text();
    expect(html).toContain('data-client-card');
    expect(html).toContain(NAME);
    expect([...html.matchAll(/data-booking-id="([^"]+)"/g)].map(([, id]) => id)).toEqual([ids.fresh, ids.cancelled, ids.done]);
    expect(html).toContain('Клиент попросил');
    expect(html).toMatch(/data-masked-phone[^>]*>[^<]*\*\*\*/);
    expect(html).not.toContain(PHONE.slice(-7));
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
    await screenshot(page, 'client-1280x800');
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
    await expect.poll(() => statusInReadModel(ids.fresh), { timeout: 5000 }).toBe('Confirmed');
    // The card reads its rows again until the read model shows the move (up to ~3 s on a busy server).
    await expect.poll(() => card.booking(ids.fresh).getAttribute('data-status'), { timeout: 5000 }).toBe('Confirmed');
  });

  it('shows a branch manager only the clients and the bookings of their branch', async () => {
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
    const bookIn = async (branch: typeof other, serviceId: string, days: number, at: string, client: object) => {
      const response = await panel.server.api('POST', '/api/bookings', {
        branchId: branch.id,
        serviceId,
        start: startAt(branch, days, at),
        client,
        channel: 'phone',
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.id as string;
    };
    // Пётр booked in both branches, Ольга only in B.
    const both = { name: 'Пётр Лесной', phone: '+79167654321' };
    const onlyB = { name: 'Ольга Садовая', phone: '+79167654322' };
    const inA = await bookIn(panel.server.branch, panel.server.service('Замена масла').id, 5, '10:00', both);
    const inB = await bookIn(other, service.body.id, 6, '11:00', both);
    await bookIn(other, service.body.id, 7, '12:00', onlyB);
    await panel.server.waitForProjection();
    const idOf = async (name: string) => {
      const { rows } = await panel.server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients WHERE name = $1', [name]);
      expect(rows).toHaveLength(1);
      return rows[0]!.id;
    };
    const bothId = await idOf(both.name);
    const onlyBId = await idOf(onlyB.name);
    const manager = await panel.server.addUser('manager', [panel.server.branch.id]);

    const page = await panel.open({ width: 1180, height: 820 }, { touch: true, token: manager.token });
    const refused: string[] = [];
    page.on('response', (response) => {
      // A visit without a work order answers 404 to the card's look for one: that is «none yet», not a refusal.
      const noWorkOrder = response.status() === 404 && response.url().endsWith('/work-order');
      if (response.status() >= 400 && !noWorkOrder) refused.push(response.url());
    });
    const clients = new ClientsPage(page, panel.server.url);
    await clients.goto();
    await expect.poll(() => clients.names()).toContain(both.name);
    expect(await clients.names()).toContain(NAME);
    expect(await clients.names()).not.toContain(onlyB.name);
    await clients.search('Ольга');
    await expect.poll(() => page.locator('[data-client-count]').textContent()).toBe('Никого не нашли');
    expect(await page.locator('[data-client-id]').count()).toBe(0);
    await screenshot(page, 'clients-branch-manager-1180x820');

    await clients.search('Пётр');
    await expect.poll(() => clients.names()).toEqual([both.name]);
    const card = await clients.open(bothId);
    await card.waitReady();
    // B's booking is not the manager's to see: the card lists A's alone, and counts it alone.
    expect(await card.bookingIds('upcoming')).toEqual([inA]);
    expect(await card.booking(inB).count()).toBe(0);
    expect(await card.number('bookings')).toBe('1');
    await expectTabletFriendly(page);
    await screenshot(page, 'client-branch-manager-1180x820');
    await card.booking(inA).click();
    await card.dialog().waitFor();
    expect(refused).toEqual([]);

    // A card opened by its address for a client of another branch says it was not found.
    const elsewhere = await panel.open({ width: 1280, height: 800 }, { token: manager.token });
    await elsewhere.goto(`${panel.server.url}/client?id=${onlyBId}`);
    await expect.poll(() => elsewhere.locator('[data-client-error]').textContent()).toContain('Не найдено');
    expect(await elsewhere.locator('body').textContent()).not.toContain(onlyB.name);
    await screenshot(elsewhere, 'client-other-branch-1280x800');
  });

  it('says so when the card is opened without a client', async () => {
    const page = await open(VIEWPORTS.ipadPortrait);
    await page.goto(`${panel.server.url}/client`);
    await expect.poll(() => page.locator('[data-client-error]').textContent()).toContain('Не указан клиент');
  });
});
