import { expect } from 'vitest';
import type { Decider } from '../../domain/shared/decider.ts';
import { DomainError, type DomainErrorCode } from '../../domain/shared/errors.ts';

/** `given(events).when(command).then(events)` or `.thenThrows(code)`, in the spirit of Emmett's DeciderSpecification. */
export const deciderSpec = <State, Command, Event>(decider: Decider<State, Command, Event>) => ({
  given: (events: readonly Event[] = []) => ({
    when: (command: Command) => {
      const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: readonly Event[]): void => {
          expect(run()).toEqual(expected);
        },
        thenThrows: (code: DomainErrorCode): void => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown, 'expected the command to throw a DomainError').toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
        },
      };
    },
  }),
});
