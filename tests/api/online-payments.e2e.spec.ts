import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOrder } from '../../contract/work-orders.ts';
import { startFakeYookassa } from '../support/fake-yookassa.ts';
import { phoneSequence, startAt, startTestServer, type TestServer } from '../support/test-server.ts';

const SHOP = { shopId: '506751', secretKey: 'test_secret_key_f0c1' };
const TOKEN = 'wh_4b2f0d6a9c8e7f1a2b3c4d5e6f708192a3b4c5d6';
let fake: Awaited<ReturnType<typeof startFakeYookassa>>;
let server: TestServer;
const nextPhone = phoneSequence(155_000_001);
let dayOffset = 2;

beforeAll(async () => {
  fake = await startFakeYookassa(SHOP.shopId, SHOP.secretKey);
  server = await startTestServer({
    yookassa: {
      ...SHOP,
      apiUrl: fake.apiUrl,
      returnUrl: 'http://127.0.0.1/paid',
      webhookToken: TOKEN,
      // The test posts from loopback, standing in for ЮKassa's ranges.
      allowedSources: ['127.0.0.1/32', '::1/128'],
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await fake?.stop();
});

/** A visit booked on a day of its own with its work order of one 3 000,00 ₽ part. */
const visitWithOrder = async () => {
  const booking = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    bayId: server.bays[0]!.id,
    start: startAt(server.branch, dayOffset++, '10:00'),
    client: { name: 'Ирина Петрова', phone: nextPhone() },
  });
  const order = (await server.api('POST', `/api/bookings/${booking.body.id}/work-order`, {})).body as WorkOrder;
  await server.api('POST', `/api/work-orders/${order.id}/parts`, {
    name: 'Колодки тормозные',
    quantity: 1,
    unitPriceKopecks: 300_000,
  });
  return { bookingId: booking.body.id as string, order };
};

/** An order of one 3 000,00 ₽ part, done, with 1 000,00 ₽ paid in cash. */
const orderDue = async () => {
  const { order } = await visitWithOrder();
  await server.api('POST', `/api/work-orders/${order.id}/status`, { status: 'InWork' });
  await server.api('POST', `/api/work-orders/${order.id}/status`, { status: 'Done' });
  await server.api('POST', `/api/work-orders/${order.id}/payments`, { method: 'cash', amountKopecks: 100_000 });
  return order.id;
};

const notify = (event: string, object: Record<string, unknown>, token = TOKEN) =>
  fetch(`${server.url}/webhooks/yookassa/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'notification', event, object }),
  });

const moneyEvents = async (workOrderId: string) =>
  (
    await server.runtime.pool.query<{ type: string; data: Record<string, any> }>(
      `SELECT message_type AS type, message_data AS data FROM emt_messages
        WHERE stream_id = $1 AND message_type IN ('PaymentRecorded', 'WorkOrderPaid') ORDER BY stream_position`,
      [`workorder-${workOrderId}`],
    )
  ).rows;

describe('Online payment through ЮKassa', () => {
  it('makes a payment link for what is due, with an Idempotence-Key and our ids (no personal data) as metadata', async () => {
    const workOrderId = await orderDue();
    const response = await server.api('POST', `/api/work-orders/${workOrderId}/online-payment`, { amountKopecks: 200_000 });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const order = response.body as WorkOrder;
    expect(order.pendingOnline).toHaveLength(1);
    expect(order.pendingOnline[0]!.confirmationUrl).toMatch(/^https:\/\/yoomoney\.ru\/checkout\//);
    const sent = fake.created.at(-1)!;
    expect(sent.idempotenceKey).toBe(order.pendingOnline[0]!.paymentId);
    expect(sent.body).toMatchObject({
      amount: { value: '2000.00', currency: 'RUB' },
      capture: true,
      confirmation: { type: 'redirect', return_url: 'http://127.0.0.1/paid' },
      metadata: { workOrderId, paymentId: order.pendingOnline[0]!.paymentId },
    });
    expect(JSON.stringify(sent.body)).not.toContain('Ирина');
  });

  it('refuses a link for more than is due, asking the provider nothing', async () => {
    const workOrderId = await orderDue();
    const asked = fake.created.length;
    const response = await server.api('POST', `/api/work-orders/${workOrderId}/online-payment`, { amountKopecks: 200_001 });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('OVER_DUE');
    expect(fake.created.length).toBe(asked);
  });

  it('makes no link for a cancelled visit, asking the provider nothing', async () => {
    const { bookingId, order } = await visitWithOrder();
    const cancelled = await server.api('POST', `/api/bookings/${bookingId}/status`, {
      status: 'Cancelled',
      reason: 'client_request',
    });
    expect(cancelled.status).toBe(200);
    const asked = fake.created.length;
    const response = await server.api('POST', `/api/work-orders/${order.id}/online-payment`, { amountKopecks: 100_000 });
    expect([response.status, response.body.code]).toEqual([409, 'VISIT_CANCELLED']);
    expect(fake.created.length).toBe(asked);
  });

  it('books a payment the API confirms once, however often the notification comes; a forged one books nothing', async () => {
    const workOrderId = await orderDue();
    const order = (await server.api('POST', `/api/work-orders/${workOrderId}/online-payment`, { amountKopecks: 200_000 }))
      .body as WorkOrder;
    const { rows } = await server.runtime.pool.query<{ id: string }>(
      `SELECT message_data->>'providerPaymentId' AS id FROM emt_messages WHERE stream_id = $1 AND message_type = 'OnlinePaymentRequested'`,
      [`workorder-${workOrderId}`],
    );
    const providerId = rows[0]!.id;
    const claimed = {
      id: providerId,
      status: 'succeeded',
      paid: true,
      amount: { value: '2000.00', currency: 'RUB' },
      metadata: { workOrderId },
    };

    // Forged: the body says succeeded, the API says the payment is still pending.
    expect((await notify('payment.succeeded', claimed)).status).toBe(200);
    expect(await moneyEvents(workOrderId)).toHaveLength(1);
    // Forged: a payment the provider never made.
    expect((await notify('payment.succeeded', { ...claimed, id: '2f000000-000f-5000-8000-000000000000' })).status).toBe(200);
    // The wrong URL token: not even read.
    expect((await notify('payment.succeeded', claimed, `${TOKEN.slice(0, -1)}x`)).status).toBe(404);
    expect(await moneyEvents(workOrderId)).toHaveLength(1);

    fake.succeed(providerId);
    for (let repeat = 0; repeat < 3; repeat++) expect((await notify('payment.succeeded', claimed)).status).toBe(200);
    const events = await moneyEvents(workOrderId);
    expect(events.map((event) => event.type)).toEqual(['PaymentRecorded', 'PaymentRecorded', 'WorkOrderPaid']);
    expect(events[1]!.data).toMatchObject({
      method: 'online',
      amountKopecks: 200_000,
      paymentId: order.pendingOnline[0]!.paymentId,
      reference: providerId,
      recordedBy: null,
    });
    await server.waitForProjection();
    const read = await server.api('GET', `/api/bookings/${order.bookingId}/work-order`);
    expect(read.body).toMatchObject({ status: 'Paid', totals: { paid: 300_000, due: 0 }, pendingOnline: [] });
  });
});
