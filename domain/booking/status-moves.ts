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

/** A mechanic starts and finishes the jobs; confirming and cancelling are the desk's. */
export const MECHANIC_MOVES: readonly BookingStatus[] = ['InProgress', 'Done'];

/**
 * Where a booking may go from `from` in the hands of the desk (owner, manager) or of a mechanic: the
 * server takes only these, and the panel offers and lets a card be dropped only there.
 */
export const movesFor = (from: BookingStatus, desk: boolean): readonly BookingStatus[] =>
  desk ? statusMoves[from] : statusMoves[from].filter((to) => MECHANIC_MOVES.includes(to));

const FORWARD: readonly BookingStatus[] = ['New', 'Confirmed', 'InProgress', 'Done'];

/**
 * The statuses a booking passes through, in order, to reach `to` along New → Confirmed → InProgress →
 * Done (the work on the car moved it there); none when it is there or past it already, or cancelled.
 */
export const stepsForward = (from: BookingStatus, to: Exclude<BookingStatus, 'New' | 'Cancelled'>): BookingStatus[] => {
  const at = FORWARD.indexOf(from);
  return at < 0 ? [] : FORWARD.slice(at + 1, FORWARD.indexOf(to) + 1);
};
