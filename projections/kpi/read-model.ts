import type { ReadModel } from '../read-model.ts';
import { applyKpiEvents } from './apply.ts';
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
  // Its fold reads, folds and writes in one go (apply.ts): the live path starts from the rows it wrote lately.
  begin: async (batch) => ({
    write: () => applyKpiEvents(batch.db, batch.schema, batch.events, { live: batch.live, hold: batch.holdCounts }),
  }),
};
