import type { Pool, PoolClient } from 'pg';
import { startPollLoop } from './poll-loop.ts';
import {
  createFailureTally,
  quarantineInsertColumns,
  quarantineValues,
  settleFailure,
  type Failure,
  type FailureTally,
} from './quarantine.ts';
import { applyEvents, type BookingTouched, type Opener } from './board/fold.ts';
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

export type BatchOptions = {
  schema: string;
  open: Opener;
  limit: number;
  emitLive: boolean;
  tally: FailureTally;
  upTo?: Checkpoint;
};

/** What a batch did: events passed (applied or set aside), and whether it stopped at one that failed to retry it later. */
export type BatchOutcome = { passed: number; retryLater: boolean };

type Failed = { index: number; error: unknown };

/**
 * Applies `events` in log order inside savepoints. When a run fails, it is halved and each half
 * tried again, so the events that apply are applied and the first one that fails on its own is
 * found in a few steps; nothing after it is applied. Returns that event's index and error, or null.
 */
const applyUpToFailure = async (
  client: PoolClient,
  s: string,
  events: readonly RecordedEvent[],
  open: Opener,
  live: boolean,
  touched: BookingTouched[],
): Promise<Failed | null> => {
  await client.query('SAVEPOINT apply');
  try {
    touched.push(...(await applyEvents(client, s, events, open, { live })));
    await client.query('RELEASE SAVEPOINT apply');
    return null;
  } catch (error) {
    // A connection that broke cannot roll back to the savepoint: the whole batch fails and is tried again.
    await client.query('ROLLBACK TO SAVEPOINT apply; RELEASE SAVEPOINT apply').catch(() => {
      throw error;
    });
    if (events.length === 1) return { index: 0, error };
    const half = Math.ceil(events.length / 2);
    const first = await applyUpToFailure(client, s, events.slice(0, half), open, live, touched);
    if (first) return first;
    const second = await applyUpToFailure(client, s, events.slice(half), open, live, touched);
    return second && { index: half + second.index, error: second.error };
  }
};

const setAside = async (client: PoolClient, s: string, event: RecordedEvent, failure: Failure, attempts: number) => {
  await client.query(
    `INSERT INTO ${s}.quarantine (${quarantineInsertColumns})
     VALUES ($1::xid8, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (global_position) DO UPDATE SET kind = EXCLUDED.kind, error = EXCLUDED.error,
       attempts = EXCLUDED.attempts, quarantined_at = now()`,
    quarantineValues(event, failure, attempts),
  );
};

const writeCheckpoint = async (client: PoolClient, s: string, last: RecordedEvent) => {
  await client.query(
    `INSERT INTO ${s}.checkpoints (projection, transaction_id, global_position, updated_at)
     VALUES ($1, $2::xid8, $3, now())
     ON CONFLICT (projection) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
       global_position = EXCLUDED.global_position, updated_at = now()`,
    [PROJECTION, last.transactionId.toString(), last.globalPosition.toString()],
  );
};

/** Each booking once, in the order first touched: the parts of a split batch may touch one booking each. */
const firstTouches = (touched: readonly BookingTouched[]): BookingTouched[] => {
  const first = new Map<string, BookingTouched>();
  for (const change of touched) if (!first.has(change.bookingId)) first.set(change.bookingId, change);
  return [...first.values()];
};

/**
 * Applies `events`, the log's next ones after the checkpoint of schema `s`, inside the caller's
 * transaction, and moves the checkpoint past what it passed. An event that fails on its own is tried
 * again (quarantine.ts `settleFailure`: at once, or on a later batch when the trouble looks passing);
 * once it has had its tries it is set aside in `s.quarantine` and the rest of the batch applies, so
 * one event can never hold back the log. With `emitLive`, tells the live hub which bookings changed,
 * in the order they were first touched. The live runner and a replay both go through here.
 */
export const applyGuarded = async (
  client: PoolClient,
  s: string,
  events: readonly RecordedEvent[],
  open: Opener,
  options: { live: boolean; emitLive: boolean; tally: FailureTally },
): Promise<BatchOutcome> => {
  const touched: BookingTouched[] = [];
  let passed = 0;
  let retryLater = false;
  while (passed < events.length) {
    const failed = await applyUpToFailure(client, s, events.slice(passed), open, options.live, touched);
    if (!failed) {
      passed = events.length;
      break;
    }
    passed += failed.index;
    const event = events[passed]!;
    const settled = await settleFailure(options.tally, event, failed.error, async () => {
      const again = await applyUpToFailure(client, s, [event], open, options.live, touched);
      return again ? again.error : null;
    });
    if (settled.outcome === 'later') {
      retryLater = true;
      break;
    }
    if (settled.outcome === 'aside') await setAside(client, s, event, settled.failure, settled.attempts);
    passed++;
  }
  for (const event of events.slice(0, passed)) options.tally.forget(event);
  if (passed > 0) await writeCheckpoint(client, s, events[passed - 1]!);
  const changes = firstTouches(touched);
  if (options.emitLive && changes.length > 0) {
    await client.query(
      `INSERT INTO live_changes (position, org_id, branch_id, booking_id)
       SELECT nextval('live_position'), t.org_id, t.branch_id, t.booking_id
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) WITH ORDINALITY AS t(org_id, branch_id, booking_id, n)
        ORDER BY t.n`,
      [changes.map((t) => t.orgId), changes.map((t) => t.branchId), changes.map((t) => t.bookingId)],
    );
  }
  return { passed, retryLater };
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
