import type { Pool } from 'pg';
import type { OpenWorkOrder } from '../../domain/work-order/work-order.ts';
import { amountOf } from '../../domain/work-order/money.ts';
import { withOrg } from '../reader.ts';
import { READ_MODEL_SCHEMA as s } from '../schema.ts';
import { PLATE_LETTERS, plateKeySql } from '../clients/queries.ts';

export const hasWorkOrder = (pool: Pool, orgId: string, bookingId: string) =>
  withOrg(pool, orgId, async (db) => {
    const { rowCount } = await db.query(`SELECT 1 FROM ${s}.work_orders WHERE booking_id = $1`, [bookingId]);
    return (rowCount ?? 0) > 0;
  });

/**
 * Money of a period (half-open instants): revenue is what came in less what went back, in the
 * period; the average bill and works against parts are of the orders finished in the period, with
 * what their prices were lowered by after payment (works + parts − lowered = the orders' sum).
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
      lowered: string;
    }>(
      `SELECT (SELECT coalesce(sum(CASE kind WHEN 'payment' THEN amount ELSE -amount END), 0)::text
                 FROM ${s}.work_order_money
                WHERE at >= $1 AND at < $2 AND ($3::uuid[] IS NULL OR branch_id = ANY($3))) AS revenue,
              (SELECT count(*)::int FROM ${s}.work_order_money
                WHERE kind = 'payment' AND at >= $1 AND at < $2 AND ($3::uuid[] IS NULL OR branch_id = ANY($3))) AS payments,
              count(*)::int AS orders,
              coalesce(sum(total), 0)::text AS billed,
              coalesce(sum(works), 0)::text AS works,
              coalesce(sum(parts), 0)::text AS parts,
              coalesce(sum(works + parts - total), 0)::text AS lowered
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
      loweredKopecks: Number(row.lowered),
    };
  });

/** Orders finished in a period under one key (a branch, the client's manager, the mechanic, the booking's channel). */
export type MoneyRow = { key: string | null; ordersDone: number; billedKopecks: number };
/** A mechanic's finished orders with the minutes their bookings planned and the minutes from start to done. */
export type MechanicMoneyRow = MoneyRow & { bookedMinutes: number; workedMinutes: number };

export type MoneyBreakdowns = {
  byBranch: (MoneyRow & { revenueKopecks: number })[];
  byManager: MoneyRow[];
  byMechanic: MechanicMoneyRow[];
  byChannel: MoneyRow[];
  /** Finished visits of cars with a plate, and how many of them came back (the car had a finished visit before). */
  cars: { visits: number; repeatVisits: number };
};

/**
 * The orders finished in a period (half-open instants) by branch (with the money that came in there),
 * by the manager answering for the client, by the mechanic on the booking (booked against worked
 * minutes), by the channel the booking came through; and how many finished visits were repeat visits of a car.
 */
export const getMoneyBreakdowns = (
  pool: Pool,
  orgId: string,
  branchIds: readonly string[] | null,
  from: string,
  to: string,
): Promise<MoneyBreakdowns> =>
  withOrg(pool, orgId, async (db) => {
    const done = `WITH done AS (
      SELECT w.branch_id, w.total, b.channel, b.mechanic_id, b.plate, b.start_at, b.end_at, c.manager_id,
             k.started_at, k.done_at
        FROM ${s}.work_orders w
        JOIN ${s}.bookings b ON b.id = w.booking_id
        LEFT JOIN ${s}.clients c ON c.id = b.client_id
        LEFT JOIN ${s}.kpi_bookings k ON k.booking_id = w.booking_id
       WHERE w.done_at >= $1 AND w.done_at < $2 AND ($3::uuid[] IS NULL OR w.branch_id = ANY($3)))`;
    const grouped = await db.query<{
      dim: string;
      key: string | null;
      orders: number;
      billed: string;
      booked: string | null;
      worked: string | null;
    }>(
      `${done}
       SELECT 'branch' AS dim, branch_id::text AS key, count(*)::int AS orders, sum(total)::text AS billed,
              NULL AS booked, NULL AS worked FROM done GROUP BY branch_id
       UNION ALL SELECT 'manager', manager_id::text, count(*)::int, sum(total)::text, NULL, NULL FROM done GROUP BY manager_id
       UNION ALL SELECT 'channel', channel, count(*)::int, sum(total)::text, NULL, NULL FROM done GROUP BY channel
       UNION ALL SELECT 'mechanic', mechanic_id::text, count(*)::int, sum(total)::text,
              round(sum(extract(epoch FROM end_at - start_at)) / 60)::text,
              round(coalesce(sum(extract(epoch FROM done_at - started_at)), 0) / 60)::text
         FROM done GROUP BY mechanic_id`,
      [from, to, branchIds],
    );
    const revenue = await db.query<{ branch_id: string; revenue: string }>(
      `SELECT branch_id::text, sum(CASE kind WHEN 'payment' THEN amount ELSE -amount END)::text AS revenue
         FROM ${s}.work_order_money
        WHERE at >= $1 AND at < $2 AND ($3::uuid[] IS NULL OR branch_id = ANY($3))
        GROUP BY branch_id`,
      [from, to, branchIds],
    );
    const cars = await db.query<{ visits: number; repeat: number }>(
      `${done}
       SELECT count(*)::int AS visits,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM ${s}.bookings e
                 WHERE e.plate IS NOT NULL AND e.status = 'Done' AND e.start_at < d.start_at
                   AND ${plateKeySql('e.plate', '$4', '$5')} = ${plateKeySql('d.plate', '$4', '$5')}))::int AS repeat
         FROM done d WHERE d.plate IS NOT NULL`,
      [from, to, branchIds, PLATE_LETTERS.from, PLATE_LETTERS.to],
    );
    const of = (dim: string) =>
      grouped.rows
        .filter((row) => row.dim === dim)
        .map((row) => ({ key: row.key, ordersDone: row.orders, billedKopecks: Number(row.billed) }))
        .sort((a, b) => b.billedKopecks - a.billedKopecks);
    const paidIn = new Map(revenue.rows.map((row) => [row.branch_id, Number(row.revenue)]));
    const branches = of('branch').map((row) => ({ ...row, revenueKopecks: paidIn.get(row.key!) ?? 0 }));
    // A branch money came into with no order finished in the period still has its revenue.
    for (const [branchId, revenueKopecks] of paidIn) {
      if (!branches.some((row) => row.key === branchId))
        branches.push({ key: branchId, ordersDone: 0, billedKopecks: 0, revenueKopecks });
    }
    const minutes = new Map(
      grouped.rows.filter((row) => row.dim === 'mechanic').map((row) => [row.key, [Number(row.booked), Number(row.worked)]]),
    );
    return {
      byBranch: branches,
      byManager: of('manager'),
      byMechanic: of('mechanic').map((row) => {
        const [bookedMinutes, workedMinutes] = minutes.get(row.key) ?? [0, 0];
        return { ...row, bookedMinutes: bookedMinutes!, workedMinutes: workedMinutes! };
      }),
      byChannel: of('channel'),
      cars: { visits: cars.rows[0]!.visits, repeatVisits: cars.rows[0]!.repeat },
    };
  });

