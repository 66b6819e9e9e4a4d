import type { Pool } from 'pg';

/** A member of staff to alert: their e-mail, and the Telegram chat they linked while it is reachable. */
export type AlertRecipient = { id: string; email: string; chatId: number | null };

/** The active owners and managers of a branch (a manager with no branches covers them all), by e-mail. */
export const alertRecipients = async (pool: Pool, orgId: string, branchId: string): Promise<AlertRecipient[]> => {
  const { rows } = await pool.query<{ id: string; email: string; chat_id: string | null }>(
    `SELECT u.id, u.email, m.chat_id::text FROM users u
       LEFT JOIN bot_manager_chats m ON m.user_id = u.id AND m.unreachable_at IS NULL
      WHERE u.org_id = $1 AND u.active AND u.role IN ('owner', 'manager')
        AND (cardinality(u.branch_ids) = 0 OR $2 = ANY(u.branch_ids))
      ORDER BY u.email`,
    [orgId, branchId],
  );
  return rows.map((row) => ({ id: row.id, email: row.email, chatId: row.chat_id === null ? null : Number(row.chat_id) }));
};
