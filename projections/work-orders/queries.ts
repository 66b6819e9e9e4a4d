import type { Pool } from 'pg';
import type { OpenWorkOrder } from '../../domain/work-order/work-order.ts';
import { workOrderView } from '../../domain/work-order/view.ts';
import { amountOf } from '../../domain/work-order/money.ts';
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

export type EarlierDeclined = { name: string; amountKopecks: number; workOrderNumber: number; declinedAt: string };

/**
 * Additional works the client declined on their earlier work orders (newest first): recommendations
 * the station shows again at the next visit, in the panel and with the next estimate.
 */
export const getEarlierDeclined = (pool: Pool, orgId: string, clientId: string, exceptWorkOrderId: string) =>
  withOrg(pool, orgId, async (db): Promise<EarlierDeclined[]> => {
    const { rows } = await db.query<{ state: OpenWorkOrder }>(
      `SELECT state FROM ${s}.work_orders
        WHERE state->>'clientId' = $1 AND id <> $2 AND jsonb_array_length(coalesce(state->'declined', '[]'::jsonb)) > 0
        ORDER BY opened_at DESC LIMIT 10`,
      [clientId, exceptWorkOrderId],
    );
    return rows.flatMap(({ state }) => {
      const declinedAt = new Map(
        state.approvals.flatMap((approval) => approval.lineIds.map((lineId) => [lineId, approval.decision?.at ?? ''] as const)),
      );
      return state.declined.map((line) => ({
        name: line.name,
        amountKopecks: amountOf(line),
        workOrderNumber: state.number,
        declinedAt: declinedAt.get(line.lineId) ?? '',
      }));
    });
  });
