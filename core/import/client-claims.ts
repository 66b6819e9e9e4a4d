import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { importFields, type ColumnMapping } from '../../domain/import/columns.ts';
import { freshRandomBytes } from '../vault/fresh-random.ts';
import { CLAIM_WITHOUT_FLUSH } from '../vault/vault.ts';

export type ClientClaim = { clientId: string; key: Buffer; registered: boolean };

/**
 * vault.claimClient for many phones in one round trip (zero_claim_clients): the client that owns
 * each phone hash, or a new one claimed for it, with its data key. Committed without waiting for
 * the disk, as vault.claimClient is (CLAIM_WITHOUT_FLUSH says why that loses nothing).
 */
export const claimClients = async (pool: Pool, orgId: string, hashes: readonly string[]): Promise<Map<string, ClientClaim>> => {
  const unique = [...new Set(hashes)].sort();
  const claims = new Map<string, ClientClaim>();
  if (unique.length === 0) return claims;
  const { rows } = await pool.query<{ phone_hash: string; client_id: string; key: Buffer; registered: boolean }>(
    `SELECT c.phone_hash, c.client_id, c.key, c.registered
       FROM ${CLAIM_WITHOUT_FLUSH}, zero_claim_clients($1, $2::text[], $3::uuid[], $4::bytea[]) AS c`,
    [orgId, unique, unique.map(() => randomUUID()), unique.map(() => freshRandomBytes(32))],
  );
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
