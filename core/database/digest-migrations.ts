/**
 * Tables of the owner's daily digest. Additive and idempotent; run by migrate() after the settings
 * tables. Neither holds client data: settings per organization, and one ledger row per reported
 * day, owner and channel.
 */
export const digestMigrationSql = /* sql */ `
CREATE TABLE IF NOT EXISTS digest_settings (
  org_id uuid PRIMARY KEY REFERENCES organizations(id),
  enabled boolean NOT NULL DEFAULT false,
  -- Local time of the organization (the zone of its first branch), HH:MM.
  send_at text NOT NULL DEFAULT '08:30' CHECK (send_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  telegram boolean NOT NULL DEFAULT true,
  email boolean NOT NULL DEFAULT true,
  language text NOT NULL DEFAULT 'ru' CHECK (language IN ('ru', 'en')),
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A delivery is claimed (attempts + 1) before its message goes out and marked sent after: a day's
-- digest reaches each owner once per channel across restarts and processes, and a failed one is
-- tried again a bounded number of times.
CREATE TABLE IF NOT EXISTS digest_deliveries (
  org_id uuid NOT NULL,
  report_day date NOT NULL,
  user_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('telegram', 'email')),
  attempts int NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  sent_at timestamptz,
  PRIMARY KEY (org_id, report_day, user_id, channel)
);
`;
