import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { importFields, type ColumnMapping } from '../../domain/import/columns.ts';
import { freshRandomBytes } from '../vault/fresh-random.ts';

export type ClientClaim = { clientId: string; key: Buffer; registered: boolean };

/**
 * vault.claimClient for many phones in one statement (zero_claim_clients): the client that owns
 * each phone hash, or a new one claimed for it, with its data key.
 *
 * The claim commits without waiting for the disk. Nothing is answered from a claim alone: its
 * clients reach the log only through the chunk's append, whose synchronous commit flushes the
 * write-ahead log up to itself and so this earlier commit with it. A crash in between loses only
 * claims no event refers to, as if they had not been made. One flush per chunk instead of two.
 */
export const claimClients = async (pool: Pool, orgId: string, hashes: readonly string[]): Promise<Map<string, ClientClaim>> => {
  const unique = [...new Set(hashes)].sort();
  const claims = new Map<string, ClientClaim>();
  if (unique.length === 0) return claims;
  const client = await pool.connect();
  let rows: { phone_hash: string; client_id: string; key: Buffer; registered: boolean }[];
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit = off');
    ({ rows } = await client.query<{ phone_hash: string; client_id: string; key: Buffer; registered: boolean }>(
      'SELECT phone_hash, client_id, key, registered FROM zero_claim_clients($1, $2::text[], $3::uuid[], $4::bytea[])',
      [orgId, unique, unique.map(() => randomUUID()), unique.map(() => freshRandomBytes(32))],
    ));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  for (const row of rows) claims.set(row.phone_hash, { clientId: row.client_id, key: row.key, registered: row.registered });
  return claims;
};

/** Which of these phone hashes already belong to a client with a stream: a read, nothing claimed. */
export const knownClients = async (pool: Pool, orgId: string, hashes: readonly string[]): Promise<Set<string>> => {
  const known = new Set<string>();
  const unique = [...new Set(hashes)];
  for (let i = 0; i < unique.length; i += 5000) {
    const { rows } = await pool.query<{ phone_hash: string }>(
      `SELECT cp.phone_hash FROM client_phones cp
        WHERE cp.org_id = $1 AND cp.phone_hash = ANY ($2::text[])
          AND EXISTS (SELECT 1 FROM emt_streams s
                       WHERE s.stream_id = 'client-' || cp.client_id AND s.partition = 'emt:default' AND NOT s.is_archived)`,
      [orgId, unique.slice(i, i + 5000)],
    );
    for (const row of rows) known.add(row.phone_hash);
  }
  return known;
};

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/**
 * One import is one reading of a file: its bytes, the sheet read and the columns taken. Another
 * sheet of the same workbook, or the same file read again with a corrected mapping, is another
 * import; the same file, sheet and mapping again is the same one and changes nothing.
 */
export const batchIdOf = (bytes: Uint8Array, reading: { sheet: string | null; mapping: ColumnMapping }): string =>
  sha256(
    JSON.stringify({
      file: sha256(bytes),
      sheet: reading.sheet,
      columns: importFields
        .filter((field) => reading.mapping[field] !== undefined)
        .map((field) => [field, reading.mapping[field]]),
    }),
  );
