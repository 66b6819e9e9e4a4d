import type { ReadModel } from '../read-model.ts';
import { ensureClientScope } from './backfill.ts';
import { beginClients } from './fold.ts';
import { addImportColumns, addManagerColumn, createClientTables } from './schema.ts';

/** The client base: profiles, cars, imported history and the branches that reach each client (queries.ts). */
export const clients: ReadModel = {
  name: 'clients',
  createTables: createClientTables,
  upgrade: async (client, schema) => {
    // Read models made before the client import get its columns (a replay builds them anew).
    const imported = await client.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'clients' AND column_name = 'last_visit_at'`,
      [schema],
    );
    if (imported.rowCount === 0) await client.query(addImportColumns(schema));
    // Read models made before branch scope learn, from the log, which branch each import went to.
    await ensureClientScope(client, schema);
    await client.query(addManagerColumn(schema));
  },
  begin: beginClients,
};
