import { LOG_TABLE } from '../checkpoint.ts';
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
    // Findings folded before the state kept their notes take the sealed note from their event.
    await client.query(
      `UPDATE ${schema}.work_orders w
          SET state = jsonb_set(w.state, '{findings}', (
                SELECT jsonb_agg(CASE WHEN f ? 'note' THEN f ELSE f || jsonb_build_object('note', coalesce((
                         SELECT e.message_data->'note' FROM ${LOG_TABLE} e
                          WHERE e.message_type = 'FindingAdded' AND e.message_data->>'findingId' = f->>'findingId'
                          LIMIT 1), 'null'::jsonb)) END ORDER BY n)
                  FROM jsonb_array_elements(w.state->'findings') WITH ORDINALITY AS x(f, n)))
        WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(w.state->'findings') f WHERE NOT f ? 'note')`,
    );
  },
  upgradeHistory: (schema) => `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = '${schema}' AND table_name = 'work_orders') THEN
    EXECUTE $sql$${createWorkOrderTables(schema)}$sql$;
  END IF;
END $$;`,
  begin: beginWorkOrders,
};
