/**
 * The inbox's list index: one row per client who wrote to the station, no personal data (ids,
 * kinds, times, counts). The messages themselves are events, sealed under the client's key.
 * Additive and idempotent; deleted with the client (eraseBotData).
 */
export const inboxMigrationSql = /* sql */ `
CREATE TABLE IF NOT EXISTS inbox_threads (
  client_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  channel text NOT NULL,
  last_kind text NOT NULL,
  last_direction text NOT NULL CHECK (last_direction IN ('in', 'out')),
  last_at timestamptz NOT NULL,
  unread integer NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS inbox_threads_org ON inbox_threads (org_id, last_at DESC);
`;
