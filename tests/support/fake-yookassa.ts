import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestText } from './request-text.ts';

/**
 * ЮKassa API v3 on loopback, speaking its documented JSON: POST /v3/payments (Basic auth, an
 * Idempotence-Key that returns the first answer for the same body and refuses it for another),
 * GET /v3/payments/{id}, error objects `{type: 'error', code, description}`. `succeed` plays the
 * payer paying; notifications are posted by the test itself, as ЮKassa would.
 */
export const startFakeYookassa = async (shopId: string, secretKey: string) => {
  const payments = new Map<string, Record<string, any>>();
  const byKey = new Map<string, { body: string; payment: Record<string, any> }>();
  const created: { idempotenceKey: string; body: Record<string, any> }[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${shopId}:${secretKey}`).toString('base64')}`;

  const error = (code: string, description: string, parameter?: string) => ({
    type: 'error',
    id: randomUUID(),
    code,
    description,
    ...(parameter ? { parameter } : {}),
  });

  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== expectedAuth)
      return send(401, error('invalid_credentials', 'Wrong shopId or secret key'));
    const text = await requestText(request);
    if (request.method === 'POST' && request.url === '/v3/payments') {
      const key = request.headers['idempotence-key'];
      if (typeof key !== 'string' || key === '') {
        return send(400, error('invalid_request', 'Idempotence key is missing', 'Idempotence-Key'));
      }
      const earlier = byKey.get(key);
      if (earlier) {
        return earlier.body === text
          ? send(200, earlier.payment)
          : send(400, error('invalid_request', 'Idempotence key duplicated', 'Idempotence-Key'));
      }
      const body = JSON.parse(text) as Record<string, any>;
      const id = `${randomUUID().slice(0, 8)}-000f-5000-8000-${randomUUID().slice(24)}`;
      const payment = {
        id,
        status: 'pending',
        paid: false,
        amount: body.amount,
        confirmation: { type: 'redirect', confirmation_url: `https://yoomoney.ru/checkout/payments/v2/contract?orderId=${id}` },
        created_at: new Date().toISOString(),
        description: body.description,
        metadata: body.metadata,
        recipient: { account_id: shopId, gateway_id: '100700' },
        refundable: false,
        test: true,
      };
      payments.set(id, payment);
      byKey.set(key, { body: text, payment });
      created.push({ idempotenceKey: key, body });
      return send(200, payment);
    }
    const found = /^\/v3\/payments\/([^/]+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && found) {
      const payment = payments.get(decodeURIComponent(found[1]!));
      return payment ? send(200, payment) : send(404, error('not_found', 'Payment not found'));
    }
    return send(404, error('not_found', 'Not found'));
  };
  const server = createServer((request, response) => {
    answer(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}/v3`,
    created,
    payment: (id: string) => payments.get(id),
    /** The payer paid: the payment as `GET /v3/payments/{id}` now gives it. */
    succeed: (id: string) => {
      const payment = payments.get(id)!;
      Object.assign(payment, {
        status: 'succeeded',
        paid: true,
        captured_at: new Date().toISOString(),
        income_amount: payment.amount,
        refundable: true,
        payment_method: { type: 'sbp', id: randomUUID(), saved: false, title: 'СБП' },
      });
      return payment;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
