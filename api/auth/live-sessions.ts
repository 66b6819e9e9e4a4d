import type { Pool } from 'pg';
import { reachesEveryBranch } from '../../domain/staff/role-reach.ts';
import { createHeardCache } from '../../core/database/heard-cache.ts';
import { SESSION_CHANGES_CHANNEL, type Notifications } from '../../core/database/notifications.ts';
import type { Role, Session, SignedSession, TokenSigner } from './tokens.ts';

type UserRow = {
  id: string;
  org_id: string;
  role: Role;
  branch_ids: string[];
  active: boolean;
  session_epoch: number;
  revoked: string[];
};

/** Owners and compliance officers reach every branch; so does staff with no branch named. */
export const sessionOfUser = (user: { id: string; org_id: string; role: Role; branch_ids: string[] }): Session => ({
  userId: user.id,
  orgId: user.org_id,
  role: user.role,
  branchIds: reachesEveryBranch(user.role) || user.branch_ids.length === 0 ? null : user.branch_ids,
});

const sameBranches = (a: string[] | null, b: string[] | null) =>
  a === null || b === null ? a === b : a.length === b.length && a.every((id) => b.includes(id));

/**
 * Sessions that can end before their token expires. A signed token would outlive a sign-out, a
 * deactivation, a role change or the owner ending the user's sessions by its whole lifetime; so
 * every verified token is held against the user's current row in PostgreSQL (role, branches,
 * active, session epoch) and the sign-outs still within their tokens' lifetime, and refused when
 * they no longer match. Every API process on the database sees the same rows and caches them.
 * With `notifications` listening, a trigger tells every process the id of a user whose row or
 * sign-outs changed at commit, so a cached row is kept until then (at most `trustedCacheMs`);
 * without a listening connection a row is trusted for `cacheMs` only. A token's signature is
 * checked once and remembered until it expires. `onChange` lets an open live feed recheck at once.
 */
export const createSessions = (
  signer: TokenSigner,
  pool: Pool,
  options: { notifications?: Notifications; cacheMs?: number; trustedCacheMs?: number; clock?: () => number } = {},
) => {
  const { notifications, cacheMs, trustedCacheMs, clock = () => Date.now() } = options;
  // A user's row, dropped when the trigger names the user (heard-cache.ts; every user afresh after a reconnection).
  const users = createHeardCache<UserRow | null>(notifications, SESSION_CHANGES_CHANNEL, { cacheMs, trustedCacheMs, clock });
  const signed = new Map<string, SignedSession>();
  const listeners = new Map<string, Set<() => void>>();

  const userOf = (userId: string) =>
    users.get(userId, 'row', async () => {
      const { rows } = await pool.query<UserRow>(
        `SELECT id, org_id, role, branch_ids, active, session_epoch,
                ARRAY(SELECT session_id::text FROM revoked_sessions r WHERE r.user_id = u.id AND r.expires_at > now()) AS revoked
           FROM users u WHERE id = $1`,
        [userId],
      );
      return rows[0] ?? null;
    });

  /** The signature and claims of a token, checked once per token while it is valid. */
  const signedSession = async (token: string) => {
    const known = signed.get(token);
    if (known) {
      if (known.expiresAt * 1000 > clock()) return known;
      signed.delete(token);
      return null;
    }
    const session = await signer.verify(token);
    if (!session) return null;
    if (signed.size > 10_000) signed.clear();
    signed.set(token, session);
    return session;
  };

  const tell = (userId: string) => {
    for (const listener of listeners.get(userId) ?? []) listener();
  };
  /** This process changed what the user's sessions rest on: dropped here at once, heard by the others. */
  const changed = (userId: string) => {
    users.drop(userId);
    tell(userId);
  };
  notifications?.on(SESSION_CHANGES_CHANNEL, tell);

  return {
    /** A token for a user signed in now, in the user's current session epoch. */
    issue: (session: Session, epoch: number) => signer.issue(session, epoch),

    verify: async (token: string): Promise<SignedSession | null> => {
      const session = await signedSession(token);
      if (!session) return null;
      const user = await userOf(session.userId);
      if (!user?.active || user.session_epoch !== session.epoch || user.revoked.includes(session.sessionId)) return null;
      const current = sessionOfUser(user);
      const unchanged =
        current.orgId === session.orgId && current.role === session.role && sameBranches(current.branchIds, session.branchIds);
      return unchanged ? session : null;
    },

    /** Ends one sign-in (a sign-out): its token is refused from now on, here and (notified) on every other process. */
    revoke: async (session: SignedSession) => {
      await pool.query(
        `WITH expired AS (DELETE FROM revoked_sessions WHERE expires_at < now() - interval '1 hour')
         INSERT INTO revoked_sessions (session_id, user_id, expires_at) VALUES ($1, $2, to_timestamp($3))
         ON CONFLICT (session_id) DO NOTHING`,
        [session.sessionId, session.userId, session.expiresAt],
      );
      changed(session.userId);
    },

    /** Ends every session of a user (the owner's «end sessions»): tokens of earlier epochs are refused. */
    revokeAll: async (orgId: string, userId: string): Promise<boolean> => {
      const { rowCount } = await pool.query('UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1 AND org_id = $2', [
        userId,
        orgId,
      ]);
      if (rowCount) changed(userId);
      return Boolean(rowCount);
    },

    /** The user's row was changed elsewhere in this process (a new password): their sessions are checked afresh. */
    userChanged: changed,

    /** Calls `listener` whenever one of the user's sessions may have ended (on any process); returns the unsubscribe. */
    onChange: (userId: string, listener: () => void) => {
      const set = listeners.get(userId) ?? new Set();
      set.add(listener);
      listeners.set(userId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(userId);
      };
    },
  };
};

export type Sessions = ReturnType<typeof createSessions>;
