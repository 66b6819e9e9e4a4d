import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAt, startTestServer, type TestServer } from '../../support/test-server.ts';

// Each API process remembers the bay-days its bookings read (core/event-store/stream-memory.ts).
// Two runtimes on one database are two processes: what one writes, the other's memory does not
// know, and the database must decide every time they differ.

let first: TestServer;
let second: TestServer;
beforeAll(async () => {
  first = await startTestServer();
  second = await startTestServer({ databaseUrl: first.databaseUrl });
});
afterAll(async () => {
  await second?.stop();
  await first?.stop();
});

const book = (server: TestServer, bayId: string, start: string, phone: string) =>
  server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    bayId,
    start,
    client: { name: 'Клиент', phone },
  });

describe('Bookings on bay-days another process changed', () => {
  it('books a time the other process freed, and refuses a time it took, since this one remembered the day', async () => {
    const bay = first.bays.find((candidate) => candidate.kinds.includes('lift'))!;
    const at = (time: string) => startAt(first.branch, 5, time);
    // The first process books 10:00 and 12:00 and so remembers the bay's day with both.
    expect((await book(first, bay.id, at('10:00'), '+79160000001')).status).toBe(201);
    const taken = await book(first, bay.id, at('12:00'), '+79160000002');
    expect(taken.status).toBe(201);

    // The second process cancels 12:00: on memory alone the first would refuse it.
    const cancelled = await second.api('POST', `/api/bookings/${taken.body.id}/status`, {
      status: 'Cancelled',
      reason: 'client_request',
    });
    expect(cancelled.status).toBe(200);
    const rebooked = await book(first, bay.id, at('12:00'), '+79160000003');
    expect(rebooked.status).toBe(201);

    // The second process takes 14:00: the first one's memory does not know, its append conflicts.
    expect((await book(second, bay.id, at('14:00'), '+79160000004')).status).toBe(201);
    const refused = await book(first, bay.id, at('14:00'), '+79160000005');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SLOT_TAKEN');

    // 12:00 is held once at a time: the cancelled booking released it before the new one took it.
    const held = await first.runtime.pool.query<{ type: string; booking: string; from: string }>(
      `SELECT message_type AS type, message_data->>'bookingId' AS booking, message_data->>'from' AS "from"
         FROM emt_messages WHERE message_data->>'bookingId' = ANY($1::text[]) AND stream_id LIKE 'schedule-%'
        ORDER BY global_position`,
      [[taken.body.id, rebooked.body.id]],
    );
    expect(held.rows.map((row) => [row.type, row.booking])).toEqual([
      ['SlotsReserved', taken.body.id],
      ['SlotsReleased', taken.body.id],
      ['SlotsReserved', rebooked.body.id],
    ]);
    expect(held.rows[0]!.from).toBe(held.rows[2]!.from);
  });
});
