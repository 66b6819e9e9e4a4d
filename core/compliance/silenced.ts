import type { Pool } from 'pg';
import { blockedAmong } from './blocks.ts';
import { withdrawnAmong } from './consents.ts';

/**
 * Which of these clients the station must not write to: their processing is blocked while
 * something about them is checked, or they withdrew their consent. Status messages, reminders and
 * approvals go to none of them, by any channel.
 */
export const silencedAmong = async (pool: Pool, clientIds: readonly string[]): Promise<Set<string>> => {
  const [blocked, withdrawn] = await Promise.all([blockedAmong(pool, clientIds), withdrawnAmong(pool, clientIds)]);
  return new Set([...blocked, ...withdrawn]);
};

export const isClientSilenced = async (pool: Pool, clientId: string): Promise<boolean> =>
  (await silencedAmong(pool, [clientId])).has(clientId);
