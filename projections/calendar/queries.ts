import type { Pool } from 'pg';
import { cardColumns, toCard } from '../board/queries.ts';
import { iso, withOrg } from '../reader.ts';
import { READ_MODEL_SCHEMA as s } from '../schema.ts';

/** One branch's reserved bay time in a window, as cards with the time each one blocks. */
export const getCalendar = (pool: Pool, orgId: string, branchId: string, from: string, to: string) =>
  withOrg(pool, orgId, async (db) => {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT ${cardColumns}, lower(k.during) AS blocked_from, upper(k.during) AS blocked_to, k.day
         FROM ${s}.calendar k
         JOIN ${s}.bookings b ON b.id = k.booking_id
         LEFT JOIN ${s}.clients c ON c.id = b.client_id
        WHERE k.branch_id = $1 AND k.during && tstzrange($2, $3)
        ORDER BY lower(k.during), b.id`,
      [branchId, from, to],
    );
    return rows.map((row) => ({
      ...toCard(row),
      blockedFrom: iso(row.blocked_from)!,
      blockedTo: iso(row.blocked_to)!,
    }));
  });
