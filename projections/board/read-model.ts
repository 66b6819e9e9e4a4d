import type { ReadModel } from '../read-model.ts';
import { beginBoard, type BoardFolding } from './fold.ts';
import { addCallOutcomeColumns, addLeadSourceColumn, addUnderWayIndex, createBoardTables } from './schema.ts';

/** The kanban: one card per booking (queries.ts). */
export const board: ReadModel<BoardFolding> = {
  name: 'board',
  createTables: createBoardTables,
  // Read models made before call outcomes and lead sources get their columns: the live ones and every as-of history build.
  upgrade: async (client, schema) => {
    await client.query(addCallOutcomeColumns(schema));
    await client.query(addLeadSourceColumn(schema));
    await client.query(addUnderWayIndex(schema));
  },
  upgradeHistory: (schema) => addCallOutcomeColumns(schema) + addLeadSourceColumn(schema),
  begin: beginBoard,
};
