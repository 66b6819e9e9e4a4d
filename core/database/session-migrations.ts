import { SESSION_CHANGES_CHANNEL } from './notifications.ts';
import { notifyRowChanges } from './row-change-notify.ts';

/**
 * Tables of sessions and sign-in throttling. Additive and idempotent; run by migrate() after the
 * settings tables. Every API process on the database reads them, so a sign-out or a lock made on
 * one holds on all.
 */
export const sessionMigrationSql = (): string => sessionSql + throttleMigrationSql;

const sessionSql = /* sql */ `
-- Moving a user's epoch on ends every session signed in before (the owner's «end sessions»).
ALTER TABLE users ADD COLUMN IF NOT EXISTS session_epoch int NOT NULL DEFAULT 0;

-- One row per sign-out, kept while its token could still be presented.
CREATE TABLE IF NOT EXISTS revoked_sessions (
  session_id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS revoked_sessions_user ON revoked_sessions (user_id, expires_at);

-- Every API process caches users' rows to check sessions; whichever process (or operator) changes
-- what a session rests on, each process hears the user's id at commit (notifications.ts) and
-- drops its copy. The id only, never personal data.
${notifyRowChanges({
  name: 'session_change',
  table: 'users',
  events: 'UPDATE OF org_id, role, branch_ids, active, session_epoch OR DELETE',
  channel: SESSION_CHANGES_CHANNEL,
  column: 'id',
})}
${notifyRowChanges({ name: 'session_change', table: 'revoked_sessions', events: 'INSERT', channel: SESSION_CHANGES_CHANNEL, column: 'user_id' })}
-- What these triggers called before zero_notify_row_change; nothing calls it any more.
DROP FUNCTION IF EXISTS zero_notify_session_change();
`;

/**
 * Sign-in throttling. login_throttle: consecutive failures per account (keyed by a hash of the
 * e-mail typed, known or not, so it holds no address book of guesses) and the lock they earned.
 * rate_limits: the fixed-window counters of @fastify/rate-limit (failed sign-ins per address).
 */
export const throttleMigrationSql = /* sql */ `
CREATE TABLE IF NOT EXISTS login_throttle (
  account_key text PRIMARY KEY,
  failures int NOT NULL,
  locked_until timestamptz,
  -- The lock was written to the security log (once per lock, however many tries it refuses).
  logged boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS rate_limits (
  key text PRIMARY KEY,
  hits int NOT NULL,
  resets_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS rate_limits_resets ON rate_limits (resets_at);
`;
