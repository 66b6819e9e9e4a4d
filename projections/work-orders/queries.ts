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
