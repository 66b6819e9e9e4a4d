import { createHash } from 'node:crypto';
import type { Pool } from 'pg';

/** Failures in a row an account may have before it is locked. */
export const FREE_FAILURES = 5;
const FIRST_LOCK_SECONDS = 30;
const LONGEST_LOCK_SECONDS = 15 * 60;
/** A run of failures older than this is forgotten. */
const FAILURES_KEPT_HOURS = 24;

export type Attempt = { allowed: true } | { allowed: false; retryAfterSeconds: number; firstRefusal: boolean };

/**
 * The per-account back-off of sign-ins, in PostgreSQL so it holds on every API process. Each try
 * counts as a failure before the password is checked (so parallel tries cannot all slip in before
 * the first failure is written) and a right password clears the count. From the fifth failure in a
 * row the account is locked for 30 s, doubling with each further failure up to 15 min; tries while
 * locked are refused without touching the password and without lengthening the lock. The key is a
 * hash of the e-mail as typed, so an unknown e-mail is throttled exactly like a known one.
 */
export const createLoginThrottle = (pool: Pool) => {
  const keyOf = (email: string) => createHash('sha256').update(`login:${email.trim().toLowerCase()}`).digest('hex');

  const begin = async (email: string): Promise<Attempt> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const key = keyOf(email);
      const { rows } = await client.query<{ failures: number; locked_for: number | null; logged: boolean; stale: boolean }>(
        `SELECT failures, extract(epoch FROM locked_until - now())::float8 AS locked_for, logged,
                updated_at < now() - make_interval(hours => $2) AS stale
           FROM login_throttle WHERE account_key = $1 FOR UPDATE`,
        [key, FAILURES_KEPT_HOURS],
      );
      const row = rows[0];
      if (row && row.locked_for !== null && row.locked_for > 0) {
        if (!row.logged) await client.query('UPDATE login_throttle SET logged = true WHERE account_key = $1', [key]);
        await client.query('COMMIT');
        return { allowed: false, retryAfterSeconds: Math.ceil(row.locked_for), firstRefusal: !row.logged };
      }
      const failures = (row && !row.stale ? row.failures : 0) + 1;
      const lockSeconds =
        failures >= FREE_FAILURES ? Math.min(LONGEST_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** (failures - FREE_FAILURES)) : null;
      await client.query(
        `INSERT INTO login_throttle (account_key, failures, locked_until, logged, updated_at)
         VALUES ($1, $2, now() + make_interval(secs => $3), false, now())
         ON CONFLICT (account_key) DO UPDATE
           SET failures = $2, locked_until = now() + make_interval(secs => $3), logged = false, updated_at = now()`,
        [key, failures, lockSeconds],
      );
      await client.query('COMMIT');
      return { allowed: true };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  /** A right password: the account's run of failures is over. */
  const succeeded = async (email: string) => {
    await pool.query('DELETE FROM login_throttle WHERE account_key = $1', [keyOf(email)]);
  };

  return { begin, succeeded };
};

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
