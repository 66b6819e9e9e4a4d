import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEventStore, VersionConflict, type StreamAppend } from '../../../core/event-store/event-store.ts';
import { serverForFile } from '../../support/file-server.ts';

// Group commit: commands appended while others are committing share one transaction, and each
// still gets its own answer — a conflict or a broken command fails only itself.

const server = serverForFile();

const probe = (stream: string, expected = 0, n = 1): StreamAppend => ({
  stream,
  expected,
  events: Array.from({ length: n }, (_, i) => ({ type: 'Probe', data: { i } })),
});

const streamsOf = async (names: string[]) =>
  (
    await server.runtime.pool.query<{ stream_id: string; n: number; transactions: number }>(
      `SELECT stream_id, count(*)::int AS n, count(DISTINCT transaction_id)::int AS transactions
         FROM emt_messages WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
      [names],
    )
  ).rows;

const transactionsOf = async (names: string[]) =>
  Number(
    (
      await server.runtime.pool.query<{ n: number }>(
        'SELECT count(DISTINCT transaction_id)::int AS n FROM emt_messages WHERE stream_id = ANY($1::text[])',
        [names],
      )
    ).rows[0]!.n,
  );

/** Each stream's version as emt_streams holds it. */
const versionsOf = async (names: string[]) =>
  Object.fromEntries(
    (
      await server.runtime.pool.query<{ stream_id: string; stream_position: string }>(
        'SELECT stream_id, stream_position::text FROM emt_streams WHERE stream_id = ANY($1::text[])',
        [names],
      )
    ).rows.map((row) => [row.stream_id, row.stream_position]),
  );

const settled = (store: ReturnType<typeof createEventStore>, commands: StreamAppend[][]) =>
  Promise.allSettled(commands.map((appends) => store.appendMany(appends)));

describe('Group commit of appends', () => {
  it('commits twenty commands that arrive together in three transactions: two at once, the rest as one group', async () => {
    const store = createEventStore(server.runtime.pool, { groupCommit: { maxGroup: 32, maxInFlight: 2 } });
    const names = Array.from({ length: 20 }, () => `probe-${randomUUID()}`);
    const results = await settled(
      store,
      names.map((name) => [probe(name, 0, 2)]),
    );
    expect(results.map((result) => result.status)).toEqual(names.map(() => 'fulfilled'));
    const streams = await streamsOf(names);
    expect(streams.map((row) => row.n)).toEqual(names.map(() => 2));
    expect(await transactionsOf(names)).toBe(3);
  });

  it('keeps groups within their bound', async () => {
    const store = createEventStore(server.runtime.pool, { groupCommit: { maxGroup: 4, maxInFlight: 1 } });
    const names = Array.from({ length: 9 }, () => `probe-${randomUUID()}`);
    await Promise.all(names.map((name) => store.appendMany([probe(name)])));
    // One alone, then 4 and 4.
    expect(await transactionsOf(names)).toBe(3);
  });

  it('fails only the command whose expected version is stale; the others of its group commit', async () => {
    const store = createEventStore(server.runtime.pool, { groupCommit: { maxGroup: 32, maxInFlight: 1 } });
    const taken = `probe-${randomUUID()}`;
    await store.appendMany([probe(taken)]);
    const names = Array.from({ length: 8 }, () => `probe-${randomUUID()}`);
    const commands = names.map((name) => [probe(name)]);
    // The fifth command also writes the taken stream as if it were new: all of it must be undone.
    commands[4] = [probe(names[4]!), probe(taken, 0)];
    const first = store.appendMany([probe(`probe-${randomUUID()}`)]);
    const results = await settled(store, commands);
    await first;
    expect(results.map((result) => result.status)).toEqual([
      ...['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
      'rejected',
      ...['fulfilled', 'fulfilled', 'fulfilled'],
    ]);
    const refusal = (results[4] as PromiseRejectedResult).reason as unknown;
    expect(refusal).toBeInstanceOf(VersionConflict);
    expect((refusal as VersionConflict).stream).toBe(taken);
    const streams = await streamsOf([...names, taken]);
    expect(streams.map((row) => row.stream_id).sort()).toEqual([...names.filter((_, i) => i !== 4), taken].sort());
    expect(streams.find((row) => row.stream_id === taken)?.n).toBe(1);
    // The seven that committed did so together.
    expect(await transactionsOf(names.filter((_, i) => i !== 4))).toBe(1);
  });

  it('lets one of two commands of the same group that create the same stream win', async () => {
    const store = createEventStore(server.runtime.pool, { groupCommit: { maxGroup: 32, maxInFlight: 1 } });
    const contested = `probe-${randomUUID()}`;
    const first = store.appendMany([probe(`probe-${randomUUID()}`)]);
    const results = await settled(store, [[probe(contested, 0, 1)], [probe(contested, 0, 3)]]);
    await first;
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await streamsOf([contested]))[0]?.n).toBe(1);
  });

  it('answers a broken command with its own error and commits the rest of its group alone', async () => {
    const store = createEventStore(server.runtime.pool, { groupCommit: { maxGroup: 32, maxInFlight: 1 } });
    const names = Array.from({ length: 5 }, () => `probe-${randomUUID()}`);
    const commands = names.map((name) => [probe(name)]);
    // An expected version that is not a number fails the whole group's transaction in PostgreSQL.
    commands[2] = [{ ...probe(names[2]!), expected: 'soon' as unknown as number }];
    const first = store.appendMany([probe(`probe-${randomUUID()}`)]);
    const results = await settled(store, commands);
    await first;
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).not.toBeInstanceOf(VersionConflict);
    expect((await streamsOf(names)).map((row) => row.stream_id).sort()).toEqual(names.filter((_, i) => i !== 2).sort());
  });

  it('lets a later command build on what an earlier one of its group wrote, in the log in the commands’ order', async () => {
    const store = createEventStore(server.runtime.pool, { groupCommit: { maxGroup: 32, maxInFlight: 1 } });
    const built = `probe-${randomUUID()}`;
    const existing = `probe-${randomUUID()}`;
    await store.appendMany([probe(existing)]);
    const first = store.appendMany([probe(`probe-${randomUUID()}`)]);
    const results = await settled(store, [
      [probe(built, 0, 2)],
      [probe(built, 2, 1)],
      // Decided on the stream as the first command left it: the second moved it on meanwhile.
      [probe(existing, 1, 1), probe(built, 2, 1)],
      [probe(existing, 1, 2)],
    ]);
    await first;
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(((results[2] as PromiseRejectedResult).reason as VersionConflict).stream).toBe(built);
    const { rows } = await server.runtime.pool.query<{ stream_id: string; stream_position: string; i: number }>(
      `SELECT stream_id, stream_position::text, (message_data->>'i')::int AS i FROM emt_messages
        WHERE stream_id = ANY($1::text[]) ORDER BY transaction_id, global_position`,
      [[built, existing]],
    );
    expect(rows.map((row) => [row.stream_id === built ? 'built' : 'existing', row.stream_position, row.i])).toEqual([
      ['existing', '1', 0],
      ['built', '1', 0],
      ['built', '2', 1],
      ['built', '3', 0],
      ['existing', '2', 0],
      ['existing', '3', 1],
    ]);
    expect(await versionsOf([built, existing])).toEqual({
      [built]: '3',
      [existing]: '3',
    });
  });

  it('accepts a group whose commands all build on one another at once, every stream moved on to its last append', async () => {
    const store = createEventStore(server.runtime.pool, { groupCommit: { maxGroup: 32, maxInFlight: 1 } });
    const built = `probe-${randomUUID()}`;
    const existing = `probe-${randomUUID()}`;
    const untouched = `probe-${randomUUID()}`;
    await store.appendMany([probe(existing, 0, 2), probe(untouched)]);
    const first = store.appendMany([probe(`probe-${randomUUID()}`)]);
    const results = await settled(store, [
      [probe(existing, 2, 1), probe(built, 0, 2)],
      [],
      [probe(built, 2, 3)],
      [probe(existing, 3, 2)],
    ]);
    await first;
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const groupTransactions = await server.runtime.pool.query<{ n: number }>(
      `SELECT count(DISTINCT transaction_id)::int AS n FROM emt_messages
        WHERE stream_id = $1 OR (stream_id = $2 AND stream_position > 2)`,
      [built, existing],
    );
    expect(groupTransactions.rows[0]!.n).toBe(1);
    expect(await versionsOf([built, existing, untouched])).toEqual({ [built]: '5', [existing]: '5', [untouched]: '1' });
    const { rows } = await server.runtime.pool.query<{ stream_id: string; stream_position: string }>(
      `SELECT stream_id, stream_position::text FROM emt_messages
        WHERE stream_id = ANY($1::text[]) ORDER BY transaction_id, global_position`,
      [[built, existing]],
    );
    expect(rows.map((row) => `${row.stream_id === built ? 'built' : 'existing'} ${row.stream_position}`)).toEqual([
      'existing 1',
      'existing 2',
      'existing 3',
      'built 1',
      'built 2',
      'built 3',
      'built 4',
      'built 5',
      'existing 4',
      'existing 5',
    ]);
  });

  it('fails only the command whose new stream another writer created while the group waited', async () => {
    // Counts the single appends running at once; the first is held back, so appends sent together overlap.
    let running = 0;
    let mostAtOnce = 0;
    let held = false;
    const watched = new Proxy(server.runtime.pool, {
      get: (target, property) =>
        property === 'query'
          ? async (text: string, values?: unknown[]) => {
              if (!text.includes('zero_append_many')) return target.query(text, values);
              mostAtOnce = Math.max(mostAtOnce, ++running);
              try {
                if (!held) {
                  held = true;
                  await new Promise((resolve) => setTimeout(resolve, 100));
                }
                return await target.query(text, values);
              } finally {
                running--;
              }
            }
          : Reflect.get(target, property),
    });
    const store = createEventStore(watched, { groupCommit: { maxGroup: 32, maxInFlight: 1 } });
    const contested = `probe-${randomUUID()}`;
    const names = Array.from({ length: 3 }, () => `probe-${randomUUID()}`);
    const other = await server.runtime.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT stream_id FROM zero_append_many($1::jsonb)', [
        JSON.stringify([
          { stream: contested, expected: 0, events: [{ id: randomUUID(), type: 'Probe', data: {}, metadata: {} }] },
        ]),
      ]);
      const first = store.appendMany([probe(`probe-${randomUUID()}`)]);
      // The last command builds on the first: the commands alone still go in the group's order.
      const pending = settled(store, [
        [probe(names[0]!)],
        [probe(contested)],
        [probe(names[1]!)],
        [probe(names[2]!)],
        [probe(names[0]!, 1)],
      ]);
      await first;
      // The group now waits on the other writer's new row; the other writer commits.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await other.query('COMMIT');
      const results = await pending;
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect(((results[1] as PromiseRejectedResult).reason as VersionConflict).stream).toBe(contested);
      expect(mostAtOnce).toBe(1);
    } finally {
      other.release();
    }
    expect((await streamsOf([contested]))[0]?.n).toBe(1);
    const counts = new Map((await streamsOf(names)).map((row) => [row.stream_id, row.n]));
    expect(names.map((name) => counts.get(name))).toEqual([2, 1, 1]);
  });

  it('lets a command with nothing to append pass without undoing the versions the group has in hand', async () => {
    const existing = `probe-${randomUUID()}`;
    const created = `probe-${randomUUID()}`;
    await createEventStore(server.runtime.pool).appendMany([probe(existing, 0, 2)]);
    const event = () => ({ id: randomUUID(), type: 'Probe', data: {}, metadata: {} });
    const { rows } = await server.runtime.pool.query<{ idx: number; conflict: string | null }>(
      'SELECT idx, conflict FROM zero_append_group($1::jsonb)',
      [
        JSON.stringify([
          [],
          [{ stream: created, expected: 0, events: [event()] }],
          [{ stream: existing, expected: 2, events: [event()] }],
          [{ stream: created, expected: 0, events: [event()] }],
        ]),
      ],
    );
    expect(rows).toEqual([
      { idx: 0, conflict: null },
      { idx: 1, conflict: null },
      { idx: 2, conflict: null },
      { idx: 3, conflict: created },
    ]);
    expect(await versionsOf([existing, created])).toEqual({
      [existing]: '3',
      [created]: '1',
    });
  });
});
