import type { PoolClient } from 'pg';
import { writeCheckpoint } from './checkpoint.ts';
import { quarantineInsertColumns, quarantineValues, settleFailure, type Failure, type FailureTally } from './quarantine.ts';
import type { KpiCount } from './kpi/facts.ts';
import type { BookingTouched, Batch, BuildMemory, Folding, Opener, Queryable, ReadModel } from './read-model.ts';
import type { RecordedEvent } from './recorded-event.ts';
import { readModels } from './registry.ts';

/** PostgreSQL channel the runner's commit notifies when it wrote live changes; the payload is the last position. */
export const LIVE_CHANGES_CHANNEL = 'zero_live_changes';

// ───────────────────────────── One batch through every read model ─────────────────────────────

/**
 * Runs the read models' steps side by side on the batch's connection, one computing while
 * another's statement runs, and waits for every one even when one fails, so nothing is sent after
 * the caller's ROLLBACK. A failed statement aborts the transaction and every later one fails for
 * that alone: the failure reported is the one that came first.
 */
const together = async <T>(steps: Promise<T>[]): Promise<T[]> => {
  const failures: unknown[] = [];
  const results = await Promise.all(
    steps.map((step) =>
      step.catch((error: unknown) => {
        failures.push(error);
        return null;
      }),
    ),
  );
  if (failures.length > 0) throw failures[0];
  return results as T[];
};

/**
 * The read models share the batch's connection, which runs one statement at a time: their
 * statements wait here in the order asked rather than in the driver's queue. One asked while none
 * waits or runs goes out at once, before the caller's next synchronous work (the next read model's
 * begin, a fold) rather than after it.
 */
const oneAtATime = (db: Queryable): Queryable => {
  let last: Promise<unknown> = Promise.resolve();
  let unsettled = 0;
  const settled = () => {
    unsettled--;
  };
  return {
    query: (...args) => {
      const next = unsettled === 0 ? db.query(...args) : last.then(() => db.query(...args));
      unsettled++;
      last = next.then(settled, settled);
      return next;
    },
  };
};

export type ApplyOptions = {
  /** The live runner keeps recently written KPI rows in memory; a replay reads them fresh. */
  live: boolean;
  /** A replay's build holds the KPI counts back (Batch.holdCounts). */
  holdCounts?: (counts: readonly KpiCount[]) => void;
  /**
   * A replay's build keeps what its read models remember from batch to batch (Batch.kept), settled
   * or undone with each try under a savepoint.
   */
  kept?: BuildMemory;
};

/**
 * Applies events, in log order, to every read model of schema `s` (registry.ts) with a few
 * set-based statements: each read model reads the rows they touch once, folds the events into them
 * in memory, one event at a time through every read model in turn, and writes the changed rows
 * back. The result is what applying them one by one would leave. Returns the bookings touched, in
 * the order first touched.
 */
export const applyEvents = async (
  db: Queryable,
  s: string,
  events: readonly RecordedEvent[],
  open: Opener,
  options: ApplyOptions,
): Promise<BookingTouched[]> => {
  const shared = oneAtATime(db);
  const touched = new Map<string, BookingTouched>();
  const foldings = new Map<ReadModel, Folding>();
  const batchOf = (index: number): Batch => ({
    db: shared,
    schema: s,
    events,
    open,
    live: options.live,
    holdCounts: options.holdCounts,
    kept: options.kept,
    touch: (change) => {
      touched.set(change.bookingId, change);
    },
    foldOf: <F extends Folding>(model: ReadModel<F>): F => {
      const folding = foldings.get(model);
      if (!folding || readModels.indexOf(model) >= index) {
        throw new Error(`${readModels[index]!.name} reads ${model.name} before it folds, or it is not registered before`);
      }
      return folding as F;
    },
  });
  const begun = await together(readModels.map((model, index) => model.begin(batchOf(index))));
  readModels.forEach((model, index) => foldings.set(model, begun[index]!));
  for (const event of events) for (const folding of begun) folding.fold?.(event);
  await together(begun.map((folding) => folding.write()));
  return [...touched.values()];
};

// ───────────────────────────── Guarded: one event cannot hold back the log ─────────────────────────────

/**
 * What a batch did: events passed (applied or set aside), whether it stopped at one that failed to
 * retry it later, and the KPI counts of the events it applied when it was asked to hold them.
 */
export type BatchOutcome = { passed: number; retryLater: boolean; held: KpiCount[] };

const append = <T>(into: T[], more: readonly T[]) => {
  for (const item of more) into.push(item);
};

/** Counts held by one try, for the caller to keep only if the try applied. */
const holder = (hold: boolean) => {
  const counts: KpiCount[] = [];
  return { counts, holdCounts: hold ? (more: readonly KpiCount[]) => append(counts, more) : undefined };
};

type Failed = { index: number; error: unknown };

/**
 * Applies `events` in log order inside savepoints. When a run fails, it is halved and each half
 * tried again, so the events that apply are applied and the first one that fails on its own is
 * found in a few steps; nothing after it is applied. Returns that event's index and error, or null.
 */
