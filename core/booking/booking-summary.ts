import type { Booking, BookingStatus } from '../../domain/booking/booking.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { toIso } from '../../domain/shared/time.ts';

/** What a booking command answers: the booking's place and status, times in the branch's zone. */
export type BookingSummary = { id: string; bayId: string; start: string; end: string; status: BookingStatus };

export const summaryOf = (booking: Booking, timeZone: string): BookingSummary => {
  if (booking.status === 'Empty') throw new DomainError('NOT_FOUND', 'Booking not found');
  return {
    id: booking.bookingId,
    bayId: booking.bayId,
    start: toIso(Date.parse(booking.start), timeZone),
    end: toIso(Date.parse(booking.end), timeZone),
    status: booking.status,
  };
};
