import type { Pool, PoolClient } from 'pg';
import { startPollLoop } from '../../projections/poll-loop.ts';
import {
  createFailureTally,
  describeFailure,
  quarantineInsertColumns,
  quarantineValues,
  settleFailure,
  type Failure,
} from '../../projections/quarantine.ts';
import { recordedColumns, toRecorded, type RecordedEvent, type RecordedRow } from '../../projections/recorded-event.ts';
import { readBatch, type Checkpoint } from '../../projections/checkpoint.ts';
import { createInstanceLock } from './instance-lock.ts';

/**
 * Handles one event. Returns true when it did something outside the database (sent a message):
 * the checkpoint then moves at once, so a restart does not repeat it. Other events only move the
 * checkpoint at the end of the batch (repeating them after a crash is harmless).
 */
export type ReactorHandler = (event: RecordedEvent) => Promise<boolean | void>;

export type ReactorOptions = {
  pool: Pool;
  /** The checkpoint row's name; one running instance per name across processes. */
  name: string;
  handle: ReactorHandler;
  onError: (error: unknown, event: RecordedEvent | null) => void;
  /** Where a reactor with no checkpoint yet begins: the whole log, or only what comes next. */
  startFrom?: 'beginning' | 'end';
  idleMs?: number;
  batchSize?: number;
  /** Pause before an event that failed is tried again. */
  retryMs?: number;
};

const readCheckpoint = async (db: Pool | PoolClient, name: string): Promise<Checkpoint | null> => {
  const { rows } = await db.query<{ transaction_id: string; global_position: string }>(
    'SELECT transaction_id::text, global_position::text FROM reactor_checkpoints WHERE reactor = $1',
    [name],
  );
  return rows[0] ? { transactionId: rows[0].transaction_id, globalPosition: rows[0].global_position } : null;
};

const writeCheckpoint = async (db: Pool | PoolClient, name: string, at: Checkpoint) => {
  await db.query(
    `INSERT INTO reactor_checkpoints (reactor, transaction_id, global_position, updated_at)
     VALUES ($1, $2::xid8, $3, now())
     ON CONFLICT (reactor) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
       global_position = EXCLUDED.global_position, updated_at = now()`,
    [name, at.transactionId, at.globalPosition],
  );
};

const setAside = async (db: Pool, name: string, event: RecordedEvent, failure: Failure, attempts: number) => {
  await db.query(
    `INSERT INTO reactor_quarantine (reactor, ${quarantineInsertColumns})
     VALUES ($1, $2::xid8, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (reactor, global_position) DO UPDATE SET kind = EXCLUDED.kind, error = EXCLUDED.error,
       attempts = reactor_quarantine.attempts + EXCLUDED.attempts, quarantined_at = now(), retry_requested_at = NULL`,
    [name, ...quarantineValues(event, failure, attempts)],
  );
};

/** Events set aside by this reactor that `npm run replay` asked to try again, in log order. */
const retriesAsked = async (db: Pool, name: string): Promise<RecordedEvent[]> => {
  const { rows } = await db.query<RecordedRow>(
    `SELECT ${recordedColumns}
       FROM emt_messages m
      WHERE (m.transaction_id, m.global_position) IN (
              SELECT q.transaction_id, q.global_position FROM reactor_quarantine q
               WHERE q.reactor = $1 AND q.retry_requested_at IS NOT NULL)
      ORDER BY m.transaction_id, m.global_position
      LIMIT 100`,
    [name],
  );
  return rows.map(toRecorded);
};

/**
 * Asks every reactor to try its quarantined events again (after a fix); each running reactor does so
 * on its next turn. Returns how many were asked for.
 */
export const requestReactorRetries = async (db: Pool | PoolClient): Promise<number> =>
  (await db.query('UPDATE reactor_quarantine SET retry_requested_at = now() WHERE retry_requested_at IS NULL')).rowCount ?? 0;

/** The last committed event below every open transaction: the point a new reactor starts after. */
const endOfLog = async (db: Pool | PoolClient): Promise<Checkpoint> => {
  const { rows } = await db.query<{ transaction_id: string; global_position: string }>(
    `SELECT m.transaction_id::text, m.global_position::text FROM emt_messages m
      WHERE m.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      -- Qualified: the output columns carry the same names as text, and a bare name would sort them as text.
      ORDER BY m.transaction_id DESC, m.global_position DESC LIMIT 1`,
  );
  return rows[0]
    ? { transactionId: rows[0].transaction_id, globalPosition: rows[0].global_position }
    : { transactionId: '0', globalPosition: '0' };
};

