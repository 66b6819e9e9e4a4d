import type { Pool, PoolClient } from 'pg';
import { applyGuarded, FirstTryFailed, type BatchOutcome } from './apply.ts';
import { readNextBatch } from './checkpoint.ts';
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
};

/**
 * The batch's transaction and its locks in one round trip (the simple protocol runs several
 * statements; the schema is one of ours, an identifier, never input).
 */
const beginBatch = (client: PoolClient, schema: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('a read-model schema is a plain identifier');
  return client.query(
    `BEGIN; SELECT pg_advisory_xact_lock_shared(${SWAP_LOCK}), pg_advisory_xact_lock(${BATCH_LOCK}, hashtext('${schema}'))`,
  );
};

/**
 * One batch in its own transaction: read-model writes and checkpoint commit together, so a crash
 * can neither lose nor repeat an event. A replay's schema swap waits for the batch to finish.
 * The batch is first applied whole; only when that fails is it applied again under savepoints.
 */
export const projectBatch = async (client: PoolClient, options: BatchOptions): Promise<BatchOutcome> => {
  const attempt = async (firstTry: boolean) => {
    try {
      await beginBatch(client, options.schema);
      const { schema, open, limit, emitLive, tally } = options;
      const events = await readNextBatch(client, schema, limit);
      const outcome = await applyGuarded(client, schema, events, open, { live: true, emitLive, tally, firstTry });
      await client.query('COMMIT');
      return outcome;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };
  try {
    return await attempt(true);
  } catch (error) {
    if (error instanceof FirstTryFailed) return attempt(false);
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
