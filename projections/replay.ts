import type { Pool } from 'pg';
import type { Opener } from './read-models.ts';
import { applyBatch, projectBatch, SWAP_LOCK } from './runner.ts';
import { createReadModelSchema, READ_MODEL_SCHEMA } from './schema.ts';

export type ReplayReport = { events: number; seconds: number; eventsPerSecond: number };

const BATCH = 2000;

/**
 * Rebuilds every read model from the log into a fresh schema while the live one keeps serving,
 * then swaps the two in one short transaction that first applies whatever arrived meanwhile.
 */
export const replayReadModels = async (
  pool: Pool,
  open: Opener,
  onProgress?: (events: number) => void,
): Promise<ReplayReport> => {
  const started = performance.now();
  const suffix = `${Date.now()}`;
  const build = `rm_build_${suffix}`;
  const client = await pool.connect();
  let events = 0;
  try {
    await client.query(createReadModelSchema(build));
    for (;;) {
      const applied = await projectBatch(client, { schema: build, open, limit: BATCH, emitLive: false });
      if (applied === 0) break;
      events += applied;
      onProgress?.(events);
    }
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SWAP_LOCK]);
      for (;;) {
        const applied = await applyBatch(client, { schema: build, open, limit: BATCH, emitLive: false });
        if (applied === 0) break;
        events += applied;
      }
      await client.query(`ALTER SCHEMA ${READ_MODEL_SCHEMA} RENAME TO rm_old_${suffix}`);
      await client.query(`ALTER SCHEMA ${build} RENAME TO ${READ_MODEL_SCHEMA}`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    await client.query(`DROP SCHEMA rm_old_${suffix} CASCADE`);
  } catch (error) {
    await client.query(`DROP SCHEMA IF EXISTS ${build} CASCADE`).catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds, eventsPerSecond: Math.round(events / Math.max(seconds, 0.001)) };
};