/**
 * Follows the global log in (transaction_id, global_position) order, as the projection runner
 * does, and hands each event to `handle` outside any transaction (sending a message may wait on
 * Telegram's retry_after; an open write transaction would hold back every log reader). The
 * checkpoint moves right after each event that sent something, so a restart repeats at most the
 * one message that was in flight when the process died, and never skips one. A session advisory lock keeps
 * one instance per name across processes. An event the handler fails on is tried again a few times
 * (at once, or after a pause when the trouble looks passing; quarantine.ts `settleFailure`), then set
 * aside in `reactor_quarantine` and the reactor moves on: one event never stops the others. A retried
 * handler runs again from the start, so one that failed after sending may send again, as after a
 * crash. Events `npm run replay` hands back are tried once more first.
 */
export const startReactor = (options: ReactorOptions) => {
  const { pool, name, handle, onError } = options;
  const lock = createInstanceLock(pool, `reactor:${name}`);
  const tally = createFailureTally();

  /** Handles one event: whether it acted outside the database, or the error it failed with (reported). */
  const attempt = async (event: RecordedEvent): Promise<{ acted: boolean } | { error: unknown }> => {
    try {
      return { acted: (await handle(event)) === true };
    } catch (error) {
      onError(error, event);
      return { error };
    }
  };

  /** The event once more: null when it went through, else its error. */
  const again = (event: RecordedEvent) => async () => {
    const outcome = await attempt(event);
    return 'error' in outcome ? outcome.error : null;
  };

  const retry = async (isStopped: () => boolean): Promise<number> => {
    const events = await retriesAsked(pool, name);
    for (const event of events) {
      if (isStopped()) break;
      const outcome = await attempt(event);
      if ('error' in outcome) await setAside(pool, name, event, describeFailure(outcome.error), 1);
      else
        await pool.query('DELETE FROM reactor_quarantine WHERE reactor = $1 AND global_position = $2', [
          name,
          event.globalPosition.toString(),
        ]);
    }
    return events.length;
  };

  const step = async (isStopped: () => boolean): Promise<number | 'retry'> => {
    const retried = await retry(isStopped);
    let checkpoint = await readCheckpoint(pool, name);
    if (!checkpoint) {
      checkpoint = options.startFrom === 'end' ? await endOfLog(pool) : { transactionId: '0', globalPosition: '0' };
      await writeCheckpoint(pool, name, checkpoint);
    }
    const events = await readBatch(pool, checkpoint, options.batchSize ?? 100);
    let last: RecordedEvent | null = null;
    let saved = true;
    let handled = 0;
    const save = async (event: RecordedEvent) => {
      await writeCheckpoint(pool, name, {
        transactionId: event.transactionId.toString(),
        globalPosition: event.globalPosition.toString(),
      });
      saved = true;
    };
    for (const event of events) {
      if (isStopped()) break;
      const outcome = await attempt(event);
      let acted = 'acted' in outcome && outcome.acted;
      if ('error' in outcome) {
        const settled = await settleFailure(tally, event, outcome.error, again(event));
        if (settled.outcome === 'later') {
          // Not past this event yet: what came before it is saved, it is tried again after a pause.
          if (last && !saved) await save(last);
          return 'retry';
        }
        if (settled.outcome === 'aside') await setAside(pool, name, event, settled.failure, settled.attempts);
        // Set aside or gone through on a later try: either way the checkpoint moves past it now.
        acted = true;
      } else tally.forget(event);
      last = event;
      saved = false;
      handled++;
      if (acted) await save(event);
    }
    if (last && !saved) await save(last);
    return handled + retried;
  };

  const loop = startPollLoop({
    step: async (isStopped) => ((await lock.acquire()) ? step(isStopped) : 'wait'),
    onError: (error) => onError(error, null),
    idleMs: options.idleMs ?? 200,
    waitMs: 2_000,
    retryMs: options.retryMs ?? 250,
  });

  return {
    poke: loop.poke,
    stop: async () => {
      await loop.stop();
      await lock.release();
    },
  };
};

export type Reactor = ReturnType<typeof startReactor>;
export type StartReactor = typeof startReactor;
