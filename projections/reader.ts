import type { Pool, PoolClient } from 'pg';
import { READER_ROLE } from './schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs read-model queries as the reader role with the organization set, so row-level security
 * keeps every other organization's rows out whatever the query says.
 */
export const withOrg = async <T>(pool: Pool, orgId: string, read: (db: PoolClient) => Promise<T>): Promise<T> => {
  if (!UUID.test(orgId)) throw new Error('organization id is not a uuid');
  const client = await pool.connect();
  try {
    await client.query(`BEGIN READ ONLY; SET LOCAL ROLE ${READER_ROLE}; SELECT set_config('app.org_id', '${orgId}', true)`);
    const result = await read(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

/** A time as the queries give it: ISO text, or null. */
export const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
