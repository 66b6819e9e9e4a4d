import { createHash } from 'node:crypto';
import type { Branch, WeeklyHours } from '../../domain/catalog/catalog.ts';
import { dateOf } from '../../domain/shared/time.ts';
import type { Queryable, WrittenIds } from '../read-model.ts';
import type { RecordedEvent } from '../recorded-event.ts';
import {
  bookingIdOf,
  branchIdOf,
  createCountTally,
  evolveKpiBooking,
  isKpiEvent,
  kpiRefusalOf,
  tallyChange,
  type KpiBooking,
  type KpiCount,
  type KpiBranch,
  type KpiRefusal,
} from './facts.ts';
import { workingCalendar } from './working-time.ts';

// ───────────── Columns: one list drives the JSON rows, the record types and the statements ─────────────

type Column<T> = readonly [column: string, sqlType: 'uuid' | 'text' | 'timestamptz' | 'date' | 'bigint' | 'int', field: keyof T];

const bookingColumns: readonly Column<KpiBooking>[] = [
  ['booking_id', 'uuid', 'bookingId'],
  ['org_id', 'uuid', 'orgId'],
  ['branch_id', 'uuid', 'branchId'],
  ['client_id', 'uuid', 'clientId'],
  ['channel', 'text', 'channel'],
  ['requested_at', 'timestamptz', 'requestedAt'],
  ['requested_day', 'date', 'requestedDay'],
  ['requested_by', 'uuid', 'requestedBy'],
  ['sla_due_at', 'timestamptz', 'slaDueAt'],
  ['sla_due_day', 'date', 'slaDueDay'],
  ['left_new_at', 'timestamptz', 'leftNewAt'],
  ['left_new_by', 'uuid', 'leftNewBy'],
  ['confirmed_at', 'timestamptz', 'confirmedAt'],
  ['confirmed_day', 'date', 'confirmedDay'],
  ['confirmed_by', 'uuid', 'confirmedBy'],
  ['confirm_ms', 'bigint', 'confirmMs'],
  ['started_at', 'timestamptz', 'startedAt'],
  ['done_at', 'timestamptz', 'doneAt'],
  ['done_day', 'date', 'doneDay'],
  ['done_by', 'uuid', 'doneBy'],
  ['cancelled_at', 'timestamptz', 'cancelledAt'],
  ['cancelled_day', 'date', 'cancelledDay'],
  ['cancelled_by', 'uuid', 'cancelledBy'],
  ['cancel_reason', 'text', 'cancelReason'],
];

const refusalColumns: readonly Column<KpiRefusal>[] = [
  ['refusal_id', 'uuid', 'refusalId'],
  ['org_id', 'uuid', 'orgId'],
  ['branch_id', 'uuid', 'branchId'],
  ['channel', 'text', 'channel'],
  ['reason', 'text', 'reason'],
  ['requested_start', 'timestamptz', 'requestedStart'],
  ['refused_at', 'timestamptz', 'refusedAt'],
  ['refused_day', 'date', 'refusedDay'],
  ['refused_by', 'uuid', 'refusedBy'],
];

const counterColumns: readonly Column<KpiCount>[] = [
  ['org_id', 'uuid', 'orgId'],
  ['branch_id', 'uuid', 'branchId'],
  ['day', 'date', 'day'],
  ['kind', 'text', 'kind'],
  ['key', 'text', 'key'],
  ['actor', 'uuid', 'actor'],
  ['n', 'int', 'n'],
];

const names = <T>(columns: readonly Column<T>[], prefix = '') => columns.map(([column]) => prefix + column).join(', ');
const recordType = <T>(columns: readonly Column<T>[]) => columns.map(([column, type]) => `${column} ${type}`).join(', ');

const toJsonRow = <T>(columns: readonly Column<T>[], row: T) => {
  const json: Record<string, unknown> = {};
  for (const [column, type, field] of columns) {
    const value = row[field];
    json[column] = type === 'timestamptz' && typeof value === 'number' ? new Date(value).toISOString() : value;
  }
  return json;
};

