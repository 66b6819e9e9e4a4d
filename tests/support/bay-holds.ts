import type { Pool } from 'pg';

/** What each booking holds on one bay-day, as its schedule stream says: the aggregate, not a read model. */
export const bayDayHolds = async (
  pool: Pool,
  bayId: string,
  date: string,
): Promise<Map<string, { from: number; to: number }>> => {
  const { rows } = await pool.query<{ type: string; data: Record<string, string> }>(
    `SELECT message_type AS type, message_data AS data FROM emt_messages WHERE stream_id = $1 ORDER BY stream_position`,
    [`schedule-${bayId}_${date}`],
  );
  const held = new Map<string, { from: number; to: number }>();
  for (const { type, data } of rows) {
    if (type === 'SlotsReserved') held.set(data.bookingId!, { from: Date.parse(data.from!), to: Date.parse(data.to!) });
    if (type === 'SlotsReleased') held.delete(data.bookingId!);
  }
  return held;
};
