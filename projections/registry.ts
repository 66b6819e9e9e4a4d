import type { PoolClient } from 'pg';
import { board } from './board/read-model.ts';
import { calendar } from './calendar/read-model.ts';
import { clients } from './clients/read-model.ts';
import { kpi } from './kpi/read-model.ts';
import { maintenance } from './maintenance/read-model.ts';
import type { ReadModel } from './read-model.ts';
import { workOrders } from './work-orders/read-model.ts';
import { addQuarantineTable, createSharedTables, READ_MODEL_SCHEMA } from './schema.ts';

/**
 * Every read model, in the order each event goes through them (the calendar reads the board's rows
 * as the same event left them). A batch (apply.ts), a replay's fresh schema and the migrations below
 * go through this list: a new read model is a folder and a line here.
 */
export const readModels: readonly ReadModel[] = [board, calendar, clients, kpi, workOrders, maintenance];

/** The read models of one schema: what they share and each one's tables. */
export const createReadModelSchema = (schema: string): string =>
  [createSharedTables(schema), ...readModels.map((model) => model.createTables(schema))].join('\n');

/**
 * The live read models of a database: made when absent, else brought up to this version's tables
 * (and the as-of history builds as far as they can be), before the runner starts.
 */
export const migrateReadModels = async (client: PoolClient): Promise<void> => {
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [READ_MODEL_SCHEMA]);
  if (exists.rowCount === 0) await client.query(createReadModelSchema(READ_MODEL_SCHEMA));
  // Read models made before the quarantine get its table, empty: nothing was set aside before it.
  await client.query(addQuarantineTable(READ_MODEL_SCHEMA));
  const histories = await client.query<{ schema: string }>(
    `SELECT nspname AS schema FROM pg_namespace WHERE nspname ~ '^rm_asof_[0-9]{12}$'`,
  );
  for (const { schema } of histories.rows) {
    for (const model of readModels) if (model.upgradeHistory) await client.query(model.upgradeHistory(schema));
  }
  for (const model of readModels) await model.upgrade?.(client, READ_MODEL_SCHEMA);
};
