/**
 * Working time from sessions (issue 16 scope 3). work_marks: what a person's panel reported — a
 * sign-in, a heartbeat while they were active, a sign-out — one row each, read back through the
 * idle cut-off (domain/staff/working-time.ts), so changing the cut-off re-reads the past honestly.
 * work_corrections: the owner's corrections, append-only (never updated or deleted): each is the
 * record of who changed which day, to what, when and why; the latest of a day holds.
 * Additive and idempotent; run by migrate() after the staff tables.
 */
export const workingTimeMigrationSql = /* sql */ `
ALTER TABLE organizations ADD COLUMN IF NOT EXISTS idle_cutoff_minutes int NOT NULL DEFAULT 15;

CREATE TABLE IF NOT EXISTS work_marks (
  user_id uuid NOT NULL REFERENCES users(id),
  org_id uuid NOT NULL REFERENCES organizations(id),
  at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('signin', 'beat', 'signout'))
);
CREATE INDEX IF NOT EXISTS work_marks_user_at ON work_marks (org_id, user_id, at);

CREATE TABLE IF NOT EXISTS work_corrections (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  org_id uuid NOT NULL REFERENCES organizations(id),
  day date NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL CHECK (end_at > start_at),
  active_ms bigint NOT NULL CHECK (active_ms >= 0),
  reason text NOT NULL,
  corrected_by uuid NOT NULL REFERENCES users(id),
  corrected_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS work_corrections_user_day ON work_corrections (org_id, user_id, day);
`;
