import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { VersionConflict } from '../../core/event-store/event-store.ts';
import { serverForFile } from '../support/file-server.ts';
import { rawBookingRequested } from '../support/raw-events.ts';

const server = serverForFile();

const requested = (i: number) => {
  const start = new Date(Date.UTC(2030, 0, 1) + i * 3_600_000).toISOString();
  const end = new Date(Date.parse(start) + 1_800_000).toISOString();
  // A bay of its own per booking keeps the calendar free of overlaps by construction.
  const event = rawBookingRequested(server, { start, end }, { bayId: randomUUID(), requestedAt: start });
  return { stream: `booking-${event.data.bookingId}`, expected: 0, events: [event] };
};

describe('Event log feeding the read models', () => {
  it('delivers every event of 32 concurrent writers exactly once, whatever order their transactions commit in', async () => {
    const before = Number((await server.runtime.pool.query('SELECT count(*)::int AS n FROM rm.bookings')).rows[0].n);
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < 5000) {
          const i = next++;
          // Mixed transaction sizes make commits finish out of global_position order.
          const appends = i % 7 === 0 && next < 5000 ? [requested(i), requested(next++)] : [requested(i)];
          await server.runtime.deps.store.appendMany(appends);
        }
      }),
    );
    await server.waitForProjection();
    const { rows } = await server.runtime.pool.query(
      `SELECT (SELECT count(*)::int FROM rm.bookings) AS bookings,
              (SELECT count(*)::int FROM rm.calendar) AS calendar,
              (SELECT count(*)::int FROM emt_messages WHERE message_type = 'BookingRequested') AS logged`,
    );
    expect(rows[0].bookings - before).toBe(5000);
    expect(rows[0].calendar - before).toBe(5000);
    expect(rows[0].logged - before).toBe(5000);
  });
});

describe('Emmett 0.42 PostgreSQL store traps', () => {
  it('does not enforce STREAM_DOES_NOT_EXIST, so first writes must use expected version 0', async () => {
    const store = getPostgreSQLEventStore(server.databaseUrl);
    const stream = `trap-${randomUUID()}`;
    const event = { type: 'Probe', data: { n: 1 } };
    await store.appendToStream(stream, [event], { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
    // The stream exists now, yet a second "must not exist" append succeeds too.
    await store.appendToStream(stream, [event], { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
    expect((await store.readStream(stream)).events).toHaveLength(2);
    await store.close();

    const ours = `trap-${randomUUID()}`;
    await server.runtime.deps.store.appendMany([{ stream: ours, expected: 0, events: [event] }]);
    await expect(server.runtime.deps.store.appendMany([{ stream: ours, expected: 0, events: [event] }])).rejects.toBeInstanceOf(
      VersionConflict,
    );
  });

  it('lets exactly one of many racing first writes to a fresh stream win with expected version 0', async () => {
    const stream = `race-${randomUUID()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, () =>
        server.runtime.deps.store.appendMany([{ stream, expected: 0, events: [{ type: 'Probe', data: {} }] }]),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((result) => result.status === 'rejected' && result.reason instanceof VersionConflict)).toHaveLength(15);
  });

  it('rolls back every stream of a multi-stream append when one of them conflicts', async () => {
    const taken = `atomic-${randomUUID()}`;
    const fresh = `atomic-${randomUUID()}`;
    await server.runtime.deps.store.appendMany([{ stream: taken, expected: 0, events: [{ type: 'Probe', data: {} }] }]);
    await expect(
      server.runtime.deps.store.appendMany([
        { stream: fresh, expected: 0, events: [{ type: 'Probe', data: {} }] },
        { stream: taken, expected: 0, events: [{ type: 'Probe', data: {} }] },
      ]),
    ).rejects.toBeInstanceOf(VersionConflict);
    expect((await server.runtime.deps.store.readStream(fresh)).version).toBe(0);
  });
});
