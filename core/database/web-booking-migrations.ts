/**
 * The public booking page's short-lived rows, no personal data in them: one-time codes (the phone
 * only as its keyed hash, the code only as an HMAC) and the proof-of-work challenges already
 * spent, and the sign-in tokens a browser gave up. All are swept when they run out. Additive and idempotent.
 */
export const webBookingMigrationSql = /* sql */ `
CREATE TABLE IF NOT EXISTS web_booking_codes (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  phone_hash text NOT NULL,
  code_hash text NOT NULL,
  channel text NOT NULL,
  notice_version text NOT NULL,
  notice_hash text NOT NULL,
  consent_at timestamptz NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  verified_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS web_booking_codes_phone ON web_booking_codes (org_id, phone_hash, created_at);
CREATE TABLE IF NOT EXISTS web_challenges_spent (
  signature text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
-- Browsers signed out («Это не я» on a shared tablet): the token's hash, kept until it would have expired.
CREATE TABLE IF NOT EXISTS web_client_signouts (
  token_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
`;
