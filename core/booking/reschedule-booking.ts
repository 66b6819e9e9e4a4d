import { bookingStreamName, type PlacedBooking } from '../../domain/booking/booking.ts';
import { assertReschedulable, assertResizable, bookingDecider } from '../../domain/booking/business-logic.ts';
import { capableBays } from '../../domain/booking/placement.ts';
import { requireServices, type Service } from '../../domain/catalog/catalog.ts';
import { assertOfferedStart, planJob, planUntil, type JobPlan } from '../../domain/schedule/plan.ts';
import { scheduleStreamName } from '../../domain/schedule/schedule.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  assertEndWithin,
  assertStartWithin,
  horizonDays,
  leadMinutes,
  requireId,
  requireMinuteInstant,
} from '../../domain/shared/input-rules.ts';
import type { BranchCatalog, CatalogRepository } from '../catalog/catalog-repository.ts';
import { VersionConflict, type EventStore } from '../event-store/event-store.ts';
import { handle, type ReadStreams } from '../event-store/handle.ts';
import type { StreamBatch } from '../event-store/stream-batch.ts';
import { plannerOf, writtenBy, type Actor } from '../shared/actor.ts';
import { releaseHeld, reserveOnFirstFreeBay, scheduleStreamsOf, segmentsOf } from './bay-reservations.ts';
import { BOOKING_RETRY } from './booking-retry.ts';
import { summaryOf, type BookingSummary } from './booking-summary.ts';
import { branchCatalogOf } from './branch-catalog.ts';
import type { FreeTimes } from './free-times.ts';
import type { LoadBooking } from './load-booking.ts';
import type { MechanicOnShift } from './mechanic-on-shift.ts';

export type RescheduleInput = { start: string; end?: string; bayId?: string };

/**
 * The streams a re-plan touches, with the booking as it stands in them: it must be the booking the
 * plan was made from, or the old bay-days to release would be the wrong ones, so a change in between
 * retries. (Read in one query with the bay-days, so the booking and its schedules agree.)
 */
const readForReplan = async (read: ReadStreams, booking: PlacedBooking, plan: JobPlan, bayIds: readonly string[]) => {
  const bookingStream = bookingStreamName(booking.bookingId);
  const batch = await read([
    bookingStream,
    ...scheduleStreamsOf(bayIds, plan),
    ...booking.segments.map((segment) => scheduleStreamName(booking.bayId, segment.date)),
  ]);
  const current = batch.state(bookingStream, bookingDecider);
  const moved =
    current.status !== 'Empty' &&
    (current.bayId !== booking.bayId || current.start !== booking.start || current.end !== booking.end);
  if (moved) throw new VersionConflict(bookingStream);
  return { batch, bookingStream, current };
};

/**
 * A new start (and bay) moves the booking; a new end alone with the same start and bay resizes it on
 * its own bay, never moving it elsewhere. A move keeps a length the manager set earlier, unless it
 * names a new end too. The bay-days left behind are released in the same append.
 */
