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
