import type { Pool, PoolClient } from 'pg';
import { startPollLoop } from './poll-loop.ts';
import { applyEvents, type Opener } from './read-models.ts';
import { recordedColumns, toRecorded, type RecordedEvent, type RecordedRow } from './recorded-event.ts';

export const PROJECTION = 'read-models';
/** Held shared by every batch and exclusively by a replay while it swaps schemas. */
export const SWAP_LOCK = 727002;
/** One batch per schema at a time across processes, or two servers would apply the same events twice. */
const BATCH_LOCK = 727004;

export type Checkpoint = { transactionId: string; globalPosition: string };

/**
 * Reads the global log in (transaction_id, global_position) order and only below the oldest
 * running transaction, so an event committed late by a concurrent writer is never skipped.
 */
export const readBatch = async (db: PoolClient | Pool, after: Checkpoint, limit: number, upTo?: Checkpoint) => {
  const { rows } = await db.query<RecordedRow>(
    `SELECT ${recordedColumns}
       FROM emt_messages m
      WHERE m.partition = 'emt:default' AND NOT m.is_archived
        AND (m.transaction_id, m.global_position) > ($1::xid8, $2::bigint)
        AND m.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        AND ($4::xid8 IS NULL OR (m.transaction_id, m.global_position) <= ($4::xid8, $5::bigint))
      -- Qualified: the selected columns are text aliases of the same names, which sort differently.
      ORDER BY m.transaction_id, m.global_position
      LIMIT $3`,
    [after.transactionId, after.globalPosition, limit, upTo?.transactionId ?? null, upTo?.globalPosition ?? null],
  );
  return rows.map(toRecorded);
};

export const readCheckpoint = async (db: PoolClient, schema: string): Promise<Checkpoint> => {
  const { rows } = await db.query<{ transaction_id: string; global_position: string }>(
    `SELECT transaction_id::text, global_position::text FROM ${schema}.checkpoints WHERE projection = $1`,
    [PROJECTION],
  );
  return rows[0]
    ? { transactionId: rows[0].transaction_id, globalPosition: rows[0].global_position }
    : { transactionId: '0', globalPosition: '0' };
};

export type BatchOptions = { schema: string; open: Opener; limit: number; emitLive: boolean; upTo?: Checkpoint };

/**
 * Applies `events`, the log's next ones after the checkpoint of schema `s`, inside the caller's
 * transaction, and moves the checkpoint past them. With `emitLive`, tells the live hub which
 * bookings changed, in the order they were first touched. The live runner and a replay both go
 * through here.
 */
export const applyAndCheckpoint = async (
  client: PoolClient,
  s: string,
  events: readonly RecordedEvent[],
  open: Opener,
  options: { live: boolean; emitLive: boolean },
): Promise<void> => {
  if (events.length === 0) return;
  const touched = await applyEvents(client, s, events, open, { live: options.live });
  const last = events.at(-1)!;
  await client.query(
    `INSERT INTO ${s}.checkpoints (projection, transaction_id, global_position, updated_at)
     VALUES ($1, $2::xid8, $3, now())
     ON CONFLICT (projection) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
       global_position = EXCLUDED.global_position, updated_at = now()`,
    [PROJECTION, last.transactionId.toString(), last.globalPosition.toString()],
  );
  if (options.emitLive && touched.length > 0) {
    await client.query(
      `INSERT INTO live_changes (position, org_id, branch_id, booking_id)
       SELECT nextval('live_position'), t.org_id, t.branch_id, t.booking_id
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) WITH ORDINALITY AS t(org_id, branch_id, booking_id, n)
        ORDER BY t.n`,
      [touched.map((t) => t.orgId), touched.map((t) => t.branchId), touched.map((t) => t.bookingId)],
    );
  }
};

/**
 * Applies the next batch inside the caller's transaction and moves the checkpoint with it.
 * Returns how many events it applied.
 */
export const applyBatch = async (client: PoolClient, options: BatchOptions): Promise<number> => {
  const { schema, open, limit, emitLive, upTo } = options;
  const events = await readBatch(client, await readCheckpoint(client, schema), limit, upTo);
  await applyAndCheckpoint(client, schema, events, open, { live: true, emitLive });
  return events.length;
};

/**
 * One batch in its own transaction: read-model writes and checkpoint commit together, so a crash
 * can neither lose nor repeat an event. A replay's schema swap waits for the batch to finish.
 */
export const projectBatch = async (client: PoolClient, options: BatchOptions): Promise<number> => {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock_shared($1), pg_advisory_xact_lock($2, hashtext($3))', [
      SWAP_LOCK,
      BATCH_LOCK,
      options.schema,
    ]);
    const applied = await applyBatch(client, options);
    await client.query('COMMIT');
    return applied;
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
}) => {
  const { pool, schema, open, onCommitted, onError } = options;
  return startPollLoop({
    step: async () => {
      const client = await pool.connect();
      let applied: number;
      try {
        applied = await projectBatch(client, { schema, open, limit: 500, emitLive: true });
      } finally {
        client.release();
      }
      if (applied > 0) onCommitted();
      return applied;
    },
    onError,
    // An event whose transaction is still open elsewhere is not visible yet: look again soon.
    idleMs: options.idleMs ?? 200,
  });
};