const fromJsonRow = <T>(columns: readonly Column<T>[], json: Record<string, unknown>): T =>
  Object.fromEntries(
    columns.map(([column, type, field]) => {
      const value = json[column] ?? null;
      if (value === null) return [field, null];
      if (type === 'timestamptz') return [field, Date.parse(value as string)];
      if (type === 'bigint') return [field, Number(value)];
      return [field, value];
    }),
  ) as T;

/** The revision of a row is a hash of what it holds: equal rows, equal revisions, whichever way they were built. */
const revisionOf = (json: Record<string, unknown>) =>
  createHash('sha1').update(JSON.stringify(json)).digest('base64url').slice(0, 22);

// ───────────────────────────── Statements ─────────────────────────────

const statementNames = new Map<string, string>();

/**
 * Runs a statement prepared once per connection: the live runner applies small batches often, and
 * planning these JSON-shaped statements anew each time would cost more than running them.
 */
const run = (db: Queryable, text: string, values: unknown[]) => {
  let name = statementNames.get(text);
  if (!name) {
    name = `kpi_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  const query = db.query as unknown as (config: {
    name: string;
    text: string;
    values: unknown[];
  }) => ReturnType<Queryable['query']>;
  return query.call(db, { name, text, values });
};

/**
 * Every KPI write of a batch in one statement: booking rows (an update only from the revision it was
 * computed from, an insert only where none exists), refusals, and the daily counters, which are
 * added only when every booking row was written, and for refusals only as they are inserted.
 * Returns how many booking rows were written.
 */
const writeSql = (s: string) => /* sql */ `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json) AS r(${recordType(bookingColumns)}, revision text, previous text)
), updated AS (
  UPDATE ${s}.kpi_bookings k
     SET ${bookingColumns
       .slice(1)
       .map(([column]) => `${column} = i.${column}`)
       .join(', ')}, revision = i.revision
    FROM input i
   WHERE k.booking_id = ANY($5::uuid[]) AND i.previous IS NOT NULL AND k.booking_id = i.booking_id AND k.revision = i.previous
  RETURNING k.booking_id
), inserted AS (
  INSERT INTO ${s}.kpi_bookings (${names(bookingColumns)}, revision)
  SELECT ${names(bookingColumns)}, revision FROM input WHERE previous IS NULL
  ON CONFLICT (booking_id) DO NOTHING
  RETURNING booking_id
), refused AS (
  INSERT INTO ${s}.kpi_refusals (${names(refusalColumns)})
  SELECT ${names(refusalColumns)} FROM json_to_recordset($2::json) AS r(${recordType(refusalColumns)})
  ON CONFLICT (refusal_id) DO NOTHING
  RETURNING org_id, branch_id, refused_day, channel, refused_by
), counted AS (
  INSERT INTO ${s}.kpi_daily AS d (${names(counterColumns)})
  SELECT org_id, branch_id, day, kind, key, actor, sum(n)::int
    FROM (SELECT ${names(counterColumns)}
            FROM json_to_recordset($3::json) AS c(${recordType(counterColumns)})
           WHERE (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted) = $4
          UNION ALL
          SELECT org_id, branch_id, refused_day, 'refused', channel, refused_by, 1 FROM refused) AS counts
   GROUP BY org_id, branch_id, day, kind, key, actor
  ON CONFLICT (branch_id, day, kind, key, actor) DO UPDATE SET n = d.n + EXCLUDED.n
)
SELECT ((SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted))::int AS written`;

/** The live path's usual write, one booking row and its counters, with plain parameters instead of JSON. */
const writeOneSql = (s: string) => {
  const values = bookingColumns.map(([, type], i) => `$${i + 1}::${type}`);
  const revision = `$${bookingColumns.length + 1}::text`;
  const previous = `$${bookingColumns.length + 2}::text`;
  const counters = counterColumns.map(([, type], i) => `$${bookingColumns.length + 3 + i}::${type}[]`);
  return /* sql */ `
