import type { Pool } from 'pg';
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
  branchIds: user.role === 'owner' || user.role === 'compliance' || user.branch_ids.length === 0 ? null : user.branch_ids,
});

const sameBranches = (a: string[] | null, b: string[] | null) =>
  a === null || b === null ? a === b : a.length === b.length && a.every((id) => b.includes(id));

/**
 * Sessions that can end before their token expires. A signed token would outlive a sign-out, a
 * deactivation, a role change or the owner ending the user's sessions by its whole lifetime; so
 * every verified token is held against the user's current row in PostgreSQL (role, branches,
 * active, session epoch) and the sign-outs still within their tokens' lifetime, and refused when
 * they no longer match. Every API process on the database sees the same rows; each caches a user's
 * for `cacheMs` (one lookup per user per moment, not per request) and drops its copy at once when
 * it ends a session itself. `onChange` lets an open live feed recheck at once in this process.
 */
export const createSessions = (signer: TokenSigner, pool: Pool, cacheMs = 2000, clock = () => Date.now()) => {
  const cache = new Map<string, { at: number; user: UserRow | null }>();
  const listeners = new Map<string, Set<() => void>>();

  const userOf = async (userId: string) => {
    const hit = cache.get(userId);
    if (hit && clock() - hit.at < cacheMs) return hit.user;
    const { rows } = await pool.query<UserRow>(
      `SELECT id, org_id, role, branch_ids, active, session_epoch,
              ARRAY(SELECT session_id::text FROM revoked_sessions r WHERE r.user_id = u.id AND r.expires_at > now()) AS revoked
         FROM users u WHERE id = $1`,
      [userId],
    );
    const user = rows[0] ?? null;
    if (cache.size > 10_000) cache.clear();
    cache.set(userId, { at: clock(), user });
    return user;
  };

  const changed = (userId: string) => {
    cache.delete(userId);
    for (const listener of listeners.get(userId) ?? []) listener();
  };

  return {
    /** A token for a user signed in now, in the user's current session epoch. */
    issue: (session: Session, epoch: number) => signer.issue(session, epoch),

    verify: async (token: string): Promise<SignedSession | null> => {
      const session = await signer.verify(token);
      if (!session) return null;
      const user = await userOf(session.userId);
      if (!user?.active || user.session_epoch !== session.epoch || user.revoked.includes(session.sessionId)) return null;
      const current = sessionOfUser(user);
      const unchanged =
        current.orgId === session.orgId && current.role === session.role && sameBranches(current.branchIds, session.branchIds);
      return unchanged ? session : null;
    },

    /** Ends one sign-in (a sign-out): its token is refused from now on, here and on every other process. */
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

    /** Calls `listener` whenever this process ends one of the user's sessions; returns the unsubscribe. */
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
