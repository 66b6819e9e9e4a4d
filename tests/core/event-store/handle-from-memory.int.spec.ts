import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEventStore } from '../../../core/event-store/event-store.ts';
import { handle, ReadAgain } from '../../../core/event-store/handle.ts';
import { createStreamMemory } from '../../../core/event-store/stream-memory.ts';
import type { Decider } from '../../../domain/shared/decider.ts';
import { serverForFile } from '../../support/file-server.ts';

// A command's first attempt may decide on streams the process remembers (and on streams it knows
// are new) instead of reading them; what the database holds must win whenever they differ.

const server = serverForFile();

type Counted = { type: 'Counted'; data: { n: number } };
/** Each command counts one more on its stream: the stored `n` says which state it decided on. */
const counter: Decider<number, 'count', Counted> = {
  decide: (_command, state) => [{ type: 'Counted', data: { n: state + 1 } }],
  evolve: (state) => state + 1,
  initialState: () => 0,
};

/** The process's store with memory for `probe-` streams, and every name it asked the database for. */
const rememberingStore = () => {
  const store = createEventStore(server.runtime.pool, { memory: createStreamMemory((name) => name.startsWith('probe-')) });
  const reads: string[] = [];
  return {
    reads,
    store: {
      ...store,
      readStreams: (names: readonly string[]) => {
        reads.push(...names);
        return store.readStreams(names);
      },
    },
  };
};

const count = (store: ReturnType<typeof rememberingStore>['store'], stream: string, fresh: string[] = []) =>
  handle(
    store,
    async (read) => {
      const batch = await read([stream], { fresh });
      batch.decide(stream, counter, 'count');
      return batch.state(stream, counter);
    },
    { metadata: {}, fromMemory: true },
  );

const storedCounts = async (stream: string) =>
  (
    await server.runtime.pool.query<{ n: number }>(
      `SELECT (message_data->>'n')::int AS n FROM emt_messages WHERE stream_id = $1 ORDER BY stream_position`,
      [stream],
    )
  ).rows.map((row) => row.n);

describe('A command decided on what the process remembers', () => {
  it('reads a remembered stream once: later commands decide on memory moved on by their own commits', async () => {
    const { store, reads } = rememberingStore();
    const stream = `probe-${randomUUID()}`;
    expect(await count(store, stream)).toBe(1);
    expect(await count(store, stream)).toBe(2);
    expect(await count(store, stream)).toBe(3);
    expect(reads.filter((name) => name === stream)).toHaveLength(1);
    expect(await storedCounts(stream)).toEqual([1, 2, 3]);
  });

  it('conflicts when another process moved the stream, and then decides again on what the database holds', async () => {
    const { store, reads } = rememberingStore();
    const other = rememberingStore().store;
    const stream = `probe-${randomUUID()}`;
    await count(store, stream);
    await count(other, stream);
    await count(other, stream);
    // This process still remembers the stream at version 1; the database has 3.
    expect(await count(store, stream)).toBe(4);
    expect(reads.filter((name) => name === stream)).toHaveLength(2);
    // Another process writes it too: for a while it is read, not recalled.
    expect(await count(store, stream)).toBe(5);
    expect(reads.filter((name) => name === stream)).toHaveLength(3);
    expect(await storedCounts(stream)).toEqual([1, 2, 3, 4, 5]);
  });

  it('takes a stream the caller calls new as empty without reading it, and reads it when the guess was wrong', async () => {
    const { store, reads } = rememberingStore();
    const stream = `other-${randomUUID()}`;
    expect(await count(store, stream, [stream])).toBe(1);
    expect(reads).toEqual([]);
    expect(await count(store, stream, [stream])).toBe(2);
    expect(reads).toEqual([stream]);
    expect(await storedCounts(stream)).toEqual([1, 2]);
  });

  it('tries again on the database when the decision asks to read again (a refusal taken on memory)', async () => {
    const { store, reads } = rememberingStore();
    const stream = `probe-${randomUUID()}`;
    await count(store, stream);
    const attempts: boolean[] = [];
    const answer = await handle(
      store,
      async (read) => {
        const batch = await read([stream]);
        attempts.push(batch.fromMemory());
        if (batch.fromMemory()) throw new ReadAgain();
        return batch.state(stream, counter);
      },
      { metadata: {}, fromMemory: true },
    );
    expect(attempts).toEqual([true, false]);
    expect(answer).toBe(1);
    expect(reads.filter((name) => name === stream)).toHaveLength(2);
  });
});
