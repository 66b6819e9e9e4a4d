import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { createEventStore, VersionConflict, type StreamAppend } from '../../../core/event-store/event-store.ts';
import { serverForFile } from '../../support/file-server.ts';

// zero_append_many writes all of a command's streams set-based, into Emmett's tables as Emmett's
// own append would: the rows must read back through Emmett, in payload order, in one transaction.

const server = serverForFile();

const probes = (stream: string, expected: number, n: number, tag = stream): StreamAppend => ({
  stream,
  expected,
  events: Array.from({ length: n }, (_, i) => ({ type: 'Probe', data: { tag, i } })),
});

type Row = { stream_id: string; stream_position: number; global_position: number; transaction_id: string; type: string };
const rowsOf = async (names: string[]) =>
  (
    await server.runtime.pool.query<Row>(
      `SELECT stream_id, stream_position::int, global_position::int, transaction_id::text, message_type AS type
         FROM emt_messages WHERE stream_id = ANY($1::text[]) ORDER BY global_position`,
      [names],
    )
  ).rows;

const streamRowsOf = async (names: string[]) =>
  (
    await server.runtime.pool.query<{ stream_id: string; stream_position: number; stream_type: string }>(
      'SELECT stream_id, stream_position::int, stream_type FROM emt_streams WHERE stream_id = ANY($1::text[]) ORDER BY stream_id',
      [names],
    )
  ).rows;

describe('One command appended to several streams (zero_append_many)', () => {
  it('writes new and existing streams in payload order, in one transaction, readable through Emmett', async () => {
    const store = createEventStore(server.runtime.pool);
    const existing = `probe-${randomUUID()}`;
    const fresh = [`probe-${randomUUID()}`, `other-${randomUUID()}`];
    await store.appendMany([probes(existing, 0, 2, 'before')]);

    await store.appendMany([probes(fresh[0]!, 0, 2), probes(existing, 2, 3), probes(fresh[1]!, 0, 1)]);

    const rows = (await rowsOf([existing, ...fresh])).filter((row) => !(row.stream_id === existing && row.stream_position <= 2));
    expect(rows.map((row) => [row.stream_id, row.stream_position])).toEqual([
      [fresh[0], 1],
      [fresh[0], 2],
      [existing, 3],
      [existing, 4],
      [existing, 5],
      [fresh[1], 1],
    ]);
    expect(new Set(rows.map((row) => row.transaction_id)).size).toBe(1);
    expect(await streamRowsOf([existing, ...fresh])).toEqual(
      [
        { stream_id: existing, stream_position: 5, stream_type: 'probe' },
        { stream_id: fresh[0]!, stream_position: 2, stream_type: 'probe' },
        { stream_id: fresh[1]!, stream_position: 1, stream_type: 'other' },
      ].sort((a, b) => (a.stream_id < b.stream_id ? -1 : 1)),
    );

    const emmett = getPostgreSQLEventStore(server.databaseUrl);
    try {
      const read = await emmett.readStream(existing);
      expect(read.currentStreamVersion).toBe(5n);
      expect(read.events.map((event) => event.data)).toEqual([
        { tag: 'before', i: 0 },
        { tag: 'before', i: 1 },
        { tag: existing, i: 0 },
        { tag: existing, i: 1 },
        { tag: existing, i: 2 },
      ]);
    } finally {
      await emmett.close();
    }
  });

  it('refuses the whole command when one existing stream moved on, naming that stream, and writes nothing', async () => {
    const store = createEventStore(server.runtime.pool);
    const [moved, kept, fresh] = [`probe-${randomUUID()}`, `probe-${randomUUID()}`, `probe-${randomUUID()}`];
    await store.appendMany([probes(moved, 0, 2), probes(kept, 0, 1)]);

    const refusal = await store
      .appendMany([probes(kept, 1, 1), probes(fresh, 0, 1), probes(moved, 1, 1)])
      .catch((error) => error);

    expect(refusal).toBeInstanceOf(VersionConflict);
    expect((refusal as VersionConflict).stream).toBe(moved);
    expect((await rowsOf([moved, kept, fresh])).map((row) => row.stream_id).sort()).toEqual([kept, moved, moved].sort());
    expect((await streamRowsOf([moved, kept, fresh])).map((row) => [row.stream_id, row.stream_position])).toEqual(
      [
        [moved, 2],
        [kept, 1],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
  });

  it('keeps every stream whole when four writers take the same two streams in opposite orders', async () => {
    const store = createEventStore(server.runtime.pool, { groupCommit: { maxGroup: 1, maxInFlight: 8 } });
    const [left, right] = [`probe-${randomUUID()}`, `probe-${randomUUID()}`];
    await store.appendMany([probes(left, 0, 1), probes(right, 0, 1)]);
    const versions = new Map([
      [left, 1],
      [right, 1],
    ]);
    const conflicts: unknown[] = [];
    const writer = async (order: [string, string]) => {
      for (let done = 0; done < 40;) {
        const expected = order.map((name) => versions.get(name)!);
        try {
          await store.appendMany(order.map((name, i) => probes(name, expected[i]!, 1)));
          order.forEach((name, i) => versions.set(name, Math.max(versions.get(name)!, expected[i]! + 1)));
          done++;
        } catch (error) {
          if (!(error instanceof VersionConflict)) throw error;
          conflicts.push(error);
          const current = await store.readStreams(order);
          order.forEach((name) => versions.set(name, current.get(name)!.version));
        }
      }
    };

    await Promise.all([writer([left, right]), writer([right, left]), writer([left, right]), writer([right, left])]);

    const rows = await rowsOf([left, right]);
    expect(rows.filter((row) => row.stream_id === left).map((row) => row.stream_position)).toEqual(
      Array.from({ length: 161 }, (_, i) => i + 1),
    );
    expect(rows.filter((row) => row.stream_id === right)).toHaveLength(161);
  });

  it('sends an append again when PostgreSQL picked it as a deadlock’s victim, and writes it once', async () => {
    const store = createEventStore(server.runtime.pool);
    const [first, second] = [`probe-a-${randomUUID()}`, `probe-b-${randomUUID()}`].sort();
    await store.appendMany([probes(first!, 0, 1), probes(second!, 0, 1)]);
    // Another writer that takes streams in another order holds the second and will want the first.
    const other = await server.runtime.pool.connect();
    try {
      await other.query('BEGIN');
      // Its own deadlock check waits longer, so the append's session finds the cycle and is the victim.
      await other.query("SET LOCAL deadlock_timeout = '30s'");
      await other.query('SELECT 1 FROM emt_streams WHERE stream_id = $1 FOR UPDATE', [second]);
      const appended = store.appendMany([probes(first!, 1, 1, 'after'), probes(second!, 1, 1, 'after')]);
      // The append holds the first stream and waits for the second; the other writer now asks for the first.
      await new Promise((resolve) => setTimeout(resolve, 300));
      // A cycle: it gets the first stream only once the append's transaction was rolled back.
      await other.query('SELECT 1 FROM emt_streams WHERE stream_id = $1 FOR UPDATE', [first]);
      await other.query('COMMIT');
      await appended;
    } finally {
      other.release();
    }
    const rows = await rowsOf([first!, second!]);
    expect(rows.map((row) => [row.stream_id, row.stream_position])).toEqual([
      [first, 1],
      [second, 1],
      [first, 2],
      [second, 2],
    ]);
  });
});
