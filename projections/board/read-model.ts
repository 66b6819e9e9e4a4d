import type { ReadModel } from '../read-model.ts';
import { beginBoard, type BoardFolding } from './fold.ts';
import { addCallOutcomeColumns, addHeldUntilColumn, addLeadSourceColumn, addUnderWayIndex, createBoardTables } from './schema.ts';

/** The kanban: one card per booking (queries.ts). */
export const board: ReadModel<BoardFolding> = {
  name: 'board',
  createTables: createBoardTables,
  // Read models made before call outcomes, lead sources and overrun holds get their columns: the live ones and every as-of history build.
  upgrade: async (client, schema) => {
    await client.query(addCallOutcomeColumns(schema));
    await client.query(addLeadSourceColumn(schema));
    await client.query(addHeldUntilColumn(schema));
    await client.query(addUnderWayIndex(schema));
  },
  upgradeHistory: (schema) => addCallOutcomeColumns(schema) + addLeadSourceColumn(schema) + addHeldUntilColumn(schema),
  begin: beginBoard,
};