WITH updated AS (
  UPDATE ${s}.kpi_bookings
     SET ${bookingColumns
       .slice(1)
       .map(([column], i) => `${column} = ${values[i + 1]}`)
       .join(', ')}, revision = ${revision}
   WHERE booking_id = ${values[0]} AND revision = ${previous}
  RETURNING 1
), inserted AS (
  INSERT INTO ${s}.kpi_bookings (${names(bookingColumns)}, revision)
  SELECT ${values.join(', ')}, ${revision} WHERE ${previous} IS NULL
  ON CONFLICT (booking_id) DO NOTHING
  RETURNING 1
), counted AS (
  INSERT INTO ${s}.kpi_daily AS d (${names(counterColumns)})
  SELECT * FROM unnest(${counters.join(', ')})
   WHERE EXISTS (SELECT 1 FROM updated) OR EXISTS (SELECT 1 FROM inserted)
  ON CONFLICT (branch_id, day, kind, key, actor) DO UPDATE SET n = d.n + EXCLUDED.n
)
SELECT ((SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted))::int AS written`;
};

const addCountsSql = (s: string) => /* sql */ `
INSERT INTO ${s}.kpi_daily AS d (${names(counterColumns)})
SELECT org_id, branch_id, day, kind, key, actor, sum(n)::int
  FROM json_to_recordset($1::json) AS c(${recordType(counterColumns)})
 GROUP BY org_id, branch_id, day, kind, key, actor HAVING sum(n) <> 0
