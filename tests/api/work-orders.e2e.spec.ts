import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOrder } from '../../contract/work-orders.ts';
import { SWAP_LOCK } from '../../projections/schema.ts';
import { phoneSequence, startAt, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const nextPhone = phoneSequence(154_000_001);
let dayOffset = 2;

beforeAll(async () => {
  server = await startTestServer();
  // 2 500,00 ₽ per norm-hour; «Диагностика ходовой» counts 1,2 norm-hours; prices include VAT 22 %.
  await server.runtime.pool.query('UPDATE branches SET hourly_rate_kopecks = 250000 WHERE id = $1', [server.branch.id]);
  await server.runtime.pool.query('UPDATE services SET norm_hours_milli = 1200 WHERE id = $1', [
    server.service('Диагностика').id,
  ]);
  await server.runtime.pool.query(`UPDATE organizations SET vat_mode = 'general22' WHERE id = $1`, [server.branch.orgId]);
});
afterAll(async () => {
  await server?.stop();
});

const book = async () => {
  const response = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    bayId: server.bays[0]!.id,
    start: startAt(server.branch, dayOffset++, '10:00'),
    client: { name: 'Олег Смирнов', phone: nextPhone() },
    car: { make: 'Lada', model: 'Vesta', plate: 'А123ВС77' },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string };
};

type Order = WorkOrder;

