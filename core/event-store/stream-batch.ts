import type { DomainEvent, LoadedStream, StreamAppend } from './event-store.ts';

export type Decider<C, S, E> = {
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  initialState: () => S;
};

/**
 * The streams one command touches, loaded once: deciding on a stream folds its new events into
 * the working state, so several decisions on one stream (reserve here, release there) stay
 * consistent, and everything is appended together with each stream's expected version.
 */
export const createStreamBatch = (loaded: Map<string, LoadedStream>) => {
  const work = new Map<string, { state: unknown; expected: number; events: DomainEvent[] }>();

  const entry = <C, S, E>(stream: string, decider: Decider<C, S, E>) => {
    let current = work.get(stream);
    if (!current) {
      const source = loaded.get(stream) ?? { version: 0, events: [] };
      const state = (source.events as E[]).reduce(decider.evolve, decider.initialState());
      current = { state, expected: source.version, events: [] };
      work.set(stream, current);
    }
    return current as { state: S; expected: number; events: DomainEvent[] };
  };

  return {
    state: <C, S, E>(stream: string, decider: Decider<C, S, E>): S => entry(stream, decider).state,

    exists: (stream: string): boolean => (loaded.get(stream)?.version ?? 0) > 0,

    decide: <C, S, E extends DomainEvent>(stream: string, decider: Decider<C, S, E>, command: C): E[] => {
      const current = entry(stream, decider);
      const events = decider.decide(command, current.state);
      current.state = events.reduce(decider.evolve, current.state);
      current.events.push(...events);
      return events;
    },

    appends: (metadata: Record<string, unknown>): StreamAppend[] =>
      [...work.entries()]
        .filter(([, current]) => current.events.length > 0)
        .map(([stream, current]) => ({ stream, expected: current.expected, events: current.events, metadata })),
  };
};

export type StreamBatch = ReturnType<typeof createStreamBatch>;
