import { createHash, randomInt } from 'node:crypto';
import type { Pool } from 'pg';

const CODE_TTL_MS = 15 * 60 * 1000;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const hashCode = (code: string) => createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

/**
 * A one-time code that links a staff member's Telegram chat to their user (shown in the panel or
 * returned by the API; only its hash is stored). Sent to the bot as `/link CODE`.
 */
export const createManagerLinkCode = async (pool: Pool, user: { orgId: string; userId: string }, nowMs: number) => {
  const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  await pool.query('INSERT INTO bot_manager_codes (code_hash, org_id, user_id, expires_at) VALUES ($1, $2, $3, $4)', [
    hashCode(code),
    user.orgId,
    user.userId,
    new Date(nowMs + CODE_TTL_MS),
  ]);
  return { code, expiresAt: new Date(nowMs + CODE_TTL_MS).toISOString() };
};

/** Redeems a code once: the chat is linked to the code's user. Returns false for a bad, used or stale code. */
export const redeemManagerLinkCode = async (pool: Pool, code: string, chatId: number, nowMs: number): Promise<boolean> => {
  const { rows } = await pool.query<{ org_id: string; user_id: string }>(
    `UPDATE bot_manager_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
     RETURNING org_id, user_id`,
    [hashCode(code), new Date(nowMs)],
  );
  const row = rows[0];
  if (!row) return false;
  await pool.query(
    `INSERT INTO bot_manager_chats (user_id, org_id, chat_id) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET chat_id = EXCLUDED.chat_id, org_id = EXCLUDED.org_id, unreachable_at = NULL, linked_at = now()`,
    [row.user_id, row.org_id, chatId],
  );
  return true;
};
