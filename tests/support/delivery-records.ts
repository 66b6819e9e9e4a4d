import { randomUUID } from 'node:crypto';
import type { TestServer } from './test-server.ts';

let position = 9_000_000_000;

/**
 * One client status message as the delivery cascade records it (conversation/status-cascade.ts):
 * its attempts in order, then its end — sent when one went, failed when all failed, none without
 * any. `at` is when (the database's now() when omitted); `branchId` null is a record from before
 * the branch was kept. Positions start far past any real event's.
 */
export const recordStatusMessage = async (
  server: TestServer,
  message: { at?: string; branchId: string | null; attempts: [channel: string, outcome: 'sent' | 'failed'][] },
) => {
  const clientId = randomUUID();
  const at = message.at ?? new Date().toISOString();
  position++;
  for (const [channel, outcome] of message.attempts) {
    await server.runtime.pool.query(
      `INSERT INTO delivery_attempts (org_id, branch_id, client_id, channel, outcome, global_position, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [server.branch.orgId, message.branchId, clientId, channel, outcome, position, at],
    );
  }
  const end =
    message.attempts.length === 0 ? 'none' : message.attempts.some(([, outcome]) => outcome === 'sent') ? 'sent' : 'failed';
  await server.runtime.pool.query(
    `INSERT INTO status_deliveries (global_position, org_id, branch_id, client_id, outcome, at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [position, server.branch.orgId, message.branchId, clientId, end, at],
  );
};
