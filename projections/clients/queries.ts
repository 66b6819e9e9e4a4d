import type { Pool } from 'pg';
import { normalizePlate } from '../../domain/client/plate.ts';
import { normalizePhone } from '../../domain/shared/phone.ts';
import { iso, withOrg } from '../reader.ts';
import { READ_MODEL_SCHEMA as s } from '../schema.ts';

/**
 * Who reads clients: their organization and the branches they are limited to (a session's
 * `branchIds`), or null for every branch (owners, compliance officers, staff with no branch named).
 */
export type ClientReader = { orgId: string; branchIds: readonly string[] | null };

/**
 * SQL: the client row `alias` is within the branches in parameter `param` (a uuid[], or null for
 * every branch): they booked in one of them, or a client-base file brought them into one.
 */
export const withinBranches = (alias: string, param: string) => `(${param}::uuid[] IS NULL
  OR EXISTS (SELECT 1 FROM ${s}.bookings sb WHERE sb.client_id = ${alias}.id AND sb.branch_id = ANY(${param}::uuid[]))
  OR EXISTS (SELECT 1 FROM ${s}.import_branches si
              WHERE si.org_id = ${alias}.org_id AND si.batch_id = ANY(${alias}.import_batches) AND si.branch_id = ANY(${param}::uuid[])))`;

/** SQL: the booking row `alias` is in one of the branches in parameter `param` (null: any). */
const bookedWithin = (alias: string, param: string) => `(${param}::uuid[] IS NULL OR ${alias}.branch_id = ANY(${param}::uuid[]))`;

/** Whether the client exists, is not erased and is within the reader's branches. */
export const isClientWithin = (pool: Pool, reader: ClientReader, clientId: string) =>
  withOrg(pool, reader.orgId, async (db) => {
    const { rowCount } = await db.query(
      `SELECT 1 FROM ${s}.clients c WHERE c.id = $1 AND NOT c.erased AND ${withinBranches('c', '$2')}`,
      [clientId, reader.branchIds],
    );
    return rowCount === 1;
  });

/** Of `clientIds`, those not erased and within the reader's branches (all of them for an unlimited reader). */
export const clientsWithin = async (pool: Pool, reader: ClientReader, clientIds: readonly string[]): Promise<Set<string>> => {
  if (clientIds.length === 0) return new Set();
  return withOrg(pool, reader.orgId, async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `SELECT c.id FROM ${s}.clients c WHERE c.id = ANY($1::uuid[]) AND NOT c.erased AND ${withinBranches('c', '$2')}`,
      [clientIds, reader.branchIds],
    );
    return new Set(rows.map((row) => row.id));
  });
};

/**
 * Of `clientIds`, those the reader may not see though the organization holds them: not erased and
 * outside the reader's branches (none for an unlimited reader). Ids with no client yet are not among them.
 */
export const clientsBeyond = async (pool: Pool, reader: ClientReader, clientIds: readonly string[]): Promise<Set<string>> => {
  if (clientIds.length === 0 || reader.branchIds === null) return new Set();
  return withOrg(pool, reader.orgId, async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `SELECT c.id FROM ${s}.clients c WHERE c.id = ANY($1::uuid[]) AND NOT c.erased AND NOT ${withinBranches('c', '$2')}`,
      [clientIds, reader.branchIds],
    );
    return new Set(rows.map((row) => row.id));
  });
};

export type ClientRow = {
  id: string;
  name: string | null;
  phone: string | null;
  cars: unknown[];
  channel: string;
  registeredAt: string;
  visits: number;
  bookings: number;
  lastVisit: string | null;
  /** Visit count and last visit date (ISO date) an imported client list brought, if any. */
  importedVisits: number | null;
  importedLastVisit: string | null;
  /** The staff member answering for the client; null when nobody does. */
  managerId: string | null;
};

/** Letters as a person may type them, in both cases and both alphabets. */
const TYPED_LETTERS = 'abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюя';

