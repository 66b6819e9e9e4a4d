import type { ReadModel } from '../read-model.ts';
import { beginWorkOrders } from './fold.ts';
import { createWorkOrderTables } from './schema.ts';

/** Work orders with their totals and money movements (queries.ts); the KPIs' revenue reads them. */
export const workOrders: ReadModel = {
  name: 'work-orders',
  createTables: createWorkOrderTables,
  // Read models made before work orders get the tables, empty: no work order was written before them.
  upgrade: async (client, schema) => {
    const found = await client.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'work_orders'`,
      [schema],
    );
    if (found.rowCount === 0) await client.query(createWorkOrderTables(schema));
  },
  upgradeHistory: (schema) => `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = '${schema}' AND table_name = 'work_orders') THEN
    EXECUTE $sql$${createWorkOrderTables(schema)}$sql$;
  END IF;
END $$;`,
  begin: beginWorkOrders,
};
