import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Where the period's bookings came from (GET /api/kpis/sources): counted from the board's read model
 * by channel and lead source, over the branch's days; the same scope rules as the money report.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('lead sources', () => {
  it('counts the bookings requested in the period by channel and source, with the done and cancelled', async () => {
    // As a channel books: the client itself, no staff user behind the command.
    const actor = { orgId: server.branch.orgId, userId: null };
    const place = (phone: string, days: number, extra: { channel: 'web' | 'phone' | 'telegram'; source?: string }) =>
      server.runtime.deps.commands.place(actor, {
        branchId: server.branch.id,
        serviceIds: [server.service('Замена масла').id],
        start: startAt(server.branch, days, '10:00'),
        client: { name: 'Источников', phone },
        ...extra,
      });
    const first = await place('+79160001101', 2, { channel: 'web', source: 'vk / post' });
    await place('+79160001102', 3, { channel: 'web', source: 'vk / post' });
    await place('+79160001103', 4, { channel: 'telegram', source: 'qr-counter' });
    await place('+79160001104', 5, { channel: 'phone' });
    expect(
      (await server.api('POST', `/api/bookings/${first.id}/status`, { status: 'Cancelled', reason: 'client_request' })).status,
    ).toBe(200);
    await server.waitForProjection();

    const today = Temporal.Now.plainDateISO(server.branch.timeZone).toString();
    const answer = await server.api('GET', `/api/kpis/sources?from=${today}&to=${today}&branchId=${server.branch.id}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.rows).toEqual([
      { channel: 'web', source: 'vk / post', bookings: 2, done: 0, cancelled: 1 },
      { channel: 'phone', source: null, bookings: 1, done: 0, cancelled: 0 },
      { channel: 'telegram', source: 'qr-counter', bookings: 1, done: 0, cancelled: 0 },
    ]);

    // Yesterday had none of them.
    const yesterday = Temporal.PlainDate.from(today).subtract({ days: 1 }).toString();
    expect((await server.api('GET', `/api/kpis/sources?from=${yesterday}&to=${yesterday}`)).body.rows).toEqual([]);
  });

  it('refuses a bad period and a mechanic', async () => {
    expect((await server.api('GET', '/api/kpis/sources?from=2026-12-10&to=2026-12-01')).status).toBe(400);
    expect((await server.api('GET', '/api/kpis/sources?from=2026-02-30&to=2026-03-01')).status).toBe(400);
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const refused = await server.api('GET', '/api/kpis/sources?from=2026-12-01&to=2026-12-01', undefined, {
      authorization: `Bearer ${mechanic.token}`,
    });
    expect(refused.status).toBe(403);
  });
});
