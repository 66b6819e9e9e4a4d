import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { importFields, type ColumnMapping } from '../../domain/import/columns.ts';

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
