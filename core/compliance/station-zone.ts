import type { Pool } from 'pg';

/** The station's time zone for its compliance papers: its first branch's (Moscow when it has none yet). */
export const stationTimeZone = async (pool: Pool, orgId: string): Promise<string> => {
  const { rows } = await pool.query<{ time_zone: string }>(
    'SELECT time_zone FROM branches WHERE org_id = $1 ORDER BY created_at, id LIMIT 1',
    [orgId],
  );
  return rows[0]?.time_zone ?? 'Europe/Moscow';
};