/**
 * The plate rule as a character map Postgres can apply to stored plates: each typed letter and
 * what the rule makes of it. Derived from the rule itself, so the database never keeps its own copy.
 */
export const PLATE_LETTERS = (() => {
  const pairs = [...TYPED_LETTERS, ...TYPED_LETTERS.toUpperCase()]
    .map((letter) => [letter, normalizePlate(letter)] as const)
    .filter(([letter, made]) => made.length === 1 && made !== letter);
  return { from: pairs.map(([letter]) => letter).join(''), to: pairs.map(([, made]) => made).join('') };
})();

/**
 * SQL: a stored plate (the expression `stored`) brought to the plate rule's form — spaces dropped,
 * letters mapped with the parameters `from` and `to`, which take PLATE_LETTERS' two strings.
 */
export const plateKeySql = (stored: string, from: string, to: string) =>
  `translate(regexp_replace(${stored}, '\\s', '', 'g'), ${from}, ${to})`;

/** One page of a client search and how many clients match in all. */
export type ClientPage = { clients: ClientRow[]; total: number };

/**
 * Clients by name, phone digits or plate, among those within the reader's branches, with the
 * visits and bookings they had there. A plate matches however it was typed («m512tk 77» finds
 * «М512ТК77»): both the query and the stored plates go through the same rule. A whole phone number
 * matches in any notation the importer understands («8 916 123-45-02», «+7 (916)…»): it goes through
 * the importer's own rule before the digits are compared. `exclude` leaves clients out (blocked ones).
 */
export const searchClients = (
  pool: Pool,
  reader: ClientReader,
  query: string,
  page: {
    limit: number;
    offset?: number;
    exclude?: readonly string[];
    /** Only the clients this staff member answers for; null: only those nobody answers for. */
    managerId?: string | null;
  } = { limit: 50 },
): Promise<ClientPage> =>
  withOrg(pool, reader.orgId, async (db) => {
    const text = query.trim();
    const digits = (normalizePhone(text) ?? text).replace(/\D/g, '');
    const plate = normalizePlate(text);
    const { rows } = await db.query<{
      id: string;
      name: string | null;
      phone: string | null;
      cars: unknown[];
      channel: string;
      registered_at: Date;
      visits: number;
      bookings: number;
      last_visit: Date | null;
      imported_visits: number | null;
      imported_last_visit: string | null;
      manager_id: string | null;
      total: number;
    }>(
      `SELECT c.id, c.name, c.phone, c.cars, c.channel, c.registered_at,
              count(b.id) FILTER (WHERE b.status = 'Done')::int AS visits,
              count(b.id)::int AS bookings,
              max(b.start_at) FILTER (WHERE b.status = 'Done') AS last_visit,
              c.imported_visits, to_char(c.last_visit_at, 'YYYY-MM-DD') AS imported_last_visit, c.manager_id,
              (count(*) OVER ())::int AS total
         FROM ${s}.clients c LEFT JOIN ${s}.bookings b ON b.client_id = c.id AND ${bookedWithin('b', '$7')}
        WHERE NOT c.erased AND ${withinBranches('c', '$7')} AND NOT (c.id = ANY($9::uuid[]))
          AND (NOT $10::boolean OR c.manager_id IS NOT DISTINCT FROM $11::uuid) AND (
              $1 = ''
           OR c.name ILIKE '%' || $1 || '%'
           OR ($2 <> '' AND length($2) >= 3 AND regexp_replace(c.phone, '\\D', '', 'g') LIKE '%' || $2 || '%')
           OR ($4 <> '' AND EXISTS (
                SELECT 1 FROM jsonb_array_elements(c.cars) AS car(value)
                 WHERE strpos(${plateKeySql("car.value->>'plate'", '$5', '$6')}, $4) > 0)))
        GROUP BY c.id
        ORDER BY c.name NULLS LAST, c.id
        LIMIT $3 OFFSET $8`,
      [
        text,
        digits,
        page.limit,
        plate,
        PLATE_LETTERS.from,
        PLATE_LETTERS.to,
        reader.branchIds,
        page.offset ?? 0,
        page.exclude ?? [],
        page.managerId !== undefined,
        page.managerId ?? null,
      ],
    );
    const clients = rows.map((row): ClientRow => ({
      id: row.id,
      name: row.name,
      phone: row.phone,
      cars: row.cars,
      channel: row.channel,
      registeredAt: row.registered_at.toISOString(),
      visits: row.visits,
      bookings: row.bookings,
      lastVisit: iso(row.last_visit),
      importedVisits: row.imported_visits,
      importedLastVisit: row.imported_last_visit,
      managerId: row.manager_id,
    }));
    return { clients, total: rows[0]?.total ?? 0 };
  });

