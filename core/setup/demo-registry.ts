import type { Pool } from 'pg';

// Which branch and clients are the demo's (core/setup/demo-branch.ts). Rows stay after the demo is
// removed, so whatever a replay rebuilds for the removed branch is still told apart.

export const demoMigrationSql = /* sql */ `
CREATE TABLE IF NOT EXISTS demo_branches (
  branch_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  -- The log's position once the demo week was appended: removal waits for the read models to pass it.
  settled_position bigint,
  removed_at timestamptz
);
CREATE TABLE IF NOT EXISTS demo_clients (
  client_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL
);
`;

/** The branches whose figures are the station's own: every branch but a demo one. */
export const realBranchIds = async (pool: Pool, orgId: string): Promise<string[] | null> => {
  const { rows } = await pool.query<{ id: string; demo: boolean }>(
    `SELECT id, EXISTS (SELECT 1 FROM demo_branches d WHERE d.branch_id = b.id) AS demo FROM branches b WHERE org_id = $1`,
    [orgId],
  );
  // No demo here: «every branch» stays unrestricted (null), as reports name the whole organization.
  return rows.some((row) => row.demo) ? rows.filter((row) => !row.demo).map((row) => row.id) : null;
};

/** The demo clients of an organization, to leave out of its client list. */
export const demoClientIds = async (pool: Pool, orgId: string): Promise<string[]> =>
  (await pool.query<{ client_id: string }>('SELECT client_id FROM demo_clients WHERE org_id = $1', [orgId])).rows.map(
    (row) => row.client_id,
  );
