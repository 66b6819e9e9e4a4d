import type { Pool } from 'pg';
import type { Role, Session, Tokens } from './tokens.ts';

type UserRow = { id: string; org_id: string; role: Role; branch_ids: string[]; active: boolean };

/** Owners and compliance officers reach every branch; so does staff with no branch named. */
export const sessionOfUser = (user: Omit<UserRow, 'active'>): Session => ({
  userId: user.id,
  orgId: user.org_id,
  role: user.role,
  branchIds: user.role === 'owner' || user.role === 'compliance' || user.branch_ids.length === 0 ? null : user.branch_ids,
});

const sameBranches = (a: string[] | null, b: string[] | null) =>
  a === null || b === null ? a === b : a.length === b.length && a.every((id) => b.includes(id));

/**
 * A signed token would outlive a deactivation or a role change by its whole lifetime; so every
 * verified token is held against the user's current row, and refused when they no longer match.
 * Rows are cached for a moment: one lookup per user per `cacheMs`, not per request.
 */
export const checkedAgainstUsers = (tokens: Tokens, pool: Pool, cacheMs = 2000, clock = () => Date.now()): Tokens => {
  const cache = new Map<string, { at: number; user: UserRow | null }>();
  const userOf = async (userId: string) => {
    const hit = cache.get(userId);
    if (hit && clock() - hit.at < cacheMs) return hit.user;
    const { rows } = await pool.query<UserRow>('SELECT id, org_id, role, branch_ids, active FROM users WHERE id = $1', [userId]);
    const user = rows[0] ?? null;
    if (cache.size > 10_000) cache.clear();
    cache.set(userId, { at: clock(), user });
    return user;
  };
  return {
    issue: tokens.issue,
    verify: async (token) => {
      const session = await tokens.verify(token);
      if (!session) return null;
      const user = await userOf(session.userId);
      if (!user?.active) return null;
      const current = sessionOfUser(user);
      const unchanged =
        current.orgId === session.orgId && current.role === session.role && sameBranches(current.branchIds, session.branchIds);
      return unchanged ? session : null;
    },
  };
};
