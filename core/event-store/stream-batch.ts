import type { Decider } from '../../domain/shared/decider.ts';
import { aggregate } from './aggregate.ts';
import type { DomainEvent, LoadedStream, StreamAppend } from './event-store.ts';

/**
 * The streams one command touches, loaded once: deciding on a stream folds its new events into
 * the working state, so several decisions on one stream (reserve here, release there) stay
 * consistent, and everything is appended together with each stream's expected version.
 * `loaded` may grow while the command runs (handle's `read`); a stream is folded on first use.
 * `remembered` names the loaded streams that were taken from the process's memory, not read.
 */
export const createStreamBatch = (loaded: ReadonlyMap<string, LoadedStream>, remembered: ReadonlySet<string> = new Set()) => {
  const work = new Map<string, { state: unknown; expected: number; events: DomainEvent[] }>();

  const entry = <S, C, E extends DomainEvent>(stream: string, decider: Decider<S, C, E>) => {
    let current = work.get(stream);
    if (!current) {
      const source = loaded.get(stream) ?? { version: 0, events: [] };
      current = { state: aggregate(decider, source.events), expected: source.version, events: [] };
      work.set(stream, current);
    }
    return current as { state: S; expected: number; events: DomainEvent[] };
  };

  /** Takes events already decided on the working state of `stream`, as `decide` would have. */
  const apply = <S, C, E extends DomainEvent>(stream: string, decider: Decider<S, C, E>, events: readonly E[]): E[] => {
    const current = entry(stream, decider);
    current.state = events.reduce(decider.evolve, current.state);
    current.events.push(...events);
    return [...events];
  };

  return {
    state: <S, C, E extends DomainEvent>(stream: string, decider: Decider<S, C, E>): S => entry(stream, decider).state,

    exists: (stream: string): boolean => (loaded.get(stream)?.version ?? 0) > 0,

    /** Whether any stream came from the process's memory, not the database (handle's `fromMemory`). */
    fromMemory: (): boolean => remembered.size > 0,

    decide: <S, C, E extends DomainEvent>(stream: string, decider: Decider<S, C, E>, command: C): E[] =>
      apply(stream, decider, decider.decide(command, entry(stream, decider).state)),

    apply,

    appends: (metadata: Record<string, unknown>): StreamAppend[] =>
      [...work.entries()]
        .filter(([, current]) => current.events.length > 0)
        .map(([stream, current]) => ({ stream, expected: current.expected, events: current.events, metadata })),
  };
};

export type StreamBatch = ReturnType<typeof createStreamBatch>;
