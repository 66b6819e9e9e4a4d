import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

/** How far a commit has got: rows read so far and the share of the file they cover (0 to 1). */
export type ImportProgress = { rows: number; fraction: number };

/** One row per commit running now, in any API process of the installation. */
export const importProgressMigrationSql = /* sql */ `
CREATE TABLE IF NOT EXISTS import_progress (
  org_id text NOT NULL,
  batch_id text NOT NULL,
  run_id uuid NOT NULL,
  rows integer NOT NULL,
  fraction double precision NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, batch_id)
);
`;

/** How often a running commit writes its progress: a bar moves smoothly at this rate, the database barely notices. */
const WRITE_EVERY_MS = 250;
/** A row not written for this long belongs to a process that died mid-import: it is not reported as running. */
const STALE_AFTER_MS = 60_000;

/**
 * The imports running now, by organization and file, so a panel can show a real progress bar while
 * its upload is being imported. Kept in PostgreSQL, not in memory: behind a load balancer the
 * panel's poll reaches any API process, not the one running the commit. Writes are throttled and
 * never hold the import up (a failed write only leaves the bar where it was); the result itself
 * comes back on the commit request, never from here.
 */
export const createImportProgress = (pool: Pool, now: () => number = Date.now) => {
  const write = (sql: string, values: unknown[]) =>
    pool.query(sql, values).then(
      () => undefined,
      () => undefined,
    );

  /** Starts tracking one commit; `update` fits ImportOptions.onProgress and `done` must follow in a finally. */
  const track = (orgId: string, batchId: string) => {
    // The same file sent twice at once: each run owns the row while it writes, and only the run
    // that wrote it last removes it.
    const runId = randomUUID();
    let lastWrite = 0;
    let trailing: ReturnType<typeof setTimeout> | undefined;
    let latest = { rows: 0, share: 0 };
    let pending: Promise<void> = write(
      `INSERT INTO import_progress (org_id, batch_id, run_id, rows, fraction) VALUES ($1, $2, $3, 0, 0)
       ON CONFLICT (org_id, batch_id) DO UPDATE SET run_id = $3, rows = 0, fraction = 0, updated_at = now()`,
      [orgId, batchId, runId],
    );
    const flush = () => {
      trailing = undefined;
      lastWrite = now();
      const { rows, share } = latest;
      pending = pending.then(() =>
        write(
          `UPDATE import_progress SET run_id = $3, rows = $4, fraction = $5, updated_at = now()
           WHERE org_id = $1 AND batch_id = $2`,
          [orgId, batchId, runId, rows, share],
        ),
      );
    };
    return {
      update: (rows: number, fraction: number) => {
        latest = { rows, share: Math.min(1, Math.max(0, fraction)) };
        if (trailing) return;
        const wait = WRITE_EVERY_MS - (now() - lastWrite);
        // The last figure inside the interval is written when it ends, not dropped: an import that
        // then waits (a locked client, a slow disk) shows where it really is.
        if (wait > 0) trailing = setTimeout(flush, wait);
        else flush();
      },
      done: (): Promise<void> => {
        clearTimeout(trailing);
        trailing = undefined;
        return (pending = pending.then(() =>
          write('DELETE FROM import_progress WHERE org_id = $1 AND batch_id = $2 AND run_id = $3', [orgId, batchId, runId]),
        ));
      },
    };
  };

  const of = async (orgId: string, batchId: string): Promise<ImportProgress | null> => {
    const { rows } = await pool.query<{ rows: number; fraction: number }>(
      `SELECT rows, fraction FROM import_progress
       WHERE org_id = $1 AND batch_id = $2 AND updated_at > now() - make_interval(secs => $3)`,
      [orgId, batchId, STALE_AFTER_MS / 1000],
    );
    return rows[0] ? { rows: rows[0].rows, fraction: rows[0].fraction } : null;
  };

  return { track, of };
};

export type ImportProgressTracker = ReturnType<typeof createImportProgress>;
