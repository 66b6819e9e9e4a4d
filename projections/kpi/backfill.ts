import type { PoolClient } from 'pg';
import { readBatch, readCheckpoint, type Checkpoint } from '../checkpoint.ts';
import { SWAP_LOCK } from '../schema.ts';
import { applyKpiEvents } from './apply.ts';
import { createKpiTables } from './schema.ts';

const CHUNK = 5000;

/**
 * Read models built before the KPIs lack their tables, and the runner has moved past the events they
 * need. Creates them and counts the log up to the read models' checkpoint, holding the swap lock so
 * no batch moves the checkpoint meanwhile; the runner carries on from there as usual.
 */
export const ensureKpiReadModels = async (client: PoolClient, schema: string): Promise<number> => {
  const present = async () =>
    (await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`${schema}.kpi_bookings`])).rows[0]!
      .found !== null;
  if (await present()) return 0;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SWAP_LOCK]);
    if (await present()) {
      await client.query('ROLLBACK');
      return 0;
    }
    await client.query(createKpiTables(schema));
    const upTo = await readCheckpoint(client, schema);
    let after: Checkpoint = { transactionId: '0', globalPosition: '0' };
    let counted = 0;
    for (;;) {
      const events = await readBatch(client, after, CHUNK, upTo);
      if (events.length === 0) break;
      await applyKpiEvents(client, schema, events);
      const last = events.at(-1)!;
      after = { transactionId: last.transactionId.toString(), globalPosition: last.globalPosition.toString() };
      counted += events.length;
    }
    await client.query('COMMIT');
    return counted;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
};
