import type { Pool, PoolClient } from 'pg';
import { recordedColumns, toRecorded, type RecordedEvent, type RecordedRow } from './recorded-event.ts';

export const PROJECTION = 'read-models';

export type Checkpoint = { transactionId: string; globalPosition: string };

/**
 * The log that followers read: Emmett's table of the default partition's messages not archived, the
 * leaf of `emt_messages` that `partition = 'emt:default' AND NOT is_archived` selects. Read through
 * the parent, those two conditions let the planner, on statistics that a burst of appends had left
 * behind, combine the log-order index with a scan of the whole primary key (which ends in those two
 * columns): 20–75 ms a read at 50,000 events under load, growing with the log.
 */
export const LOG_TABLE = 'emt_messages_emt_default_active';

/** The log's events after `after` (a pair of SQL values) in commit order; see `readBatch`. */
const logAfterSql = (after: string) => `SELECT ${recordedColumns}
       FROM ${LOG_TABLE} m
      WHERE (m.transaction_id, m.global_position) > ${after}
        AND m.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        AND ($2::xid8 IS NULL OR (m.transaction_id, m.global_position) <= ($2::xid8, $3::bigint))
      -- Qualified: the selected columns are text aliases of the same names, which sort differently.
      ORDER BY m.transaction_id, m.global_position
      LIMIT $1`;

/**
 * Reads the global log in (transaction_id, global_position) order and only below the oldest
 * running transaction, so an event committed late by a concurrent writer is never skipped.
 */
export const readBatch = async (db: PoolClient | Pool, after: Checkpoint, limit: number, upTo?: Checkpoint) => {
  const { rows } = await db.query<RecordedRow>(logAfterSql('($4::xid8, $5::bigint)'), [
    limit,
    upTo?.transactionId ?? null,
    upTo?.globalPosition ?? null,
    after.transactionId,
    after.globalPosition,
  ]);
  return rows.map(toRecorded);
};

/**
 * `readBatch` after schema `s`'s checkpoint, read in the same statement: the live runner's batches
 * are small and frequent, and on a busy machine each round trip to the database costs milliseconds.
 */
export const readNextBatch = async (db: PoolClient, s: string, limit: number) => {
  const { rows } = await db.query<RecordedRow>(
    logAfterSql(`(coalesce((SELECT transaction_id FROM ${s}.checkpoints WHERE projection = $4), '0'),
                  coalesce((SELECT global_position FROM ${s}.checkpoints WHERE projection = $4), 0))`),
    [limit, null, null, PROJECTION],
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

const checkpointSql = (s: string) => /* sql */ `
INSERT INTO ${s}.checkpoints (projection, transaction_id, global_position, updated_at)
VALUES ($1, $2::xid8, $3, now())
ON CONFLICT (projection) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
  global_position = EXCLUDED.global_position, updated_at = now()`;

const checkpointValues = (last: RecordedEvent) => [PROJECTION, last.transactionId.toString(), last.globalPosition.toString()];

/**
 * Moves schema `s`'s checkpoint past `last`. With `also`, what must commit with it goes in the same
 * round trip: `also.sql` continues the statement's WITH list (`, name AS (…) SELECT …`), its
 * parameters numbered from $4.
 */
export const writeCheckpoint = async (
  client: PoolClient,
  s: string,
  last: RecordedEvent,
  also?: { sql: string; values: unknown[] },
) => {
  if (!also) await client.query(checkpointSql(s), checkpointValues(last));
  else await client.query(`WITH checkpoint AS (${checkpointSql(s)}) ${also.sql}`, [...checkpointValues(last), ...also.values]);
};