const open = async (bookingId: string, body: Record<string, unknown> = {}) => {
  const response = await server.api('POST', `/api/bookings/${bookingId}/work-order`, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Order;
};

const post = async (path: string, body: unknown, status = 201) => {
  const response = await server.api('POST', path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body as Order;
};

/** A refusal that wrote nothing: its code, and not one event more in the log. */
const refused = async (path: string, body: unknown, status: number, code: string, method = 'POST') => {
  const before = await server.eventCount();
  const response = await server.api(method, path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
  expect(await server.eventCount()).toBe(before);
};

const eventsOf = async (stream: string) =>
  (
    await server.runtime.pool.query<{ type: string; data: Record<string, any> }>(
      `SELECT message_type AS type, message_data AS data FROM emt_messages WHERE stream_id = $1 ORDER BY stream_position`,
      [stream],
    )
  ).rows;

// Works: oil change 1 500,00 (fixed) + diagnostics 1,2 h × 2 500,00 = 3 000,00; part: 2 × 1 250,50 − 10 % = 2 250,90.
const TOTAL = 150_000 + 300_000 + 225_090;

const drafted = async () => {
  const booking = await book();
  const order = await open(booking.id, { vin: 'хтаgfl110ky123456', odometerKm: 45_120 });
  await post(`/api/work-orders/${order.id}/works`, { serviceId: server.service('Замена масла').id });
  await post(`/api/work-orders/${order.id}/works`, { serviceId: server.service('Диагностика').id });
  const withPart = await post(`/api/work-orders/${order.id}/parts`, {
    name: 'Фильтр масляный',
    article: 'W 712/95',
    manufacturer: 'MANN-FILTER',
    quantity: 2,
    unitPriceKopecks: 125_050,
    discountPercent: 10,
  });
  return { booking, order: withPart };
};

describe('Work orders', () => {
  it('prices works from the catalogue (fixed or norm-hours × the branch rate) and parts, totals in kopecks with VAT inside', async () => {
    const { order } = await drafted();
    expect(order.status).toBe('Draft');
    expect(order.lines.map((line) => line.amountKopecks)).toEqual([150_000, 300_000, 225_090]);
    expect(order.totals).toEqual({
      works: 450_000,
      parts: 225_090,
      discount: 25_010,
      lowered: 0,
      total: TOTAL,
      vat: Math.round((TOTAL * 22) / 122),
      paid: 0,
      due: TOTAL,
    });
  });

  it('opens one work order per visit, keeps the VIN sealed and numbers documents per organization', async () => {
    const booking = await book();
    const first = await open(booking.id, { vin: 'XTAGFL110KY654321', odometerKm: 1000 });
    const again = await open(booking.id);
    expect(again.id).toBe(first.id);
    const events = await eventsOf(`workorder-${first.id}`);
    expect(events.map((event) => event.type)).toEqual(['WorkOrderOpened']);
    expect(JSON.stringify(events)).not.toContain('654321');
    expect(events[0]!.data.vehicle.data).toBeTypeOf('string');
    const other = await open((await book()).id);
    expect(other.number).toBe(first.number + 1);
  });

  it('reads the visit’s order as the last change left it, even while the read models are behind', async () => {
    const booking = await book();
    const held = await server.runtime.pool.connect();
    await held.query('SELECT pg_advisory_lock($1)', [SWAP_LOCK]);
    try {
      const opened = await open(booking.id);
      const added = await post(`/api/work-orders/${opened.id}/parts`, { name: 'Фильтр', quantity: 1, unitPriceKopecks: 50_000 });
      const read = await server.api('GET', `/api/bookings/${booking.id}/work-order`);
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      expect(read.body).toMatchObject({ id: opened.id, revision: added.revision, totals: { total: added.totals.total } });
    } finally {
      await held.query('SELECT pg_advisory_unlock($1)', [SWAP_LOCK]);
      held.release();
    }
  });

  it('refuses bad input with a stable code and writes nothing', async () => {
    const { order } = await drafted();
    const at = `/api/work-orders/${order.id}`;
    await refused(`${at}/parts`, { name: 'Свеча', quantity: -1, unitPriceKopecks: 50_000 }, 400, 'VALIDATION');
    await refused(`${at}/parts`, { name: 'Свеча', quantity: 1.0005, unitPriceKopecks: 50_000 }, 400, 'VALIDATION');
    await refused(`${at}/status`, { status: 'Agreed', expectedTotalKopecks: TOTAL - 1 }, 422, 'TOTAL_MISMATCH');
    await refused(`${at}/payments`, { method: 'cash', amountKopecks: TOTAL + 1 }, 422, 'OVER_DUE');
    await refused(`${at}/status`, { status: 'Done' }, 409, 'ILLEGAL_TRANSITION');
    const booking = await book();
    await refused(`/api/bookings/${booking.id}/work-order`, { vin: 'XTAGFL110KY12345O' }, 400, 'VALIDATION');
  });

  it('moves draft → agreed → in work → done → paid in two parts → closed, each move an event with who and when', async () => {
    const { booking, order } = await drafted();
    const at = `/api/work-orders/${order.id}`;
    expect((await post(`${at}/status`, { status: 'Agreed', expectedTotalKopecks: TOTAL }, 200)).status).toBe('Agreed');
    expect((await post(`${at}/status`, { status: 'InWork' }, 200)).status).toBe('InWork');
    expect((await post(`${at}/status`, { status: 'Done' }, 200)).status).toBe('Done');
    const first = await post(`${at}/payments`, { method: 'cash', amountKopecks: 200_000 });
    expect(first.totals.due).toBe(TOTAL - 200_000);
    const paymentId = '6f1d2c7e-2a63-4d59-9a1e-0c4b7d3e9a10';
    const settled = await post(`${at}/payments`, {
      paymentId,
      method: 'sbp',
      amountKopecks: TOTAL - 200_000,
      reference: 'B6123',
    });
    expect(settled).toMatchObject({ status: 'Paid', totals: { paid: TOTAL, due: 0 } });
    // The same payment sent again (a retry) books nothing.
    const before = await server.eventCount();
    const repeated = await post(`${at}/payments`, { paymentId, method: 'sbp', amountKopecks: TOTAL - 200_000 });
    expect(repeated.totals.paid).toBe(TOTAL);
    expect(await server.eventCount()).toBe(before);
    expect((await post(`${at}/status`, { status: 'Closed' }, 200)).status).toBe('Closed');

    const events = await eventsOf(`workorder-${order.id}`);
    const moves = events.filter((event) => event.type !== 'WorkOrderLineAdded' && event.type !== 'PaymentRecorded');
    expect(moves.map((event) => event.type)).toEqual([
      'WorkOrderOpened',
      'WorkOrderAgreed',
      'WorkOrderStarted',
      'WorkOrderCompleted',
      'WorkOrderPaid',
      'WorkOrderClosed',
    ]);
    for (const event of moves) {
      const who = Object.entries(event.data).find(([name]) => name.endsWith('By'))![1];
      const when = Object.entries(event.data).find(([name]) => name.endsWith('At'))![1] as string;
      expect(who).toBeTypeOf('string');
      expect(Number.isNaN(Date.parse(when))).toBe(false);
    }

    await server.waitForProjection();
    const read = await server.api('GET', `/api/bookings/${booking.id}/work-order`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: order.id, status: 'Closed', startedUnagreed: false, totals: { total: TOTAL, due: 0 } });
    const money = await server.runtime.pool.query<{ sum: string }>(
      `SELECT sum(amount)::text AS sum FROM rm.work_order_money WHERE work_order_id = $1 AND kind = 'payment'`,
      [order.id],
    );
    expect(Number(money.rows[0]!.sum)).toBe(TOTAL);
  });

  it('takes the booking along on the board: started work puts a new booking «В работе», finished work «Выполнено»', async () => {
    const { booking, order } = await drafted();
    const at = `/api/work-orders/${order.id}`;
    // The booking as the board and its card show it (the read model, caught up).
    const status = async () => {
      await server.waitForProjection();
      return (await server.api('GET', `/api/bookings/${booking.id}`)).body;
    };
    expect((await status()).status).toBe('New');

    await post(`${at}/status`, { status: 'InWork' }, 200);
    const started = await status();
    expect(started.status).toBe('InProgress');
    // Through the booking's own steps, in the work order's transaction, by the same person.
    expect(started.history.map((event: { type: string }) => event.type)).toEqual([
      'BookingRequested',
      'BookingConfirmed',
      'BookingStarted',
    ]);

    await post(`${at}/status`, { status: 'Done' }, 200);
    expect((await status()).status).toBe('Done');
  });

  it('takes only refunds on a cancelled visit, which stays cancelled, and opens no order for one', async () => {
    const { booking, order } = await drafted();
    const at = `/api/work-orders/${order.id}`;
    const paid = await post(`${at}/payments`, { method: 'card', amountKopecks: 100_000 });
    expect(
      (await server.api('POST', `/api/bookings/${booking.id}/status`, { status: 'Cancelled', reason: 'station' })).status,
    ).toBe(200);
    const line = paid.lines[0]!.lineId;
    for (const [path, body, method] of [
      [`${at}/status`, { status: 'InWork' }, 'POST'],
      [`${at}/status`, { status: 'Agreed', expectedTotalKopecks: TOTAL }, 'POST'],
      [`${at}/works`, { serviceId: server.service('Диагностика').id }, 'POST'],
      [`${at}/parts`, { name: 'Свеча зажигания', quantity: 4, unitPriceKopecks: 45_000 }, 'POST'],
      [`${at}/lines/${line}`, undefined, 'DELETE'],
      [`${at}/payments`, { method: 'cash', amountKopecks: 10_000 }, 'POST'],
    ] as const) {
      await refused(path, body, 409, 'VISIT_CANCELLED', method);
    }
    // The client's money goes back: the one thing a cancelled visit's order is for.
    const refunded = await post(`${at}/refunds`, { paymentId: paid.payments[0]!.paymentId, amountKopecks: 100_000 });
    expect(refunded.totals).toMatchObject({ paid: 0 });
    await server.waitForProjection();
    const read = (await server.api('GET', `/api/bookings/${booking.id}`)).body;
    expect(read.status).toBe('Cancelled');
    expect(read.history.at(-1).type).toBe('BookingCancelled');

    const other = await book();
    expect(
      (await server.api('POST', `/api/bookings/${other.id}/status`, { status: 'Cancelled', reason: 'client_request' })).status,
    ).toBe(200);
    await refused(`/api/bookings/${other.id}/work-order`, {}, 409, 'VISIT_CANCELLED');
  });

  it('shows a job started without agreement, and takes a refund back into what is due', async () => {
    const { booking, order } = await drafted();
    const at = `/api/work-orders/${order.id}`;
    await post(`${at}/status`, { status: 'InWork' }, 200);
    const paid = await post(`${at}/payments`, { method: 'card', amountKopecks: 100_000 });
    const refunded = await post(`${at}/refunds`, { paymentId: paid.payments[0]!.paymentId, amountKopecks: 40_000 });
    expect(refunded.totals).toMatchObject({ paid: 60_000, due: TOTAL - 60_000 });
    await refused(`${at}/refunds`, { paymentId: paid.payments[0]!.paymentId, amountKopecks: 60_001 }, 422, 'OVER_DUE');
    // A refund that lowers the price is a discount on finished work: refused while the work goes on.
    await refused(
      `${at}/refunds`,
      { paymentId: paid.payments[0]!.paymentId, amountKopecks: 10_000, lowersPrice: true },
      400,
      'VALIDATION',
    );
    await post(`${at}/status`, { status: 'Done' }, 200);
    // Once it is done, it takes the sum off the total: nothing more is owed for it.
    const lowered = await post(`${at}/refunds`, {
      paymentId: paid.payments[0]!.paymentId,
      amountKopecks: 10_000,
      lowersPrice: true,
    });
    expect(lowered.totals).toMatchObject({ lowered: 10_000, total: TOTAL - 10_000, paid: 50_000, due: TOTAL - 60_000 });
    await refused(
      `${at}/refunds`,
      { paymentId: paid.payments[0]!.paymentId, amountKopecks: 100, lowersPrice: 'yes' },
      400,
      'VALIDATION',
    );
    await server.waitForProjection();
    const read = await server.api('GET', `/api/bookings/${booking.id}/work-order`);
    expect(read.body).toMatchObject({ status: 'Done', startedUnagreed: true });
  });

  it('lets a mechanic add works and parts at their prices, but not give a discount or take back what the client agreed to', async () => {
    const { order } = await drafted();
    const at = `/api/work-orders/${order.id}`;
    const mechanic = { authorization: `Bearer ${(await server.addUser('mechanic', [server.branch.id])).token}` };
    const asMechanic = (method: string, path: string, body?: unknown) => server.api(method, path, body, mechanic);
    const before = await server.eventCount();
    for (const [path, body] of [
      [`${at}/works`, { serviceId: server.service('Замена масла').id, discountPercent: 100 }],
      [`${at}/parts`, { name: 'Колодки', quantity: 1, unitPriceKopecks: 300_000, discountPercent: 50 }],
    ] as const) {
      expect((await asMechanic('POST', path, body)).status).toBe(403);
    }
    expect(await server.eventCount()).toBe(before);

    await post(`${at}/status`, { status: 'Agreed', expectedTotalKopecks: TOTAL }, 200);
    const agreedLine = order.lines[0]!.lineId;
    const kept = await asMechanic('DELETE', `${at}/lines/${agreedLine}`);
    expect(kept.status).toBe(403);
    expect(await server.eventCount()).toBe(before + 1);
    // A part the mechanic fitted, not agreed yet, is the mechanic's to take back.
    const fitted = await asMechanic('POST', `${at}/parts`, { name: 'Колодки', quantity: 1, unitPriceKopecks: 300_000 });
    expect(fitted.status).toBe(201);
    const partLine = (fitted.body as Order).lines.at(-1)!.lineId;
    const removed = await asMechanic('DELETE', `${at}/lines/${partLine}`);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect((removed.body as Order).lines.map((line) => line.lineId)).toContain(agreedLine);
  });

  it('opens with the booked services as works at the price list’s prices when asked, and once only', async () => {
    const withWorks = await open((await book()).id, { withBookedWorks: true });
    expect(withWorks.lines.map(({ kind, name, amountKopecks }) => ({ kind, name, amountKopecks }))).toEqual([
      { kind: 'work', name: 'Замена масла', amountKopecks: 150_000 },
    ]);
    const booking = await book();
    expect((await open(booking.id)).lines).toEqual([]);
    // A second opening answers the first and adds nothing.
    expect((await open(booking.id, { withBookedWorks: true })).lines).toEqual([]);
  });

  it('keeps another branch manager out, as if the order did not exist', async () => {
    const { order } = await drafted();
    const outsider = await server.addUser('manager', ['00000000-0000-4000-8000-0000000000ff']);
    const headers = { authorization: `Bearer ${outsider.token}` };
    const before = await server.eventCount();
    const paid = await server.api(
      'POST',
      `/api/work-orders/${order.id}/payments`,
      { method: 'cash', amountKopecks: 100 },
      headers,
    );
    const unknown = await server.api(
      'POST',
      '/api/work-orders/00000000-0000-4000-8000-0000000000aa/payments',
      { method: 'cash', amountKopecks: 100 },
      headers,
    );
    expect([paid.status, unknown.status]).toEqual([404, 404]);
    expect((await server.api('GET', `/api/work-orders/${order.id}/pdf?doc=order`, undefined, headers)).status).toBe(404);
    await server.waitForProjection();
    expect((await server.api('GET', `/api/bookings/${order.bookingId}/work-order`)).status).toBe(200);
    expect((await server.api('GET', `/api/bookings/${order.bookingId}/work-order`, undefined, headers)).status).toBe(404);
    expect(paid.body.code).toBe(unknown.body.code);
    expect(await server.eventCount()).toBe(before);
  });

  it('has no online payment unless the provider is configured', async () => {
    const { order } = await drafted();
    await refused(`/api/work-orders/${order.id}/online-payment`, { amountKopecks: 100 }, 409, 'ONLINE_PAYMENTS_OFF');
    const webhook = await fetch(`${server.url}/webhooks/yookassa/anything`, { method: 'POST', body: '{}' });
    expect(webhook.status).toBe(404);
  });

  it('puts the money in the KPIs: revenue grows by exactly the payments of a scripted visit', async () => {
    const today = Temporal.Now.plainDateISO(server.branch.timeZone).toString();
    const money = async () => {
      await server.waitForProjection();
      const response = await server.api('GET', `/api/kpis/money?branchId=${server.branch.id}&from=${today}&to=${today}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as Record<string, number>;
    };
    const before = await money();
    const { order } = await drafted();
    const at = `/api/work-orders/${order.id}`;
    await post(`${at}/status`, { status: 'Agreed', expectedTotalKopecks: TOTAL }, 200);
    await post(`${at}/status`, { status: 'InWork' }, 200);
    await post(`${at}/status`, { status: 'Done' }, 200);
    await post(`${at}/payments`, { method: 'card', amountKopecks: 300_000 });
    await post(`${at}/payments`, { method: 'cash', amountKopecks: TOTAL - 300_000 });
    const after = await money();
    expect(after.revenueKopecks! - before.revenueKopecks!).toBe(TOTAL);
    expect(after.payments! - before.payments!).toBe(2);
    expect(after.ordersDone! - before.ordersDone!).toBe(1);
    expect(after.worksKopecks! - before.worksKopecks!).toBe(450_000);
    expect(after.partsKopecks! - before.partsKopecks!).toBe(225_090);
  });
});
