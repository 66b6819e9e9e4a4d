import type { Pool, PoolClient } from 'pg';
import { Temporal } from '../domain/shared/time.ts';
import { applyGuarded, type BatchOutcome } from './apply.ts';
import { LOG_TABLE, readBatch, readCheckpoint, type Checkpoint } from './checkpoint.ts';
import { addHeldCounts } from './kpi/apply.ts';
import { createCountTally } from './kpi/facts.ts';
import { createFailureTally, type FailureTally } from './quarantine.ts';
import { createBuildMemory, type Opener } from './read-model.ts';
import { recordedColumns, toRecorded, type RecordedEvent, type RecordedRow } from './recorded-event.ts';
import { createReadModelSchema } from './registry.ts';
import { READ_MODEL_SCHEMA, READER_ROLE, SWAP_LOCK } from './schema.ts';

/** `quarantined`: events the build could not apply, set aside in its quarantine. */
export type ReplayReport = { events: number; seconds: number; eventsPerSecond: number; quarantined: number };
export type AsOfReport = ReplayReport & { schema: string; asOf: string };

/** Events a build applies in one transaction. */
export const BUILD_BATCH = 10_000;
/** Held KPI counts are written once this many differ, and when the build is full: memory stays bounded. */
const HELD_COUNTS_LIMIT = 50_000;
const HISTORY_PREFIX = 'rm_asof_';

/** How a build reports and paces itself. */
export type BuildOptions = {
  onProgress?: (events: number) => void;
  /** Held KPI counters written once this many differ (HELD_COUNTS_LIMIT). */
  heldCountsLimit?: number;
};

// ───────────────────────────── Reading and applying ─────────────────────────────

/** The log after `after` in commit-safe order; with `asOf`, only events appended (`created`) by then. */
const readLog = async (db: Pool | PoolClient, after: Checkpoint, asOf: string | null): Promise<RecordedEvent[]> => {
  if (asOf === null) return readBatch(db, after, BUILD_BATCH);
  const { rows } = await db.query<RecordedRow>(
    `SELECT ${recordedColumns}
       FROM ${LOG_TABLE} m
      WHERE (m.transaction_id, m.global_position) > ($1::xid8, $2::bigint)
        AND m.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        AND m.created <= $4::timestamptz
      ORDER BY m.transaction_id, m.global_position
      LIMIT $3`,
    [after.transactionId, after.globalPosition, BUILD_BATCH, asOf],
  );
  return rows.map(toRecorded);
};

/** The next batch into schema `s`, inside the caller's transaction, as the live runner applies it. */
const applyNext = async (
  client: PoolClient,
  s: string,
  open: Opener,
  asOf: string | null,
  tally: FailureTally,
): Promise<BatchOutcome> => {
  const events = await readLog(client, await readCheckpoint(client, s), asOf);
  return applyGuarded(client, s, events, open, { live: false, emitLive: false, tally });
};

/**
 * The tables of `s` that a rewrite logs cheaply: all but those with a GiST index (the calendar's
 * exclusion constraint), which a rewrite rebuilds entry by entry, as slowly as the fill inserted them.
 */
const rewritableTables = async (client: PoolClient, s: string) =>
  (
    await client.query<{ name: string }>(
      `SELECT t.relname AS name FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = $1 AND t.relkind = 'r'
          AND NOT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_am a ON a.oid = x.relam
                           WHERE i.indrelid = t.oid AND a.amname = 'gist')`,
      [s],
    )
  ).rows.map(({ name }) => `${s}.${name}`);

/**
 * The indexes of `s` that only the panel's queries read: neither unique (what `ON CONFLICT` and the
 * uniqueness rules stand on) nor a constraint's (the calendar's exclusion, which its overlap check
 * reads). Each is dropped while the schema fills and made again once it is full: one build over the
 * whole table instead of an entry for every row a batch writes. During a fill only the board's
 * erasure of a client's car details would read one (bookings by client); it scans the table instead.
 */
const panelIndexes = async (client: PoolClient, s: string) =>
  (
    await client.query<{ drop: string; create: string }>(
      `SELECT format('DROP INDEX %I.%I', n.nspname, x.relname) AS drop, pg_get_indexdef(i.indexrelid) AS create
         FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid JOIN pg_namespace n ON n.oid = x.relnamespace
        WHERE n.nspname = $1 AND NOT i.indisunique AND NOT i.indisexclusion
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY x.relname`,
      [s],
    )
  ).rows;

/**
 * Builds schema `s` from the log batch by batch, each in its own transaction. Most tables skip the
 * write-ahead log while they fill (a failed build is dropped anyway) and are logged once full, before
 * anyone reads them: one table rewrite instead of a log record for every row change. The panel's
 * indexes are made once the tables are full.
 */
