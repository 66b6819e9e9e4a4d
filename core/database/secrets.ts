import type { Pool } from 'pg';

/** A random secret made once per installation and kept in the database (JWT key, phone pepper). */
export const installationSecret = async (pool: Pool, name: string): Promise<Uint8Array> => {
  const fresh = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32)));
  await pool.query('INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, fresh]);
  const { rows } = await pool.query<{ value: Buffer }>('SELECT value FROM app_secrets WHERE name = $1', [name]);
  return new Uint8Array(rows[0]!.value);
};