/**
 * Money of a period by how it was paid (the till at closing: cash, card, SBP, invoice, online): what
 * came in, what went back (a refund goes back the way its payment came) and how many payments. A
 * method of null is money whose payment the work order no longer names (none so far).
 */
export const getMoneyByMethod = (pool: Pool, orgId: string, branchIds: readonly string[] | null, from: string, to: string) =>
  withOrg(pool, orgId, async (db) => {
    const { rows } = await db.query<{ method: string | null; paid: string; refunded: string; payments: number }>(
      `SELECT method, sum(amount) FILTER (WHERE kind = 'payment')::text AS paid,
              sum(amount) FILTER (WHERE kind = 'refund')::text AS refunded,
              count(*) FILTER (WHERE kind = 'payment')::int AS payments
         FROM (SELECT m.kind, m.amount,
                      CASE WHEN m.kind = 'payment' THEN m.method ELSE
                        (SELECT pay->>'method'
                           FROM ${s}.work_orders w,
                                jsonb_array_elements(coalesce(w.state->'refunds', '[]'::jsonb)) refund,
                                jsonb_array_elements(w.state->'payments') pay
                          WHERE w.id = m.work_order_id AND refund->>'refundId' = m.id
                            AND pay->>'paymentId' = refund->>'paymentId' LIMIT 1)
                      END AS method
                 FROM ${s}.work_order_money m
                WHERE m.at >= $1 AND m.at < $2 AND ($3::uuid[] IS NULL OR m.branch_id = ANY($3))) money
        GROUP BY method ORDER BY sum(CASE kind WHEN 'payment' THEN amount ELSE -amount END) DESC, method`,
      [from, to, branchIds],
    );
    return rows.map((row) => {
      const paidKopecks = Number(row.paid ?? 0);
      const refundedKopecks = Number(row.refunded ?? 0);
      return {
        method: row.method,
        paidKopecks,
        refundedKopecks,
        netKopecks: paidKopecks - refundedKopecks,
        payments: row.payments,
      };
    });
  });

/**
 * Money asked for and not in yet, at this moment (not of a period): the invoices awaited (a paid
 * order's too, until the desk withdraws it: it cannot close before), and the finished orders' sums
 * still due beyond what those invoices ask for.
 */
export const getAwaitedMoney = (pool: Pool, orgId: string, branchIds: readonly string[] | null) =>
  withOrg(pool, orgId, async (db) => {
    const { rows } = await db.query<{ invoices: number; invoiced: string; unpaid_orders: number; unpaid: string }>(
      `SELECT coalesce(sum(a.n), 0)::int AS invoices,
              coalesce(sum(a.kopecks), 0)::text AS invoiced,
              count(*) FILTER (WHERE w.status = 'Done' AND w.due - a.kopecks > 0)::int AS unpaid_orders,
              coalesce(sum(w.due - a.kopecks) FILTER (WHERE w.status = 'Done' AND w.due - a.kopecks > 0), 0)::text AS unpaid
         FROM ${s}.work_orders w
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS n, coalesce(sum((invoice->>'amountKopecks')::bigint), 0) AS kopecks
             FROM jsonb_array_elements(coalesce(w.state->'invoices', '[]'::jsonb)) invoice
            WHERE invoice->>'status' = 'awaiting') a
        WHERE w.status <> 'Closed' AND ($1::uuid[] IS NULL OR w.branch_id = ANY($1))`,
      [branchIds],
    );
    const row = rows[0]!;
    return {
      invoices: row.invoices,
      invoicedKopecks: Number(row.invoiced),
      unpaidOrders: row.unpaid_orders,
      unpaidKopecks: Number(row.unpaid),
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
