import type { PoolClient } from 'pg';
import type { Sealed } from '../domain/shared/sealed.ts';
import type { KpiCount } from './kpi/facts.ts';
import type { RecordedEvent } from './recorded-event.ts';

// ───────────────────────────── What a read model is ─────────────────────────────
// Each read model (board/, calendar/, clients/, kpi/) is one folder: its fold, its tables, its
// queries. registry.ts lists them; the batch (apply.ts), the schema a replay builds and the
// migrations of an existing database go through that list.

export type Queryable = {
  query: (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
};

/** Opens sealed personal data; null once the client's key was shredded. */
export type Opener = <T>(clientId: string, sealed: Sealed) => Promise<T | null>;

/** A booking whose card changed: open panels of its branch are told. */
export type BookingTouched = { orgId: string; branchId: string; bookingId: string };

/** What a read model sees of the batch of the log it applies. */
export type Batch = {
  db: Queryable;
  /** The schema written: `rm`, or the fresh one a replay builds. */
  schema: string;
  events: readonly RecordedEvent[];
  open: Opener;
  /** The live runner applies the batch; a replay reads everything fresh. */
  live: boolean;
  /** Tells open panels, once the batch commits, that a booking's card changed. */
  touch: (change: BookingTouched) => void;
  /**
   * Set in a replay's build: the KPI counts the batch adds, kept in memory and written once the build
   * is full (replay.ts) instead of updating the same daily counters batch after batch.
   */
  holdCounts?: (counts: readonly KpiCount[]) => void;
  /**
   * Set in a replay's build: what a read model keeps across the build's batches instead of reading
   * its own rows back (the calendar's occupied times, the ids a table was written with), undone
   * whenever a try is rolled back where that matters.
   */
  kept?: BuildMemory;
  /**
   * The fold of a read model registered before this one, as far as the event being folded (in `fold`
   * and `write`): a read model built on another's rows (the calendar on the board's bookings) reads
   * them here rather than from its table.
   */
  foldOf: <F extends Folding>(model: ReadModel<F>) => F;
};

/** Something a build keeps from batch to batch: a try that applied is settled into it, one rolled back undone. */
export type Kept = { settle: () => void; undo: () => void };

/** What a build keeps in memory from batch to batch, by name (Batch.kept). */
export type BuildMemory = {
  /** What `name` keeps, made (empty, as the build's tables begin) the first time it is asked for. */
  of: <T extends Kept>(name: string, make: () => T) => T;
  /** A try applied (its savepoint released): what it changed stays. */
  settle: () => void;
  /** A try was rolled back: what it changed is taken back. */
  undo: () => void;
};

export const createBuildMemory = (): BuildMemory => {
  const kept = new Map<string, Kept>();
  return {
    of: <T extends Kept>(name: string, make: () => T) => {
      const found = (kept.get(name) as T | undefined) ?? make();
      kept.set(name, found);
      return found;
    },
    settle: () => {
      for (const value of kept.values()) value.settle();
    },
    undo: () => {
      for (const value of kept.values()) value.undo();
    },
  };
};

/** One read model's work on one batch: every event folded in memory in log order, then the changes written. */
export type Folding = {
  fold?: (event: RecordedEvent) => void;
  /** Writes what the batch changed with a few set-based statements. */
  write: () => Promise<void>;
};

export type ReadModel<F extends Folding = Folding> = {
  name: string;
  /** Its tables, indexes and reader policies in `schema`, made with every read-model schema. */
  createTables: (schema: string) => string;
  /**
   * Brings the tables of a live schema made by an older version up to these: adds what is missing,
   * and fills it from the log when empty is not what a replay would build. Runs at start, in order.
   */
  upgrade?: (client: PoolClient, schema: string) => Promise<void>;
  /** The same for an as-of history build, read-only: only what is right left empty. */
  upgradeHistory?: (schema: string) => string;
  /** Reads the rows the batch's events touch, once, and opens the sealed values they carry. */
  begin: (batch: Batch) => Promise<F>;
};

// ───────────────────────────── What the folds share ─────────────────────────────

/** Ids as keys: PostgreSQL prints uuids in lower case, events may not; an event without one matches no row. */
export const key = (id: unknown) => (typeof id === 'string' ? id.toLowerCase() : '');

/** The ids in `field` of the events of streams starting with `prefix`, as keys, each once. */
export const idsOf = (events: readonly RecordedEvent[], prefix: string, field: string) => [
  ...new Set(
    events
      .filter((event) => event.streamName.startsWith(prefix))
      .map((event) => event.data[field])
      .filter((id): id is string => typeof id === 'string')
      .map(key),
  ),
];

/** The sealed value an event carries for a read model, with the client whose key opens it. */
export type SealedOf = (recorded: RecordedEvent) => { clientId: string; sealed: Sealed } | null;

/** Every sealed value of the batch opened at once: the vault's key look-ups and decryptions overlap. */
export const openAll = async (
  events: readonly RecordedEvent[],
  open: Opener,
  sealedOf: SealedOf,
): Promise<Map<RecordedEvent, unknown>> => {
  const opened = new Map<RecordedEvent, unknown>();
  await Promise.all(
    events.map(async (event) => {
      const found = sealedOf(event);
      if (found) opened.set(event, await open(found.clientId, found.sealed));
    }),
  );
  return opened;
};

/** A uuid as PostgreSQL prints it (a key, lower case). */
const PRINTED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * In a build, the ids a table's rows were written with so far. The build's schema began empty, so
 * an id never written has no row to read: a booking's or a client's first batch asks the table for
 * nothing. Remembering more than was written costs only a read that finds nothing, so an id stays
 * remembered when its try is rolled back; one written and not remembered would be a row overwritten.
 * So only ids in the form PostgreSQL prints are compared here: one asked in another form is read, and
 * once a row was written under another form (PostgreSQL stores it as it prints it, where the memory
 * could not find it) every id of the table is read.
 */
export type WrittenIds = Kept & {
  /** Of `ids`, those the table may hold a row for. */
  toRead: (ids: readonly string[]) => string[];
  wrote: (ids: Iterable<string>) => void;
};

const createWrittenIds = (): WrittenIds => {
  const written = new Set<string>();
  let oddFormWritten = false;
  return {
    toRead: (ids) =>
      oddFormWritten
        ? [...ids]
        : ids.filter((id) => {
            const known = key(id);
            return written.has(known) || !PRINTED_UUID.test(known);
          }),
    wrote: (ids) => {
      for (const id of ids) {
        const known = key(id);
        // A row written again in a later batch is already known and its form already checked.
        if (written.has(known)) continue;
        written.add(known);
        if (!PRINTED_UUID.test(known)) oddFormWritten = true;
      }
    },
    settle: () => undefined,
    undo: () => undefined,
  };
};

/** The ids `table` was written with during this build; undefined outside one (every id is read). */
export const writtenIdsOf = (batch: Batch, table: string): WrittenIds | undefined =>
  batch.kept?.of(`ids of ${table}`, createWrittenIds);

/**
 * Rows are kept under their column names with values as PostgreSQL prints them in JSON (times as
 * text), so a row read, folded and written back through `jsonb_populate_recordset` is unchanged
 * wherever no event changed it. Reads the rows of `table` (keyed by `id`) with these ids; in a build
 * only those of ids it wrote (`written`).
 */
export const loadRows = async <Row>(
  db: Queryable,
  s: string,
  table: string,
  ids: readonly string[],
  written?: WrittenIds,
): Promise<Row[]> => {
  const wanted = written ? written.toRead(ids) : ids;
  if (wanted.length === 0) return [];
  const { rows } = await db.query(
    `SELECT coalesce(jsonb_agg(to_jsonb(t)), '[]') AS rows FROM ${s}.${table} t WHERE t.id = ANY($1::uuid[])`,
    [wanted],
  );
  return rows[0]!.rows as Row[];
};

/**
 * Writes rows as `loadRows` reads them, inserted or replacing the row of the same id, in one
 * statement; in a build, their ids are remembered as written (`written`).
 */
export const upsertRows = async <Row extends { id: string }>(
  db: Queryable,
  s: string,
  table: string,
  columns: readonly string[],
  rows: Row[],
  written?: WrittenIds,
) => {
  if (rows.length === 0) return;
  const list = columns.join(', ');
  await db.query(
    /* sql */ `
INSERT INTO ${s}.${table} (${list})
SELECT ${list} FROM jsonb_populate_recordset(NULL::${s}.${table}, $1::jsonb)
ON CONFLICT (id) DO UPDATE SET (${columns.slice(1).join(', ')}) = ROW(${columns
      .slice(1)
      .map((column) => `EXCLUDED.${column}`)
      .join(', ')})`,
    [JSON.stringify(rows)],
  );
  written?.wrote(rows.map((row) => row.id));
};

/** An event a read model passes over with a reason (an overlap the calendar cannot place, …). */
export type Anomaly = { event: RecordedEvent; problem: string };

export const writeAnomalies = async (db: Queryable, s: string, anomalies: readonly Anomaly[]) => {
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
