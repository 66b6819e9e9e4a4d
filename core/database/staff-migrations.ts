/**
 * Tables of the station's people: profiles, weekly shifts, days away, the «shifts required» switch
 * (issue 16). Plain settings tables beside `users`, `branches` and `bays`, not event streams: they
 * are settings the owner edits, read by every placement as look-ups exactly as the catalogue is,
 * and hold nothing about clients. Additive and idempotent; run by migrate() after the settings.
 */
export const staffMigrationSql = /* sql */ `
ALTER TABLE organizations ADD COLUMN IF NOT EXISTS shifts_required boolean NOT NULL DEFAULT false;

CREATE TABLE IF NOT EXISTS staff_profiles (
  user_id uuid PRIMARY KEY REFERENCES users(id),
  org_id uuid NOT NULL REFERENCES organizations(id),
  start_date date,
  -- Kinds of work, the words bays and services use (bays.kinds, services.bay_kind).
  skills text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One weekly pattern per person and branch: {"1": {"from": "09:00", "to": "18:00"}, …}, ISO weekdays.
CREATE TABLE IF NOT EXISTS staff_shifts (
  user_id uuid NOT NULL REFERENCES users(id),
  branch_id uuid NOT NULL REFERENCES branches(id),
  org_id uuid NOT NULL REFERENCES organizations(id),
  pattern jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, branch_id)
);

CREATE TABLE IF NOT EXISTS staff_absences (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  org_id uuid NOT NULL REFERENCES organizations(id),
  from_date date NOT NULL,
  to_date date NOT NULL CHECK (to_date >= from_date),
  kind text NOT NULL CHECK (kind IN ('vacation', 'sick', 'day_off')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS staff_absences_user ON staff_absences (user_id, from_date);
`;
