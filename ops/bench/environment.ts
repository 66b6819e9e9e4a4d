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

/** Waits until the read-model projection has applied every committed event; returns how long that took. */
export const waitForProjection = async (runtime: Runtime, timeoutMs = 120_000): Promise<number> => {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    // Checkpoint first, then an index range probe: a row comparison against a sub-select would scan the log.
    const checkpoint = await runtime.pool.query<{ transaction_id: string; global_position: string }>(
      `SELECT transaction_id::text, global_position::text FROM rm.checkpoints WHERE projection = 'read-models'`,
    );
    const { transaction_id = '0', global_position = '0' } = checkpoint.rows[0] ?? {};
    const { rowCount } = await runtime.pool.query(
      `SELECT 1 FROM emt_messages WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) LIMIT 1`,
      [transaction_id, global_position],
    );
    if (!rowCount) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the projection did not catch up within ${timeoutMs} ms`);
};
