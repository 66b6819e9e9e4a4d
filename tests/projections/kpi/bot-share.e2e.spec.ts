import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phoneSequence, startAt, startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
const nextPhone = phoneSequence(177_000_001);

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('The «через бота» share', () => {
  it('counts the bookings clients made themselves in either bot, Telegram and MAX', async () => {
    const channels = ['telegram', 'max', 'phone', 'phone'];
    for (const [index, channel] of channels.entries()) {
      const booked = await server.api('POST', '/api/bookings', {
        branchId: server.branch.id,
        serviceId: server.service('Замена масла').id,
        start: startAt(server.branch, 2, `${10 + index}:00`),
        client: { name: `Клиент ${index + 1}`, phone: nextPhone() },
        channel,
      });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    }
    await server.waitForProjection();
    const today = Temporal.Now.plainDateISO(server.branch.timeZone).toString();
    const kpis = await server.api('GET', `/api/kpis?branchId=${server.branch.id}&from=${today}&to=${today}`);
    expect(kpis.status).toBe(200);
    const tile = (key: string) => (kpis.body.tiles as { key: string; value: number }[]).find((one) => one.key === key)?.value;
    expect(tile('newBookings')).toBe(4);
    expect(tile('botShare')).toBe(50);
  });
});
