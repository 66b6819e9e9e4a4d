import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOrder } from '../../contract/work-orders.ts';
import { phoneSequence, startAt, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const nextPhone = phoneSequence(156_000_001);
/** The server's clock runs ahead of the test's by this much (a visit lasts days). */
let ahead = 0;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer({ now: () => Date.now() + ahead });
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

  it('dates the order the day it was opened and the act the day the work was done, with the VIN, the odometer and a logged reveal', async () => {
    const booking = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, 2, '12:00'),
      client: { name: 'Нина Датова', phone: nextPhone() },
    });
    expect(booking.status, JSON.stringify(booking.body)).toBe(201);
    const opened = await server.api('POST', `/api/bookings/${booking.body.id}/work-order`, {
      vin: 'XTAGFL110LY123456',
      odometerKm: 42_150,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const order = opened.body as WorkOrder;
    const moscowDay = (at: number) => new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow' }).format(at);
    const openedOn = moscowDay(Date.now() + ahead);
    await server.api('POST', `/api/work-orders/${order.id}/works`, { serviceId: server.service('Замена масла').id });
    ahead += 2 * DAY;
    for (const status of ['InWork', 'Done']) {
      const moved = await server.api('POST', `/api/work-orders/${order.id}/status`, { status });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    const doneOn = moscowDay(Date.now() + ahead);
    // Printed again a week later: the documents keep their own dates.
    ahead += 7 * DAY;
    const printed = async (doc: string) => {
      const response = await fetch(`${server.url}/api/work-orders/${order.id}/pdf?doc=${doc}`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      expect(response.status).toBe(200);
      const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
      return (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
    };
    const [orderText, act] = [await printed('order'), await printed('act')];
    expect(orderText).toContain(`№ ${order.number} от ${openedOn}`);
    expect(act).toContain(`Акт выполненных работ № ${order.number} от ${doneOn}`);
    for (const text of [orderText, act]) {
      expect(text).toContain('VIN XTAGFL110LY123456');
      expect(text).toContain('пробег 42 150 км');
    }
    // Each printout carried the whole number: two reveals in the access log, as a card's reveal would be.
    const officer = await server.addUser('compliance');
    const { clientId } = (await server.api('GET', `/api/bookings/${booking.body.id}`)).body;
    const log = await server.api('GET', `/api/compliance/access-log?clientId=${clientId}`, undefined, {
      authorization: `Bearer ${officer.token}`,
    });
    expect(log.status).toBe(200);
    const reveals = (log.body.entries as { action: string; details: { workOrderId?: string } }[]).filter(
      (entry) => entry.action === 'phone-reveal' && entry.details.workOrderId === order.id,
    );
    expect(reveals).toHaveLength(2);
  });
});
