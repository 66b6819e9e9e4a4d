import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/database/migrations.ts';
import { createReadModelSchema } from '../../projections/registry.ts';
import { serverForFile } from '../support/file-server.ts';

const server = serverForFile();

const HISTORY = 'rm_asof_203001010000';

const columnsOf = async (schema: string, table: string, names: string[]) =>
  (
    await server.runtime.pool.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 AND column_name = ANY($3) ORDER BY column_name`,
      [schema, table, names],
    )
  ).rows.map((row) => row.column_name);

describe('Read models an older version made', () => {
  it('get what each read model added since, in the live schema and in a history build, when the server migrates', async () => {
    const { pool } = server.runtime;
    await pool.query(createReadModelSchema(HISTORY));
    await pool.query(`ALTER TABLE ${HISTORY}.bookings DROP COLUMN last_call_outcome, DROP COLUMN last_call_at`);
    await pool.query('ALTER TABLE rm.bookings DROP COLUMN last_call_outcome, DROP COLUMN last_call_at');
    await pool.query('ALTER TABLE rm.clients DROP COLUMN imported_visits, DROP COLUMN last_visit_at');
    await pool.query('DROP TABLE rm.quarantine');
    const calls = ['last_call_at', 'last_call_outcome'];
    const imports = ['imported_visits', 'last_visit_at'];
    expect(await columnsOf('rm', 'bookings', calls)).toEqual([]);

    await migrate(pool, server.databaseUrl);

    expect(await columnsOf('rm', 'bookings', calls)).toEqual(calls);
    expect(await columnsOf(HISTORY, 'bookings', calls)).toEqual(calls);
    expect(await columnsOf('rm', 'clients', imports)).toEqual(imports);
    expect(await columnsOf('rm', 'quarantine', ['error'])).toEqual(['error']);
    // The board reads the columns back: the migrated live schema serves it.
    const board = await server.api('GET', `/api/board?branchId=${server.branch.id}&date=2030-01-07`);
    expect(board.status).toBe(200);
    await pool.query(`DROP SCHEMA ${HISTORY} CASCADE`);
  });
});
