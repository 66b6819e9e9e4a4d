import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDemoOrganization } from '../../core/database/demo-organization.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../core/database/embedded-postgres.ts';
import { createRuntime, type Runtime } from '../../composition-root.ts';

export const OWNER = { email: 'owner@bench.local', password: 'bench-owner-password-1' };

export type BenchEnvironment = {
  url: string;
  runtime: Runtime;
  dataDir: string;
  stop: () => Promise<void>;
};

/**
 * A fresh embedded PostgreSQL in a temp dir and the real server runtime on it (same wiring as
 * main.ts), listening on a free port. `stop` undoes all of it, whatever got started.
 */
export const startEnvironment = async (log: (line: string) => void): Promise<BenchEnvironment> => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'zero-crm-bench-'));
  let embedded: RunningPostgres | null = null;
  let runtime: Runtime | null = null;
  let stopping: Promise<void> | null = null;
  // embedded-postgres hooks SIGINT/SIGTERM itself: it stops the server and exits, possibly before
  // `stop` below got to the directory. Whatever way the process ends, the directory goes with it.
  const removeOnExit = () => {
    try {
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch (error) {
      console.error(`Could not remove ${dataDir}: ${(error as Error).message}`);
    }
  };
  process.on('exit', removeOnExit);

  // Memoized: a signal arriving while the normal shutdown runs must wait for it, not race it.
  const stop = () =>
    (stopping ??= (async () => {
      await runtime?.close().catch((error: unknown) => log(`runtime close failed: ${(error as Error).message}`));
      await embedded?.stop().catch((error: unknown) => log(`PostgreSQL stop failed: ${(error as Error).message}`));
      await rm(dataDir, { recursive: true, force: true });
      process.off('exit', removeOnExit);
    })());

  try {
    log(`Starting embedded PostgreSQL in ${dataDir} …`);
    embedded = await startEmbeddedPostgres(dataDir);
    runtime = await createRuntime({ databaseUrl: embedded.url, logLevel: 'warn' });
    await createDemoOrganization(runtime.pool, OWNER, runtime.passwords);
    const url = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
    return { url, runtime, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

type Position = { transaction_id: string; global_position: string };

/** Whether the log holds an event after `at`: an index range probe (a row comparison against a sub-select would scan the log). */
const logGoesBeyond = async (runtime: Runtime, at: Position): Promise<boolean> =>
  Boolean(
    (
      await runtime.pool.query(
        `SELECT 1 FROM emt_messages WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) LIMIT 1`,
        [at.transaction_id, at.global_position],
      )
    ).rowCount,
  );

/** Waits until every checkpoint that `checkpoints` reads is at the end of the log; returns how long that took. */
const waitForCheckpoints = async (runtime: Runtime, checkpoints: string, what: string, timeoutMs: number): Promise<number> => {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const { rows } = await runtime.pool.query<Position>(checkpoints);
    const behind = await Promise.all(rows.map((at) => logGoesBeyond(runtime, at)));
    if (!behind.includes(true)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what} did not catch up within ${timeoutMs} ms`);
};

/** Waits until the read-model projection has applied every committed event; returns how long that took. */
export const waitForProjection = (runtime: Runtime, timeoutMs = 120_000): Promise<number> =>
  waitForCheckpoints(
    runtime,
    // No checkpoint yet is the log's start.
    `SELECT coalesce((SELECT transaction_id::text FROM rm.checkpoints WHERE projection = 'read-models'), '0') AS transaction_id,
            coalesce((SELECT global_position::text FROM rm.checkpoints WHERE projection = 'read-models'), '0') AS global_position`,
    'the projection',
    timeoutMs,
  );

/**
 * Waits for the read models and every reactor that has begun (the status-message cascade…) to have
 * read the whole log: a reference measured while the server still works through the last round
 * would be slowed by that work.
 */
export const waitForFollowers = async (runtime: Runtime, timeoutMs = 120_000): Promise<void> => {
  await waitForProjection(runtime, timeoutMs);
  await waitForCheckpoints(
    runtime,
    'SELECT transaction_id::text, global_position::text FROM reactor_checkpoints',
    'the reactors',
    timeoutMs,
  );
};
