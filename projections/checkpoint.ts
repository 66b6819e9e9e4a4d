import type { Pool, PoolClient } from 'pg';
import { recordedColumns, toRecorded, type RecordedEvent, type RecordedRow } from './recorded-event.ts';

export const PROJECTION = 'read-models';

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

export const writeCheckpoint = async (client: PoolClient, s: string, last: RecordedEvent) => {
  await client.query(
    `INSERT INTO ${s}.checkpoints (projection, transaction_id, global_position, updated_at)
     VALUES ($1, $2::xid8, $3, now())
     ON CONFLICT (projection) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
       global_position = EXCLUDED.global_position, updated_at = now()`,
    [PROJECTION, last.transactionId.toString(), last.globalPosition.toString()],
  );
};
