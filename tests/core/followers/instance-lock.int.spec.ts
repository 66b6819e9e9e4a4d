import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstanceLock } from '../../../core/followers/instance-lock.ts';
import { freshDatabase } from '../../support/database.ts';

let pool: pg.Pool;
let other: pg.Pool;

beforeAll(async () => {
  const url = await freshDatabase();
  pool = new pg.Pool({ connectionString: url, max: 4 });
  other = new pg.Pool({ connectionString: url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await other?.end();
});

/** Backends holding the lock named `name` (a one-key advisory lock: its low 32 bits are the objid). */
const holderPids = async (name: string) => {
  const key = createHash('sha256').update(name).digest().readInt32BE(0);
  const { rows } = await other.query<{ pid: number }>(
    `SELECT l.pid FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.objid::bigint = ($1::bigint & 4294967295)
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [key],
  );
  return rows.map((row) => row.pid);
};

describe('Single-instance lock', () => {
  it('lets exactly one of two holders run', async () => {
    const first = createInstanceLock(pool, 'job-a');
    const second = createInstanceLock(other, 'job-a');
    expect(await first.acquire()).toBe(true);
    expect(await holderPids('job-a')).toHaveLength(1);
    expect(await second.acquire()).toBe(false);
    await first.release();
    expect(await second.acquire()).toBe(true);
    await second.release();
  });

  describe('when the connection holding the lock is killed', () => {
    it('survives the broken connection and takes the lock again on its next turn', async () => {
      const unhandled: unknown[] = [];
      const onUncaught = (error: unknown) => unhandled.push(error);
      process.on('uncaughtException', onUncaught);
      try {
        const lock = createInstanceLock(pool, 'job-b');
        expect(await lock.acquire()).toBe(true);
        const pids = await holderPids('job-b');
        expect(pids).toHaveLength(1);
        await other.query('SELECT pg_terminate_backend($1)', [pids[0]]);
        // The pool learns of the death asynchronously; the next turn must reconnect, not reuse it.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await lock.acquire()).toBe(true);
        const after = await holderPids('job-b');
        expect(after).toHaveLength(1);
        expect(after[0]).not.toBe(pids[0]);
        await lock.release();
        expect(unhandled).toEqual([]);
      } finally {
        process.off('uncaughtException', onUncaught);
      }
    });
  });
});
