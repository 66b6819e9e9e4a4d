import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { StreamMemory } from './stream-memory.ts';
import { groupWhileBusy, type GroupOptions } from '../shared/group-while-busy.ts';
import { recordedColumns, toRecorded, type RecordedEvent, type RecordedRow } from '../../projections/recorded-event.ts';

export type DomainEvent = { type: string; data: Record<string, unknown> };

export type LoadedStream<E extends DomainEvent = DomainEvent> = {
  version: number;
  events: E[];
};

export type StreamAppend = {
  stream: string;
  expected: number;
  events: DomainEvent[];
  metadata?: Record<string, unknown>;
};

/** Another writer got to the stream first: reload, decide again. */
export class VersionConflict extends Error {
  constructor(readonly stream: string) {
    super(`Version conflict on ${stream}`);
    this.name = 'VersionConflict';
  }
}

const streamFromUniqueViolation = (detail: string | undefined): string | undefined =>
  /\(stream_id, partition, is_archived\)=\(([^,]+),/.exec(detail ?? '')?.[1];

/** One command's appends as zero_append_many takes them. */
type AppendPayload = { stream: string; expected: number; events: Record<string, unknown>[] }[];

type Waiting = { payload: AppendPayload; resolve: () => void; reject: (error: unknown) => void };

/**
 * Group commit. Commands appended while earlier commits are in flight wait and then commit together
 * in one transaction (zero_append_group, at most `maxGroup`), each with its own expected versions:
 * one command's conflict fails that command only. A lone command goes at once, so a quiet station
 * waits for nothing; under load the synchronous flush and the round trip are shared. A promise
 * settles only after the commit that holds its events.
 */
const GROUP_COMMIT: GroupOptions = { maxGroup: 32, maxInFlight: 2 };

/** PostgreSQL's deadlock_detected, and how often an append that lost one is sent again. */
const DEADLOCK = '40P01';
const DEADLOCK_TRIES = 3;

const conflictOf = (error: unknown): VersionConflict | undefined => {
  const pgError = error as { code?: string; detail?: string };
  if (pgError.code === 'ZC001') return new VersionConflict(pgError.detail ?? 'unknown');
  const stream = pgError.code === '23505' ? streamFromUniqueViolation(pgError.detail) : undefined;
  return stream ? new VersionConflict(stream) : undefined;
};

/**
 * Reads and appends on Emmett's PostgreSQL tables. Appends go through Emmett's own
 * `emt_append_to_stream`, several streams per transaction (see zero_append_many), which gives a
 * booking and its slot reservations one atomic commit and one round trip.
 */
export const createEventStore = (pool: Pool, options: { groupCommit?: GroupOptions; memory?: StreamMemory } = {}) => {
  const { groupCommit = GROUP_COMMIT, memory } = options;

  const readStreams = async (names: readonly string[]): Promise<Map<string, LoadedStream>> => {
    const result = new Map<string, LoadedStream>(names.map((name) => [name, { version: 0, events: [] }]));
    if (names.length === 0) return result;
    const { rows } = await pool.query<{ stream_id: string; position: number; type: string; data: Record<string, unknown> }>(
      `SELECT stream_id, stream_position::int AS position, message_type AS type, message_data AS data
         FROM emt_messages
        WHERE stream_id = ANY($1::text[]) AND partition = 'emt:default' AND NOT is_archived
        ORDER BY stream_id, stream_position`,
      [names],
    );
    for (const row of rows) {
      const stream = result.get(row.stream_id)!;
      stream.events.push({ type: row.type, data: row.data });
      stream.version = row.position;
    }
    if (memory) for (const [name, stream] of result) memory.learn(name, stream);
    return result;
  };

  /** What the process remembers of a stream (stream-memory.ts): possibly stale, for a command's first attempt only. */
  const recall = (name: string): LoadedStream | undefined => memory?.recall(name);

  const readStream = async (name: string): Promise<LoadedStream> => (await readStreams([name])).get(name)!;

  /**
   * One command's append in its own transaction. Appends and groups take the streams they move in
   * sorted order, so they cannot deadlock with one another; a transaction elsewhere that holds
   * streams in another order can. When PostgreSQL picks this append as the victim, nothing of it was
   * written and it is sent again as it was: its expected versions still decide, so a stream another
   * writer moved meanwhile is a conflict.
   */
  const appendAlone = async (payload: AppendPayload): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await pool.query('SELECT stream_id FROM zero_append_many($1::jsonb)', [JSON.stringify(payload)]);
        return;
      } catch (error) {
        if ((error as { code?: string }).code === DEADLOCK && attempt < DEADLOCK_TRIES) continue;
        throw conflictOf(error) ?? error;
      }
    }
  };

  const settle = (command: Waiting, done: Promise<void>) => done.then(command.resolve, command.reject);

  const commit = async (group: Waiting[]): Promise<void> => {
    if (group.length === 1) return settle(group[0]!, appendAlone(group[0]!.payload));
    let answers: { idx: number; conflict: string | null }[];
    try {
      ({ rows: answers } = await pool.query<{ idx: number; conflict: string | null }>(
        'SELECT idx, conflict FROM zero_append_group($1::jsonb)',
        [JSON.stringify(group.map((command) => command.payload))],
      ));
    } catch {
      // Not a version conflict (those are answered per command): a new stream another writer
      // created meanwhile, a broken row. Each command alone, so only the one at fault hears its error,
      // and in the group's order, so a command that builds on an earlier one of the group still can.
      for (const command of group) await settle(command, appendAlone(command.payload));
      return;
    }
    const conflicts = new Map(answers.map((answer) => [answer.idx, answer.conflict]));
    for (const [index, command] of group.entries()) {
      const conflict = conflicts.get(index);
      if (conflict === null) command.resolve();
      else if (conflict !== undefined) command.reject(new VersionConflict(conflict));
      else command.reject(new Error('The group commit gave no answer for a command'));
    }
  };

  const enqueue = groupWhileBusy(groupCommit, commit);

  const appendMany = async (appends: readonly StreamAppend[]): Promise<void> => {
    const payload = appends
      .filter((append) => append.events.length > 0)
      .map((append) => ({
        stream: append.stream,
        expected: append.expected,
        events: append.events.map((event) => ({
          id: randomUUID(),
          type: event.type,
          data: event.data,
          metadata: append.metadata ?? {},
        })),
      }));
    if (payload.length === 0) return;
    try {
      await new Promise<void>((resolve, reject) => enqueue({ payload, resolve, reject }));
    } catch (error) {
      if (error instanceof VersionConflict) memory?.contest(error.stream);
      throw error;
    }
    memory?.appended(appends);
  };

  const readHistory = async (name: string): Promise<RecordedEvent[]> => {
    const { rows } = await pool.query<RecordedRow>(
      `SELECT ${recordedColumns}
         FROM emt_messages
        WHERE stream_id = $1 AND partition = 'emt:default' AND NOT is_archived
        ORDER BY stream_position`,
      [name],
    );
    return rows.map(toRecorded);
  };

  return { readStreams, readStream, recall, appendMany, readHistory };
};

export type EventStore = ReturnType<typeof createEventStore>;
