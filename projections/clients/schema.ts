import { readerPolicies } from '../schema.ts';

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

export const createClientTables = (schema: string): string => /* sql */ `
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
  import_batches text[] NOT NULL DEFAULT '{}',
  -- The staff member answering for the client (ClientManagerAssigned); null when nobody does.
  manager_id uuid
);
CREATE INDEX ON ${schema}.clients (org_id);
${createImportBranches(schema)}
${readerPolicies(schema, 'clients')}
${readerPolicies(schema, 'import_branches')}
`;

/** Read models made before the client import get its columns; a replay builds them anew. */
export const addImportColumns = (schema: string): string => /* sql */ `
ALTER TABLE ${schema}.clients ADD COLUMN IF NOT EXISTS imported_visits int, ADD COLUMN IF NOT EXISTS last_visit_at date;
`;

/**
 * Read models made before branch scope get the client's import batches and the import branches.
 * Empty, they are not what a replay would build: backfill.ts fills them from the log.
 */
export const addClientScope = (schema: string): string => /* sql */ `
ALTER TABLE ${schema}.clients ADD COLUMN import_batches text[] NOT NULL DEFAULT '{}';
${createImportBranches(schema)}
${readerPolicies(schema, 'import_branches')}
`;

/** Read models made before responsible managers get the column; no earlier event sets it, so null is what a replay gives. */
export const addManagerColumn = (schema: string): string => /* sql */ `
ALTER TABLE ${schema}.clients ADD COLUMN IF NOT EXISTS manager_id uuid;
`;
