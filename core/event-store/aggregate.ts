import type { Decider } from '../../domain/shared/decider.ts';
import type { DomainEvent } from './event-store.ts';

/** What a fold needs of a decider: where a stream starts and how each event moves it. */
export type Evolver<State, Event> = Pick<Decider<State, never, Event>, 'evolve' | 'initialState'>;

/**
 * The state of one stream: its events, as stored, folded by the decider that wrote them. The one
 * place a stored event is taken for the decider's own event type: a stream is written only through
 * its decider (the stream type names it), so what is read back is what `decide` returned.
 */
export const aggregate = <State, Event extends DomainEvent>(
  decider: Evolver<State, Event>,
  events: readonly DomainEvent[],
): State => (events as readonly Event[]).reduce(decider.evolve, decider.initialState());
