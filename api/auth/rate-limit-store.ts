import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Pool } from 'pg';

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;

/**
 * @fastify/rate-limit's counters in PostgreSQL (fixed windows), so every API process on the
 * database counts into the same window: one address cannot get N times the limit by spreading its
 * tries over N processes. Windows that ended an hour ago are swept now and then.
 */
export const postgresRateLimitStore = (pool: Pool): FastifyRateLimitStoreCtor => {
  let calls = 0;
  const store: FastifyRateLimitStore & { read: (key: string, callback: Callback, timeWindow: number) => void } = {
    incr: (key, callback, timeWindow) => {
      if (++calls % 200 === 0)
        void pool.query(`DELETE FROM rate_limits WHERE resets_at < now() - interval '1 hour'`).catch(() => undefined);
      pool
        .query<{ hits: number; ttl: number }>(
          `INSERT INTO rate_limits AS r (key, hits, resets_at) VALUES ($1, 1, now() + $2 * interval '1 millisecond')
           ON CONFLICT (key) DO UPDATE SET
             hits = CASE WHEN r.resets_at <= now() THEN 1 ELSE r.hits + 1 END,
             resets_at = CASE WHEN r.resets_at <= now() THEN now() + $2 * interval '1 millisecond' ELSE r.resets_at END
           RETURNING hits, (extract(epoch FROM resets_at - now()) * 1000)::float8 AS ttl`,
          [key, timeWindow],
        )
        .then(({ rows }) => callback(null, { current: rows[0]!.hits, ttl: Math.max(0, rows[0]!.ttl) }), callback);
    },
    read: (key, callback) => {
      pool
        .query<{ hits: number; ttl: number }>(
          `SELECT hits, (extract(epoch FROM resets_at - now()) * 1000)::float8 AS ttl FROM rate_limits
            WHERE key = $1 AND resets_at > now()`,
          [key],
        )
        .then(
          ({ rows }) => callback(null, rows[0] ? { current: rows[0].hits, ttl: rows[0].ttl } : { current: 0, ttl: 0 }),
          callback,
        );
    },
    child: () => store,
  };
  return class {
    constructor() {
      return store;
    }
  } as unknown as FastifyRateLimitStoreCtor;
};
