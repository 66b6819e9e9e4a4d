import type { Pool } from 'pg';

/** The current WAL insert position, as text (e.g. 0/1A2B3C4). */
export const walPosition = async (pool: Pool): Promise<string> =>
  (await pool.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0]!.lsn;

/** WAL bytes written since `from`: every commit has to flush its share before it answers. */
export const walBytesSince = async (pool: Pool, from: string): Promise<number> =>
  Number(
    (
      await pool.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::text AS bytes', [
        from,
      ])
    ).rows[0]!.bytes,
  );
