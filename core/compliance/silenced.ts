import type { Pool } from 'pg';
import { clientStreamName } from '../../domain/client/client.ts';
import { blockedAmong } from './blocks.ts';
import { withdrawnAmong } from './consents.ts';

/**
 * The erased ones: read from the log, where the erasure writes first, so a message about a change
 * the erasure itself made (a visit ahead it cancelled) finds the person gone.
 */
const erasedAmong = async (pool: Pool, clientIds: readonly string[]): Promise<string[]> => {
  if (clientIds.length === 0) return [];
  const { rows } = await pool.query<{ stream_id: string }>(
    `SELECT stream_id FROM emt_messages
      WHERE stream_id = ANY($1::text[]) AND message_type = 'ClientErased' AND partition = 'emt:default'`,
    [clientIds.map(clientStreamName)],
  );
  const erased = new Set(rows.map((row) => row.stream_id));
  return clientIds.filter((clientId) => erased.has(clientStreamName(clientId)));
};

/**
 * Which of these clients the station must not write to: their processing is blocked while
 * something about them is checked, they withdrew their consent, or their data was erased. Status
 * messages, reminders and approvals go to none of them, by any channel.
 */
export const silencedAmong = async (pool: Pool, clientIds: readonly string[]): Promise<Set<string>> => {
  const [blocked, withdrawn, erased] = await Promise.all([
    blockedAmong(pool, clientIds),
    withdrawnAmong(pool, clientIds),
    erasedAmong(pool, clientIds),
  ]);
  return new Set([...blocked, ...withdrawn, ...erased]);
};

export const isClientSilenced = async (pool: Pool, clientId: string): Promise<boolean> =>
  (await silencedAmong(pool, [clientId])).has(clientId);
