import type { Pool } from 'pg';
import { REFUSAL_LIMITS, refusalCounters, type RefusalAsk, type RefusalLimits } from '../../domain/booking/refusal-limits.ts';

/** Counters older than this are gone: no window is longer. */
const KEEP_MS = 24 * 60 * 60_000;

/**
 * Counts refusals in PostgreSQL, so every API process and every restart shares the same counters.
 * `admit` adds one to each counter and says whether all of them are still within their limits.
 */
export const createRefusalLimiter = (pool: Pool, limits: RefusalLimits = REFUSAL_LIMITS) => ({
  admit: async (ask: RefusalAsk, now: number): Promise<boolean> => {
    const counters = refusalCounters(ask, now, limits);
    const { rows } = await pool.query<{ admitted: boolean }>(
      `WITH ask AS (
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[]) AS a(key, window_start, max)
       ), counted AS (
         INSERT INTO refusal_counts AS c (key, window_start, n)
         SELECT key, window_start, 1 FROM ask
         ON CONFLICT (key, window_start) DO UPDATE SET n = c.n + 1
         RETURNING c.key, c.window_start, c.n
       ), forgotten AS (
         DELETE FROM refusal_counts WHERE window_start < $4
       )
       SELECT bool_and(counted.n <= ask.max) AS admitted FROM counted JOIN ask USING (key, window_start)`,
      [
        counters.map((counter) => counter.key),
        counters.map((counter) => new Date(counter.windowStart)),
        counters.map((counter) => counter.max),
        new Date(now - KEEP_MS),
      ],
    );
    return rows[0]?.admitted === true;
  },
});

export type RefusalLimiter = ReturnType<typeof createRefusalLimiter>;
