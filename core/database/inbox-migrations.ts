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

/**
 * Each try to deliver a status message to a client: which channel, and whether it went (no content);
 * and each message's end. Deleted with the client (eraseBotData).
 */
export const deliveryMigrationSql = /* sql */ `
CREATE TABLE IF NOT EXISTS delivery_attempts (
  id bigserial PRIMARY KEY,
  org_id uuid NOT NULL,
  client_id uuid NOT NULL,
  channel text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('sent', 'failed')),
  global_position bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS delivery_attempts_org ON delivery_attempts (org_id, at);
CREATE INDEX IF NOT EXISTS delivery_attempts_client ON delivery_attempts (client_id);
-- The booking's branch, for the owner's rates per branch (rows from before it was kept have none).
ALTER TABLE delivery_attempts ADD COLUMN IF NOT EXISTS branch_id uuid;

-- How each status message ended: sent by some channel, tried and nothing went, or no way in at all.
CREATE TABLE IF NOT EXISTS status_deliveries (
  global_position bigint PRIMARY KEY,
  org_id uuid NOT NULL,
  branch_id uuid,
  client_id uuid NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('sent', 'failed', 'none')),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS status_deliveries_org ON status_deliveries (org_id, at);
CREATE INDEX IF NOT EXISTS status_deliveries_client ON status_deliveries (client_id);
`;
