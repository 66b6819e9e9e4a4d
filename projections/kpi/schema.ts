import { readerPolicies } from '../schema.ts';

export const KPI_TABLES = ['kpi_bookings', 'kpi_refusals', 'kpi_daily'] as const;

/**
 * The KPI read models of one schema. Every figure the owner sees is counted from these rows, which
 * only the projection of the log writes: one row per booking with the instant, branch-local day and
 * actor of each step it took, one row per placement refused because the time was taken, and the
 * daily counters both add up to, which is what a report over months reads.
 * Readers get the same row-level security as the other read models.
 */
export const createKpiTables = (schema: string): string => /* sql */ `
CREATE TABLE ${schema}.kpi_bookings (
  booking_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL,
  client_id uuid NOT NULL,
  channel text NOT NULL,
  requested_at timestamptz NOT NULL,
  requested_day date NOT NULL,
  requested_by uuid,
  -- Past this instant a booking still New has been New longer than the branch's confirm target.
  sla_due_at timestamptz,
  sla_due_day date,
  -- Confirmed or cancelled: when and by whom the booking left New.
  left_new_at timestamptz,
  left_new_by uuid,
  confirmed_at timestamptz,
  confirmed_day date,
  confirmed_by uuid,
  -- New -> Confirmed in working time of the branch (hours, breaks and days off), milliseconds.
  confirm_ms bigint,
  started_at timestamptz,
  done_at timestamptz,
  done_day date,
  done_by uuid,
  cancelled_at timestamptz,
  cancelled_day date,
  cancelled_by uuid,
  cancel_reason text,
  -- A hash of the row: a write states the revision it started from, so a stale copy is never written back.
  revision text NOT NULL
);
CREATE INDEX ON ${schema}.kpi_bookings (org_id, confirmed_day) INCLUDE (branch_id, confirmed_by, confirm_ms)
  WHERE confirmed_day IS NOT NULL;
CREATE INDEX ON ${schema}.kpi_bookings (org_id, done_day) INCLUDE (branch_id, done_by, client_id) WHERE done_day IS NOT NULL;
CREATE INDEX ON ${schema}.kpi_bookings (org_id, sla_due_day) INCLUDE (branch_id, sla_due_at) WHERE left_new_at IS NULL;

CREATE TABLE ${schema}.kpi_refusals (
  refusal_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL,
  channel text NOT NULL,
  reason text NOT NULL,
  requested_start timestamptz,
  refused_at timestamptz NOT NULL,
  refused_day date NOT NULL,
  refused_by uuid
);

-- Counters per branch-local day, kind of step, channel or reason (key) and the user who took it
-- (actor). kind: new, confirmed, done, cancelled, sla (left New after the target), refused, and the
-- cohort_* kinds, counted on the day the booking was requested, for the funnel.
CREATE TABLE ${schema}.kpi_daily (
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL,
  day date NOT NULL,
  kind text NOT NULL,
  key text NOT NULL,
  actor uuid,
  n int NOT NULL,
  UNIQUE NULLS NOT DISTINCT (branch_id, day, kind, key, actor)
);
CREATE INDEX ON ${schema}.kpi_daily (org_id, day);
${KPI_TABLES.map((table) => readerPolicies(schema, table)).join('\n')}
`;
