import { openIntervals, type Branch } from '../catalog/catalog.ts';
import { dateOf, MINUTE, type Interval } from '../shared/time.ts';
import type { BookingPlace } from './booking.ts';

/** How far ahead of now a job still under way past its booked end keeps its bay. */
const OVERRUN_HOLD_MINUTES = 30;
/** The hold is lengthened again once no more than this is left of it. */
const RENEW_MINUTES = 10;
/** Holds end on a five-minute mark, as a manager reads the day. */
const MARK = 5 * MINUTE;

type Booked = Pick<BookingPlace, 'end' | 'segments'>;

/**
 * Until when a job still under way past its booked end holds its bay on its last day, or null when
 * its hold reaches far enough already. Nobody knows when it will be done, so it holds the next half
 * hour, lengthened while it runs on, so the next car is not put into a bay still busy. It never takes
 * time another booking holds (moving that car is the manager's call; the board says by how much the
 * job overran) and never runs past the day's closing (the bay is shut; the morning is another plan).
 */
export const overrunHoldUntil = (input: {
  branch: Pick<Branch, 'timeZone' | 'hours' | 'daysOff'>;
  booking: Booked;
  /** What the booking holds on the bay-day of its last segment. */
  held: Interval;
  /** What the other bookings hold on that bay-day. */
  others: readonly Interval[];
  now: number;
}): number | null => {
  const { branch, booking, held, others, now } = input;
  const lastDate = booking.segments.at(-1)!.date;
  if (now < Date.parse(booking.end) || dateOf(now, branch.timeZone) !== lastDate) return null;
  if (held.to - now > RENEW_MINUTES * MINUTE) return null;
  const closing = Math.max(...openIntervals(branch, lastDate).map((open) => open.to));
  const nextCar = Math.min(...others.filter((taken) => taken.from >= held.to).map((taken) => taken.from));
  const until = Math.min(Math.ceil((now + OVERRUN_HOLD_MINUTES * MINUTE) / MARK) * MARK, closing, nextCar);
  return until > held.to ? until : null;
};

/**
 * Until when a job that ran over keeps its bay once it is done at `at`: the next whole minute and the
 * bay's preparation after it (as a job finished early), never less than it was booked for, never more
 * than it was held for. Null when the hold stays as it is: it never ran past the booked time.
 */
export const heldAfterOverrun = (booking: Booked, held: Interval, at: number): number | null => {
  const bookedTo = Date.parse(booking.segments.at(-1)!.to);
  if (held.to <= bookedTo) return null;
  const preparation = Math.max(0, bookedTo - Date.parse(booking.end));
  const until = Math.max(bookedTo, Math.min(held.to, Math.ceil(at / MINUTE) * MINUTE + preparation));
  return until === held.to ? null : until;
};
