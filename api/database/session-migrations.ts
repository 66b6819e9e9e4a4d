/**
 * Tables of sessions and sign-in throttling. Additive and idempotent; run by migrate() after the
 * settings tables. Every API process on the database reads them, so a sign-out or a lock made on
 * one holds on all.
 */
export const sessionMigrationSql = /* sql */ `
-- Moving a user's epoch on ends every session signed in before (the owner's «end sessions»).
ALTER TABLE users ADD COLUMN IF NOT EXISTS session_epoch int NOT NULL DEFAULT 0;

-- One row per sign-out, kept while its token could still be presented.
CREATE TABLE IF NOT EXISTS revoked_sessions (
  session_id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS revoked_sessions_user ON revoked_sessions (user_id, expires_at);
`;
