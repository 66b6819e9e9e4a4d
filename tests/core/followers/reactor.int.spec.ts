import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../core/database/migrations.ts';
import { createEventStore } from '../../../core/event-store/event-store.ts';
import { startReactor } from '../../../core/followers/reactor.ts';
import { freshDatabase } from '../../support/database.ts';

let pool: pg.Pool;

beforeAll(async () => {
  const url = await freshDatabase();
  pool = new pg.Pool({ connectionString: url, max: 4 });
  await migrate(pool, url);
});
afterAll(async () => {
  await pool?.end();
});

const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('Reactor', () => {
  it('reads batch after batch to the end of the log in one step, so a gap between steps never leaves it behind', async () => {
    const store = createEventStore(pool);
    // 350 events, three and a half batches of 100, in 35 appends.
    for (let append = 0; append < 35; append++) {
      await store.appendMany(
        Array.from({ length: 10 }, (_, i) => ({
          stream: `note-${append}-${i}`,
          expected: 0,
          events: [{ type: 'NoteTaken', data: { n: append * 10 + i } }],
          metadata: {},
        })),
      );
    }
    const handled: number[] = [];
    const reactor = startReactor({
      pool,
      name: 'gapped-follower',
      startFrom: 'beginning',
      batchSize: 100,
      // Longer than the test may wait: the whole log has to go in the first step.
      gapMs: 600_000,
      handle: async (event) => {
        handled.push(event.data.n as number);
      },
      onError: (error) => {
        throw error;
      },
    });
    try {
      await until(() => handled.length >= 350, 'all 350 events to be handled');
      expect(handled).toEqual(Array.from({ length: 350 }, (_, n) => n));
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM emt_messages m, reactor_checkpoints r
          WHERE r.reactor = 'gapped-follower' AND (m.transaction_id, m.global_position) > (r.transaction_id, r.global_position)`,
      );
      expect(rows[0]!.n).toBe('0');
    } finally {
      await reactor.stop();
    }
  });
});
