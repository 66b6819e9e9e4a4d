import type { Pool } from 'pg';
import type { AccessAction, SecurityAction } from '../../contract/compliance.ts';

/** The org of installation-wide entries (a failed login with an e-mail nobody has). */
export const INSTALLATION = '00000000-0000-0000-0000-000000000000';

export type AuditLogName = 'access' | 'security';

export type { AccessAction, SecurityAction };

export type AuditActor = { orgId: string; userId: string | null; role: string | null; ip: string | null };

export type AuditEntry = {
  seq: number;
  at: string;
  userId: string | null;
  role: string | null;
  action: string;
  clientIds: string[];
  ip: string | null;
  details: Record<string, unknown>;
  hash: string;
};

export type ChainCheck = { ok: boolean; entries: number; head: string | null; brokenAt: number | null };

type Row = {
  seq: string;
  at: Date;
  user_id: string | null;
  role: string | null;
  action: string;
  client_ids: string[];
  ip: string | null;
  details: Record<string, unknown>;
  hash: string;
};

const toEntry = (row: Row): AuditEntry => ({
  seq: Number(row.seq),
  at: row.at.toISOString(),
  userId: row.user_id,
  role: row.role,
  action: row.action,
  clientIds: row.client_ids,
  ip: row.ip,
  details: row.details,
  hash: row.hash,
});

const tableOf = (log: AuditLogName) => (log === 'access' ? 'compliance_access_log' : 'compliance_security_log');

/**
 * The access log (who looked at or changed whose personal data) and the security log (logins,
 * roles, exports, erasures). Rows hold ids, roles, addresses and actions, never the personal data
 * itself: the logs are append-only and outlive an erasure, so a searched name or a revealed phone
 * must never be written here.
 */
export const createAuditLog = (pool: Pool, now: () => number) => {
  const append = async (log: AuditLogName, actor: AuditActor, action: string, clientIds: readonly string[], details = {}) => {
    await pool.query('SELECT zero_audit_append($1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9::jsonb)', [
      log,
      actor.orgId,
      new Date(now()).toISOString(),
      actor.userId,
      actor.role,
      action,
      [...new Set(clientIds)],
      actor.ip,
      JSON.stringify(details),
    ]);
  };

  const access = (actor: AuditActor, action: AccessAction, clientIds: readonly string[], details: Record<string, unknown> = {}) =>
    append('access', actor, action, clientIds, details);

  const security = (actor: AuditActor, action: SecurityAction, details: Record<string, unknown> = {}, clientIds: string[] = []) =>
    append('security', actor, action, clientIds, details);

  /** Entries of one organization, newest first; the security log also shows installation-wide ones. */
  const list = async (
    log: AuditLogName,
    orgId: string,
    filter: { clientId?: string; beforeSeq?: number; limit?: number } = {},
  ): Promise<AuditEntry[]> => {
    const orgs = log === 'security' ? [orgId, INSTALLATION] : [orgId];
    const { rows } = await pool.query<Row>(
      `SELECT seq::text, at, user_id, role, action, client_ids, ip, details, hash
         FROM ${tableOf(log)}
        WHERE org_id = ANY($1::uuid[])
          AND ($2::uuid IS NULL OR $2::uuid = ANY(client_ids))
          AND ($3::bigint IS NULL OR seq < $3)
        ORDER BY at DESC, seq DESC
        LIMIT $4`,
      [orgs, filter.clientId ?? null, filter.beforeSeq ?? null, Math.min(filter.limit ?? 200, 10_000)],
    );
    return rows.map(toEntry);
  };

  /** Every entry of both logs about one client, oldest first, naming only that client. */
  const aboutClient = async (orgId: string, clientId: string) => {
    const [accessRows, securityRows] = await Promise.all(
      (['access', 'security'] as const).map((log) =>
        pool.query<Row>(
          `SELECT seq::text, at, user_id, role, action, client_ids, ip, details, hash
             FROM ${tableOf(log)} WHERE org_id = $1 AND $2::uuid = ANY(client_ids) ORDER BY seq`,
          [orgId, clientId],
        ),
      ),
    );
    // A search lists other clients too: their ids are no business of this client's export.
    const own = (row: Row) => ({ ...toEntry(row), clientIds: [clientId] });
    return { access: accessRows!.rows.map(own), security: securityRows!.rows.map(own) };
  };

  /**
   * Recomputes the chain of one log of one organization: the first row whose hash, link to the
   * previous row or sequence number does not hold is where it broke. A removed or altered row
   * breaks it; the head hash, kept outside the system now and then, also catches rows cut off the end.
   */
  const verifyLog = async (log: AuditLogName, orgId: string): Promise<ChainCheck> => {
    const { rows } = await pool.query<{ entries: number; head: string | null; broken_at: string | null }>(
      `WITH chain AS (
         SELECT seq, hash, prev_hash,
                lag(hash) OVER (ORDER BY seq) AS before_hash,
                lag(seq) OVER (ORDER BY seq) AS before_seq,
                encode(sha256(convert_to(prev_hash || zero_audit_canonical(org_id, seq, at, user_id, role, action,
                                                                           client_ids, ip, details), 'UTF8')), 'hex') AS expected
           FROM ${tableOf(log)} WHERE org_id = $1)
       SELECT (SELECT count(*)::int FROM chain) AS entries,
              (SELECT hash FROM chain ORDER BY seq DESC LIMIT 1) AS head,
              (SELECT seq::text FROM chain
                WHERE expected <> hash
                   OR prev_hash <> coalesce(before_hash, repeat('0', 64))
                   OR seq <> coalesce(before_seq, 0) + 1
                ORDER BY seq LIMIT 1) AS broken_at`,
      [orgId],
    );
    const row = rows[0]!;
    const brokenAt = row.broken_at === null ? null : Number(row.broken_at);
    return { ok: brokenAt === null, entries: row.entries, head: row.head, brokenAt };
  };

  const verify = async (orgId: string) => {
    const [accessCheck, securityCheck, installation] = await Promise.all([
      verifyLog('access', orgId),
      verifyLog('security', orgId),
      verifyLog('security', INSTALLATION),
    ]);
    const brokenAt =
      accessCheck.brokenAt !== null
        ? { log: 'access' as const, seq: accessCheck.brokenAt }
        : securityCheck.brokenAt !== null
          ? { log: 'security' as const, seq: securityCheck.brokenAt }
          : installation.brokenAt !== null
            ? { log: 'installation' as const, seq: installation.brokenAt }
            : null;
    return { ok: brokenAt === null, brokenAt, logs: { access: accessCheck, security: securityCheck, installation } };
  };

  return { access, security, list, aboutClient, verify };
};

export type AuditLog = ReturnType<typeof createAuditLog>;
