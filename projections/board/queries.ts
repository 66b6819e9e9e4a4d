import type { Pool } from 'pg';
import type { BookingStatus } from '../../domain/booking/booking.ts';
import { maskPhone } from '../../domain/compliance/notice.ts';
import { iso, withOrg } from '../reader.ts';
import { READ_MODEL_SCHEMA as s } from '../schema.ts';

export type BoardCard = {
  id: string;
  branchId: string;
  bayId: string;
  serviceIds: string[];
  clientId: string;
  clientName: string | null;
  /**
   * Masked (`+7 *** ***-**-12`): cards reach every panel, mechanics' too, and the live feed; the
   * number itself is only given by the logged reveal (getBookingPhone).
   */
  clientPhone: string | null;
  status: string;
  channel: string;
  start: string;
  end: string;
  car: string | null;
  plate: string | null;
  comment: string | null;
  mechanicId: string | null;
  /** The staff member answering for the client (so for the booking); null when nobody does. */
  managerId: string | null;
  cancelReason: string | null;
  requestedAt: string;
  confirmedAt: string | null;
  statusChangedAt: string;
  version: number;
  /** The manager's last call to the client about this booking. */
  lastCall: { outcome: string; at: string } | null;
  /** Where the client came from beyond the channel (UTM tags, a deep link's payload). */
  source: string | null;
};

export const cardColumns = `b.id, b.branch_id, b.bay_id, b.service_ids, b.client_id, c.name AS client_name, c.phone AS client_phone,
  b.status, b.channel, b.start_at, b.end_at, b.car, b.plate, b.comment, b.mechanic_id, c.manager_id, b.cancel_reason,
  b.requested_at, b.confirmed_at, b.status_changed_at, b.version, b.last_call_outcome, b.last_call_at, b.lead_source`;

export const toCard = (row: Record<string, unknown>): BoardCard => ({
  id: row.id as string,
  branchId: row.branch_id as string,
  bayId: row.bay_id as string,
  serviceIds: row.service_ids as string[],
  clientId: row.client_id as string,
  clientName: row.client_name as string | null,
  clientPhone: maskPhone(row.client_phone as string | null),
  status: row.status as string,
  channel: row.channel as string,
  start: iso(row.start_at)!,
  end: iso(row.end_at)!,
  car: row.car as string | null,
  plate: row.plate as string | null,
  comment: row.comment as string | null,
  mechanicId: row.mechanic_id as string | null,
  managerId: (row.manager_id as string | null) ?? null,
  cancelReason: row.cancel_reason as string | null,
  requestedAt: iso(row.requested_at)!,
  confirmedAt: iso(row.confirmed_at),
  statusChangedAt: iso(row.status_changed_at)!,
  version: row.version as number,
  lastCall: row.last_call_outcome ? { outcome: row.last_call_outcome as string, at: iso(row.last_call_at)! } : null,
  source: (row.lead_source as string | null) ?? null,
});

export const BOARD_COLUMNS = ['New', 'Confirmed', 'InProgress', 'Done', 'Cancelled'] as const;

/**
 * The kanban of one branch for a time window (the branch's day, computed by the caller), from the
 * live read models or from a history schema built as of an instant.
 */
export const getBoard = (pool: Pool, orgId: string, branchId: string, from: string, to: string, schema: string = s) =>
  withOrg(pool, orgId, async (db) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('read-model schema is not a plain identifier');
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT ${cardColumns} FROM ${schema}.bookings b LEFT JOIN ${schema}.clients c ON c.id = b.client_id
        WHERE b.branch_id = $1 AND b.start_at < $3 AND b.end_at > $2
        ORDER BY b.start_at, b.id`,
      [branchId, from, to],
    );
    const cards = rows.map(toCard);
    return BOARD_COLUMNS.map((status) => {
      const inColumn = cards.filter((card) => card.status === status);
      return { status, count: inColumn.length, cards: inColumn };
    });
  });

export const getCards = (pool: Pool, orgId: string, bookingIds: readonly string[]) =>
  withOrg(pool, orgId, async (db) => {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT ${cardColumns} FROM ${s}.bookings b LEFT JOIN ${s}.clients c ON c.id = b.client_id WHERE b.id = ANY($1::uuid[])`,
      [bookingIds],
    );
    return rows.map(toCard);
  });

/** The client and full phone of one booking, for the logged reveal alone; null when the booking is unknown. */
export const getBookingPhone = (pool: Pool, orgId: string, bookingId: string) =>
  withOrg(pool, orgId, async (db) => {
    const { rows } = await db.query<{ client_id: string; phone: string | null }>(
      `SELECT b.client_id, c.phone FROM ${s}.bookings b LEFT JOIN ${s}.clients c ON c.id = b.client_id AND NOT c.erased
        WHERE b.id = $1`,
      [bookingId],
    );
    const row = rows[0];
    return row ? { clientId: row.client_id, phone: row.phone } : null;
  });

/** One booking in a client's own list (the bot's «Мои записи»): what, where, when and how it stands. */
export type ClientBooking = { id: string; branchId: string; serviceIds: string[]; status: BookingStatus; start: Date };

/** A client's bookings, latest start first, at most `limit` of them. */
export const getClientBookings = (pool: Pool, orgId: string, clientId: string, limit = 50) =>
  withOrg(pool, orgId, async (db) => {
    const { rows } = await db.query<{
      id: string;
      branch_id: string;
      service_ids: string[];
      status: BookingStatus;
      start_at: Date;
    }>(
      `SELECT id, branch_id, service_ids, status, start_at FROM ${s}.bookings
        WHERE client_id = $1 ORDER BY start_at DESC LIMIT $2`,
      [clientId, limit],
    );
    return rows.map((row): ClientBooking => ({
      id: row.id,
      branchId: row.branch_id,
      serviceIds: row.service_ids,
      status: row.status,
      start: row.start_at,
    }));
  });

/** Whether any booking of the organization came from an imported diary (the first-run guide asks). */
export const hasBookingsFromChannel = (pool: Pool, orgId: string, channel: string) =>
  withOrg(pool, orgId, async (db) => {
    const { rowCount } = await db.query(`SELECT 1 FROM ${s}.bookings WHERE org_id = $1 AND channel = $2 LIMIT 1`, [
      orgId,
      channel,
    ]);
    return (rowCount ?? 0) > 0;
  });

/** Bookings requested in a period, by channel and lead source: how many, and how many were done or cancelled. */
export type LeadSourceRow = { channel: string; source: string | null; bookings: number; done: number; cancelled: number };

export const getLeadSources = (
  pool: Pool,
  orgId: string,
  branchIds: readonly string[] | null,
  span: { from: string; to: string },
): Promise<LeadSourceRow[]> =>
  withOrg(pool, orgId, async (db) => {
    const { rows } = await db.query<LeadSourceRow>(
      `SELECT channel, lead_source AS source, count(*)::int AS bookings,
              count(*) FILTER (WHERE status = 'Done')::int AS done,
              count(*) FILTER (WHERE status = 'Cancelled')::int AS cancelled
         FROM ${s}.bookings
        WHERE org_id = $1 AND requested_at >= $2 AND requested_at < $3 AND ($4::uuid[] IS NULL OR branch_id = ANY($4::uuid[]))
        GROUP BY channel, lead_source
        ORDER BY bookings DESC, channel, lead_source NULLS FIRST`,
      [orgId, span.from, span.to, branchIds ? [...branchIds] : null],
    );
    return rows;
  });
