import type { BookingStatus } from './booking.ts';

/**
 * Where a booking may go from each status: forward along New → Confirmed → InProgress → Done, or to
 * Cancelled until it is done. The deciders enforce it; the panel reads the same table to show, while
 * a card is dragged, which columns take it (so a forbidden move is refused before it lands).
 */
export const statusMoves: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  New: ['Confirmed', 'Cancelled'],
  Confirmed: ['InProgress', 'Cancelled'],
  InProgress: ['Done', 'Cancelled'],
  Done: [],
  Cancelled: [],
};

export const canMove = (from: BookingStatus, to: BookingStatus): boolean => statusMoves[from].includes(to);
