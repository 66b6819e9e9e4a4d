import type { Pool } from 'pg';

/**
 * How many upcoming visits a client holds (not cancelled, not done, not over yet at `at`), read
 * from the log itself: the board's read model may not hold a booking placed a moment ago. The
 * cap on what a client books for themselves (domain/booking/client-limits.ts) counts these.
 */
export const countOpenBookings = async (pool: Pool, clientId: string, at: Date): Promise<number> => {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM emt_messages r
      WHERE r.message_type = 'BookingRequested' AND r.message_data->>'clientId' = $1
        AND r.partition = 'emt:default' AND NOT r.is_archived AND (r.message_data->>'end')::timestamptz > $2
        AND NOT EXISTS (SELECT 1 FROM emt_messages c
                         WHERE c.stream_id = r.stream_id AND c.partition = 'emt:default'
                           AND c.message_type IN ('BookingCancelled', 'BookingCompleted'))`,
    [clientId, at],
  );
  return rows[0]!.n;
};
