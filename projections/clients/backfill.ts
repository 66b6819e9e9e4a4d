import type { PoolClient } from 'pg';
import { SWAP_LOCK } from '../schema.ts';
import { addClientScope } from './schema.ts';

/**
 * Read models built before branch scope lack what ties an imported client to a branch, and the
 * runner has moved past the events that tell it. Adds the column and table and fills them from the
 * whole log, holding the swap lock so no batch or replay runs meanwhile. The fold only ever adds a
 * batch id or a branch that is not there yet, so events past the checkpoint, folded again by the
 * runner afterwards, change nothing; erased clients keep none, as the fold leaves them.
 */
export const ensureClientScope = async (client: PoolClient, schema: string): Promise<boolean> => {
  const present = async () =>
    (await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`${schema}.import_branches`]))
      .rows[0]!.found !== null;
  if (await present()) return false;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SWAP_LOCK]);
    if (await present()) {
      await client.query('ROLLBACK');
      return false;
    }
    await client.query(addClientScope(schema));
    await client.query(/* sql */ `
      UPDATE ${schema}.clients c SET import_batches = i.batches
        FROM (SELECT stream, array_agg(batch_id ORDER BY transaction_id, global_position) AS batches
                FROM (SELECT DISTINCT ON (lower(stream_id), message_data->>'batchId')
                             lower(stream_id) AS stream, message_data->>'batchId' AS batch_id, transaction_id, global_position
                        FROM emt_messages
                       WHERE message_type = 'ClientImported' AND partition = 'emt:default' AND NOT is_archived
                         AND stream_id LIKE 'client-%' AND jsonb_typeof(message_data->'batchId') = 'string'
                       ORDER BY lower(stream_id), message_data->>'batchId', transaction_id, global_position) first
               GROUP BY stream) i
       WHERE i.stream = 'client-' || c.id::text AND NOT c.erased`);
    await client.query(/* sql */ `
      INSERT INTO ${schema}.import_branches (org_id, batch_id, branch_id)
      SELECT DISTINCT ON (org_id, batch_id) org_id, batch_id, branch_id
        FROM (SELECT (message_data->>'orgId')::uuid AS org_id, message_data->>'batchId' AS batch_id,
                     (message_data->>'branchId')::uuid AS branch_id, transaction_id, global_position
                FROM emt_messages
               WHERE message_type = 'ImportCommitted' AND partition = 'emt:default' AND NOT is_archived
                 AND stream_id LIKE 'import-%' AND jsonb_typeof(message_data->'batchId') = 'string'
                 AND message_data->>'orgId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                 AND message_data->>'branchId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') committed
       ORDER BY org_id, batch_id, transaction_id, global_position`);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
};
