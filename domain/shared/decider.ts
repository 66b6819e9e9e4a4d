// ───────────────────────────── Decider ─────────────────────────────
// Emmett's Decider shape (`Decider<State, Command, Event>`): an aggregate's rules as three pure
// functions. Ours always decides a list of events (Emmett allows one event or a list), so the
// application layer appends what `decide` returns without looking at its shape.

export type Decider<State, Command, Event> = {
  /** The events a command causes in a state, or a DomainError for a broken rule; never a side effect. */
  decide: (command: Command, state: State) => Event[];
  /** The state after one event; total: an event that does not apply leaves the state as it is. */
  evolve: (state: State, event: Event) => State;
  /** The state of a stream no event was written to yet. */
  initialState: () => State;
};
