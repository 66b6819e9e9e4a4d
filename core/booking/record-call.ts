import { bookingStreamName, type CallOutcome } from '../../domain/booking/booking.ts';
import { bookingDecider } from '../../domain/booking/business-logic.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { handle } from '../event-store/handle.ts';
import { writtenBy, type Actor } from '../shared/actor.ts';
import { BOOKING_RETRY } from './booking-retry.ts';
import { ownBooking } from './load-booking.ts';

export type RecordedCall = { id: string; outcome: CallOutcome; at: string };

/** Records how a call about the booking went (a cancelled or finished one too: a follow-up, a no-show). */
export const createRecordCall =
  (deps: { store: EventStore; now: () => number }) =>
  async (actor: Actor, bookingId: string, outcome: CallOutcome): Promise<RecordedCall> => {
    requireId(bookingId, 'bookingId');
    return handle(
      deps.store,
      async (read) => {
        const bookingStream = bookingStreamName(bookingId);
        const batch = await read([bookingStream]);
        const state = batch.state(bookingStream, bookingDecider);
        // An unknown booking is the decider's NOT_FOUND; another organization's is not found either.
        if (state.status !== 'Empty') ownBooking(state, actor, bookingId);
        const at = new Date(deps.now()).toISOString();
        batch.decide(bookingStream, bookingDecider, {
          type: 'RecordCallOutcome',
          data: { bookingId, outcome },
          metadata: { now: at, userId: actor.userId },
        });
        return { id: bookingId, outcome, at };
      },
      { metadata: writtenBy(actor), retry: BOOKING_RETRY },
    );
  };
