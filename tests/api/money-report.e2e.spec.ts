import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMoneyVisits } from '../support/money-visits.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

// The owner's money of a period (tests/support/money-visits.ts seeds it): the figures split by
// branch, manager, mechanic and channel, named, and the same in the downloads.

let server: TestServer;
let manager: { id: string };
let mechanic: { id: string };

const ok = async (method: string, path: string, body?: unknown, status = 201) => {
  const response = await server.api(method, path, body);
  expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(status);
  return response.body;
};

beforeAll(async () => {
  server = await startTestServer();
  ({ manager, mechanic } = await seedMoneyVisits(server));
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
    expect(report.byMethod).toEqual([
      { method: 'card', paidKopecks: 600_000, refundedKopecks: 0, netKopecks: 600_000, payments: 2 },
    ]);
    // The same car, its plate typed two ways: the second visit is a repeat.
    expect(report.cars).toEqual({ visits: 2, repeatVisits: 1 });
    // As of now: the visit paid in part still owes 2 000 ₽, and nobody has invoiced it.
    expect(report.awaited).toEqual({ invoices: 0, invoicedKopecks: 0, unpaidOrders: 1, unpaidKopecks: 200_000 });

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
    expect(csv).toContain('"Поступило, ₽ (за вычетом возвратов)";6000\r\n');
    expect(csv).toContain('Менеджер;Марина Менеджерова;2;8000;');
    expect(csv).toContain('Механик;Сергей Ключников;1;5000;');
    expect(csv).toContain('Канал;Телефон;1;5000;');
    expect(csv).toContain('Из них повторных;1\r\n');
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

  it('counts the till by payment method, a refund on the method its payment came by', async () => {
    const { rows } = await server.runtime.pool.query<{ id: string; state: { payments: { paymentId: string }[] } }>(
      `SELECT id::text, state FROM rm.work_orders WHERE paid = 100000`,
    );
    const order = rows[0]!;
    await ok('POST', `/api/work-orders/${order.id}/payments`, { method: 'cash', amountKopecks: 50_000 });
    const paymentId = order.state.payments[0]!.paymentId;
    await ok('POST', `/api/work-orders/${order.id}/refunds`, { paymentId, amountKopecks: 20_000 });
    // A part taken back: the price is lowered by as much, and works + parts no longer make the sum.
    await ok('POST', `/api/work-orders/${order.id}/refunds`, { paymentId, amountKopecks: 10_000, lowersPrice: true });
    await server.waitForProjection();
    const report = await ok('GET', `/api/kpis/money?from=${day()}&to=${day()}`, undefined, 200);
    expect(report.byMethod).toEqual([
      { method: 'card', paidKopecks: 600_000, refundedKopecks: 30_000, netKopecks: 570_000, payments: 2 },
      { method: 'cash', paidKopecks: 50_000, refundedKopecks: 0, netKopecks: 50_000, payments: 1 },
    ]);
    expect(report.revenueKopecks).toBe(620_000);
    expect(report.loweredKopecks).toBe(10_000);
    expect(report.worksKopecks + report.partsKopecks - report.loweredKopecks).toBe(report.byBranch[0].billedKopecks);
    const csv = await (
      await fetch(`${server.url}/api/kpis/money/export.csv?from=${day()}&to=${day()}`, {
        headers: { authorization: `Bearer ${server.token}` },
      })
    ).text();
    expect(csv).toContain('Карта;2;6000;300;5700\r\n');
    expect(csv).toContain('"Снижено после оплаты, ₽";100\r\n');
    expect(csv).toContain('Наличные;1;500;0;500\r\n');
    const [y, m, d] = day().split('-');
    expect(csv).toContain(`Период с;${d}.${m}.${y}\r\n`);
  });
});