ON CONFLICT (branch_id, day, kind, key, actor) DO UPDATE SET n = d.n + EXCLUDED.n`;

const loadRowsSql = (s: string) => /* sql */ `
SELECT coalesce(json_agg(k), '[]') AS rows FROM ${s}.kpi_bookings k WHERE k.booking_id = ANY($1::uuid[])`;

const loadBranchesSql = /* sql */ `
SELECT coalesce(json_agg(json_build_object('id', b.id, 'org_id', b.org_id, 'time_zone', b.time_zone, 'hours', b.hours,
                                           'days_off', b.days_off, 'target', b.confirm_target_minutes)), '[]') AS branches
  FROM branches b WHERE b.id = ANY($1::uuid[])`;

// ───────────────────────────── State: rows and settings ─────────────────────────────

type Stored = { row: KpiBooking; revision: string };

const loadRows = async (db: Queryable, s: string, bookingIds: string[]): Promise<Map<string, Stored>> => {
  if (bookingIds.length === 0) return new Map();
  const { rows } = await run(db, loadRowsSql(s), [bookingIds]);
  const json = rows[0]!.rows as Record<string, unknown>[];
  return new Map(
    json.map((item) => {
      const row = fromJsonRow(bookingColumns, item);
      return [row.bookingId, { row, revision: item.revision as string }];
    }),
  );
};

type BranchRow = { id: string; org_id: string; time_zone: string; hours: WeeklyHours; days_off: string[]; target: number };

const validZone = (timeZone: string): string => {
  try {
    dateOf(0, timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
};

const kpiBranch = (row: BranchRow): KpiBranch => {
  const branch: Branch = {
    id: row.id,
    orgId: row.org_id,
    name: '',
    timeZone: validZone(row.time_zone),
    hours: row.hours ?? {},
    daysOff: Array.isArray(row.days_off) ? row.days_off : [],
    slotStepMinutes: 0,
    bookingHorizonDays: 0,
    changeNoticeMinutes: 0,
  };
  return { calendar: workingCalendar(branch), confirmTargetMinutes: row.target };
};

/** Settings are read where the event is applied; the live path keeps them briefly, a replay reads them fresh. */
const SETTINGS_TTL_MS = 30_000;
const settingsSeen = new Map<string, { at: number; branch: KpiBranch }>();

const loadBranches = async (db: Queryable, branchIds: string[], fresh: boolean): Promise<Map<string, KpiBranch>> => {
  const found = new Map<string, KpiBranch>();
  const missing: string[] = [];
  for (const id of branchIds) {
    const seen = settingsSeen.get(id);
    if (!fresh && seen && Date.now() - seen.at < SETTINGS_TTL_MS) found.set(id, seen.branch);
    else missing.push(id);
  }
  if (missing.length > 0) {
    const { rows } = await run(db, loadBranchesSql, [missing]);
    for (const row of rows[0]!.branches as BranchRow[]) {
      const branch = kpiBranch(row);
      found.set(row.id, branch);
      settingsSeen.set(row.id, { at: Date.now(), branch });
    }
  }
  return found;
};

/**
 * Rows the live path wrote lately, by schema and booking: the next step of a booking is usually
 * applied by the same process soon after, and then needs no read. A copy is only a guess: the write
 * states its revision, and a stale one (a rolled-back batch, a replay swapped in) falls back to a read.
 */
const RECENT_LIMIT = 20_000;
const recent = new Map<string, Stored>();
const recentKey = (s: string, bookingId: string) => `${s}\u0000${bookingId}`;

const remember = (s: string, stored: Stored) => {
  const key = recentKey(s, stored.row.bookingId);
  recent.delete(key);
  // Done and cancelled bookings take no further steps.
  if (stored.row.doneAt !== null || stored.row.cancelledAt !== null) return;
  recent.set(key, stored);
  if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value!);
};

// ───────────────────────────── Applying ─────────────────────────────

/** A row to write, with its columns as JSON (what the statement takes and the revision hashes). */
type Written = { row: KpiBooking; json: Record<string, unknown>; revision: string; previous: string | null };
const writeOne = (s: string, { json, revision, previous }: Written, deltas: KpiCount[]): [string, unknown[]] => [
  writeOneSql(s),
  [
    ...bookingColumns.map(([column]) => json[column]),
    revision,
    previous,
    ...counterColumns.map(([, , field]) => deltas.map((counter) => counter[field])),
  ],
];

const writeMany = (s: string, written: Written[], refusals: KpiRefusal[], deltas: KpiCount[]): [string, unknown[]] => [
  writeSql(s),
  [
    JSON.stringify(written.map(({ json, revision, previous }) => ({ ...json, revision, previous }))),
    JSON.stringify(refusals.map((row) => toJsonRow(refusalColumns, row))),
    JSON.stringify(deltas.map((counter) => toJsonRow(counterColumns, counter))),
    written.length,
    // The ids again as an array: an index condition the planner cannot mistake for a scan of the table.
    written.filter(({ previous }) => previous !== null).map(({ row }) => row.bookingId),
  ],
];

type Mode = {
  live: boolean;
  /** A replay's build: the batch's counts are handed here once its rows are written, not added to kpi_daily. */
  hold?: (counts: readonly KpiCount[]) => void;
  /** A replay's build: the bookings it wrote rows for, the only ones with a row to read. */
  writtenIds?: WrittenIds;
};

const unique = (values: (string | null)[]): string[] => [...new Set(values.filter((value): value is string => value !== null))];

/** What a batch's KPI fold starts from: its events, the rows and settings they need. */
type Read = {
  db: Queryable;
  s: string;
  events: readonly RecordedEvent[];
  mode: Mode;
  relevant: RecordedEvent[];
  stored: Map<string, Stored>;
  /** Rows taken from the live path's memory rather than the table. */
  remembered: Set<string>;
  branches: Map<string, KpiBranch>;
};

/** The rows and settings the batch's KPI events need: from memory on the live path when it can, else read. */
const read = async (db: Queryable, s: string, events: readonly RecordedEvent[], mode: Mode): Promise<Read | null> => {
  const relevant = events.filter(isKpiEvent);
  if (relevant.length === 0) return null;
  const bookingIds = unique(relevant.map(bookingIdOf));
  const stored = new Map<string, Stored>();
  const remembered = new Set<string>();
  const toRead: string[] = [];
  if (mode.live) {
    const beyondRequest = new Set(relevant.filter((event) => event.type !== 'BookingRequested').map(bookingIdOf));
    for (const bookingId of bookingIds) {
      const known = recent.get(recentKey(s, bookingId));
      if (known) {
        stored.set(bookingId, known);
        remembered.add(bookingId);
      }
      // A booking's first event needs no read: the insert says whether the row was there already.
      else if (beyondRequest.has(bookingId)) toRead.push(bookingId);
    }
  } else toRead.push(...(mode.writtenIds ? mode.writtenIds.toRead(bookingIds) : bookingIds));
  for (const [bookingId, found] of await loadRows(db, s, toRead)) stored.set(bookingId, found);
  const branches = await loadBranches(
    db,
    unique([...relevant.map(branchIdOf), ...[...stored.values()].map(({ row }) => row.branchId)]),
    !mode.live,
  );
  return { db, s, events, mode, relevant, stored, remembered, branches };
};

/**
 * A long fold gives way every few milliseconds: the statements of the batch's other read models, queued
 * on the same connection, go out and come back meanwhile instead of waiting for the whole fold. A short
 * fold (most of the live runner's) never stops.
 */
const SLICE_MS = 4;
const STEPS_BETWEEN_CLOCK_READS = 256;
const givingWay = () => {
  let since = performance.now();
  let steps = 0;
  return {
    /** Whether this slice has run its time; counted on every step, the clock read every few hundred. */
    due: () => ++steps % STEPS_BETWEEN_CLOCK_READS === 0 && performance.now() - since >= SLICE_MS,
    giveWay: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      since = performance.now();
    },
  };
};

type Problem = { event: RecordedEvent; problem: string };

/** What folding a batch gives: the rows and counts to write, or that a remembered copy was stale. */
type Folded =
  | { found: Read; written: Written[]; refusals: KpiRefusal[]; deltas: KpiCount[]; problems: Problem[] }
  | { found: Read; askTheTable: true };

/** Folds the batch's KPI events in log order onto what `read` found. */
const fold = async (found: Read): Promise<Folded> => {
  const { relevant, stored, remembered, branches } = found;
  const lookups = { branch: (branchId: string) => branches.get(branchId) };
  const slices = givingWay();

  const rows = new Map([...stored].map(([bookingId, { row }]) => [bookingId, row]));
  const changed = new Set<string>();
  const refusals: KpiRefusal[] = [];
  const problems: Problem[] = [];
  let guessedUnchanged = false;
  for (const event of relevant) {
    if (slices.due()) await slices.giveWay();
    if (event.type === 'BookingRefused') {
      const outcome = kpiRefusalOf(event, lookups);
      if (outcome && 'row' in outcome) refusals.push(outcome.row);
      else if (outcome) problems.push({ event, problem: outcome.problem });
      continue;
    }
    const bookingId = bookingIdOf(event);
    if (!bookingId) {
      problems.push({ event, problem: `kpi: ${event.type} without a booking id` });
      continue;
    }
    const outcome = evolveKpiBooking(rows.get(bookingId), event, lookups);
    if (outcome && 'row' in outcome) {
      rows.set(bookingId, outcome.row);
      changed.add(bookingId);
    } else if (outcome) problems.push({ event, problem: outcome.problem });
    else if (remembered.has(bookingId)) guessedUnchanged = true;
  }
  // "Nothing to do" from a remembered copy may only mean the copy is ahead of the table: ask the table.
  if (guessedUnchanged) return { found, askTheTable: true };

  const written: Written[] = [];
  const counters = createCountTally();
  for (const bookingId of changed) {
    if (slices.due()) await slices.giveWay();
    const row = rows.get(bookingId)!;
    const json = toJsonRow(bookingColumns, row);
    const before = stored.get(bookingId);
    written.push({ row, json, revision: revisionOf(json), previous: before?.revision ?? null });
    tallyChange(counters, before?.row, row);
  }
  const deltas = counters.counts().filter(({ n }) => n !== 0);
  return { found, written, refusals, deltas, problems };
};

/** Writes what `fold` gave: the rows and counters in one statement, and the events it could not count. */
const write = async (folded: Folded): Promise<void> => {
  const { db, s, events, mode, relevant } = folded.found;
  if ('askTheTable' in folded) return apply(db, s, events, { ...mode, live: false });
  const { written, refusals, deltas, problems } = folded;
  if (written.length > 0 || refusals.length > 0) {
    const [text, values] =
      written.length === 1 && refusals.length === 0
        ? writeOne(s, written[0]!, mode.hold ? [] : deltas)
        : writeMany(s, written, refusals, mode.hold ? [] : deltas);
    const { rows: result } = await run(db, text, values);
    // Even those the statement passed over: a booking remembered without a row only costs a read.
    mode.writtenIds?.wrote(written.map(({ row }) => row.bookingId));
    if ((result[0]!.written as number) !== written.length) {
      for (const { row } of written) recent.delete(recentKey(s, row.bookingId));
      // Only a remembered copy can be stale: read what the table really holds and start over.
      if (mode.live) return apply(db, s, events, { ...mode, live: false });
      problems.push(...relevant.map((event) => ({ event, problem: 'kpi: a booking row changed under the batch' })));
    } else {
      mode.hold?.(deltas);
      if (mode.live) for (const { row, revision } of written) remember(s, { row, revision });
    }
  }
  if (problems.length > 0) {
    await db.query(
      `INSERT INTO ${s}.anomalies (global_position, event_type, problem)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])`,
      [
        problems.map(({ event }) => event.globalPosition.toString()),
        problems.map(({ event }) => event.type),
        problems.map(({ problem }) => problem),
      ],
    );
  }
};

/**
 * Applies KPI events in log order: the rows and settings they need (from memory on the live path
 * when it can), the fold in memory, and one write, once per batch of the log.
 */
const apply = async (db: Queryable, s: string, events: readonly RecordedEvent[], mode: Mode): Promise<void> => {
  const found = await read(db, s, events, mode);
  if (found) await write(await fold(found));
};

/** Counts held by a replay's build (`Mode.hold`) added to kpi_daily, those of one counter (an id in two cases) summed first. */
export const addHeldCounts = async (db: Queryable, s: string, counts: readonly KpiCount[]): Promise<void> => {
  if (counts.length === 0) return;
  await db.query(addCountsSql(s), [JSON.stringify(counts.map((count) => toJsonRow(counterColumns, count)))]);
};

/**
 * Applies KPI events as a batch. A replay reads what they need from the tables; the live runner
 * (`live`) starts from the rows it wrote lately.
 */
export const applyKpiEvents = (
  db: Queryable,
  s: string,
  events: readonly RecordedEvent[],
  mode: Mode = { live: false },
): Promise<void> => apply(db, s, events, mode);

/**
 * The same in two steps, as the batch of every read model runs it (kpi/read-model.ts): the read with
 * the other read models' reads, then the fold, begun at once, in Node, while their reads, folds and
 * statements run; the write with their writes.
 */
export const readKpiBatch = async (
  db: Queryable,
  s: string,
  events: readonly RecordedEvent[],
  mode: Mode,
): Promise<{ write: () => Promise<void> }> => {
  const found = await read(db, s, events, mode);
  const folded = found && fold(found);
  // Awaited by the write; a batch that fails before its writes never asks, and that must not surface as unhandled.
  folded?.catch(() => undefined);
  return {
    write: async () => {
      if (folded) await write(await folded);
    },
  };
};
