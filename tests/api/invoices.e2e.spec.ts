import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MoneyReport, WorkOrder } from '../../contract/work-orders.ts';
import { phoneSequence, startAt, startTestServer, type TestServer } from '../support/test-server.ts';

// An invoice to a company paying by bank transfer is money asked for: the order owes it, the owner
// sees it awaited, and it counts as received only when the desk marks it come in.

let server: TestServer;
const nextPhone = phoneSequence(154_300_001);
let dayOffset = 2;
// 4 tyres × 3 000,00 ₽, no VAT.
const TOTAL = 1_200_000;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const call = async (method: string, path: string, body: unknown, status: number) => {
  const response = await server.api(method, path, body);
  expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(status);
  return response.body;
};

/** A refusal that wrote nothing: its code, and not one event more in the log. */
const refused = async (path: string, body: unknown, status: number, code: string, token?: string) => {
  const before = await server.eventCount();
  const response = token
    ? await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      }).then(async (answer) => ({ status: answer.status, body: await answer.json() }))
    : await server.api('POST', path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
  expect(await server.eventCount()).toBe(before);
};

/** A visit with a work order of four tyres, moved to `status`. */
const order = async (status: 'Draft' | 'InWork' | 'Done') => {
  const booking = await call(
    'POST',
    '/api/bookings',
    {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      bayId: server.bays[0]!.id,
      start: startAt(server.branch, dayOffset++, '10:00'),
      client: { name: 'ООО «Вектор», Андрей', phone: nextPhone() },
      car: { make: 'Hyundai', model: 'Solaris', plate: 'К456МН77' },
    },
    201,
  );
  const opened: WorkOrder = await call('POST', `/api/bookings/${booking.id}/work-order`, {}, 201);
  await call(
    'POST',
    `/api/work-orders/${opened.id}/parts`,
    { name: 'Шина 205/55 R16', quantity: 4, unitPriceKopecks: 300_000 },
    201,
  );
  for (const next of status === 'Draft' ? [] : status === 'InWork' ? ['InWork'] : ['InWork', 'Done']) {
    await call('POST', `/api/work-orders/${opened.id}/status`, { status: next }, 200);
  }
  return { bookingId: booking.id as string, id: opened.id };
};

const today = () => Temporal.Now.plainDateISO(server.branch.timeZone).toString();
const money = async (): Promise<MoneyReport> => {
  await server.waitForProjection();
  return call('GET', `/api/kpis/money?from=${today()}&to=${today()}`, undefined, 200);
};

