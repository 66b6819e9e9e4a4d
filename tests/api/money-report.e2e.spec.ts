import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

// The owner's money of a period: two finished visits of one car (the second a repeat), one by phone
// for a client a manager answers for with a mechanic on it, one from the panel with nobody; the
// figures split by branch, manager, mechanic and channel, named, and the same in the downloads.

let server: TestServer;
let manager: { id: string };
let mechanic: { id: string };

const ok = async (method: string, path: string, body?: unknown, status = 201) => {
  const response = await server.api(method, path, body);
  expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(status);
  return response.body;
};

const finishedVisit = async (o: { days: number; channel: 'phone' | 'panel'; partKopecks: number; paidKopecks: number }) => {
  const booking = await ok('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, o.days, '10:00'),
    client: { name: 'Семён Повторов', phone: '+79160003301' },
    car: { make: 'Lada', model: 'Vesta', plate: o.days === 2 ? 'О777ОО77' : 'o777oo 77' },
    channel: o.channel,
  });
  if (o.channel === 'phone') await ok('POST', `/api/bookings/${booking.id}/assign`, { mechanicId: mechanic.id }, 200);
  const order = await ok('POST', `/api/bookings/${booking.id}/work-order`, {});
  await ok('POST', `/api/work-orders/${order.id}/works`, { serviceId: server.service('Замена масла').id });
  await ok('POST', `/api/work-orders/${order.id}/parts`, {
    name: 'Масло 5W-30, 4 л',
    quantity: 1,
    unitPriceKopecks: o.partKopecks,
  });
  for (const status of ['Confirmed', 'InProgress', 'Done'])
    await ok('POST', `/api/bookings/${booking.id}/status`, { status }, 200);
  for (const status of ['InWork', 'Done']) await ok('POST', `/api/work-orders/${order.id}/status`, { status }, 200);
  await ok('POST', `/api/work-orders/${order.id}/payments`, { method: 'card', amountKopecks: o.paidKopecks });
  return booking.id as string;
};

beforeAll(async () => {
  server = await startTestServer();
  manager = await server.addUser('manager', [server.branch.id]);
  mechanic = await server.addUser('mechanic', [server.branch.id]);
  await server.runtime.pool.query(`UPDATE users SET name = 'Марина Менеджерова' WHERE id = $1`, [manager.id]);
  await server.runtime.pool.query(`UPDATE users SET name = 'Сергей Ключников' WHERE id = $1`, [mechanic.id]);
  const first = await finishedVisit({ days: 2, channel: 'phone', partKopecks: 350_000, paidKopecks: 500_000 });
  await server.waitForProjection();
  const { clientId } = await ok('GET', `/api/bookings/${first}`, undefined, 200);
  await ok('PUT', `/api/clients/${clientId}/manager`, { managerId: manager.id }, 200);
  // The oil change is 1 500 ₽; the second visit is paid in part.
  await finishedVisit({ days: 9, channel: 'panel', partKopecks: 150_000, paidKopecks: 100_000 });
  await server.waitForProjection();
});
afterAll(async () => {
  await server?.stop();
});

/** The branch-local date `offset` days from today. */
const day = (offset = 0) => Temporal.Now.plainDateISO(server.branch.timeZone).add({ days: offset }).toString();

describe('The money report', () => {
  it('splits the finished orders by branch, manager, mechanic and channel, with names and repeat visits', async () => {
    const report = await ok('GET', `/api/kpis/money?from=${day()}&to=${day()}`, undefined, 200);
    expect(report).toMatchObject({ revenueKopecks: 600_000, payments: 2, ordersDone: 2, averageBillKopecks: 400_000 });
    expect(report.byBranch).toEqual([
      { key: server.branch.id, name: server.branch.name, ordersDone: 2, billedKopecks: 800_000, revenueKopecks: 600_000 },
    ]);
    // Whoever answers for the client now: both visits are the managed client's.
    expect(report.byManager).toEqual([{ key: manager.id, name: 'Марина Менеджерова', ordersDone: 2, billedKopecks: 800_000 }]);
    expect(report.byMechanic).toEqual([
      expect.objectContaining({ key: mechanic.id, name: 'Сергей Ключников', ordersDone: 1, billedKopecks: 500_000 }),
      expect.objectContaining({ key: null, name: null, ordersDone: 1, billedKopecks: 300_000 }),
    ]);
    expect(report.byMechanic[0].bookedMinutes).toBeGreaterThan(0);
    expect(report.byChannel.map((row: { key: string }) => row.key)).toEqual(['phone', 'panel']);
    // The same car, its plate typed two ways: the second visit is a repeat.
    expect(report.cars).toEqual({ visits: 2, repeatVisits: 1 });

    const before = await ok('GET', `/api/kpis/money?from=${day(-7)}&to=${day(-1)}`, undefined, 200);
    expect(before).toMatchObject({
      revenueKopecks: 0,
      ordersDone: 0,
      byBranch: [],
      byManager: [],
      cars: { visits: 0, repeatVisits: 0 },
    });
  });

  it('downloads the same figures in roubles with names and no ids', async () => {
    const response = await fetch(`${server.url}/api/kpis/money/export.csv?from=${day()}&to=${day()}`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(response.status).toBe(200);
    const csv = await response.text();
    expect(csv).toContain('"Поступило, ₽ (за вычетом возвратов)",6000\r\n');
    expect(csv).toContain('Менеджер,Марина Менеджерова,2,8000,');
    expect(csv).toContain('Механик,Сергей Ключников,1,5000,');
    expect(csv).toContain('Канал,Телефон,1,5000,');
    expect(csv).toContain('Из них повторных,1\r\n');
    expect(csv).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

    const xlsx = await fetch(`${server.url}/api/kpis/money/export.xlsx?from=${day()}&to=${day()}`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(xlsx.status).toBe(200);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('refuses a period that ends before it starts, and a mechanic', async () => {
    const refused = await server.api('GET', `/api/kpis/money?from=${day()}&to=${day(-1)}`);
    expect(refused.status).toBe(400);
    const asMechanic = await fetch(`${server.url}/api/kpis/money?from=${day()}&to=${day()}`, {
      headers: { authorization: `Bearer ${(await server.addUser('mechanic')).token}` },
    });
    expect(asMechanic.status).toBe(403);
  });
});
