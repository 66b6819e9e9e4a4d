import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoOrganization } from '../../../core/database/demo-organization.ts';
import { migrate } from '../../../core/database/migrations.ts';
import { installationSecret } from '../../../core/database/secrets.ts';
import { createEventStore, type EventStore } from '../../../core/event-store/event-store.ts';
import { createImportCommands, IMPORT_CHUNK } from '../../../core/import/import-commands.ts';
import { createPasswords } from '../../../core/staff/passwords.ts';
import { createVault } from '../../../core/vault/vault.ts';
import { freshDatabase } from '../../support/database.ts';

// A chunk is claimed while the one before it is written. A write that fails must end the import
// with its own error (and no stray rejection), keep what was written, and let a second run finish;
// a phone repeated in the next chunk must still update its client after the earlier row.

let pool: pg.Pool;
let orgId: string;
let imports: (store: EventStore, betweenChunks?: () => void) => ReturnType<typeof createImportCommands>;

const ROWS = IMPORT_CHUNK * 3 + 100;
const REPEATED = IMPORT_CHUNK - 50;
const REPEAT = IMPORT_CHUNK + 100;
const phoneOf = (row: number) => `+7916${String(2_000_000 + (row === REPEAT ? REPEATED : row))}`;
const csv = new TextEncoder().encode(
  ['ФИО,Телефон', ...Array.from({ length: ROWS }, (_, i) => `Клиент номер ${i + 1},${phoneOf(i + 1)}`)].join('\n'),
);

beforeAll(async () => {
  const url = await freshDatabase();
  pool = new pg.Pool({ connectionString: url, max: 4 });
  await migrate(pool, url);
  await createDemoOrganization(pool, { email: 'owner@pipeline.local', password: 'pipeline-owner-password-1' }, createPasswords());
  orgId = (await pool.query<{ id: string }>('SELECT id FROM organizations LIMIT 1')).rows[0]!.id;
  const vault = await createVault(pool, await installationSecret(pool, 'phone-pepper'));
  imports = (store, betweenChunks) => createImportCommands({ pool, store, vault, now: Date.now, betweenChunks });
});
afterAll(async () => {
  await pool?.end();
});

const importedRows = async () =>
  (
    await pool.query<{ row: number }>(
      `SELECT (message_data->>'row')::int AS row FROM emt_messages WHERE message_type = 'ClientImported' ORDER BY 1`,
    )
  ).rows.map(({ row }) => row);

describe('An import whose chunks are claimed while earlier ones are written', () => {
  it('ends with the failing write’s error, keeps the chunk written before it, and the next run finishes in file order', async () => {
    const store = createEventStore(pool);
    let appends = 0;
    const failing: EventStore = {
      ...store,
      appendMany: (appendsOfChunk) =>
        ++appends === 2 ? Promise.reject(new Error('disk full')) : store.appendMany(appendsOfChunk),
    };
    const progress: number[] = [];

    await expect(
      imports(failing).commit({ orgId, userId: null, branchIds: null }, csv, {
        fileName: 'clients.csv',
        onProgress: (rows) => progress.push(rows),
      }),
    ).rejects.toThrow('disk full');

    expect(await importedRows()).toEqual(Array.from({ length: IMPORT_CHUNK }, (_, i) => i + 2));
    expect(progress).toEqual([0, IMPORT_CHUNK]);

    // The CLI collects garbage between chunks: after each full one, while the next is read.
    let between = 0;
    const result = await imports(store, () => between++).commit({ orgId, userId: null, branchIds: null }, csv, {
      fileName: 'clients.csv',
    });
    expect(between).toBe(Math.floor(ROWS / IMPORT_CHUNK));
    expect(result.counts).toEqual({
      rows: ROWS,
      created: ROWS - IMPORT_CHUNK - 1,
      merged: 1,
      rejected: 0,
      unchanged: IMPORT_CHUNK,
    });
    // The repeated phone's client took the earlier row first and the later row after it.
    const { rows } = await pool.query<{ row: number }>(
      `SELECT (message_data->>'row')::int AS row FROM emt_messages
        WHERE stream_id = (SELECT stream_id FROM emt_messages WHERE message_type = 'ClientImported' AND (message_data->>'row')::int = $1)
          AND message_data ? 'row' ORDER BY stream_position`,
      [REPEAT + 1],
    );
    expect(rows.map(({ row }) => row)).toEqual([REPEATED + 1, REPEAT + 1]);
  });
});
