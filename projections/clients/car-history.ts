import type { Pool } from 'pg';
import type { OpenWorkOrder } from '../../domain/work-order/work-order.ts';
import { workOrderView } from '../../domain/work-order/view.ts';
import { iso, withOrg } from '../reader.ts';
import { READ_MODEL_SCHEMA as s } from '../schema.ts';
import { PLATE_LETTERS, plateKeySql, withinBranches, type ClientReader } from './queries.ts';

/** One visit of a car: the booking, who brought the car, and the work order when one was opened. */
export type CarVisitRow = {
  bookingId: string;
  branchId: string;
  start: string;
  status: string;
  serviceIds: string[];
  clientId: string;
  clientName: string | null;
  /** The car as the booking names it («Kia Rio»). */
  car: string | null;
  workOrder: {
    id: string;
    number: number;
    status: string;
    odometerKm: number | null;
    totalKopecks: number;
    lines: {
      kind: string;
      name: string;
      /** The catalogue service a work comes from; null for a part. */
      serviceId: string | null;
      article: string | null;
      quantityMilli: number;
      amountKopecks: number;
    }[];
  } | null;
};

/** A car on a client's card (make, model, year as the staff typed them), with the client it belongs to. */
export type CarOnCard = {
  clientId: string;
  clientName: string | null;
  make: string | null;
  model: string | null;
  year: number | null;
};

/** SQL: a stored plate in the plate rule's form, with the rule's letters in parameters $2 and $3. */
const plateKey = (stored: string) => plateKeySql(stored, '$2', '$3');

type VisitSqlRow = {
  id: string;
  branch_id: string;
  start_at: Date;
  status: string;
  service_ids: string[];
  client_id: string;
  client_name: string | null;
  car: string | null;
  state: OpenWorkOrder | null;
};

const visitColumns = 'b.id, b.branch_id, b.start_at, b.status, b.service_ids, b.client_id, c.name AS client_name, b.car, w.state';
const visitTables = `${s}.bookings b
         LEFT JOIN ${s}.clients c ON c.id = b.client_id AND NOT c.erased
         LEFT JOIN ${s}.work_orders w ON w.booking_id = b.id`;

const toVisit = (row: VisitSqlRow): CarVisitRow => {
  const order = row.state ? workOrderView(row.state) : null;
  return {
    bookingId: row.id,
    branchId: row.branch_id,
    start: iso(row.start_at)!,
    status: row.status,
    serviceIds: row.service_ids,
    clientId: row.client_id,
    clientName: row.client_name,
    car: row.car,
    workOrder: order && {
      id: order.id,
      number: order.number,
      status: order.status,
      odometerKm: order.odometerKm,
      totalKopecks: order.totals.total,
      lines: order.lines.map((line) => ({
        kind: line.kind,
        name: line.name,
        serviceId: line.serviceId,
        article: line.article,
        quantityMilli: line.quantityMilli,
        amountKopecks: line.amountKopecks,
      })),
    },
  };
};

/**
 * Everything the read models know of one car, by its plate (already in the plate rule's form):
 * the visits of every owner within the reader's branches, newest first, and the cards that list it.
 * An erased client's bookings no longer name a plate, so their visits are not part of it.
 */
export const getCarHistory = (pool: Pool, reader: ClientReader, plate: string) =>
  withOrg(pool, reader.orgId, async (db) => {
    const visits = await db.query<VisitSqlRow>(
      `SELECT ${visitColumns}
         FROM ${visitTables}
        WHERE b.plate IS NOT NULL AND ${plateKey('b.plate')} = $1
          AND ($4::uuid[] IS NULL OR b.branch_id = ANY($4::uuid[]))
        ORDER BY b.start_at DESC, b.id`,
      [plate, PLATE_LETTERS.from, PLATE_LETTERS.to, reader.branchIds],
    );
    const cards = await db.query<{ id: string; name: string | null; car: { make?: string; model?: string; year?: number } }>(
      `SELECT c.id, c.name, car.value AS car
         FROM ${s}.clients c, jsonb_array_elements(c.cars) AS car(value)
        WHERE NOT c.erased AND car.value->>'plate' IS NOT NULL AND ${plateKey("car.value->>'plate'")} = $1
          AND ${withinBranches('c', '$4')}
        ORDER BY c.registered_at, c.id`,
      [plate, PLATE_LETTERS.from, PLATE_LETTERS.to, reader.branchIds],
    );
    return {
      visits: visits.rows.map(toVisit),
      cards: cards.rows.map((row): CarOnCard => ({
        clientId: row.id,
        clientName: row.name,
        make: row.car.make ?? null,
        model: row.car.model ?? null,
        year: typeof row.car.year === 'number' ? row.car.year : null,
      })),
    };
  });

/** A car's visits with the plate (in the plate rule's form) they were grouped by. */
export type CarVisits = { plate: string; visits: CarVisitRow[] };

/**
 * Every car of the organization that finished a visit since `since` (its booking or its work order done), with all its visits there,
 * newest first: what the maintenance reminders look through. Erased clients' visits name no plate.
 */
export const getCarsVisitedSince = (pool: Pool, orgId: string, since: Date): Promise<CarVisits[]> =>
  withOrg(pool, orgId, async (db) => {
    const { rows } = await db.query<VisitSqlRow & { plate_key: string }>(
      `WITH recent AS (
         SELECT DISTINCT ${plateKey('r.plate')} AS plate_key
           FROM ${s}.bookings r LEFT JOIN ${s}.work_orders o ON o.booking_id = r.id
          WHERE r.plate IS NOT NULL AND r.start_at >= $1 AND (r.status = 'Done' OR o.status IN ('Done', 'Paid', 'Closed')))
       SELECT ${visitColumns}, r.plate_key
         FROM ${visitTables}
         JOIN recent r ON r.plate_key = ${plateKey('b.plate')}
        WHERE b.plate IS NOT NULL
        ORDER BY r.plate_key, b.start_at DESC, b.id`,
      [since, PLATE_LETTERS.from, PLATE_LETTERS.to],
    );
    const cars = new Map<string, CarVisitRow[]>();
    for (const row of rows) {
      const visits = cars.get(row.plate_key) ?? [];
      visits.push(toVisit(row));
      cars.set(row.plate_key, visits);
    }
    return [...cars].map(([plate, visits]) => ({ plate, visits }));
  });