describe('Invoices', () => {
  it('asks for the money without counting it, and counts it once the bank has it', async () => {
    const before = await money();
    const { id } = await order('Done');
    const invoiceId = crypto.randomUUID();
    const issued: WorkOrder = await call(
      'POST',
      `/api/work-orders/${id}/invoices`,
      { invoiceId, amountKopecks: TOTAL, reference: ' 45 ' },
      201,
    );
    expect(issued.status).toBe('Done');
    expect(issued.totals).toMatchObject({ paid: 0, due: TOTAL });
    expect(issued.invoices).toEqual([
      { invoiceId, amountKopecks: TOTAL, reference: '45', issuedAt: expect.any(String), status: 'awaiting' },
    ]);
    const awaited = await money();
    expect(awaited.revenueKopecks).toBe(before.revenueKopecks);
    expect(awaited.awaited.invoices).toBe(before.awaited.invoices + 1);
    expect(awaited.awaited.invoicedKopecks).toBe(before.awaited.invoicedKopecks + TOTAL);
    // Invoiced in full: not counted again among the finished orders nobody asked money for.
    expect(awaited.awaited.unpaidKopecks).toBe(before.awaited.unpaidKopecks);

    await refused(`/api/work-orders/${id}/invoices`, { amountKopecks: 100 }, 422, 'OVER_DUE');

    const paid: WorkOrder = await call('POST', `/api/work-orders/${id}/invoices/${invoiceId}/paid`, undefined, 200);
    expect(paid.status).toBe('Paid');
    expect(paid.payments).toEqual([{ paymentId: invoiceId, method: 'invoice', amountKopecks: TOTAL, refundedKopecks: 0 }]);
    expect(paid.invoices[0]!.status).toBe('paid');
    const counted = await money();
    expect(counted.revenueKopecks).toBe(before.revenueKopecks + TOTAL);
    expect(counted.byMethod.find((row) => row.method === 'invoice')?.paidKopecks).toBe(TOTAL);
    expect(counted.awaited.invoicedKopecks).toBe(before.awaited.invoicedKopecks);

    // The same «money came in» again books nothing; a paid invoice is refunded, not withdrawn.
    const events = await server.eventCount();
    expect((await call('POST', `/api/work-orders/${id}/invoices/${invoiceId}/paid`, undefined, 200)).status).toBe('Paid');
    expect(await server.eventCount()).toBe(events);
    await refused(`/api/work-orders/${id}/invoices/${invoiceId}/cancel`, undefined, 409, 'ILLEGAL_TRANSITION');
  });

  it('withdraws an awaited invoice, and shows a finished order without money or invoice as awaited', async () => {
    const before = await money();
    const { id } = await order('Done');
    const first: WorkOrder = await call('POST', `/api/work-orders/${id}/invoices`, { amountKopecks: 700_000 }, 201);
    const invoiceId = first.invoices[0]!.invoiceId;
    const part = await money();
    expect(part.awaited.invoicedKopecks - before.awaited.invoicedKopecks).toBe(700_000);
    expect(part.awaited.unpaidKopecks - before.awaited.unpaidKopecks).toBe(TOTAL - 700_000);
    expect(part.awaited.unpaidOrders - before.awaited.unpaidOrders).toBe(1);

    const withdrawn: WorkOrder = await call('POST', `/api/work-orders/${id}/invoices/${invoiceId}/cancel`, undefined, 200);
    expect(withdrawn.invoices[0]!.status).toBe('cancelled');
    await refused(`/api/work-orders/${id}/invoices/${invoiceId}/paid`, undefined, 409, 'ILLEGAL_TRANSITION');
    const after = await money();
    expect(after.awaited.invoicedKopecks).toBe(before.awaited.invoicedKopecks);
    expect(after.awaited.unpaidKopecks - before.awaited.unpaidKopecks).toBe(TOTAL);
    // Withdrawn, the sum can be invoiced again in full.
    expect((await call('POST', `/api/work-orders/${id}/invoices`, { amountKopecks: TOTAL }, 201)).invoices).toHaveLength(2);
  });

  it('takes no cash for what an awaited invoice asks for, and counts the invoice until withdrawn', async () => {
    const before = await money();
    const { id } = await order('Done');
    const issued: WorkOrder = await call('POST', `/api/work-orders/${id}/invoices`, { amountKopecks: TOTAL }, 201);
    const events = await server.eventCount();
    await refused(`/api/work-orders/${id}/payments`, { method: 'cash', amountKopecks: TOTAL }, 409, 'INVOICE_AWAITED');
    expect(await server.eventCount()).toBe(events);
    expect((await money()).awaited.invoicedKopecks - before.awaited.invoicedKopecks).toBe(TOTAL);
    await call('POST', `/api/work-orders/${id}/invoices/${issued.invoices[0]!.invoiceId}/cancel`, undefined, 200);
    const paid: WorkOrder = await call('POST', `/api/work-orders/${id}/payments`, { method: 'cash', amountKopecks: TOTAL }, 201);
    expect(paid.status).toBe('Paid');
    expect((await call('POST', `/api/work-orders/${id}/status`, { status: 'Closed' }, 200)).status).toBe('Closed');
    expect((await money()).awaited.invoicedKopecks).toBe(before.awaited.invoicedKopecks);
  });

  it('is the desk’s: a mechanic, an unknown invoice, a broken body and a forged id are refused and write nothing', async () => {
    const { id } = await order('InWork');
    const mechanic = await server.addUser('mechanic');
    await refused(`/api/work-orders/${id}/invoices`, { amountKopecks: 100 }, 403, 'FORBIDDEN', mechanic.token);
    await refused(`/api/work-orders/${id}/invoices/${crypto.randomUUID()}/paid`, undefined, 404, 'NOT_FOUND');
    await refused(`/api/work-orders/${id}/invoices/${crypto.randomUUID()}/cancel`, undefined, 404, 'NOT_FOUND');
    await refused(`/api/work-orders/${id}/invoices/not-an-id/paid`, undefined, 400, 'VALIDATION');
    await refused(`/api/work-orders/${id}/invoices`, { amountKopecks: '1200' }, 400, 'VALIDATION');
    await refused(`/api/work-orders/${id}/invoices`, { amountKopecks: -5 }, 400, 'VALIDATION');
    await refused(
      `/api/work-orders/${id}/invoices`,
      { amountKopecks: 100, reference: '45\u0000; DROP' },
      400,
      'CONTROL_CHARACTER',
    );
    await refused(`/api/work-orders/${crypto.randomUUID()}/invoices`, { amountKopecks: 100 }, 404, 'NOT_FOUND');
    // A prepayment invoice before the job is done is allowed, once under its id.
    const invoiceId = crypto.randomUUID();
    await call('POST', `/api/work-orders/${id}/invoices`, { invoiceId, amountKopecks: 300_000 }, 201);
    const events = await server.eventCount();
    expect(
      (await call('POST', `/api/work-orders/${id}/invoices`, { invoiceId, amountKopecks: 300_000 }, 201)).invoices,
    ).toHaveLength(1);
    expect(await server.eventCount()).toBe(events);
    await refused(`/api/work-orders/${id}/invoices`, { invoiceId, amountKopecks: 400_000 }, 422, 'IDEMPOTENCY_KEY_REUSED');
    await refused(
      `/api/work-orders/${id}/payments`,
      { paymentId: invoiceId, method: 'cash', amountKopecks: 300_000 },
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('on a cancelled visit: no new invoice, but one sent before is withdrawn or its money booked to give back', async () => {
    const { bookingId, id } = await order('Draft');
    const out: WorkOrder = await call('POST', `/api/work-orders/${id}/invoices`, { amountKopecks: 500_000 }, 201);
    const kept: WorkOrder = await call('POST', `/api/work-orders/${id}/invoices`, { amountKopecks: 200_000 }, 201);
    await call('POST', `/api/bookings/${bookingId}/status`, { status: 'Cancelled', reason: 'client_request' }, 200);
    await refused(`/api/work-orders/${id}/invoices`, { amountKopecks: 100 }, 409, 'VISIT_CANCELLED');
    const withdrawn: WorkOrder = await call(
      'POST',
      `/api/work-orders/${id}/invoices/${out.invoices[0]!.invoiceId}/cancel`,
      undefined,
      200,
    );
    expect(withdrawn.invoices.map((invoice) => invoice.status)).toEqual(['cancelled', 'awaiting']);
    const came: WorkOrder = await call(
      'POST',
      `/api/work-orders/${id}/invoices/${kept.invoices[1]!.invoiceId}/paid`,
      undefined,
      200,
    );
    expect(came.totals.paid).toBe(200_000);
  });
});
