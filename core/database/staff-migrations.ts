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

/**
 * Tasks (issue 16 scope 5): a settings-like table read and written by the tasks routes, with a
 * ledger that makes the overdue reminder go out once per task across restarts and processes.
 * A title is staff's own words and may name a client: it never goes into a reminder or a log.
 */
export const taskMigrationSql = /* sql */ `
CREATE TABLE IF NOT EXISTS tasks (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id),
  branch_id uuid NOT NULL REFERENCES branches(id),
  kind text NOT NULL CHECK (kind IN ('call_back', 'order_part', 'declined_work', 'other')),
  title text NOT NULL,
  assignee_id uuid NOT NULL REFERENCES users(id),
  due_at timestamptz NOT NULL,
  priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high')),
  status text NOT NULL CHECK (status IN ('Open', 'Completed')),
  booking_id uuid,
  client_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL,
  completed_by uuid,
  completed_at timestamptz
);
CREATE INDEX IF NOT EXISTS tasks_branch_due ON tasks (org_id, branch_id, status, due_at);
CREATE INDEX IF NOT EXISTS tasks_client ON tasks (client_id);

-- Claimed (attempts + 1) before the e-mail goes out, marked sent after: see core/tasks/overdue-reminders.ts.
CREATE TABLE IF NOT EXISTS task_reminders (
  task_id uuid PRIMARY KEY REFERENCES tasks(id),
  attempts int NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  sent_at timestamptz
);
`;
