import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOrder } from '../../contract/work-orders.ts';
import { phoneSequence, startAt, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const nextPhone = phoneSequence(156_000_001);

beforeAll(async () => {
  server = await startTestServer();
  // The details as the owner types them in settings (spaces in the numbers are dropped).
  const saved = await server.api('PUT', '/api/settings/documents', {
    vatMode: 'general22',
    executor: { legalName: 'ООО «Ромашка-Авто»', inn: '7707 083 893', ogrn: '1027700132195' },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
});
afterAll(async () => {
  await server?.stop();
});

describe('Work order documents', () => {
  it('prints the act of completed works as a PDF whose text has the right Cyrillic lines and totals', async () => {
    const booking = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      bayId: server.bays[0]!.id,
      start: startAt(server.branch, 2, '10:00'),
      client: { name: 'Пётр Ёлкин', phone: nextPhone() },
    });
    const order = (await server.api('POST', `/api/bookings/${booking.body.id}/work-order`, {})).body as WorkOrder;
    await server.api('POST', `/api/work-orders/${order.id}/works`, { serviceId: server.service('Замена масла').id });
    await server.api('POST', `/api/work-orders/${order.id}/parts`, {
      name: 'Фильтр масляный',
      article: 'W 712/95',
      quantity: 1,
      unitPriceKopecks: 84_550,
    });
    await server.waitForProjection();
    const response = await fetch(`${server.url}/api/work-orders/${order.id}/pdf?doc=act`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
    const { text } = await extractText(pdf, { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`Акт выполненных работ № ${order.number} от`);
    expect(flat).toContain('Исполнитель: ООО «Ромашка-Авто», ИНН 7707083893, ОГРН 1027700132195');
    expect(flat).toContain('Заказчик: Пётр Ёлкин');
    expect(flat).toContain('Фильтр масляный');
    expect(flat).toContain('Итого: 2 345,50 ₽');
    expect(flat).toContain('в т.ч. НДС 22 %: 422,96 ₽');
    expect(flat).toContain('Претензий по объёму, качеству и срокам не имею.');
  });
});
