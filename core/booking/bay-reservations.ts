import type { BookedSegment, PlacedBooking } from '../../domain/booking/booking.ts';
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

/** The plan's segments as the booking records them (instants as ISO strings). */
export const segmentsOf = (plan: JobPlan): BookedSegment[] =>
  plan.segments.map((segment) => ({
    date: segment.date,
    from: new Date(segment.from).toISOString(),
    to: new Date(segment.to).toISOString(),
  }));