const applyUpToFailure = async (
  client: PoolClient,
  s: string,
  events: readonly RecordedEvent[],
  open: Opener,
  options: Omit<ApplyOptions, 'holdCounts'>,
  touched: BookingTouched[],
  held: KpiCount[] | null,
): Promise<Failed | null> => {
  await client.query('SAVEPOINT apply');
  try {
    const attempt = holder(held !== null);
    touched.push(...(await applyEvents(client, s, events, open, { ...options, holdCounts: attempt.holdCounts })));
    await client.query('RELEASE SAVEPOINT apply');
    options.kept?.settle();
    if (held) append(held, attempt.counts);
    return null;
  } catch (error) {
    options.kept?.undo();
    // A connection that broke cannot roll back to the savepoint: the whole batch fails and is tried again.
    await client.query('ROLLBACK TO SAVEPOINT apply; RELEASE SAVEPOINT apply').catch(() => {
      throw error;
    });
    if (events.length === 1) return { index: 0, error };
    const half = Math.ceil(events.length / 2);
    const first = await applyUpToFailure(client, s, events.slice(0, half), open, options, touched, held);
    if (first) return first;
    const second = await applyUpToFailure(client, s, events.slice(half), open, options, touched, held);
    return second && { index: half + second.index, error: second.error };
  }
};

const setAside = async (client: PoolClient, s: string, event: RecordedEvent, failure: Failure, attempts: number) => {
  await client.query(
    `INSERT INTO ${s}.quarantine (${quarantineInsertColumns})
     VALUES ($1::xid8, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (global_position) DO UPDATE SET kind = EXCLUDED.kind, error = EXCLUDED.error,
       attempts = EXCLUDED.attempts, quarantined_at = now()`,
    quarantineValues(event, failure, attempts),
  );
};

/** Each booking once, in the order first touched: the parts of a split batch may touch one booking each. */
const firstTouches = (touched: readonly BookingTouched[]): BookingTouched[] => {
  const first = new Map<string, BookingTouched>();
  for (const change of touched) if (!first.has(change.bookingId)) first.set(change.bookingId, change);
  return [...first.values()];
};

/**
 * Thrown by a batch applied without savepoints (`firstTry`) when it failed: the caller rolls its
 * transaction back and applies the batch again with them, to find the event that fails.
 */
export class FirstTryFailed extends Error {
  constructor(cause: unknown) {
    super('a batch failed on its first try', { cause });
  }
}

/** The bookings a batch changed, for the live hub of every API process (notified at commit). */
const liveChangesSql = /* sql */ `
, written AS (
  INSERT INTO live_changes (position, org_id, branch_id, booking_id)
  SELECT nextval('live_position'), t.org_id, t.branch_id, t.booking_id
    FROM unnest($4::uuid[], $5::uuid[], $6::uuid[]) WITH ORDINALITY AS t(org_id, branch_id, booking_id, n)
   ORDER BY t.n
  RETURNING position)
SELECT pg_notify($7, max(position)::text) FROM written`;

/**
 * Applies `events`, the log's next ones after the checkpoint of schema `s`, inside the caller's
 * transaction, and moves the checkpoint past what it passed. An event that fails on its own is tried
 * again (quarantine.ts `settleFailure`: at once, or on a later batch when the trouble looks passing);
 * once it has had its tries it is set aside in `s.quarantine` and the rest of the batch applies, so
 * one event can never hold back the log. With `emitLive`, tells the live hub which bookings changed,
 * in the order they were first touched. The live runner and a replay both go through here.
 *
 * With `firstTry` the batch is applied without savepoints, which cost two round trips, and any
 * failure is thrown as `FirstTryFailed`: nearly every live batch applies whole.
 */
export const applyGuarded = async (
  client: PoolClient,
  s: string,
  events: readonly RecordedEvent[],
  open: Opener,
  options: {
    live: boolean;
    emitLive: boolean;
    tally: FailureTally;
    firstTry?: boolean;
    holdCounts?: boolean;
    kept?: BuildMemory;
  },
): Promise<BatchOutcome> => {
  const tries = { live: options.live, kept: options.kept };
  const touched: BookingTouched[] = [];
  const held: KpiCount[] | null = options.holdCounts ? [] : null;
  let passed = 0;
  let retryLater = false;
  if (options.firstTry && events.length > 0) {
    const attempt = holder(held !== null);
    try {
      // Without savepoints nothing would settle or undo what a build keeps: the read models ask the tables.
      touched.push(...(await applyEvents(client, s, events, open, { live: options.live, holdCounts: attempt.holdCounts })));
    } catch (error) {
      throw new FirstTryFailed(error);
    }
    if (held) append(held, attempt.counts);
    passed = events.length;
  }
  while (passed < events.length) {
    const failed = await applyUpToFailure(client, s, events.slice(passed), open, tries, touched, held);
    if (!failed) {
      passed = events.length;
      break;
    }
    passed += failed.index;
    const event = events[passed]!;
    const settled = await settleFailure(options.tally, event, failed.error, async () => {
      const again = await applyUpToFailure(client, s, [event], open, tries, touched, held);
      return again ? again.error : null;
    });
    if (settled.outcome === 'later') {
      retryLater = true;
      break;
    }
    if (settled.outcome === 'aside') await setAside(client, s, event, settled.failure, settled.attempts);
    passed++;
  }
  for (const event of events.slice(0, passed)) options.tally.forget(event);
  if (passed === 0) return { passed, retryLater, held: held ?? [] };
  const changes = options.emitLive ? firstTouches(touched) : [];
  // The checkpoint and the live changes in one round trip; the notification goes out at commit.
  await writeCheckpoint(
    client,
    s,
    events[passed - 1]!,
    changes.length === 0
      ? undefined
      : {
          sql: liveChangesSql,
          values: [
            changes.map((t) => t.orgId),
            changes.map((t) => t.branchId),
            changes.map((t) => t.bookingId),
            LIVE_CHANGES_CHANNEL,
          ],
        },
  );
  return { passed, retryLater, held: held ?? [] };
};
