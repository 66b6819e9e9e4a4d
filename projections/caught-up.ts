import type { Pool } from 'pg';
import { LOG_TABLE, PROJECTION, type Checkpoint } from './checkpoint.ts';
import { READ_MODEL_SCHEMA } from './schema.ts';

const POLL_MS = 50;

/**
 * Waits, at most `waitMs`, until the read models have applied the event at `at` (and so everything
 * before it in the log). True when they have; false when the wait ran out.
 */
export const readModelsReached = async (pool: Pool, at: Checkpoint, waitMs: number): Promise<boolean> => {
  const started = Date.now();
  for (;;) {
    const { rows } = await pool.query<{ done: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${READ_MODEL_SCHEMA}.checkpoints
                       WHERE projection = $1 AND (transaction_id, global_position) >= ($2::xid8, $3::bigint)) AS done`,
      [PROJECTION, at.transactionId, at.globalPosition],
    );
    if (rows[0]?.done) return true;
    if (Date.now() - started >= waitMs) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
};

/**
 * Waits, at most `waitMs`, until the read models have applied every event the log held when it
 * was called: a list read right after a change (a client's bookings after booking) then shows the
 * change. True when they have; false when the wait ran out, and the caller reads them as they are.
 */
export const readModelsCaughtUp = async (pool: Pool, waitMs: number): Promise<boolean> => {
  const { rows } = await pool.query<{ transaction_id: string; global_position: string }>(
    `SELECT transaction_id::text, global_position::text FROM ${LOG_TABLE}
      ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  const last = rows[0];
  return last
    ? readModelsReached(pool, { transactionId: last.transaction_id, globalPosition: last.global_position }, waitMs)
    : true;
};
