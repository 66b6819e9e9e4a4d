import { bookingStreamName, type BookingStatus, type CancelReason } from '../../domain/booking/booking.ts';
import { bookingDecider, type BookingCommand } from '../../domain/booking/business-logic.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { handle } from '../event-store/handle.ts';
import { writtenBy, type Actor } from '../shared/actor.ts';
import { freeAfterMove, heldStreams } from './bay-reservations.ts';
import { BOOKING_RETRY } from './booking-retry.ts';
import { summaryOf, type BookingSummary } from './booking-summary.ts';
import { branchCatalogOf } from './branch-catalog.ts';
import { ownBooking } from './load-booking.ts';

/** The booking command that moves it to `status` (a cancellation needs its reason). */
export const statusCommand = (
  status: BookingStatus,
  bookingId: string,
  reason: CancelReason | undefined,
  metadata: { now: string; userId: string | null },
): BookingCommand => {
  switch (status) {
    case 'Confirmed':
      return { type: 'ConfirmBooking', data: { bookingId }, metadata };
    case 'InProgress':
      return { type: 'StartBooking', data: { bookingId }, metadata };
    case 'Done':
      return { type: 'CompleteBooking', data: { bookingId }, metadata };
    case 'Cancelled':
      if (!reason) throw new DomainError('VALIDATION', 'Say why the booking is cancelled', { field: 'reason' });
      return { type: 'CancelBooking', data: { bookingId, reason }, metadata };
    case 'New':
      throw new DomainError('ILLEGAL_TRANSITION', 'A booking cannot move back to New', { to: 'New' });
  }
};

/**
 * Moves a booking to a status; in the same append a cancellation frees every bay-day it held, and a job
 * finished before its booked end the rest of its time.
 */
export const createChangeStatus =
  (deps: { store: EventStore; catalog: CatalogRepository; now: () => number }) =>
  async (actor: Actor, bookingId: string, status: BookingStatus, reason?: CancelReason): Promise<BookingSummary> => {
    const { store, catalog, now } = deps;
    requireId(bookingId, 'bookingId');
    return handle(
      store,
      async (read) => {
        const bookingStream = bookingStreamName(bookingId);
        // The bay-days to free are those of the booking as read here: it is appended at this version,
        // so a move in between makes the append conflict and this one run again.
        const booking = ownBooking((await read([bookingStream])).state(bookingStream, bookingDecider), actor, bookingId);
        const found = await branchCatalogOf(catalog, actor.orgId, booking.branchId);
        const nowIso = new Date(now()).toISOString();
        const batch = await read(status === 'Cancelled' || status === 'Done' ? heldStreams(booking) : []);
        const events = batch.decide(
          bookingStream,
          bookingDecider,
          statusCommand(status, bookingId, reason, { now: nowIso, userId: actor.userId }),
        );
        freeAfterMove(batch, booking, events, nowIso);
        return summaryOf(batch.state(bookingStream, bookingDecider), found.branch.timeZone);
      },
      { metadata: writtenBy(actor), retry: BOOKING_RETRY },
    );
  };

export type ChangeStatus = ReturnType<typeof createChangeStatus>;
