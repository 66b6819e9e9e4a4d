import type { Pool } from 'pg';
import { withOrg } from '../reader.ts';
import { READ_MODEL_SCHEMA as s } from '../schema.ts';

/** What the maintenance reminders of a period did: sent, booked from, visits finished and the money paid for them. */
export type ReminderFigures = { issued: number; booked: number; visitsDone: number; revenueKopecks: number };

/** The reminders issued in a period (half-open instants) in the branches, and what came of them since. */
export const getReminderFigures = (
  pool: Pool,
  orgId: string,
  branchIds: readonly string[] | null,
  from: string,
  to: string,
): Promise<ReminderFigures> =>
  withOrg(pool, orgId, async (db) => {
    const { rows } = await db.query<{ issued: number; booked: number; done: number; paid: string }>(
      `SELECT count(*)::int AS issued,
              count(r.booking_id)::int AS booked,
              count(*) FILTER (WHERE b.status = 'Done')::int AS done,
              coalesce(sum(w.paid), 0)::text AS paid
         FROM ${s}.maintenance_reminders r
         LEFT JOIN ${s}.bookings b ON b.id = r.booking_id
         LEFT JOIN ${s}.work_orders w ON w.booking_id = r.booking_id
        WHERE r.issued_at >= $1 AND r.issued_at < $2 AND ($3::uuid[] IS NULL OR r.branch_id = ANY($3))`,
      [from, to, branchIds],
    );
    const row = rows[0]!;
    return { issued: row.issued, booked: row.booked, visitsDone: row.done, revenueKopecks: Number(row.paid) };
  });
