import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Runtime } from '../../composition-root.ts';
import { runConcurrent, type ConcurrentRun } from './concurrency.ts';
import { walBytesSince, walPosition } from './wal.ts';

export type WriteRun = ConcurrentRun & { walPerWrite: number };

export type AppendComparison = { store: WriteRun; raw: WriteRun; ratio: number };

const payload = (i: number) => ({ benchmark: true, i, note: 'single-event stream', at: new Date().toISOString() });

type WriteOptions = { count: number; warmup: number; concurrency: number };

/** `count` writes at `concurrency` after a warm-up, with the WAL they wrote. */
const measureWrites = async (pool: Pool, write: (i: number) => Promise<unknown>, options: WriteOptions): Promise<WriteRun> => {
  const task = async (i: number) => {
    await write(i);
    return { ok: true, label: 'ok' };
  };
  await runConcurrent(options.warmup, options.concurrency, task);
  const wal = await walPosition(pool);
  const run = await runConcurrent(options.count, options.concurrency, task);
  return { ...run, walPerWrite: (await walBytesSince(pool, wal)) / options.count };
};

/** The cheapest durable write: a single-row INSERT of a similar jsonb payload into a plain table, on the server's pool. */
export const measureRawInserts = async (pool: Pool, options: WriteOptions): Promise<WriteRun> => {
  await pool.query('DROP TABLE IF EXISTS bench_raw');
  await pool.query('CREATE TABLE bench_raw (id bigserial PRIMARY KEY, payload jsonb)');
  try {
    return await measureWrites(
      pool,
      (i) => pool.query('INSERT INTO bench_raw (payload) VALUES ($1)', [JSON.stringify(payload(i))]),
      options,
    );
  } finally {
    await pool.query('DROP TABLE bench_raw');
  }
};

/**
 * The event store's appendMany of one-event new streams next to a plain single-row INSERT of a
 * similar jsonb payload, same pool, same concurrency, same database.
 */
export const compareAppendRates = async (runtime: Runtime, options: WriteOptions) => {
  const { pool } = runtime;
  const { store } = runtime.deps;
  const append = (i: number) =>
    store.appendMany([{ stream: `bench-${randomUUID()}`, expected: 0, events: [{ type: 'BenchAppended', data: payload(i) }] }]);
  const rawRun = await measureRawInserts(pool, options);
  const storeRun = await measureWrites(pool, append, options);
  return { store: storeRun, raw: rawRun, ratio: storeRun.perSecond / rawRun.perSecond } satisfies AppendComparison;
};
