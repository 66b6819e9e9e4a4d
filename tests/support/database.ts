import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A new, empty database on the test cluster; its URL. */
export const freshDatabase = async (): Promise<string> => {
  const serverUrl = inject('postgresUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

type Queryable = { query: (text: string) => Promise<{ rows: Record<string, unknown>[] }> };

/** Waits until the read-model checkpoint has passed every event in the log. */
export const waitForReadModels = async (db: Queryable): Promise<void> => {
  for (let i = 0; i < 1200; i++) {
    const { rows } = await db.query(
      `SELECT EXISTS (
         SELECT 1 FROM emt_messages m
          WHERE (m.transaction_id, m.global_position) > coalesce(
            (SELECT (transaction_id, global_position) FROM rm.checkpoints WHERE projection = 'read-models'),
            ('0'::xid8, 0::bigint))) AS behind`,
    );
    if (!rows[0]!.behind) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('read models did not catch up');
};
