import { bookingStreamName } from '../../domain/booking/booking.ts';
import { bookingDecider } from '../../domain/booking/business-logic.ts';
import { requireServices } from '../../domain/catalog/catalog.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import { assertMechanicFree, canWorkJob, isAwayOn } from '../../domain/staff/shifts.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { handle } from '../event-store/handle.ts';
import { writtenBy, type Actor } from '../shared/actor.ts';
import type { StaffRoster } from '../staff/staff-roster.ts';
import { BOOKING_RETRY } from './booking-retry.ts';
import { summaryOf, type BookingSummary } from './booking-summary.ts';
import { branchCatalogOf } from './branch-catalog.ts';
import { ownBooking } from './load-booking.ts';

const toSegment = (segment: { date: string; from: string; to: string }) => ({
  date: segment.date,
  from: Date.parse(segment.from),
  to: Date.parse(segment.to),
});

/**
 * Gives the job to a mechanic free then (holding no other job that overlaps it); with shifts
 * required, only to one on shift with the skills for it.
 */
export const createAssignBooking =
  (deps: { store: EventStore; catalog: CatalogRepository; roster: StaffRoster; now: () => number }) =>
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
        const staff = await deps.roster.requiredFor(actor.orgId, booking.branchId);
        // Away is away, shifts required or not: a sick day or a vacation is known to the station.
        const member = (staff ?? (await deps.roster.mechanics(actor.orgId, booking.branchId))).find(
          (candidate) => candidate.id === mechanicId,
        );
        // A mechanic of another branch only: not one this branch can give a car to (nor see on its staff page).
        if (!member) throw new DomainError('NOT_FOUND', 'Mechanic not found in this branch', { mechanicId });
        if (!member.active || booking.segments.some((segment) => isAwayOn(member, segment.date))) {
          throw new DomainError(
            'NO_MECHANIC_ON_SHIFT',
            'This mechanic is away (vacation, sick leave, day off) on the job’s day',
            {
              mechanicId,
            },
          );
        }
        if (staff) {
          const services = requireServices(found.services, booking.serviceIds);
          if (!canWorkJob(member, services, booking.segments.map(toSegment), found.branch.timeZone)) {
            throw new DomainError('NO_MECHANIC_ON_SHIFT', 'This mechanic is not on shift with the skills for this job', {
              mechanicId,
            });
          }
        }
        // One job at a time, shifts required or not: a mechanic cannot be on two cars at once.
        const plan = { start: Date.parse(booking.start), end: Date.parse(booking.end) };
        const held = await deps.roster.jobsBetween(actor.orgId, booking.branchId, plan.start, plan.end);
        assertMechanicFree(mechanicId, plan, held, bookingId);
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