export const createRescheduleBooking = (deps: {
  store: EventStore;
  catalog: CatalogRepository;
  now: () => number;
  loadBooking: LoadBooking;
  freeTimes: FreeTimes;
  mechanicOnShift: MechanicOnShift;
}) => {
  const { store, catalog, now, loadBooking, freeTimes, mechanicOnShift } = deps;

  /** With shifts required, the job keeps its mechanic when they still can work it, else goes to another who can. */
  const staffReplan = async (
    actor: Actor,
    batch: StreamBatch,
    booking: PlacedBooking,
    found: BranchCatalog,
    services: Service[],
    plan: JobPlan,
    workMinutes: number | undefined,
    nowIso: string,
  ) => {
    const bays = capableBays(found.bays, services, { bayId: booking.bayId });
    const { mechanicId } = await mechanicOnShift(actor, found, services, bays, plan, {
      preferredId: booking.mechanicId,
      workMinutes,
      exceptBookingId: booking.bookingId,
    });
    if (mechanicId === null || mechanicId === booking.mechanicId) return;
    batch.decide(bookingStreamName(booking.bookingId), bookingDecider, {
      type: 'AssignBooking',
      data: { bookingId: booking.bookingId, mechanicId },
      metadata: { now: nowIso, userId: actor.userId },
    });
  };

  const changeDuration = async (
    read: ReadStreams,
    actor: Actor,
    booking: PlacedBooking,
    found: BranchCatalog,
    services: Service[],
    end: number,
  ): Promise<BookingSummary> => {
    const { workMinutes, plan } = planUntil(found.branch, services, Date.parse(booking.start), end);
    const ownBay = capableBays(found.bays, services, { bayId: booking.bayId }).map((bay) => bay.id);
    const nowIso = new Date(now()).toISOString();
    const { batch, bookingStream, current } = await readForReplan(read, booking, plan, ownBay);
    assertResizable(current);
    if (reserveOnFirstFreeBay(batch, ownBay, plan, booking.bookingId, nowIso).status === 'Refused') {
      throw new DomainError('SLOT_TAKEN', 'The bay is booked by someone else within the new time', { bayId: booking.bayId });
    }
    await staffReplan(actor, batch, booking, found, services, plan, workMinutes, nowIso);
    const kept = new Set(plan.segments.map((segment) => scheduleStreamName(booking.bayId, segment.date)));
    releaseHeld(batch, booking, kept, 'resized', nowIso);
    batch.decide(bookingStream, bookingDecider, {
      type: 'ChangeBookingDuration',
      data: { bookingId: booking.bookingId, end: new Date(plan.end).toISOString(), segments: segmentsOf(plan), workMinutes },
      metadata: { now: nowIso, userId: actor.userId },
    });
    return summaryOf(batch.state(bookingStream, bookingDecider), found.branch.timeZone);
  };

  return async (actor: Actor, bookingId: string, input: RescheduleInput): Promise<BookingSummary> => {
    requireId(bookingId, 'bookingId');
    if (input.bayId !== undefined) requireId(input.bayId, 'bayId');
    const start = requireMinuteInstant(input.start, 'start');
    const end = input.end === undefined ? undefined : requireMinuteInstant(input.end, 'end');
    if (end !== undefined) assertEndWithin(start, end);
    return handle(
      store,
      async (read) => {
        const booking = await loadBooking(actor, bookingId);
        const found = await branchCatalogOf(catalog, actor.orgId, booking.branchId);
        const services = requireServices(found.services, booking.serviceIds);
        const sameBay = input.bayId === undefined || input.bayId === booking.bayId;
        if (end !== undefined && sameBay && start === Date.parse(booking.start)) {
          return changeDuration(read, actor, booking, found, services, end);
        }
        assertStartWithin(start, now(), horizonDays(found.branch, plannerOf(actor)), leadMinutes(found.branch, plannerOf(actor)));
        const resized = end === undefined ? undefined : planUntil(found.branch, services, start, end);
        const workMinutes = resized?.workMinutes ?? booking.workMinutes ?? undefined;
        const plan = resized?.plan ?? planJob(found.branch, services, start, workMinutes);
        assertOfferedStart(found.branch, start, plannerOf(actor));
        const bays = capableBays(found.bays, services, { bayId: input.bayId, preferredBayId: booking.bayId });
        const bayIds = bays.map((bay) => bay.id);
        const nowIso = new Date(now()).toISOString();
        const { batch, bookingStream, current } = await readForReplan(read, booking, plan, bayIds);
        assertReschedulable(current);
        const placement = reserveOnFirstFreeBay(batch, bayIds, plan, bookingId, nowIso);
        if (placement.status === 'Refused')
          throw await freeTimes.slotTaken(actor, found, services, bays, start, { workMinutes, movingBookingId: bookingId });
        const kept = new Set(plan.segments.map((segment) => scheduleStreamName(placement.bayId, segment.date)));
        releaseHeld(batch, booking, kept, 'rescheduled', nowIso);
        batch.decide(bookingStream, bookingDecider, {
          type: 'RescheduleBooking',
          data: {
            bookingId,
            bayId: placement.bayId,
            start: new Date(plan.start).toISOString(),
            end: new Date(plan.end).toISOString(),
            segments: segmentsOf(plan),
            ...(workMinutes === undefined ? {} : { workMinutes }),
          },
          metadata: { now: nowIso, userId: actor.userId },
        });
        await staffReplan(actor, batch, booking, found, services, plan, workMinutes, nowIso);
        return summaryOf(batch.state(bookingStream, bookingDecider), found.branch.timeZone);
      },
      { metadata: writtenBy(actor), retry: BOOKING_RETRY },
    );
  };
};
