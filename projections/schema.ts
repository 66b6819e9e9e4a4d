import { createKpiTables } from './kpi/schema.ts';
import { quarantineColumns } from './quarantine.ts';

export const READ_MODEL_SCHEMA = 'rm';
export const READER_ROLE = 'zero_reader';

const rlsTables = ['clients', 'bookings', 'calendar', 'import_branches'] as const;

/** Readers see the rows of the organization they set; the projection writes every row. */
const readerPolicies = (schema: string, table: string) => /* sql */ `
GRANT SELECT ON ${schema}.${table} TO ${READER_ROLE};
ALTER TABLE ${schema}.${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON ${schema}.${table} TO ${READER_ROLE}
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
CREATE POLICY writer ON ${schema}.${table} TO CURRENT_USER USING (true) WITH CHECK (true);`;

/**
 * The branch each client-base file was imported into; a file imported without one is not listed.
 * With clients.import_batches it tells which branches' staff reach an imported client.
 */
const createImportBranches = (schema: string) => /* sql */ `
CREATE TABLE ${schema}.import_branches (
  org_id uuid NOT NULL,
  batch_id text NOT NULL,
  branch_id uuid NOT NULL,
  PRIMARY KEY (org_id, batch_id)
);`;

/**
 * Read models of one schema. A replay creates them under a fresh name and renames it into place,
 * so everything a read model needs (tables, checkpoint, policies, grants) lives inside.
 */
export const createReadModelSchema = (schema: string): string => /* sql */ `
CREATE SCHEMA ${schema};

CREATE TABLE ${schema}.checkpoints (
  projection text PRIMARY KEY,
  transaction_id xid8 NOT NULL,
  global_position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ${schema}.clients (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  name text,
  phone text,
  cars jsonb NOT NULL DEFAULT '[]',
  channel text NOT NULL,
  registered_at timestamptz NOT NULL,
  erased boolean NOT NULL DEFAULT false,
  -- History an imported client list brought: the larger visit count and the later last visit seen.
  imported_visits int,
  last_visit_at date,
  -- The client-base files (batch ids) that brought the client; emptied by an erasure.
  import_batches text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX ON ${schema}.clients (org_id);
${createImportBranches(schema)}

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
  last_call_at timestamptz
);
CREATE INDEX ON ${schema}.bookings (org_id, branch_id, start_at);
CREATE INDEX ON ${schema}.bookings (client_id);

-- One row per reserved bay-day; the exclusion constraint is the second line of defence
-- against overlaps after the schedule aggregate.
CREATE TABLE ${schema}.calendar (
  booking_id uuid NOT NULL,
  day date NOT NULL,
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL,
  bay_id uuid NOT NULL,
  during tstzrange NOT NULL,
  PRIMARY KEY (booking_id, day),
  EXCLUDE USING gist (bay_id WITH =, during WITH &&)
);
CREATE INDEX ON ${schema}.calendar (org_id, branch_id, lower(during));

CREATE TABLE ${schema}.anomalies (
  id bigserial PRIMARY KEY,
  global_position bigint NOT NULL,
  event_type text NOT NULL,
  problem text NOT NULL,
  noticed_at timestamptz NOT NULL DEFAULT now()
);

${addQuarantineTable(schema)}
GRANT USAGE ON SCHEMA ${schema} TO ${READER_ROLE};
${rlsTables.map((table) => readerPolicies(schema, table)).join('\n')}
${createKpiTables(schema, READER_ROLE)}
`;

/**
 * Read models made before the call outcomes get their columns. No call was recorded before them,
 * so empty columns are already what a replay would build.
 */
export const addCallOutcomeColumns = (schema: string): string => /* sql */ `
ALTER TABLE ${schema}.bookings ADD COLUMN IF NOT EXISTS last_call_outcome text, ADD COLUMN IF NOT EXISTS last_call_at timestamptz;
`;

/**
 * Read models made before branch scope get the client's import batches and the import branches.
 * Empty, they are not what a replay would build: projections/client-scope.ts fills them from the log.
 */
export const addClientScope = (schema: string): string => /* sql */ `
ALTER TABLE ${schema}.clients ADD COLUMN import_batches text[] NOT NULL DEFAULT '{}';
${createImportBranches(schema)}
${readerPolicies(schema, 'import_branches')}
`;

/**
 * Events the read models could not apply, set aside so the log keeps flowing. The table lives in
 * the schema it guards: a replay builds a fresh one beside the fresh tables, so what now applies
 * leaves the quarantine with the old schema and what still fails is set aside again.
 */
export const addQuarantineTable = (schema: string): string => /* sql */ `
CREATE TABLE IF NOT EXISTS ${schema}.quarantine (${quarantineColumns},
  PRIMARY KEY (global_position)
);
`;
