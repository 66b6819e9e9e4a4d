import { bookingStreamName } from '../../domain/booking/booking.ts';
import { bookingDecider } from '../../domain/booking/business-logic.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { handle } from '../event-store/handle.ts';
import { writtenBy, type Actor } from '../shared/actor.ts';
import { BOOKING_RETRY } from './booking-retry.ts';
import { summaryOf, type BookingSummary } from './booking-summary.ts';
import { branchCatalogOf } from './branch-catalog.ts';
import { ownBooking } from './load-booking.ts';

/** Gives the job to a mechanic. */
export const createAssignBooking =
  (deps: { store: EventStore; catalog: CatalogRepository; now: () => number }) =>
  async (actor: Actor, bookingId: string, mechanicId: string): Promise<BookingSummary> => {
    requireId(bookingId, 'bookingId');
    requireId(mechanicId, 'mechanicId');
    return handle(
      deps.store,
      async (read) => {
        const bookingStream = bookingStreamName(bookingId);
        const batch = await read([bookingStream]);
        const booking = ownBooking(batch.state(bookingStream, bookingDecider), actor, bookingId);
        const found = await branchCatalogOf(deps.catalog, actor.orgId, booking.branchId);
        batch.decide(bookingStream, bookingDecider, {
          type: 'AssignBooking',
          data: { bookingId, mechanicId },
          metadata: { now: new Date(deps.now()).toISOString(), userId: actor.userId },
        });
        return summaryOf(batch.state(bookingStream, bookingDecider), found.branch.timeZone);
      },
      { metadata: writtenBy(actor), retry: BOOKING_RETRY },
    );
  };
