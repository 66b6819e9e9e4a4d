import type { Pool } from 'pg';
import type { OpenWorkOrder } from '../../domain/work-order/work-order.ts';
import { workOrderView } from '../../domain/work-order/view.ts';
import { withOrg } from '../reader.ts';
import { READ_MODEL_SCHEMA as s } from '../schema.ts';

/** A visit's work order as the read model holds it, or null when none was opened. */
export const getWorkOrderOfBooking = (pool: Pool, orgId: string, bookingId: string) =>
  withOrg(pool, orgId, async (db) => {
    const { rows } = await db.query<{ state: OpenWorkOrder; started_unagreed: boolean }>(
      `SELECT state, started_unagreed FROM ${s}.work_orders WHERE booking_id = $1`,
      [bookingId],
    );
    const row = rows[0];
    return row ? { ...workOrderView(row.state), startedUnagreed: row.started_unagreed } : null;
  });

/**
 * Money of a period (half-open instants): revenue is what came in less what went back, in the
 * period; the average bill and works against parts are of the orders finished in the period.
 */
export const getMoneyKpis = (pool: Pool, orgId: string, branchIds: readonly string[] | null, from: string, to: string) =>
  withOrg(pool, orgId, async (db) => {
    const { rows } = await db.query<{
      revenue: string;
      payments: number;
      orders: number;
      billed: string;
      works: string;
      parts: string;
    }>(
      `SELECT (SELECT coalesce(sum(CASE kind WHEN 'payment' THEN amount ELSE -amount END), 0)::text
                 FROM ${s}.work_order_money
                WHERE at >= $1 AND at < $2 AND ($3::uuid[] IS NULL OR branch_id = ANY($3))) AS revenue,
              (SELECT count(*)::int FROM ${s}.work_order_money
                WHERE kind = 'payment' AND at >= $1 AND at < $2 AND ($3::uuid[] IS NULL OR branch_id = ANY($3))) AS payments,
              count(*)::int AS orders,
              coalesce(sum(total), 0)::text AS billed,
              coalesce(sum(works), 0)::text AS works,
              coalesce(sum(parts), 0)::text AS parts
         FROM ${s}.work_orders
        WHERE done_at >= $1 AND done_at < $2 AND ($3::uuid[] IS NULL OR branch_id = ANY($3))`,
      [from, to, branchIds],
    );
    const row = rows[0]!;
    return {
      revenueKopecks: Number(row.revenue),
      payments: row.payments,
      ordersDone: row.orders,
      averageBillKopecks: row.orders === 0 ? null : Math.round(Number(row.billed) / row.orders),
      worksKopecks: Number(row.works),
      partsKopecks: Number(row.parts),
    };
  });
