import { beforeAll, describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { SKIP_BROWSER, TABLETS, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';
import { BoardPage } from './pages/board-page.ts';
import { ClientCardPage, ClientsPage } from './pages/clients-page.ts';

const panel = panelSuite();
let olga: { token: string; id: string };
let pavel: { token: string; id: string };
const ids: Record<'belova' | 'orlov' | 'nobodys', string> = { belova: '', orlov: '', nobodys: '' };
const bookings: Record<keyof typeof ids, string> = { belova: '', orlov: '', nobodys: '' };

const startIn = (days: number, hour: number) => startAt(panel.server.branch, days, `${hour}:00`);

/** Books a new client by phone as `token` (the owner when undefined): the booking's and the client's ids. */
const bookByPhone = async (name: string, phone: string, hour: number, token?: string) => {
  const booked = await panel.server.api(
    'POST',
    '/api/bookings',
    {
      branchId: panel.server.branch.id,
      serviceId: panel.server.service('Замена масла').id,
      start: startIn(3, hour),
      client: { name, phone },
      channel: 'phone',
    },
    token ? { authorization: `Bearer ${token}` } : undefined,
  );
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  await panel.server.waitForProjection();
  const bookingId = booked.body.id as string;
  return { bookingId, clientId: (await panel.server.api('GET', `/api/bookings/${bookingId}`)).body.clientId as string };
};

const managerOf = async (clientId: string) =>
  (await panel.server.api('GET', `/api/clients/${clientId}`)).body.managerId as string | null;

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  olga = await panel.server.addUser('manager', [panel.server.branch.id]);
  pavel = await panel.server.addUser('manager', [panel.server.branch.id]);
  await panel.server.runtime.pool.query(`UPDATE users SET name = $2 WHERE id = $1`, [olga.id, 'Ольга Смирнова']);
  await panel.server.runtime.pool.query(`UPDATE users SET name = $2 WHERE id = $1`, [pavel.id, 'Павел Кузнецов']);
  for (const [key, name, phone, hour, token] of [
    ['belova', 'Анна Белова', '+79161234502', 10, olga.token],
    ['orlov', 'Игорь Орлов', '+79161234503', 11, olga.token],
    ['nobodys', 'Сергей Носов', '+79161234504', 12, undefined],
  ] as const) {
    ({ clientId: ids[key], bookingId: bookings[key] } = await bookByPhone(name, phone, hour, token));
  }
  const cleared = await panel.server.api('PUT', `/api/clients/${ids.nobodys}/manager`, { managerId: null });
  expect(cleared.status).toBe(200);
  await panel.server.waitForProjection();
}, 300_000);

