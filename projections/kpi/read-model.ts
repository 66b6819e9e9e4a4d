import { writtenIdsOf, type ReadModel } from '../read-model.ts';
import { readKpiBatch } from './apply.ts';
import { ensureKpiReadModels } from './backfill.ts';
import { createKpiTables } from './schema.ts';

/** The owner's figures (queries.ts, export.ts). */
export const kpi: ReadModel = {
  name: 'kpi',
  createTables: createKpiTables,
  upgrade: async (client, schema) => {
    // Read models made before the KPIs get their tables, counted from the log up to the checkpoint.
    await ensureKpiReadModels(client, schema);
  },
  // Its rows are read with the other read models' rows; its fold begins at once, in Node, and gives way
  // now and then, so the other read models' statements run meanwhile (apply.ts).
  begin: (batch) =>
    readKpiBatch(batch.db, batch.schema, batch.events, {
      live: batch.live,
      hold: batch.holdCounts,
      writtenIds: writtenIdsOf(batch, 'kpi_bookings'),
    }),
};
