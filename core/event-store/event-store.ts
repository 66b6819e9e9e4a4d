import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
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

/**
 * Reads and appends on Emmett's PostgreSQL tables. Appends go through Emmett's own
 * `emt_append_to_stream`, several streams per transaction (see zero_append_many), which gives a
 * booking and its slot reservations one atomic commit and one round trip.
 */
export const createEventStore = (pool: Pool) => {
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
    return result;
  };

  const readStream = async (name: string): Promise<LoadedStream> => (await readStreams([name])).get(name)!;

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
      await pool.query('SELECT stream_id FROM zero_append_many($1::jsonb)', [JSON.stringify(payload)]);
    } catch (error) {
      const pgError = error as { code?: string; detail?: string };
      if (pgError.code === 'ZC001') throw new VersionConflict(pgError.detail ?? 'unknown');
      if (pgError.code === '23505') {
        const stream = streamFromUniqueViolation(pgError.detail);
        if (stream) throw new VersionConflict(stream);
      }
      throw error;
    }
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

  return { readStreams, readStream, appendMany, readHistory };
};

export type EventStore = ReturnType<typeof createEventStore>;
