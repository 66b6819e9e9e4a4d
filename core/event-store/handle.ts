import { VersionConflict, type EventStore, type LoadedStream } from './event-store.ts';
import { createStreamBatch, type StreamBatch } from './stream-batch.ts';

/**
 * How often a command is tried again after another writer changed one of its streams in between,
 * and how long it waits first: a random pause up to `pauseStepMs × (retry + 1)`, so racing writers
 * spread out instead of colliding again.
 */
export type RetryPolicy = {
  retries: number;
  pauseStepMs: number;
  /** What the caller hears when the last attempt lost its race too; the conflict itself when absent. */
  exhausted?: () => Error;
};

/** A client, an erasure: one stream, few writers. */
export const STREAM_RETRY: RetryPolicy = { retries: 8, pauseStepMs: 10 };

/** For a command whose conflict is its answer (the same file committed by another upload): tried once. */
export const NO_RETRY: RetryPolicy = { retries: 0, pauseStepMs: 0 };

/**
 * Loads streams into the attempt's batch; a stream read twice keeps the version it was first read at.
 * `fresh` names streams the caller knows to be new and will write to (a booking's own id, a client
 * nobody registered yet): the first attempt takes them as empty without asking; the append that
 * writes them checks the guess, and a wrong one is a version conflict.
 */
export type ReadStreams = (names: readonly string[], known?: { fresh?: readonly string[] }) => Promise<StreamBatch>;

/**
 * Thrown by `decide` when it would refuse on streams taken from the process's memory (the batch's
 * `fromMemory`): they may be stale, so the command is tried again on what the database holds.
 */
export class ReadAgain extends Error {
  constructor() {
    super('Decided on remembered streams: read them again');
    this.name = 'ReadAgain';
  }
}

export type HandleOptions<T> = {
  /** Stored with every appended event (who, which organization, which import). */
  metadata: Record<string, unknown>;
  retry?: RetryPolicy;
  /** A conflict that answers the command by itself (the same request won already) ends the retries with that answer. */
  onConflict?: (conflict: VersionConflict) => Promise<T | undefined>;
  /**
   * The first attempt decides on streams the process remembers (stream-memory.ts) and on the
   * `fresh` ones as empty, reading only the rest; every later attempt reads all from the database.
   */
  fromMemory?: boolean;
};

const EMPTY: LoadedStream = { version: 0, events: [] };

const pause = (policy: RetryPolicy, retry: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * policy.pauseStepMs * (retry + 1)));

/**
 * Load → decide → append, the application layer's only retry loop. `decide` reads the streams it
 * needs through `read` and decides on the batch; whatever it decided is appended in one transaction,
 * each stream at the version it was read at (Emmett's appendMany: a booking and its bay-days commit
 * together or not at all). A version conflict (or ReadAgain) runs the whole attempt again from a
 * fresh read, so `decide` must do nothing it cannot do twice before it returns.
 */
export const handle = async <T>(
  store: EventStore,
  decide: (read: ReadStreams) => Promise<T>,
  options: HandleOptions<T>,
): Promise<T> => {
  const policy = options.retry ?? STREAM_RETRY;
  for (let retry = 0; ; retry++) {
    try {
      const loaded = new Map<string, LoadedStream>();
      const remembered = new Set<string>();
      const batch = createStreamBatch(loaded, remembered);
      const fromMemory = options.fromMemory === true && retry === 0;
      const read: ReadStreams = async (names, known = {}) => {
        const missing: string[] = [];
        for (const name of new Set(names)) {
          if (loaded.has(name)) continue;
          if (fromMemory && known.fresh?.includes(name)) {
            loaded.set(name, EMPTY);
            continue;
          }
          const recalled = fromMemory ? store.recall(name) : undefined;
          if (recalled) {
            loaded.set(name, recalled);
            remembered.add(name);
          } else missing.push(name);
        }
        for (const [name, stream] of await store.readStreams(missing)) loaded.set(name, stream);
        return batch;
      };
      const result = await decide(read);
      await store.appendMany(batch.appends(options.metadata));
      return result;
    } catch (error) {
      if (error instanceof ReadAgain && retry < policy.retries) continue;
      if (!(error instanceof VersionConflict)) throw error;
      const answered = await options.onConflict?.(error);
      if (answered !== undefined) return answered;
      if (retry >= policy.retries) throw policy.exhausted?.() ?? error;
      await pause(policy, retry);
    }
  }
};
