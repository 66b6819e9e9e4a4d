import type { Pool, PoolClient } from 'pg';

/** Runs `work` in one transaction on one connection: committed when it returns, rolled back when it throws. */
export const inTransaction = async <T>(pool: Pool, work: (db: PoolClient) => Promise<T>): Promise<T> => {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    const result = await work(db);
    await db.query('COMMIT');
    return result;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
};
