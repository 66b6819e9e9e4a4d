import type { BookedSegment, BookingEvent, PlacedBooking } from '../../domain/booking/booking.ts';
import { heldAfterOverrun } from '../../domain/booking/overrun-hold.ts';
import { placeOnFirstFreeBay, type Placement } from '../../domain/booking/placement.ts';
import { scheduleDecider } from '../../domain/schedule/business-logic.ts';
import type { JobPlan } from '../../domain/schedule/plan.ts';
import { scheduleStreamName } from '../../domain/schedule/schedule.ts';
import type { StreamBatch } from '../event-store/stream-batch.ts';

// Reserving and releasing bay-days inside one command's batch: the placement rule is the domain's
// (domain/booking/placement.ts); here its decisions go to the bay-day streams they belong to.

/** The bay-day streams a plan would touch on each of the bays. */
export const scheduleStreamsOf = (bayIds: readonly string[], plan: JobPlan): string[] =>
  bayIds.flatMap((bayId) => plan.segments.map((segment) => scheduleStreamName(bayId, segment.date)));

/** Places the job on the first of `bayIds` free on all its bay-days, reserving them in the batch. */
export const reserveOnFirstFreeBay = (
  batch: StreamBatch,
  bayIds: readonly string[],
  plan: JobPlan,
  bookingId: string,
  now: string,
): Placement => {
  const placement = placeOnFirstFreeBay({
    bookingId,
    plan,
    bayIds,
    schedules: (bayId, date) => batch.state(scheduleStreamName(bayId, date), scheduleDecider),
    now,
  });
  if (placement.status === 'Placed') {
    for (const reserved of placement.reservations) {
      batch.apply(scheduleStreamName(reserved.bayId, reserved.date), scheduleDecider, reserved.events);
    }
  }
  return placement;
};

/** Releases the bay-days the booking holds, but those in `keep` (still held after a re-plan). */
export const releaseHeld = (
  batch: StreamBatch,
  booking: PlacedBooking,
  keep: ReadonlySet<string>,
  reason: string,
  now: string,
): void => {
  for (const segment of booking.segments) {
    const stream = scheduleStreamName(booking.bayId, segment.date);
    if (keep.has(stream)) continue;
    batch.decide(stream, scheduleDecider, {
      type: 'ReleaseSlots',
      data: { bayId: booking.bayId, date: segment.date, bookingId: booking.bookingId, reason },
      metadata: { now },
    });
  }
};

/** The bay-day streams a booking holds now. */
export const heldStreams = (booking: PlacedBooking): string[] =>
  booking.segments.map((segment) => scheduleStreamName(booking.bayId, segment.date));

/**
 * Holds on each of the booking's bay-days only what `kept` keeps of it: a day it no longer keeps is
 * released, a shortened one held shorter. A bay-day that does not hold the booking is left alone.
 */
const holdOnly = (batch: StreamBatch, booking: PlacedBooking, kept: readonly BookedSegment[], reason: string, now: string) => {
  for (const segment of booking.segments) {
    const stream = scheduleStreamName(booking.bayId, segment.date);
    const still = kept.find((candidate) => candidate.date === segment.date);
    if (!still) {
      batch.decide(stream, scheduleDecider, {
        type: 'ReleaseSlots',
        data: { bayId: booking.bayId, date: segment.date, bookingId: booking.bookingId, reason },
        metadata: { now },
      });
    } else if (still.to !== segment.to && batch.state(stream, scheduleDecider).held.has(booking.bookingId)) {
      batch.decide(stream, scheduleDecider, {
        type: 'ReserveSlots',
        data: {
          bayId: booking.bayId,
          bookingId: booking.bookingId,
          segment: { date: still.date, from: Date.parse(still.from), to: Date.parse(still.to) },
        },
        metadata: { now },
      });
    }
  }
};

/** Holds the bay-day of the booking's last segment, which it holds now, until `until` instead. */
export const holdLastDayUntil = (batch: StreamBatch, booking: PlacedBooking, until: number, now: string): void => {
  const last = booking.segments.at(-1)!;
  const stream = scheduleStreamName(booking.bayId, last.date);
  const held = batch.state(stream, scheduleDecider).held.get(booking.bookingId)!;
  batch.decide(stream, scheduleDecider, {
    type: 'ReserveSlots',
    data: { bayId: booking.bayId, bookingId: booking.bookingId, segment: { date: last.date, from: held.from, to: until } },
    metadata: { now },
  });
};

/** What a job that ran over and was held longer (core/booking/overrun-holds.ts) keeps once it is done. */
const holdAfterOverrun = (batch: StreamBatch, booking: PlacedBooking, doneAt: string, now: string) => {
  const held = batch.state(scheduleStreamName(booking.bayId, booking.segments.at(-1)!.date), scheduleDecider).held;
  const own = held.get(booking.bookingId);
  const until = own ? heldAfterOverrun(booking, own, Date.parse(doneAt)) : null;
  if (until !== null) holdLastDayUntil(batch, booking, until, now);
};

/**
 * What a status move in the batch frees on the bays (`booking` as it was before the move, its
 * `heldStreams` read into the batch): a cancelled booking every bay-day it held, a job finished early
 * the rest of its time, a job that ran over what it was held for past the moment it was done.
 */
export const freeAfterMove = (batch: StreamBatch, booking: PlacedBooking, events: readonly BookingEvent[], now: string): void => {
  for (const event of events) {
    if (event.type === 'BookingCancelled') releaseHeld(batch, booking, new Set(), 'cancelled', now);
    if (event.type === 'BookingCompleted') {
      if (event.data.segments) holdOnly(batch, booking, event.data.segments, 'finished', now);
      else holdAfterOverrun(batch, booking, event.data.completedAt, now);
    }
  }
};

/** The plan's segments as the booking records them (instants as ISO strings). */
export const segmentsOf = (plan: JobPlan): BookedSegment[] =>
  plan.segments.map((segment) => ({
    date: segment.date,
    from: new Date(segment.from).toISOString(),
    to: new Date(segment.to).toISOString(),
  }));
