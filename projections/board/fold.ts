import type { BookingEvent } from '../../domain/booking/booking.ts';
import type { ClientEvent } from '../../domain/client/client.ts';
import type { Sealed } from '../../domain/shared/sealed.ts';
import { applyKpiEvents } from '../kpi/apply.ts';
import type { RecordedEvent } from '../recorded-event.ts';

export type Queryable = {
  query: (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
};

/** Opens sealed personal data; null once the client's key was shredded. */
export type Opener = <T>(clientId: string, sealed: Sealed) => Promise<T | null>;

export type BookingTouched = { orgId: string; branchId: string; bookingId: string };

type CarDetails = { make?: string; model?: string; plate?: string };
type BookingDetails = { car?: CarDetails; comment?: string };
type Profile = { name?: string; phone?: string };

const carText = (car: CarDetails | undefined) => [car?.make, car?.model].filter(Boolean).join(' ') || null;

// ───────────────────────────── Rows as the tables hold them ─────────────────────────────

/**
 * Rows are kept under their column names with values as PostgreSQL prints them in JSON (times as
 * text), so a row read, folded and written back through `jsonb_populate_recordset` is unchanged
 * wherever no event changed it.
 */
type BookingRow = {
  id: string;
  org_id: string;
  branch_id: string;
  bay_id: string;
  service_ids: string[];
  client_id: string;
  status: string;
  channel: string;
  start_at: string;
  end_at: string;
  car: string | null;
  plate: string | null;
  comment: string | null;
  mechanic_id: string | null;
  cancel_reason: string | null;
  requested_at: string;
  confirmed_at: string | Date | null;
  status_changed_at: string | Date;
  version: number;
  last_call_outcome: string | null;
  last_call_at: string | null;
};

type ClientRow = {
  id: string;
  org_id: string;
  name: string | null;
  phone: string | null;
  cars: Record<string, unknown>[];
  channel: string;
  registered_at: string;
  erased: boolean;
  imported_visits: number | null;
  last_visit_at: string | null;
  /** Batch ids of the client-base files that brought the client, in log order. */
  import_batches: string[];
};

const bookingColumns: readonly (keyof BookingRow)[] = [
  'id',
  'org_id',
  'branch_id',
  'bay_id',
  'service_ids',
  'client_id',
  'status',
  'channel',
  'start_at',
  'end_at',
  'car',
  'plate',
  'comment',
  'mechanic_id',
  'cancel_reason',
  'requested_at',
  'confirmed_at',
  'status_changed_at',
  'version',
  'last_call_outcome',
  'last_call_at',
];

const clientColumns: readonly (keyof ClientRow)[] = [
  'id',
  'org_id',
  'name',
  'phone',
  'cars',
  'channel',
  'registered_at',
  'erased',
  'imported_visits',
  'last_visit_at',
  'import_batches',
];

/** Ids as keys: PostgreSQL prints uuids in lower case, events may not; an event without one matches no row. */
const key = (id: unknown) => (typeof id === 'string' ? id.toLowerCase() : '');

const upsertSql = (s: string, table: string, columns: readonly string[]) => {
  const list = columns.join(', ');
  return /* sql */ `
INSERT INTO ${s}.${table} (${list})
SELECT ${list} FROM jsonb_populate_recordset(NULL::${s}.${table}, $1::jsonb)
ON CONFLICT (id) DO UPDATE SET (${columns.slice(1).join(', ')}) = ROW(${columns
    .slice(1)
    .map((column) => `EXCLUDED.${column}`)
    .join(', ')})`;
};

const loadSql = (s: string) => /* sql */ `
SELECT (SELECT coalesce(jsonb_agg(to_jsonb(b)), '[]') FROM ${s}.bookings b WHERE b.id = ANY($1::uuid[])) AS bookings,
       (SELECT coalesce(jsonb_agg(to_jsonb(c)), '[]') FROM ${s}.clients c WHERE c.id = ANY($2::uuid[])) AS clients`;

/**
 * For the segments a batch places, in order: their bounds as PostgreSQL reads them (null when the
 * range is empty, which overlaps nothing), and the stored calendar rows that overlap any of them.
 */
const calendarContextSql = (s: string) => /* sql */ `
WITH segment AS (
  SELECT n, bay_id, tstzrange(from_at, to_at) AS during
    FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS u(bay_id, from_at, to_at, n)
)
SELECT (SELECT coalesce(json_agg(json_build_array(
                 CASE WHEN isempty(during) THEN NULL ELSE coalesce(extract(epoch FROM lower(during))::float8, '-Infinity') END,
                 CASE WHEN isempty(during) THEN NULL ELSE coalesce(extract(epoch FROM upper(during))::float8, 'Infinity') END)
               ORDER BY n), '[]')
          FROM segment) AS segments,
       (SELECT coalesce(json_agg(json_build_array(c.booking_id, c.bay_id,
                 coalesce(extract(epoch FROM lower(c.during))::float8, '-Infinity'),
                 coalesce(extract(epoch FROM upper(c.during))::float8, 'Infinity'))), '[]')
          FROM (SELECT DISTINCT c.booking_id, c.day, c.bay_id, c.during
                  FROM segment
                  JOIN ${s}.calendar c ON c.bay_id = segment.bay_id AND c.during && segment.during) c) AS stored`;

// ───────────────────────────── Folding a batch in memory ─────────────────────────────

type Segment = { date: string; from: string; to: string };
type Placement = {
  kind: 'place';
  event: RecordedEvent;
  bookingId: string;
  bayId: string;
  segments: Segment[];
  /** The booking's row when it was placed; none means nothing goes on the calendar. */
  row: BookingRow | null;
};
type CalendarStep = Placement | { kind: 'clear'; bookingId: string };
type Anomaly = { event: RecordedEvent; problem: string };

type Batch = {
  bookings: Map<string, BookingRow>;
  clients: Map<string, ClientRow>;
  /** Rows to write: changed or created by the batch. */
  changedBookings: Set<string>;
  changedClients: Set<string>;
  /** Bookings of erased clients that the batch never loaded are scrubbed in the table. */
  erasedClients: Set<string>;
  calendar: CalendarStep[];
  touched: Map<string, BookingTouched>;
  opened: Map<RecordedEvent, unknown>;
  /** Client-base files committed into a branch, keyed by organization and batch: the first commit wins. */
  importBranches: Map<string, ImportBranch>;
};

type ImportBranch = { orgId: string; batchId: string; branchId: string };

/** The event's sealed value as opened before the fold; null when unreadable or absent. */
const openedOf = <T>(batch: Batch, recorded: RecordedEvent): T | null => (batch.opened.get(recorded) ?? null) as T | null;

const touch = (batch: Batch, row: BookingRow, bookingId: string) =>
  batch.touched.set(bookingId, { orgId: row.org_id, branchId: row.branch_id, bookingId });

/** The booking's row if it exists, marked as changed by the caller's update. */
const changing = (batch: Batch, bookingId: string): BookingRow | null => {
  const row = batch.bookings.get(key(bookingId));
  if (!row) return null;
  batch.changedBookings.add(key(bookingId));
  row.version += 1;
  return row;
};

const place = (batch: Batch, event: RecordedEvent, bookingId: string, bayId: string, segments: Segment[]) =>
  batch.calendar.push({
    kind: 'place',
    event,
    bookingId,
    bayId,
    segments,
    row: batch.bookings.get(key(bookingId)) ?? null,
  });

const foldBookingEvent = (batch: Batch, recorded: RecordedEvent, event: BookingEvent) => {
  const at = recorded.recordedAt;
  switch (event.type) {
    case 'BookingRequested': {
      const d = event.data;
      const details = openedOf<BookingDetails>(batch, recorded);
      if (!batch.bookings.has(key(d.bookingId))) {
        batch.bookings.set(key(d.bookingId), {
          id: d.bookingId,
          org_id: d.orgId,
          branch_id: d.branchId,
          bay_id: d.bayId,
          service_ids: d.serviceIds,
          client_id: d.clientId,
          status: 'New',
          channel: d.channel,
          start_at: d.start,
          end_at: d.end,
          car: carText(details?.car),
          plate: details?.car?.plate ?? null,
          comment: details?.comment ?? null,
          mechanic_id: null,
          cancel_reason: null,
          requested_at: d.requestedAt,
          confirmed_at: null,
          status_changed_at: d.requestedAt,
          version: 1,
          last_call_outcome: null,
          last_call_at: null,
        });
        batch.changedBookings.add(key(d.bookingId));
      }
      place(batch, recorded, d.bookingId, d.bayId, d.segments);
      batch.touched.set(d.bookingId, { orgId: d.orgId, branchId: d.branchId, bookingId: d.bookingId });
      return;
    }
    case 'BookingConfirmed':
    case 'BookingStarted':
    case 'BookingCompleted': {
      const row = changing(batch, event.data.bookingId);
      if (!row) return;
      row.status = { BookingConfirmed: 'Confirmed', BookingStarted: 'InProgress', BookingCompleted: 'Done' }[event.type];
      row.status_changed_at = at;
      if (event.type === 'BookingConfirmed') row.confirmed_at = at;
      touch(batch, row, event.data.bookingId);
      return;
    }
    case 'BookingCancelled': {
      const row = changing(batch, event.data.bookingId);
      if (row) {
        row.status = 'Cancelled';
        row.cancel_reason = event.data.reason ?? null;
        row.status_changed_at = at;
      }
      batch.calendar.push({ kind: 'clear', bookingId: event.data.bookingId });
      if (row) touch(batch, row, event.data.bookingId);
      return;
    }
    case 'BookingRescheduled': {
      const d = event.data;
      const row = changing(batch, d.bookingId);
      if (row) Object.assign(row, { bay_id: d.bayId, start_at: d.start, end_at: d.end });
      place(batch, recorded, d.bookingId, d.bayId, d.segments);
      if (row) touch(batch, row, event.data.bookingId);
      return;
    }
    case 'BookingDurationChanged': {
      const d = event.data;
      const row = changing(batch, d.bookingId);
      if (!row) return;
      row.end_at = d.end;
      place(batch, recorded, d.bookingId, row.bay_id, d.segments);
      touch(batch, row, event.data.bookingId);
      return;
    }
    case 'CallOutcomeRecorded': {
      // Calls arrive in log order, so the latest one recorded is the last call.
      const row = changing(batch, event.data.bookingId);
      if (!row) return;
      row.last_call_outcome = event.data.outcome ?? null;
      row.last_call_at = event.data.recordedAt ?? null;
      touch(batch, row, event.data.bookingId);
      return;
    }
    case 'BookingAssigned': {
      const row = changing(batch, event.data.bookingId);
      if (!row) return;
      row.mechanic_id = event.data.mechanicId ?? null;
      touch(batch, row, event.data.bookingId);
      return;
    }
    default:
      return;
  }
};

/** Larger of two values, as SQL's greatest: nulls are ignored. */
const greatest = <T extends number | string>(a: T | null, b: T | null): T | null =>
  a === null ? b : b === null ? a : a > b ? a : b;

const foldClientEvent = (batch: Batch, recorded: RecordedEvent, event: ClientEvent) => {
  const id = key(event.data.clientId);
  const row = batch.clients.get(id);
  switch (event.type) {
    case 'ClientRegistered': {
      if (row) return;
      const d = event.data;
      const profile = openedOf<Profile>(batch, recorded);
      batch.clients.set(id, {
        id: d.clientId,
        org_id: d.orgId,
        name: profile?.name ?? null,
        phone: profile?.phone ?? null,
        cars: [],
        channel: d.channel,
        registered_at: d.registeredAt,
        erased: profile === null,
        imported_visits: null,
        last_visit_at: null,
        import_batches: [],
      });
      batch.changedClients.add(id);
      return;
    }
    case 'ClientProfileUpdated': {
      const profile = openedOf<Profile>(batch, recorded);
      if (!profile || !row) return;
      row.name = profile.name ?? null;
      row.phone = profile.phone ?? null;
      batch.changedClients.add(id);
      return;
    }
    case 'CarAdded': {
      const car = openedOf<CarDetails>(batch, recorded);
      if (!car || !row) return;
      row.cars = [...row.cars, { id: event.data.carId, ...car }];
      batch.changedClients.add(id);
      return;
    }
    case 'ClientImported': {
      // Registers or merges: the file's name and phone win when readable, the larger visit count
      // and the later last visit are kept, an erased client stays erased.
      const d = event.data;
      const profile = openedOf<Profile>(batch, recorded);
      if (!row) {
        batch.clients.set(id, {
          id: d.clientId,
          org_id: d.orgId,
          name: profile?.name || null,
          phone: profile?.phone ?? null,
          cars: [],
          channel: 'import',
          registered_at: d.importedAt,
          erased: profile === null,
          imported_visits: d.visits ?? null,
          last_visit_at: d.lastVisitAt ?? null,
          // An erased client (unreadable profile) belongs to no file, as ClientErased leaves them.
          import_batches: profile !== null && typeof d.batchId === 'string' ? [d.batchId] : [],
        });
      } else if (!row.erased) {
        row.name = profile?.name || row.name;
        row.phone = profile?.phone ?? row.phone;
        row.imported_visits = greatest(row.imported_visits, d.visits ?? null);
        row.last_visit_at = greatest(row.last_visit_at, d.lastVisitAt ?? null);
        if (typeof d.batchId === 'string' && !row.import_batches.includes(d.batchId)) {
          row.import_batches = [...row.import_batches, d.batchId];
        }
      } else return;
      batch.changedClients.add(id);
      return;
    }
    case 'ClientErased': {
      if (row) {
        Object.assign(row, { name: null, phone: null, cars: [], erased: true, import_batches: [] });
        batch.changedClients.add(id);
      }
      // Bookings the batch holds are scrubbed here, in log order; the others in the table.
      for (const [bookingId, booking] of batch.bookings) {
        if (key(booking.client_id) !== id) continue;
        Object.assign(booking, { car: null, plate: null, comment: null });
        batch.changedBookings.add(bookingId);
      }
      batch.erasedClients.add(event.data.clientId);
      return;
    }
    default:
      return;
  }
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A client-base file committed into a branch: its clients belong to that branch. Its rows were
 * appended before it, but the branch is kept apart from them (import_branches), so the order the
 * two arrive in does not matter. An event without proper ids is passed over.
 */
const foldImportEvent = (batch: Batch, recorded: RecordedEvent) => {
  if (recorded.type !== 'ImportCommitted') return;
  const { orgId, batchId, branchId } = recorded.data;
  if (typeof orgId !== 'string' || !UUID.test(orgId) || typeof branchId !== 'string' || !UUID.test(branchId)) return;
  if (typeof batchId !== 'string') return;
  const id = `${key(orgId)}:${batchId}`;
  if (!batch.importBranches.has(id)) batch.importBranches.set(id, { orgId, batchId, branchId });
};

/** The sealed value an event carries for the read models, with the client whose key opens it. */
const sealedOf = (recorded: RecordedEvent): { clientId: string; sealed: Sealed } | null => {
  const data = recorded.data;
  const clientId = data.clientId as string;
  if (recorded.streamName.startsWith('booking-')) {
    return recorded.type === 'BookingRequested' && data.details ? { clientId, sealed: data.details as Sealed } : null;
  }
  if (!recorded.streamName.startsWith('client-')) return null;
  switch (recorded.type) {
    case 'ClientRegistered':
    case 'ClientProfileUpdated':
    case 'ClientImported':
      return { clientId, sealed: data.profile as Sealed };
    case 'CarAdded':
      return { clientId, sealed: data.car as Sealed };
    default:
      return null;
  }
};

/** Every sealed value of the batch opened at once: the vault's key look-ups and decryptions overlap. */
const openAll = async (events: readonly RecordedEvent[], open: Opener): Promise<Map<RecordedEvent, unknown>> => {
  const opened = new Map<RecordedEvent, unknown>();
  await Promise.all(
    events.map(async (event) => {
      const found = sealedOf(event);
      if (found) opened.set(event, await open(found.clientId, found.sealed));
    }),
  );
  return opened;
};

// ───────────────────────────── The calendar, step by step ─────────────────────────────

type Entry = { bookingId: string; day: string; orgId: string; branchId: string; bayId: string; from: string; to: string };
/** An occupied interval of a bay, in epoch seconds, half-open like tstzrange's default `[)`. */
type Occupied = { lower: number; upper: number; gone: boolean };

/** What each bay holds while the batch is replayed, and what each booking holds, to free it. */
const createOccupancy = () => {
  const byBay = new Map<string, Occupied[]>();
  const byBooking = new Map<string, Occupied[]>();
  return {
    take: (bookingId: string, bayId: string, lower: number, upper: number) => {
      const taken = { lower, upper, gone: false };
      for (const [map, id] of [
        [byBay, bayId],
        [byBooking, bookingId],
      ] as const) {
        const list = map.get(id);
        if (list) list.push(taken);
        else map.set(id, [taken]);
      }
    },
    free: (bookingId: string) => {
      for (const taken of byBooking.get(bookingId) ?? []) taken.gone = true;
      byBooking.delete(bookingId);
    },
    isFree: (bayId: string, lower: number, upper: number) =>
      !(byBay.get(bayId) ?? []).some((o) => !o.gone && o.lower < upper && lower < o.upper),
  };
};

/**
 * Replays the batch's placements and clearings in log order against the stored rows they could
 * meet, as the per-event statements did: a segment that overlaps what its bay holds is recorded as
 * an anomaly, never thrown, so one bad event cannot stop every read model.
 */
const foldCalendar = async (db: Queryable, s: string, steps: CalendarStep[], anomalies: Anomaly[]) => {
  const placed = steps.flatMap((step) =>
    step.kind === 'place' && step.row ? step.segments.map((segment) => ({ bayId: step.bayId, segment })) : [],
  );
  let bounds: ([number, number] | [null, null])[] = [];
  const occupancy = createOccupancy();
  if (placed.length > 0) {
    const { rows } = await db.query(calendarContextSql(s), [
      placed.map(({ bayId }) => bayId),
      placed.map(({ segment }) => segment.from),
      placed.map(({ segment }) => segment.to),
    ]);
    // JSON has no infinity: PostgreSQL prints an unbounded end as the text "Infinity".
    bounds = (rows[0]!.segments as ([unknown, unknown] | [null, null])[]).map(([lower, upper]) =>
      lower === null ? [null, null] : [Number(lower), Number(upper)],
    );
    for (const [bookingId, bayId, lower, upper] of rows[0]!.stored as [string, string, unknown, unknown][]) {
      occupancy.take(key(bookingId), key(bayId), Number(lower), Number(upper));
    }
  }
  const entries = new Map<string, Entry[]>();
  let next = 0;
  for (const step of steps) {
    const bookingId = key(step.bookingId);
    // Whatever the booking held is gone, from the table and from what this batch placed.
    entries.set(bookingId, []);
    occupancy.free(bookingId);
    if (step.kind === 'clear') continue;
    const bayId = key(step.bayId);
    for (const segment of step.segments) {
      const [lower, upper] = step.row ? bounds[next++]! : [null, null];
      if (step.row === null || (lower !== null && !occupancy.isFree(bayId, lower, upper))) {
        anomalies.push({ event: step.event, problem: `overlap on bay ${step.bayId} at ${segment.from}` });
        continue;
      }
      entries.get(bookingId)!.push({
        bookingId: step.bookingId,
        day: segment.date,
        orgId: step.row.org_id,
        branchId: step.row.branch_id,
        bayId: step.bayId,
        from: segment.from,
        to: segment.to,
      });
      if (lower !== null) occupancy.take(bookingId, bayId, lower, upper);
    }
  }
  return entries;
};

// ───────────────────────────── Writing ─────────────────────────────

const writeCalendar = async (db: Queryable, s: string, entries: Map<string, Entry[]>, stored: Set<string>) => {
  const cleared = [...entries.keys()].filter((bookingId) => stored.has(bookingId));
  if (cleared.length > 0) await db.query(`DELETE FROM ${s}.calendar WHERE booking_id = ANY($1::uuid[])`, [cleared]);
  const rows = [...entries.values()].flat();
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${s}.calendar (booking_id, day, org_id, branch_id, bay_id, during)
     SELECT booking_id, day, org_id, branch_id, bay_id, tstzrange(from_at, to_at)
       FROM unnest($1::uuid[], $2::date[], $3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::timestamptz[])
         AS t(booking_id, day, org_id, branch_id, bay_id, from_at, to_at)`,
    [
      rows.map((row) => row.bookingId),
      rows.map((row) => row.day),
      rows.map((row) => row.orgId),
      rows.map((row) => row.branchId),
      rows.map((row) => row.bayId),
      rows.map((row) => row.from),
      rows.map((row) => row.to),
    ],
  );
};

const writeImportBranches = async (db: Queryable, s: string, rows: ImportBranch[]) => {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${s}.import_branches (org_id, batch_id, branch_id)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING`,
    [rows.map((row) => row.orgId), rows.map((row) => row.batchId), rows.map((row) => row.branchId)],
  );
};

const writeAnomalies = async (db: Queryable, s: string, anomalies: Anomaly[]) => {
  if (anomalies.length === 0) return;
  await db.query(
    `INSERT INTO ${s}.anomalies (global_position, event_type, problem)
     SELECT position, event_type, problem FROM unnest($1::bigint[], $2::text[], $3::text[]) WITH ORDINALITY
       AS a(position, event_type, problem, n) ORDER BY n`,
    [
      anomalies.map(({ event }) => event.globalPosition.toString()),
      anomalies.map(({ event }) => event.type),
      anomalies.map(({ problem }) => problem),
    ],
  );
};

// ───────────────────────────── The batch ─────────────────────────────

const idsOf = (events: readonly RecordedEvent[], prefix: string, field: string) => [
  ...new Set(
    events
      .filter((event) => event.streamName.startsWith(prefix))
      .map((event) => event.data[field])
      .filter((id): id is string => typeof id === 'string')
      .map(key),
  ),
];

export type ApplyOptions = {
  /** The live runner keeps recently written KPI rows in memory; a replay reads them fresh. */
  live: boolean;
};

/** The board, calendar and clients: the rows the events touch read once, folded, written back. */
const applyToBoard = async (
  db: Queryable,
  s: string,
  events: readonly RecordedEvent[],
  open: Opener,
): Promise<BookingTouched[]> => {
  const bookingIds = idsOf(events, 'booking-', 'bookingId');
  const clientIds = idsOf(events, 'client-', 'clientId');
  const [opened, loaded] = await Promise.all([
    openAll(events, open),
    bookingIds.length + clientIds.length > 0
      ? db.query(loadSql(s), [bookingIds, clientIds]).then(({ rows }) => rows[0]!)
      : { bookings: [], clients: [] },
  ]);
  const storedBookings = new Set<string>();
  const batch: Batch = {
    bookings: new Map(),
    clients: new Map(),
    changedBookings: new Set(),
    changedClients: new Set(),
    erasedClients: new Set(),
    calendar: [],
    touched: new Map(),
    opened,
    importBranches: new Map(),
  };
  for (const row of loaded.bookings as BookingRow[]) {
    batch.bookings.set(key(row.id), row);
    storedBookings.add(key(row.id));
  }
  for (const row of loaded.clients as ClientRow[]) batch.clients.set(key(row.id), row);

  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data };
    if (recorded.streamName.startsWith('booking-')) foldBookingEvent(batch, recorded, event as BookingEvent);
    else if (recorded.streamName.startsWith('client-')) foldClientEvent(batch, recorded, event as ClientEvent);
    else if (recorded.streamName.startsWith('import-')) foldImportEvent(batch, recorded);
  }

  const anomalies: Anomaly[] = [];
  const calendar = batch.calendar.length > 0 ? await foldCalendar(db, s, batch.calendar, anomalies) : new Map<string, Entry[]>();

  if (batch.erasedClients.size > 0) {
    await db.query(
      `UPDATE ${s}.bookings SET car = NULL, plate = NULL, comment = NULL
        WHERE client_id = ANY($1::uuid[]) AND NOT (id = ANY($2::uuid[]))`,
      [[...batch.erasedClients], [...batch.bookings.keys()]],
    );
  }
  if (batch.changedBookings.size > 0) {
    const rows = [...batch.changedBookings].map((id) => batch.bookings.get(id)!);
    await db.query(upsertSql(s, 'bookings', bookingColumns), [JSON.stringify(rows)]);
  }
  if (batch.changedClients.size > 0) {
    const rows = [...batch.changedClients].map((id) => batch.clients.get(id)!);
    await db.query(upsertSql(s, 'clients', clientColumns), [JSON.stringify(rows)]);
  }
  await writeCalendar(db, s, calendar, storedBookings);
  await writeImportBranches(db, s, [...batch.importBranches.values()]);
  await writeAnomalies(db, s, anomalies);
  return [...batch.touched.values()];
};

/**
 * Applies events, in log order, to every read model of schema `s` with a few set-based statements:
 * the rows they touch are read once, the events folded into them in memory, and the changed rows
 * written back. The result is what applying them one by one would leave. Returns the bookings
 * touched, in the order first touched.
 *
 * The board and the KPI tables share no rows, so their two folds take turns on the connection: one
 * computes while the other's statement runs. Both finish before this returns, even when one fails,
 * so nothing is sent after the caller's ROLLBACK. (Anomalies of one batch may interleave either way.)
 */
export const applyEvents = async (
  db: Queryable,
  s: string,
  events: readonly RecordedEvent[],
  open: Opener,
  options: ApplyOptions,
): Promise<BookingTouched[]> => {
  const [board, kpi] = await Promise.allSettled([
    applyToBoard(db, s, events, open),
    applyKpiEvents(db, s, events, { live: options.live }),
  ]);
  if (board.status === 'rejected') throw board.reason;
  if (kpi.status === 'rejected') throw kpi.reason;
  return board.value;
};
