import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BUILD_BATCH, replayReadModels } from '../../../projections/replay.ts';
import { serverForFile } from '../../support/file-server.ts';
import { rawBookingRequested } from '../../support/raw-events.ts';

// A replay's build keeps its calendar's occupied times in memory from batch to batch instead of
// looking them up in the table; the live runner looks them up. Both must place and refuse alike.

const server = serverForFile();

const DAY = Date.UTC(2031, 2, 4);
const HOUR = 3_600_000;
const span = (from: number, to: number) => ({
  start: new Date(DAY + from * HOUR).toISOString(),
  end: new Date(DAY + to * HOUR).toISOString(),
});

const append = async (stream: string, events: { type: string; data: Record<string, unknown> }[], expected = 0) => {
  await server.runtime.deps.store.appendMany([
    { stream, expected, events, metadata: { orgId: server.branch.orgId, userId: null } },
  ]);
};

/** A booking requested on the first bay over `from`–`to` hours of the day; its id. */
const request = async (from: number, to: number, data: Record<string, unknown> = {}) => {
  const bookingId = randomUUID();
  const requested = rawBookingRequested(server, span(from, to), { bookingId, ...data });
  await append(`booking-${bookingId}`, [requested]);
  return bookingId;
};

/** A replay's batch of events no read model folds: what follows lands in a later batch. */
const fillOneBatch = () =>
  append(
    `probe-${randomUUID()}`,
    Array.from({ length: BUILD_BATCH }, (_, i) => ({ type: 'Probe', data: { i } })),
  );

/** The next event of booking `bookingId`, whose stream holds `version` events. */
const then = (bookingId: string, version: number, type: string, data: Record<string, unknown>) =>
  append(`booking-${bookingId}`, [{ type, data: { bookingId, ...data } }], version);

/** What each table holds that a replay must rebuild as it was, and its order. */
const TABLES = {
  calendar: 'SELECT booking_id, day::text, bay_id, during::text FROM rm.calendar ORDER BY booking_id, day',
  anomalies: 'SELECT global_position::text, event_type, problem FROM rm.anomalies ORDER BY global_position',
  quarantine: 'SELECT global_position::text, kind FROM rm.quarantine ORDER BY global_position',
} as const;

const rowsOf = async (table: keyof typeof TABLES) => (await server.runtime.pool.query(TABLES[table])).rows;

describe('The calendar a replay keeps in memory', () => {
  it('refuses, frees and places across batches and after a try that failed as the live calendar does', async () => {
    // Batch 1.
    const earlier = await request(9, 10);
    const moved = await request(13, 14);
    await fillOneBatch();
    // Batch 2 applies whole: it meets batch 1's bookings in what the build kept.
    const overlapping = await request(9.5, 10.5);
    await then(earlier, 1, 'BookingCancelled', {
      reason: 'client',
      cancelledBy: null,
      cancelledAt: new Date(DAY).toISOString(),
    });
    const freed = await request(9, 9.5);
    const { start, end } = span(14, 15);
    await then(moved, 1, 'BookingRescheduled', {
      bayId: server.bays[0]!.id,
      start,
      end,
      segments: [{ date: start.slice(0, 10), from: start, to: end }],
      rescheduledBy: null,
      rescheduledAt: new Date(DAY).toISOString(),
    });
    const left = await request(13, 14);
    const meetsMoved = await request(14.5, 15.5);
    await fillOneBatch();
    // Batch 3. Its segment's day is no date: the calendar takes its time, then fails to write it, and
    // the try is rolled back. What the build kept during that try must go with it, and only that.
    const poison = await request(11, 12, {
      segments: [{ date: 'soon', from: span(11, 12).start, to: span(11, 12).end }],
    });
    const afterPoison = await request(11, 12);
    const meetsFreed = await request(9.25, 9.75);
    await server.waitForProjection();

    const live = Object.fromEntries(
      await Promise.all((Object.keys(TABLES) as (keyof typeof TABLES)[]).map(async (table) => [table, await rowsOf(table)])),
    );
    expect(new Set(live.calendar.map((row: { booking_id: string }) => row.booking_id))).toEqual(
      new Set([freed, moved, left, afterPoison]),
    );
    const positions = await server.runtime.pool.query<{ stream_id: string; global_position: string }>(
      `SELECT stream_id, global_position::text FROM emt_messages WHERE stream_id = ANY($1) AND message_type = 'BookingRequested'`,
      [[overlapping, meetsMoved, meetsFreed, poison].map((id) => `booking-${id}`)],
    );
    const positionOf = (id: string) => positions.rows.find((row) => row.stream_id === `booking-${id}`)!.global_position;
    expect(live.anomalies.map((row: { global_position: string }) => row.global_position)).toEqual([
      positionOf(overlapping),
      positionOf(meetsMoved),
      positionOf(meetsFreed),
    ]);
    expect(live.quarantine.map((row: { global_position: string }) => row.global_position)).toEqual([positionOf(poison)]);

    const report = await replayReadModels(server.runtime.pool, server.runtime.deps.vault.open);
    expect(report.quarantined).toBe(1);
    for (const table of Object.keys(TABLES) as (keyof typeof TABLES)[]) {
      expect(await rowsOf(table), table).toEqual(live[table]);
    }
  }, 120_000);
});