const build = async (
  pool: Pool,
  client: PoolClient,
  s: string,
  open: Opener,
  asOf: string | null,
  options: BuildOptions,
): Promise<number> => {
  const indexes = await panelIndexes(client, s);
  for (const index of indexes) await client.query(index.drop);
  const tables = await rewritableTables(client, s);
  for (const table of tables) await client.query(`ALTER TABLE ${table} SET UNLOGGED`);
  const events = await fill(pool, client, s, open, asOf, options);
  for (const index of indexes) await client.query(index.create);
  for (const table of tables) await client.query(`ALTER TABLE ${table} SET LOGGED`);
  return events;
};

const after = (events: readonly RecordedEvent[]): Checkpoint => {
  const last = events.at(-1)!;
  return { transactionId: last.transactionId.toString(), globalPosition: last.globalPosition.toString() };
};

/**
 * The next batch is read on another connection while this one applies the current batch: its
 * position is known from the events alone, and reading the log needs no part of the transaction.
 * A batch that stopped at an event to try it again is read again from its checkpoint. The KPI daily
 * counters are added up in memory across batches and written in one statement every
 * `heldCountsLimit` counters and at the end: batch after batch, most of a batch's counts landed on
 * counters earlier batches had written, each an update of its row. Each such statement runs on a
 * connection of its own while the next batches apply: their statements add only refusals to the
 * daily counters (kind `refused`), never a booking's, so neither waits on the other's rows; one that
 * fails ends the build after the batch in progress.
 * What the read models keep from batch to batch (the calendar's occupied times, the ids each table
 * was written with) lives as long as the build; a try that is rolled back takes back out of it what
 * it changed where that matters (the calendar's times; an id remembered too many costs only a read).
 */
