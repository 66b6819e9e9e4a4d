import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '../../projections/recorded-event.ts';
import { startPollLoop } from '../../projections/poll-loop.ts';
import { readBatch, type Checkpoint } from '../../projections/runner.ts';
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

/** The last committed event below every open transaction: the point a new reactor starts after. */
const endOfLog = async (db: Pool | PoolClient): Promise<Checkpoint> => {
  const { rows } = await db.query<{ transaction_id: string; global_position: string }>(
    `SELECT transaction_id::text, global_position::text FROM emt_messages
      WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
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
 * one instance per name across processes. A handler error is reported and the reactor moves on:
 * one client's failure never stops the others.
 */
export const startReactor = (options: ReactorOptions) => {
  const { pool, name, handle, onError } = options;
  const lock = createInstanceLock(pool, `reactor:${name}`);

  const step = async (isStopped: () => boolean): Promise<number> => {
    let checkpoint = await readCheckpoint(pool, name);
    if (!checkpoint) {
      checkpoint = options.startFrom === 'end' ? await endOfLog(pool) : { transactionId: '0', globalPosition: '0' };
      await writeCheckpoint(pool, name, checkpoint);
    }
    const events = await readBatch(pool, checkpoint, options.batchSize ?? 100);
    let last: RecordedEvent | null = null;
    let saved = true;
    const save = async (event: RecordedEvent) => {
      await writeCheckpoint(pool, name, {
        transactionId: event.transactionId.toString(),
        globalPosition: event.globalPosition.toString(),
      });
      saved = true;
    };
    for (const event of events) {
      if (isStopped()) break;
      let acted: boolean | void = false;
      try {
        acted = await handle(event);
      } catch (error) {
        // Reported and passed: a recorded event that cannot be handled must not stop the others.
        onError(error, event);
        acted = true;
      }
      last = event;
      saved = false;
      if (acted) await save(event);
    }
    if (last && !saved) await save(last);
    return events.length;
  };

  const loop = startPollLoop({
    step: async (isStopped) => ((await lock.acquire()) ? step(isStopped) : 'wait'),
    onError: (error) => onError(error, null),
    idleMs: options.idleMs ?? 200,
    waitMs: 2_000,
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
