import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportProgress, importProgressMigrationSql } from '../../../core/import/progress.ts';
import { freshDatabase } from '../../support/database.ts';

// Two pools on one database stand for two API processes behind a load balancer.
let running: pg.Pool;
let polled: pg.Pool;

beforeAll(async () => {
  const url = await freshDatabase();
  running = new pg.Pool({ connectionString: url, max: 2 });
  polled = new pg.Pool({ connectionString: url, max: 2 });
  await running.query(importProgressMigrationSql);
});
afterAll(async () => {
  await running?.end();
  await polled?.end();
});

describe('Import progress across API processes', () => {
  it('shows a commit running in one process to a poll reaching the other, and nothing once it ends', async () => {
    let clock = 1_000_000;
    const here = createImportProgress(running, () => clock);
    const there = createImportProgress(polled);
    const tracked = here.track('org-1', 'batch-a');
    tracked.update(500, 0.25);
    clock += 1_000;
    tracked.update(1_000, 0.5);
    // Writes are chained in order; a poll after them sees the last one.
    await expect.poll(() => there.of('org-1', 'batch-a')).toEqual({ rows: 1_000, fraction: 0.5 });
    expect(await there.of('org-2', 'batch-a')).toBeNull();
    await tracked.done();
    expect(await there.of('org-1', 'batch-a')).toBeNull();
  });

  it('writes at most every quarter second, the last figure when the quarter ends, clamps the share, and leaves the row to the later of two runs of one file', async () => {
    let clock = 2_000_000;
    const here = createImportProgress(running, () => clock);
    const there = createImportProgress(polled);
    const first = here.track('org-1', 'batch-b');
    first.update(10, 0.1);
    clock += 100;
    first.update(20, 0.2);
    first.update(25, 0.25);
    await expect.poll(() => there.of('org-1', 'batch-b')).toEqual({ rows: 10, fraction: 0.1 });
    // An import that then waits (a locked row) still shows how far it got, 150 ms later.
    await expect.poll(() => there.of('org-1', 'batch-b')).toEqual({ rows: 25, fraction: 0.25 });
    const second = here.track('org-1', 'batch-b');
    clock += 1_000;
    second.update(30, 7);
    await expect.poll(() => there.of('org-1', 'batch-b')).toEqual({ rows: 30, fraction: 1 });
    await first.done();
    expect(await there.of('org-1', 'batch-b')).toEqual({ rows: 30, fraction: 1 });
    await second.done();
    expect(await there.of('org-1', 'batch-b')).toBeNull();
  });

  it('does not report a row its process stopped writing a minute ago (the process died mid-import)', async () => {
    const there = createImportProgress(polled);
    await running.query(
      `INSERT INTO import_progress (org_id, batch_id, run_id, rows, fraction, updated_at)
       VALUES ('org-1', 'batch-dead', gen_random_uuid(), 5, 0.5, now() - interval '2 minutes')`,
    );
    expect(await there.of('org-1', 'batch-dead')).toBeNull();
  });
});
