import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestText } from './request-text.ts';

/**
 * SMS.ru's HTTP API on loopback, speaking its documented JSON (https://sms.ru/api/send):
 * `POST /sms/send` with form fields api_id, to, msg, json=1. A wrong api_id is the request-level
 * error 200, GET is 210, a number marked `refuse` gets its own per-number error 207 (no route).
 */
export const startFakeSmsRu = async (apiId = 'TEST-API-ID') => {
  const sent: { to: string; msg: string; from?: string; smsId: string }[] = [];
  const refusedNumbers = new Set<string>();
  let nextId = 1;

  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const json = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    if (!request.url?.startsWith('/sms/send')) {
      return json({ status: 'ERROR', status_code: 211, status_text: 'Метод не найден' });
    }
    if (request.method !== 'POST') {
      return json({ status: 'ERROR', status_code: 210, status_text: 'Используется GET, где необходимо использовать POST' });
    }
    const form = new URLSearchParams(await requestText(request));
    if (form.get('api_id') !== apiId) return json({ status: 'ERROR', status_code: 200, status_text: 'Неправильный api_id' });
    const msg = form.get('msg') ?? '';
    if (!msg) return json({ status: 'ERROR', status_code: 203, status_text: 'Нет текста сообщения' });
    const sms: Record<string, unknown> = {};
    for (const to of (form.get('to') ?? '').split(',').filter(Boolean)) {
      if (refusedNumbers.has(to)) {
        sms[to] = { status: 'ERROR', status_code: 207, status_text: 'На этот номер нельзя отправлять сообщения' };
        continue;
      }
      const smsId = `000000-${String(10_000_000 + nextId++)}`;
      sent.push({ to, msg, ...(form.get('from') ? { from: form.get('from')! } : {}), smsId });
      sms[to] = { status: 'OK', status_code: 100, sms_id: smsId };
    }
    return json({ status: 'OK', status_code: 100, sms, balance: 4122.56 });
  };

  const server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiId,
    baseUrl: `http://127.0.0.1:${port}`,
    sent,
    /** Texts sent to one number (digits only). */
    to: (phone: string) => sent.filter((message) => message.to === phone.replace(/\D/g, '')).map((message) => message.msg),
    refuse: (phone: string) => refusedNumbers.add(phone.replace(/\D/g, '')),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

export type FakeSmsRu = Awaited<ReturnType<typeof startFakeSmsRu>>;
