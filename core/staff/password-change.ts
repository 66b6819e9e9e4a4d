import type { Pool } from 'pg';
import { DomainError } from '../../domain/shared/errors.ts';
import { Refusal } from '../shared/refusal.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { passwordWeakness, weakPassword } from './password-policy.ts';
import type { Passwords } from './passwords.ts';

type Deps = { pool: Pool; passwords: Passwords; throttle: LoginThrottle };

/** What a new password leaves behind: the user's sessions of earlier epochs no longer hold. */
export type PasswordSet = { epoch: number };

/** How a person's own change ended: the sign-in log and lock are the caller's to tell. */
export type OwnChange =
  | ({ outcome: 'changed' } & PasswordSet)
  | { outcome: 'wrong-current' }
  | { outcome: 'locked'; retryAfterSeconds: number; firstRefusal: boolean };

/**
 * Passwords set after sign-up: a person changes their own (knowing the current one), the owner sets
 * a forgotten one anew. Either way every other session the user had ends (a stolen tablet's
 * included), since the new password is the only thing that should let anyone in from now on.
 */
export const createPasswordChanges = ({ pool, passwords, throttle }: Deps) => {
  /** Writes the new password; with `replacing`, only over that hash (a change made meanwhile wins). */
  const store = async (orgId: string, userId: string, password: string, replacing?: string): Promise<PasswordSet | null> => {
    const { rows } = await pool.query<{ session_epoch: number }>(
      `UPDATE users SET password_hash = $3, session_epoch = session_epoch + 1
        WHERE id = $1 AND org_id = $2 AND ($4::text IS NULL OR password_hash = $4) RETURNING session_epoch`,
      [userId, orgId, await passwords.hash(password), replacing ?? null],
    );
    return rows[0] ? { epoch: rows[0].session_epoch } : null;
  };

  /**
   * The signed-in user's own change. A wrong current password counts against the account's sign-in
   * back-off (a stolen session cannot guess it freely); `locked` answers with the seconds to wait.
   */
  const changeOwn = async (
    orgId: string,
    userId: string,
    input: { currentPassword: string; newPassword: string },
  ): Promise<OwnChange> => {
    const { rows } = await pool.query<{ email: string; password_hash: string }>(
      'SELECT email, password_hash FROM users WHERE id = $1 AND org_id = $2 AND active',
      [userId, orgId],
    );
    const user = rows[0];
    if (!user) throw new DomainError('NOT_FOUND', 'User not found');
    const attempt = await throttle.begin(user.email);
    if (!attempt.allowed) {
      return { outcome: 'locked', retryAfterSeconds: attempt.retryAfterSeconds, firstRefusal: attempt.firstRefusal };
    }
    if (!(await passwords.verify(input.currentPassword, user.password_hash))) return { outcome: 'wrong-current' };
    await throttle.succeeded(user.email);
    const weakness =
      passwordWeakness(input.newPassword, user.email) ??
      (input.newPassword === input.currentPassword ? ('unchanged' as const) : null);
    if (weakness) throw weakPassword(weakness, 'newPassword');
    const set = await store(orgId, userId, input.newPassword, user.password_hash);
    // Another change (a double tap, a second device) got in first: this one is not applied.
    if (!set) throw new Refusal('conflict', 'PASSWORD_CHANGED', 'The password was changed meanwhile: sign in with the new one');
    return { outcome: 'changed', ...set };
  };

  /** The owner's reset of another user's password; the account's sign-in lock is lifted with it. */
  const reset = async (orgId: string, userId: string, password: string): Promise<PasswordSet> => {
    const { rows } = await pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1 AND org_id = $2', [
      userId,
      orgId,
    ]);
    const user = rows[0];
    if (!user) throw new DomainError('NOT_FOUND', 'User not found', { userId });
    const weakness = passwordWeakness(password, user.email);
    if (weakness) throw weakPassword(weakness);
    const set = await store(orgId, userId, password);
    if (!set) throw new DomainError('NOT_FOUND', 'User not found', { userId });
    await throttle.succeeded(user.email);
    return set;
  };

  return { changeOwn, reset };
};

export type PasswordChanges = ReturnType<typeof createPasswordChanges>;
