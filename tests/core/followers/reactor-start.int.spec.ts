import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReactor } from '../../../core/followers/reactor.ts';
import { pollUntil } from '../../support/poll.ts';
import { startAt, startTestServer, type TestServer } from '../../support/test-server.ts';
import { crossTransactionDigits } from '../../support/transaction-ids.ts';

let server: TestServer;
let phone = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const book = async (time: string) => {
  const booked = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, 2, time),
    client: { name: 'Клиент Порядков', phone: `+7926000${String(4000 + ++phone)}` },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return booked.body.id as string;
};

describe('A reactor started at the end of the log', () => {
  it('begins after the last event committed, though the transaction ids have grown a digit since the one before', async () => {
    await book('10:00');
    const digits = await crossTransactionDigits(server.runtime.pool);
    expect(digits.after).toBeGreaterThan(digits.before);
    const last = await book('11:00');
    // «The end» is below every open transaction: wait until nothing open is older than that booking.
    const settled = async () =>
      (
        await server.runtime.pool.query<{ settled: boolean }>(
          'SELECT pg_snapshot_xmin(pg_current_snapshot()) > (SELECT max(transaction_id) FROM emt_messages) AS settled',
        )
      ).rows[0]!.settled;
    expect(await pollUntil(settled, true)).toBe(true);
    const handled: string[] = [];
    const reactor = startReactor({
      pool: server.runtime.pool,
      name: 'start-at-end-test',
      startFrom: 'end',
      idleMs: 20,
      handle: async (event) => {
        if (event.type === 'BookingRequested') handled.push(event.data.bookingId as string);
      },
      onError: () => undefined,
    });
    try {
      const started = async () =>
        (await server.runtime.pool.query("SELECT 1 FROM reactor_checkpoints WHERE reactor = 'start-at-end-test'")).rowCount;
      expect(await pollUntil(started, 1)).toBe(1);
      const next = await book('12:00');
      expect(await pollUntil(async () => handled.includes(next), true)).toBe(true);
      // The booking made before the start is not the reactor's to act on (a client would hear of it twice).
      expect(handled).not.toContain(last);
      expect(handled).toEqual([next]);
    } finally {
      await reactor.stop();
    }
  });
});
