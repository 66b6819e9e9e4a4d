import type { ReadModel } from '../read-model.ts';
import { beginMaintenance } from './fold.ts';
import { createMaintenanceTables } from './schema.ts';

const exists = (schema: string) =>
  `SELECT 1 FROM information_schema.tables WHERE table_schema = '${schema}' AND table_name = 'maintenance_reminders'`;

/** Maintenance reminders issued and the bookings they led to (queries.ts); the owner's money figures read them. */
export const maintenance: ReadModel = {
  name: 'maintenance',
  createTables: createMaintenanceTables,
  // Read models made before reminders get the table, empty: no reminder was issued before it.
  upgrade: async (client, schema) => {
    if ((await client.query(exists(schema))).rowCount === 0) await client.query(createMaintenanceTables(schema));
  },
  upgradeHistory: (schema) => `DO $$ BEGIN
  IF NOT EXISTS (${exists(schema)}) THEN
    EXECUTE $sql$${createMaintenanceTables(schema)}$sql$;
  END IF;
END $$;`,
  begin: beginMaintenance,
};
