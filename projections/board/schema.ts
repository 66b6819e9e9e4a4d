import { readerPolicies } from '../schema.ts';

/** One row per booking, the card the board shows. */
export const createBoardTables = (schema: string): string => /* sql */ `
CREATE TABLE ${schema}.bookings (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL,
  bay_id uuid NOT NULL,
  service_ids uuid[] NOT NULL,
  client_id uuid NOT NULL,
  status text NOT NULL,
  channel text NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  car text,
  plate text,
  comment text,
  mechanic_id uuid,
  cancel_reason text,
  requested_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  status_changed_at timestamptz NOT NULL,
  version int NOT NULL,
  -- The manager's last call to the client about this booking: reached, no_answer, asked_to_reschedule.
  last_call_outcome text,
  last_call_at timestamptz,
  -- Where the client came from beyond the channel (UTM tags, a deep link's payload); no personal data.
  lead_source text,
  -- Until when a job still under way past its booked end holds its bay (BookingOverran).
  held_until timestamptz
);
CREATE INDEX ON ${schema}.bookings (org_id, branch_id, start_at);
CREATE INDEX ON ${schema}.bookings (client_id);
${addUnderWayIndex(schema)}
${readerPolicies(schema, 'bookings')}
`;

/**
 * Read models made before the call outcomes get their columns. No call was recorded before them,
 * so empty columns are already what a replay would build.
 */
export const addCallOutcomeColumns = (schema: string): string => /* sql */ `
ALTER TABLE ${schema}.bookings ADD COLUMN IF NOT EXISTS last_call_outcome text, ADD COLUMN IF NOT EXISTS last_call_at timestamptz;
`;

/** Read models made before lead sources: no booking had one, so the empty column is what a replay builds. */
export const addLeadSourceColumn = (schema: string): string => /* sql */ `
ALTER TABLE ${schema}.bookings ADD COLUMN IF NOT EXISTS lead_source text;
`;

/** Read models made before overrun holds: no job had one, so the empty column is what a replay builds. */
export const addHeldUntilColumn = (schema: string): string => /* sql */ `
ALTER TABLE ${schema}.bookings ADD COLUMN IF NOT EXISTS held_until timestamptz;
`;

/** The jobs under way, by their booked end: the overrun look (core/booking/overrun-holds.ts) reads them every minute. */
export const addUnderWayIndex = (schema: string): string => /* sql */ `
CREATE INDEX IF NOT EXISTS bookings_under_way ON ${schema}.bookings (end_at) WHERE status = 'InProgress';
`;
