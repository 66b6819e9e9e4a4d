import type { BookedSegment, BookingPlace } from './booking.ts';

const MINUTE_MS = 60_000;

/**
 * What a job finished at `at` keeps of its booked bay time: the segments before that moment, the one
 * it finished in cut at the next whole minute plus the bay's preparation time the services book after
 * the work (the last segment's tail past the booked end), so the rest of the bay's day is free for
 * the next car. A job finished after closing, before its next working day, keeps the day it worked
 * to closing: the bay is shut until the morning anyway. The booked start and end stay as they were:
 * they are the plan the report holds the work against. Null when nothing changes: it finished at or
 * after its booked end, or before its booked start (it never used its booked time: a car brought
 * early; the day's plan stays as it was).
 */
export const heldUntilDone = (booking: Pick<BookingPlace, 'start' | 'end' | 'segments'>, at: number): BookedSegment[] | null => {
  const cut = Math.ceil(at / MINUTE_MS) * MINUTE_MS;
  const bookedEnd = Date.parse(booking.end);
  if (cut <= Date.parse(booking.start) || cut >= bookedEnd) return null;
  const preparation = Math.max(0, Date.parse(booking.segments.at(-1)!.to) - bookedEnd);
  return booking.segments.flatMap((segment): BookedSegment[] => {
    const to = Date.parse(segment.to);
    if (Date.parse(segment.from) >= cut) return [];
    if (to <= cut) return [segment];
    return [{ ...segment, to: new Date(Math.min(to, cut + preparation)).toISOString() }];
  });
};
