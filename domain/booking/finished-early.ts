import type { BookedSegment, BookingPlace } from './booking.ts';

const MINUTE_MS = 60_000;

/** The time a job that finished early still holds: its bay-days up to the moment it finished. */
export type HeldUntilDone = { end: string; segments: BookedSegment[] };

/**
 * What a job finished at `at` keeps of its booked time: the segments before that moment, the one it
 * finished in cut at the next whole minute plus the bay's preparation time the services book after
 * the work (the last segment's tail past the booked end), so the rest of the bay's day is free for
 * the next car. Null when nothing changes: it finished at or after its booked end, or before its
 * booked start (it never used its booked time: a car brought early; the day's plan stays as it was).
 */
export const heldUntilDone = (booking: Pick<BookingPlace, 'start' | 'end' | 'segments'>, at: number): HeldUntilDone | null => {
  const cut = Math.ceil(at / MINUTE_MS) * MINUTE_MS;
  const bookedEnd = Date.parse(booking.end);
  if (cut <= Date.parse(booking.start) || cut >= bookedEnd) return null;
  const preparation = Math.max(0, Date.parse(booking.segments.at(-1)!.to) - bookedEnd);
  const segments = booking.segments.flatMap((segment): BookedSegment[] => {
    const to = Date.parse(segment.to);
    if (Date.parse(segment.from) >= cut) return [];
    if (to <= cut) return [segment];
    return [{ ...segment, to: new Date(Math.min(to, cut + preparation)).toISOString() }];
  });
  return { end: new Date(Math.min(cut, Date.parse(segments.at(-1)!.to))).toISOString(), segments };
};
