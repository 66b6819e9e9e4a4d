import type { Pool, PoolClient } from 'pg';
import { applyGuarded, type BatchOutcome } from './apply.ts';
import { readBatch, readCheckpoint, type Checkpoint } from './checkpoint.ts';
import { startPollLoop } from './poll-loop.ts';
import { createFailureTally, type FailureTally } from './quarantine.ts';
import type { Opener } from './read-model.ts';
import { SWAP_LOCK } from './schema.ts';

/** One batch per schema at a time across processes, or two servers would apply the same events twice. */
const BATCH_LOCK = 727004;

export type BatchOptions = {
  schema: string;
  open: Opener;
  limit: number;
  emitLive: boolean;
  tally: FailureTally;
  upTo?: Checkpoint;
};

/** Applies the next batch inside the caller's transaction and moves the checkpoint with it. */
export const applyBatch = async (client: PoolClient, options: BatchOptions): Promise<BatchOutcome> => {
  const { schema, open, limit, emitLive, upTo, tally } = options;
  const events = await readBatch(client, await readCheckpoint(client, schema), limit, upTo);
  return applyGuarded(client, schema, events, open, { live: true, emitLive, tally });
};

/**
 * One batch in its own transaction: read-model writes and checkpoint commit together, so a crash
 * can neither lose nor repeat an event. A replay's schema swap waits for the batch to finish.
 */
export const projectBatch = async (client: PoolClient, options: BatchOptions): Promise<BatchOutcome> => {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock_shared($1), pg_advisory_xact_lock($2, hashtext($3))', [
      SWAP_LOCK,
      BATCH_LOCK,
      options.schema,
    ]);
    const outcome = await applyBatch(client, options);
    await client.query('COMMIT');
    return outcome;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
};

/**
 * The live feed of the read models: wakes on a poke after each append and on a timer
 * (appends from other processes), and tells `onCommitted` after each batch.
 */
export const startProjectionRunner = (options: {
  pool: Pool;
  schema: string;
  open: Opener;
  onCommitted: () => void;
  onError: (error: unknown) => void;
  idleMs?: number;
  retryMs?: number;
}) => {
  const { pool, schema, open, onCommitted, onError } = options;
  const tally = createFailureTally();
  return startPollLoop({
    step: async () => {
      const client = await pool.connect();
      let outcome: BatchOutcome;
      try {
        outcome = await projectBatch(client, { schema, open, limit: 500, emitLive: true, tally });
      } finally {
        client.release();
      }
      if (outcome.passed > 0) onCommitted();
      // An event that failed is tried again after a pause, by then a passing trouble may be gone.
      return outcome.retryLater ? 'retry' : outcome.passed;
    },
    onError,
    // An event whose transaction is still open elsewhere is not visible yet: look again soon.
    idleMs: options.idleMs ?? 200,
    retryMs: options.retryMs ?? 250,
  });
};