export type ClientCardBooking = {
  id: string;
  branchId: string;
  bayId: string;
  serviceIds: string[];
  status: string;
  channel: string;
  start: string;
  end: string;
  car: string | null;
  plate: string | null;
  comment: string | null;
  cancelReason: string | null;
};

export type ClientCard = Omit<ClientRow, 'lastVisit'> & { lastVisit: string | null; history: ClientCardBooking[] };

/**
 * One client's card: profile, cars, and the counts and bookings (newest first) of the reader's
 * branches; null when unknown, erased or outside those branches, so a refusal tells nothing more.
 */
export const getClientCard = (pool: Pool, reader: ClientReader, clientId: string, limit = 500) =>
  withOrg(pool, reader.orgId, async (db): Promise<ClientCard | null> => {
    const clients = await db.query<{
      id: string;
      name: string | null;
      phone: string | null;
      cars: unknown[];
      channel: string;
      registered_at: Date;
      imported_visits: number | null;
      imported_last_visit: string | null;
      manager_id: string | null;
    }>(
      `SELECT id, name, phone, cars, channel, registered_at, imported_visits, manager_id,
              to_char(last_visit_at, 'YYYY-MM-DD') AS imported_last_visit
         FROM ${s}.clients c WHERE id = $1 AND NOT erased AND ${withinBranches('c', '$2')}`,
      [clientId, reader.branchIds],
    );
    const client = clients.rows[0];
    if (!client) return null;
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT id, branch_id, bay_id, service_ids, status, channel, start_at, end_at, car, plate, comment, cancel_reason
         FROM ${s}.bookings b WHERE client_id = $1 AND ${bookedWithin('b', '$3')} ORDER BY start_at DESC, id LIMIT $2`,
      [clientId, limit, reader.branchIds],
    );
    const counts = await db.query<{ visits: number; bookings: number; last_visit: Date | null }>(
      `SELECT count(*) FILTER (WHERE status = 'Done')::int AS visits, count(*)::int AS bookings,
              max(start_at) FILTER (WHERE status = 'Done') AS last_visit
         FROM ${s}.bookings b WHERE client_id = $1 AND ${bookedWithin('b', '$2')}`,
      [clientId, reader.branchIds],
    );
    const count = counts.rows[0]!;
    return {
      id: client.id,
      name: client.name,
      phone: client.phone,
      cars: client.cars,
      channel: client.channel,
      registeredAt: client.registered_at.toISOString(),
      visits: count.visits,
      bookings: count.bookings,
      lastVisit: iso(count.last_visit),
      importedVisits: client.imported_visits,
      importedLastVisit: client.imported_last_visit,
      managerId: client.manager_id,
      history: rows.map((row) => ({
        id: row.id as string,
        branchId: row.branch_id as string,
        bayId: row.bay_id as string,
        serviceIds: row.service_ids as string[],
        status: row.status as string,
        channel: row.channel as string,
        start: iso(row.start_at)!,
        end: iso(row.end_at)!,
        car: row.car as string | null,
        plate: row.plate as string | null,
        comment: row.comment as string | null,
        cancelReason: row.cancel_reason as string | null,
      })),
    };
  });
