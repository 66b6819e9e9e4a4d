import type { Pool } from 'pg';
import { DomainError } from '../../domain/shared/errors.ts';

export const blockReasons = [
  'rectification-check',
  'accuracy-disputed',
  'unlawful-processing-check',
  'authority-request',
] as const;
export type BlockReason = (typeof blockReasons)[number];

export type Block = {
  clientId: string;
  reason: BlockReason;
  requestId: string | null;
  blockedAt: string;
  blockedBy: string | null;
};

/** Which of these clients are blocked: lists leave them out, and so should reminders and broadcasts. */
export const blockedAmong = async (pool: Pool, clientIds: readonly string[]): Promise<Set<string>> => {
  if (clientIds.length === 0) return new Set();
  const { rows } = await pool.query<{ client_id: string }>(
    'SELECT client_id FROM compliance_blocks WHERE client_id = ANY($1::uuid[])',
    [clientIds],
  );
  return new Set(rows.map((row) => row.client_id));
};

export const isClientBlocked = async (pool: Pool, clientId: string): Promise<boolean> =>
  (await blockedAmong(pool, [clientId])).has(clientId);

/** Blocking stops processing (other than storage) while something about the client is checked. */
export const createBlocks = (pool: Pool, now: () => number) => ({
  block: async (orgId: string, clientId: string, input: { reason: BlockReason; requestId?: string }, userId: string | null) => {
    const { rowCount } = await pool.query(
      `INSERT INTO compliance_blocks (client_id, org_id, reason, request_id, blocked_at, blocked_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (client_id) DO NOTHING`,
      [clientId, orgId, input.reason, input.requestId ?? null, new Date(now()), userId],
    );
    return (rowCount ?? 0) > 0;
  },

  unblock: async (orgId: string, clientId: string) => {
    const { rowCount } = await pool.query('DELETE FROM compliance_blocks WHERE org_id = $1 AND client_id = $2', [
      orgId,
      clientId,
    ]);
    if (!rowCount) throw new DomainError('NOT_FOUND', 'The client is not blocked', { clientId });
  },

  list: async (orgId: string): Promise<Block[]> => {
    const { rows } = await pool.query<{
      client_id: string;
      reason: BlockReason;
      request_id: string | null;
      blocked_at: Date;
      blocked_by: string | null;
    }>(
      'SELECT client_id, reason, request_id, blocked_at, blocked_by FROM compliance_blocks WHERE org_id = $1 ORDER BY blocked_at',
      [orgId],
    );
    return rows.map((row) => ({
      clientId: row.client_id,
      reason: row.reason,
      requestId: row.request_id,
      blockedAt: row.blocked_at.toISOString(),
      blockedBy: row.blocked_by,
    }));
  },
});
