import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

/**
 * A session advisory lock named `name`: of several processes on one database, only the one that
 * holds it runs the job. The lock lives as long as its connection, so a crashed holder frees it.
 * `acquire` is asked again before each turn, so a holder whose connection broke takes the lock back
 * (or loses it to another process) on its next turn.
 */
export const createInstanceLock = (pool: Pool, name: string) => {
  const key = createHash('sha256').update(name).digest().readInt32BE(0);
  let holder: PoolClient | null = null;
  let dropListener = () => {};
  return {
    acquire: async (): Promise<boolean> => {
      if (holder) return true;
      const client = await pool.connect();
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
      if (rows[0]?.locked) {
        holder = client;
        // A held connection that dies (database restart, terminated backend) would otherwise throw
        // an unhandled 'error' and take the process down; the lock died with it, so just let it go.
        const onError = (error: Error) => {
          if (holder !== client) return;
          holder = null;
          client.release(error);
        };
        client.on('error', onError);
        dropListener = () => client.off('error', onError);
        return true;
      }
      client.release();
      return false;
    },
    release: async () => {
      if (!holder) return;
      await holder.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
      dropListener();
      holder.release();
      holder = null;
    },
  };
};