describe.skipIf(SKIP_BROWSER)('The person who answers for a client, in the panel', () => {
  it('the owner sees who answers for the client and hands them over by touch (820×1180)', async () => {
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    const card = new ClientCardPage(page, panel.server.url);
    await card.goto(ids.belova);
    const box = page.locator('[data-client-manager]');
    await expect.poll(() => box.locator('[data-manager-name]').textContent()).toBe('Ольга Смирнова');
    // The picker shows who answers for the client now, not its first choice.
    await expect.poll(() => page.locator('[data-hand-over]').inputValue()).toBe(olga.id);
    await page.locator('[data-hand-over]').selectOption({ label: 'Павел Кузнецов' });
    await expect.poll(() => managerOf(ids.belova)).toBe(pavel.id);
    await expect.poll(() => box.locator('[data-manager-name]').textContent()).toBe('Павел Кузнецов');
    await expectTabletFriendly(page);
    await screenshot(page, 'client-manager-owner-820x1180');
  });

  it('a manager narrows the list to their own clients and takes one nobody answers for (1180×820)', async () => {
    await panel.server.waitForProjection();
    const page = await panel.open({ width: 1180, height: 820 }, { touch: true, token: olga.token });
    const clients = new ClientsPage(page, panel.server.url);
    await clients.goto();
    const filter = page.locator('[data-client-manager-filter]');
    await filter.waitFor();
    await filter.selectOption({ label: 'Мои клиенты' });
    // Anna was handed to Pavel in the test before; the demo's clients belong to nobody listed here.
    await expect.poll(() => clients.names()).toEqual(['Игорь Орлов']);
    await filter.selectOption({ label: 'Без ответственного' });
    await expect.poll(() => clients.names()).toContain('Сергей Носов');
    expect(await clients.names()).not.toContain('Игорь Орлов');
    await filter.selectOption({ label: 'Павел Кузнецов' });
    await expect.poll(() => clients.names()).toEqual(['Анна Белова']);
    expect(await page.locator('[data-client-responsible]').allTextContents()).toEqual(['Ответственный: Павел Кузнецов']);
    await expectTabletFriendly(page);
    await screenshot(page, 'client-manager-filter-1180x820');

    const card = new ClientCardPage(page, panel.server.url);
    await card.goto(ids.nobodys);
    await expect.poll(() => page.locator('[data-manager-name]').textContent()).toBe('Никто не закреплён');
    expect(await page.locator('[data-hand-over]').count()).toBe(0);
    await page.locator('[data-take-client]').tap();
    await expect.poll(() => managerOf(ids.nobodys)).toBe(olga.id);
    await expect.poll(() => page.locator('[data-manager-name]').textContent()).toBe('Ольга Смирнова (вы)');
    expect(await page.locator('[data-take-client]').count()).toBe(0);

    // The board's «Мои клиенты»: the bookings of Igor and Sergei, not Anna's (Pavel's now).
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: startIn(3, 10).slice(0, 10) });
    for (const key of ['belova', 'orlov', 'nobodys'] as const) await board.card(bookings[key]).waitFor();
    await page.locator('[data-filter-clients]').selectOption({ label: 'Мои клиенты' });
    await expect.poll(() => board.card(bookings.belova).count()).toBe(0);
    expect(await board.card(bookings.orlov).isVisible()).toBe(true);
    expect(await board.card(bookings.nobodys).isVisible()).toBe(true);
    await expectTabletFriendly(page);
    await screenshot(page, 'board-my-clients-1180x820');
  }, 90_000);

  it('another manager’s client has no button to take it over, and says whose it is (1280×800)', async () => {
    const page = await panel.open({ width: 1280, height: 800 }, { touch: true, token: pavel.token });
    const card = new ClientCardPage(page, panel.server.url);
    await card.goto(ids.orlov);
    await expect.poll(() => page.locator('[data-manager-name]').textContent()).toBe('Ольга Смирнова');
    expect(await page.locator('[data-take-client]').count()).toBe(0);
    expect(await page.locator('[data-hand-over]').count()).toBe(0);
    await card.goto(ids.belova);
    await expect.poll(() => page.locator('[data-manager-name]').textContent()).toBe('Павел Кузнецов (вы)');
    await expectTabletFriendly(page);
    await screenshot(page, 'client-manager-own-1280x800');
  });

  it.each(TABLETS)(
    'the manager turns maintenance reminders off and on at the client’s request by touch (%s)',
    async (size, viewport) => {
      const page = await panel.open(viewport, { touch: true, token: olga.token });
      const card = new ClientCardPage(page, panel.server.url);
      await card.goto(ids.orlov);
      const box = page.locator('[data-maintenance-reminders]');
      await expect.poll(() => box.getAttribute('data-maintenance-reminders')).toBe('on');
      expect(await box.textContent()).toContain('Приходят в мессенджер');
      await box.locator('[data-maintenance-toggle]').tap();
      await expect.poll(() => box.getAttribute('data-maintenance-reminders')).toBe('off');
      expect(await box.textContent()).toContain('Клиент отказался от напоминаний.');
      const remindersOf = async () =>
        (await panel.server.api('GET', `/api/clients/${ids.orlov}`)).body.maintenanceReminders as boolean;
      expect(await remindersOf()).toBe(false);
      await expectTabletFriendly(page);
      await screenshot(page, `client-maintenance-off-${size}`);
      await box.locator('[data-maintenance-toggle]').tap();
      await expect.poll(() => box.getAttribute('data-maintenance-reminders')).toBe('on');
      expect(await remindersOf()).toBe(true);
    },
  );
});
