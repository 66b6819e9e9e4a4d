import type { LoadedStream, StreamAppend } from './event-store.ts';

/**
 * The last known events of streams that most commands of a kind read and append to (a bay-day's
 * schedule: every booking reads each capable bay's day), kept in the process so the next command
 * decides on them without reading them again. What is remembered may be stale, since another
 * process may have appended; so a decision taken on it is only ever committed with the version it
 * was taken at (a stale one ends as a version conflict, and the stream is forgotten), and a command
 * that would refuse on it asks the database first (handle's ReadAgain).
 *
 * A conflict means someone else writes these streams too (another API process on the database,
 * booking the same days): for `contestedMs` after one, nothing is recalled and commands read as
 * they would without memory, instead of losing an append to a stale stream again and again (and
 * waiting behind the other process's row locks to learn it). Streams are kept whole and replaced,
 * never changed in place, so an attempt that holds one folds the version it was given. The least
 * recently used go first beyond `capacity` streams.
 */
export const createStreamMemory = (
  holds: (stream: string) => boolean,
  options: { capacity?: number; contestedMs?: number; clock?: () => number } = {},
) => {
  const { capacity = 4096, contestedMs = 60_000, clock = () => Date.now() } = options;
  const streams = new Map<string, LoadedStream>();
  let lastConflict = -Infinity;

  const keep = (name: string, stream: LoadedStream) => {
    streams.delete(name);
    streams.set(name, stream);
    if (streams.size > capacity) streams.delete(streams.keys().next().value!);
  };

  return {
    /** The stream as last known here, or undefined when it is not remembered. */
    recall: (name: string): LoadedStream | undefined => {
      if (clock() - lastConflict < contestedMs) return undefined;
      const stream = streams.get(name);
      if (stream) keep(name, stream);
      return stream;
    },

    /** A stream as the database gave it; an older read than the one remembered is ignored. */
    learn: (name: string, stream: LoadedStream): void => {
      if (!holds(name)) return;
      const known = streams.get(name);
      if (!known || known.version < stream.version) keep(name, stream);
    },

    /** Appends that committed: a remembered stream moves on when it was at the version they expected. */
    appended: (appends: readonly StreamAppend[]): void => {
      for (const { stream, expected, events } of appends) {
        if (!holds(stream)) continue;
        const known = streams.get(stream) ?? (expected === 0 ? { version: 0, events: [] } : undefined);
        if (known?.version === expected)
          keep(stream, { version: expected + events.length, events: [...known.events, ...events] });
        else streams.delete(stream);
      }
    },

    /** A conflict on the stream: what was remembered is stale, and someone else writes these streams. */
    contest: (name: string): void => {
      streams.delete(name);
      if (holds(name)) lastConflict = clock();
    },
  };
};

export type StreamMemory = ReturnType<typeof createStreamMemory>;
