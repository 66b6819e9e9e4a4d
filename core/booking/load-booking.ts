import { bookingStreamName, type Booking, type PlacedBooking } from '../../domain/booking/booking.ts';
import { bookingDecider } from '../../domain/booking/business-logic.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import { aggregate } from '../event-store/aggregate.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Actor } from '../shared/actor.ts';

/** The booking if it is one of the actor's organization; another organization's is not found, as an unknown one. */
export const ownBooking = (state: Booking, actor: Actor, bookingId: string): PlacedBooking => {
  if (state.status === 'Empty' || state.orgId !== actor.orgId) {
    throw new DomainError('NOT_FOUND', 'Booking not found', { bookingId });
  }
  return state;
};

/** The booking as its stream holds it now. */
export const createLoadBooking =
  (store: EventStore) =>
  async (actor: Actor, bookingId: string): Promise<PlacedBooking> => {
    requireId(bookingId, 'bookingId');
    return ownBooking(aggregate(bookingDecider, (await store.readStream(bookingStreamName(bookingId))).events), actor, bookingId);
  };

export type LoadBooking = ReturnType<typeof createLoadBooking>;