const fill = async (
  pool: Pool,
  client: PoolClient,
  s: string,
  open: Opener,
  asOf: string | null,
  { onProgress, heldCountsLimit = HELD_COUNTS_LIMIT }: BuildOptions,
): Promise<number> => {
  const tally = createFailureTally();
  const kept = createBuildMemory();
  const held = createCountTally();
  let heldWritten = Promise.resolve();
  let heldFailed = false;
  const writeHeld = async () => {
    await heldWritten;
    heldWritten = addHeldCounts(pool, s, held.counts());
    // Awaited before the next write and once the build is full; a failure ends the build at the next batch.
    heldWritten.catch(() => {
      heldFailed = true;
    });
    held.clear();
  };
  let events = 0;
  let next = readLog(pool, await readCheckpoint(client, s), asOf);
  for (;;) {
    if (heldFailed) await heldWritten;
    const batch = await next;
    if (batch.length === 0) {
      await writeHeld();
      await heldWritten;
      return events;
    }
    next = readLog(pool, after(batch), asOf);
    // A failed batch ends the build; the read ahead is then of no use and must not surface as unhandled.
    next.catch(() => undefined);
    let outcome: BatchOutcome;
    try {
      // Nothing reads a schema under construction and a failed build is dropped: no need to wait for the
      // disk. One simple-protocol call for both, as the live runner begins its batches.
      await client.query('BEGIN; SET LOCAL synchronous_commit = off');
      outcome = await applyGuarded(client, s, batch, open, { live: false, emitLive: false, tally, holdCounts: true, kept });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    for (const count of outcome.held) held.add(count, count.n);
    if (held.size() >= heldCountsLimit) await writeHeld();
    events += outcome.passed;
    if (outcome.retryLater) next = readLog(pool, await readCheckpoint(client, s), asOf);
    onProgress?.(events);
  }
};

const quarantinedIn = async (client: PoolClient, s: string): Promise<number> =>
  Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${s}.quarantine`)).rows[0]!.n);

const report = (events: number, quarantined: number, started: number): ReplayReport => {
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds, eventsPerSecond: Math.round(events / Math.max(seconds, 0.001)), quarantined };
};

// ───────────────────────────── Full replay ─────────────────────────────

/**
 * Rebuilds every read model from the log into a fresh schema while the live one keeps serving,
 * then swaps the two in one short transaction that first applies whatever arrived meanwhile.
 */
export const replayReadModels = async (pool: Pool, open: Opener, options: BuildOptions = {}): Promise<ReplayReport> => {
  const started = performance.now();
  const suffix = `${Date.now()}`;
  const target = `rm_build_${suffix}`;
  const client = await pool.connect();
  let events = 0;
  let quarantined = 0;
  try {
    await client.query(createReadModelSchema(target));
    events = await build(pool, client, target, open, null, options);
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SWAP_LOCK]);
      const tally = createFailureTally();
      for (let outcome: BatchOutcome | null = null; !outcome || outcome.passed > 0 || outcome.retryLater;) {
        outcome = await applyNext(client, target, open, null, tally);
        events += outcome.passed;
      }
      quarantined = await quarantinedIn(client, target);
      await client.query(`ALTER SCHEMA ${READ_MODEL_SCHEMA} RENAME TO rm_old_${suffix}`);
      await client.query(`ALTER SCHEMA ${target} RENAME TO ${READ_MODEL_SCHEMA}`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    await client.query(`DROP SCHEMA rm_old_${suffix} CASCADE`);
  } catch (error) {
    await client.query(`DROP SCHEMA IF EXISTS ${target} CASCADE`).catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return report(events, quarantined, started);
};

// ───────────────────────────── History as of an instant ─────────────────────────────

/** An as-of instant, refused unless it is a whole minute with an offset: the schema is named by the minute. */
export const parseAsOf = (value: string): Temporal.Instant | null => {
  try {
    const instant = Temporal.Instant.from(value);
    return instant.epochMilliseconds % 60_000 === 0 ? instant : null;
  } catch {
    return null;
  }
};

/** `rm_asof_<yyyymmddhhmm>` of the instant in UTC, so one instant written with any offset is one schema. */
export const asOfSchemaName = (instant: Temporal.Instant): string =>
  HISTORY_PREFIX + instant.toString({ smallestUnit: 'minute' }).replace(/\D/g, '').slice(0, 12);

/** Personal data stays out of history: erasing a client must never have to chase copies made for an audit. */
const sealedStaysSealed: Opener = async () => null;

/**
 * Builds the board, calendar, clients and KPIs as they were at `asOf` (events appended by then)
 * into `rm_asof_<yyyymmddhhmm>`, replacing an earlier build of the same minute. The result is
 * read-only: every table refuses writes, and nothing follows the log into it.
 */
export const replayAsOf = async (pool: Pool, asOf: Temporal.Instant, options: BuildOptions = {}): Promise<AsOfReport> => {
  const started = performance.now();
  const schema = asOfSchemaName(asOf);
  const target = `rm_build_${Date.now()}`;
  const client = await pool.connect();
  let events = 0;
  let quarantined = 0;
  try {
    await client.query(createReadModelSchema(target));
    events = await build(pool, client, target, sealedStaysSealed, asOf.toString(), options);
    quarantined = await quarantinedIn(client, target);
    const { rows } = await client.query<{ table: string }>(`SELECT tablename AS table FROM pg_tables WHERE schemaname = $1`, [
      target,
    ]);
    await client.query('BEGIN');
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.query(`ALTER SCHEMA ${target} RENAME TO ${schema}`);
      await client.query(
        `CREATE TABLE ${schema}.history (as_of timestamptz NOT NULL, built_at timestamptz NOT NULL, events bigint NOT NULL)`,
      );
      await client.query(`INSERT INTO ${schema}.history VALUES ($1, now(), $2)`, [asOf.toString(), events]);
      await client.query(`GRANT SELECT ON ${schema}.history TO ${READER_ROLE}`);
      await client.query(`CREATE FUNCTION ${schema}.refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'history % is read-only', TG_TABLE_SCHEMA; END $$`);
      for (const { table } of [...rows, { table: 'history' }]) {
        await client.query(
          `CREATE TRIGGER read_only BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${schema}.${table}
           FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.refuse_write()`,
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } catch (error) {
    await client.query(`DROP SCHEMA IF EXISTS ${target} CASCADE`).catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return { ...report(events, quarantined, started), schema, asOf: asOf.toString() };
};

export type HistoryEntry = { schema: string; asOf: string; builtAt: string; events: number };

/** The as-of builds present, newest instant first. */
export const listHistory = async (pool: Pool): Promise<HistoryEntry[]> => {
  const { rows } = await pool.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_namespace n
      WHERE n.nspname LIKE '${HISTORY_PREFIX.replace(/_/g, '\\_')}%' AND to_regclass(n.nspname || '.history') IS NOT NULL`,
  );
  const entries: HistoryEntry[] = [];
  for (const { schema } of rows) {
    if (!/^rm_asof_\d{12}$/.test(schema)) continue;
    const history = await pool.query<{ as_of: Date; built_at: Date; events: string }>(
      `SELECT as_of, built_at, events::text FROM ${schema}.history`,
    );
    const row = history.rows[0];
    if (row)
      entries.push({ schema, asOf: row.as_of.toISOString(), builtAt: row.built_at.toISOString(), events: Number(row.events) });
  }
  return entries.sort((a, b) => b.asOf.localeCompare(a.asOf));
};

/** Whether the history of that instant was built. */
export const hasHistory = async (db: Pool | PoolClient, schema: string): Promise<boolean> =>
  (await db.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`${schema}.history`])).rows[0]!.found !==
  null;
