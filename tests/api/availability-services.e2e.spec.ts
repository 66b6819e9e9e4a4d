import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const DATE = Temporal.Now.plainDateISO('Europe/Moscow').add({ days: 2 }).toString();

const startsOf = async (query: string) => {
  const answer = await server.api('GET', `/api/availability?branchId=${server.branch.id}&date=${DATE}&${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return (answer.body.slots as { start: string }[]).map((slot) => slot.start.slice(11, 16));
};

describe('Free times for several services in one visit', () => {
  it('offers only the starts where all of them fit before closing', async () => {
    const oil = server.service('Замена масла').id;
    const check = server.service('Диагностика ходовой').id;
    const alone = await startsOf(`serviceId=${oil}`);
    const both = await startsOf(`serviceId=${oil}&serviceIds=${oil},${check}`);
    expect(both.length).toBeGreaterThan(0);
    // The demo branch closes at 20:00: 45 min of oil change fit at 19:00, with the check after it they do not.
    expect(alone).toContain('19:00');
    expect(both).not.toContain('19:00');
    expect(both.every((time) => alone.includes(time))).toBe(true);
  });

  it('refuses a list that does not start with the service named, and one that is not ids', async () => {
    const oil = server.service('Замена масла').id;
    const check = server.service('Диагностика ходовой').id;
    const wrongOrder = await server.api(
      'GET',
      `/api/availability?branchId=${server.branch.id}&date=${DATE}&serviceId=${oil}&serviceIds=${check},${oil}`,
    );
    expect(wrongOrder.status).toBe(400);
    expect(wrongOrder.body).toMatchObject({ code: 'VALIDATION' });
    const garbage = await server.api(
      'GET',
      `/api/availability?branchId=${server.branch.id}&date=${DATE}&serviceId=${oil}&serviceIds=${oil};drop`,
    );
    expect(garbage.status).toBe(400);
  });
});

describe('Free times for a booking being moved', () => {
  it('count the booking’s own time as free only for that booking', async () => {
    const tyres = server.service('Шиномонтаж').id;
    const start = Temporal.PlainDate.from(DATE)
      .toZonedDateTime({ timeZone: 'Europe/Moscow', plainTime: Temporal.PlainTime.from('12:00') })
      .toString({ timeZoneName: 'never', smallestUnit: 'minute' });
    const booked = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: tyres,
      start,
      client: { name: 'Пётр Шинов', phone: '+79165550101' },
      channel: 'phone',
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    // The only tyre bay holds 12:00–12:50 (with its buffer): nobody else may start at 12:00 or 12:30.
    const others = await startsOf(`serviceId=${tyres}`);
    expect(others).not.toContain('12:00');
    expect(others).not.toContain('12:30');
    const own = await startsOf(`serviceId=${tyres}&bookingId=${booked.body.id as string}`);
    expect(own).toContain('12:00');
    expect(own).toContain('12:30');
    const stranger = await server.api(
      'GET',
      `/api/availability?branchId=${server.branch.id}&date=${DATE}&serviceId=${tyres}&bookingId=not-an-id`,
    );
    expect(stranger.status).toBe(400);
  });
});
