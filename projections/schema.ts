import { quarantineColumns } from './quarantine.ts';

export const READ_MODEL_SCHEMA = 'rm';
export const READER_ROLE = 'zero_reader';
/** Held shared by every batch and exclusively by a replay while it swaps schemas. */
export const SWAP_LOCK = 727002;

/** Readers see the rows of the organization they set; the projection writes every row. */
export const readerPolicies = (schema: string, table: string) => /* sql */ `
GRANT SELECT ON ${schema}.${table} TO ${READER_ROLE};
ALTER TABLE ${schema}.${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${schema}.${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON ${schema}.${table} TO ${READER_ROLE}
  USING (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
CREATE POLICY writer ON ${schema}.${table} TO CURRENT_USER USING (true) WITH CHECK (true);`;

/**
 * What every read model of one schema shares: the schema, the checkpoint, the anomalies and the
 * quarantine. A replay creates them under a fresh name and renames it into place, so everything a
 * read model needs (tables, checkpoint, policies, grants) lives inside. registry.ts adds the tables
 * of each read model.
 */
export const createSharedTables = (schema: string): string => /* sql */ `
CREATE SCHEMA ${schema};

CREATE TABLE ${schema}.checkpoints (
  projection text PRIMARY KEY,
  transaction_id xid8 NOT NULL,
  global_position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ${schema}.anomalies (
  id bigserial PRIMARY KEY,
  global_position bigint NOT NULL,
  event_type text NOT NULL,
  problem text NOT NULL,
  noticed_at timestamptz NOT NULL DEFAULT now()
);

${addQuarantineTable(schema)}
GRANT USAGE ON SCHEMA ${schema} TO ${READER_ROLE};
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
