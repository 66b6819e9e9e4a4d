import { DomainError } from '../shared/errors.ts';
import { assertEndWithin } from '../shared/input-rules.ts';
import {
  callOutcomes,
  evolve,
  initialState,
  type BookedSegment,
  type Booking,
  type BookingEvent,
  type BookingRequest,
  type BookingStatus,
  type CallOutcome,
  type CancelReason,
  type PlacedBooking,
} from './booking.ts';
import { assertPlannable } from './booking-rules.ts';
import { heldUntilDone } from './finished-early.ts';
import { canMove } from './status-moves.ts';
import type { Decider } from '../shared/decider.ts';

// ───────────────────────────── Commands ─────────────────────────────

type Meta = { metadata: { now: string; userId: string | null } };

export type RequestBooking = Meta & { type: 'RequestBooking'; data: BookingRequest };
export type ConfirmBooking = Meta & { type: 'ConfirmBooking'; data: { bookingId: string } };
export type StartBooking = Meta & { type: 'StartBooking'; data: { bookingId: string } };
export type CompleteBooking = Meta & { type: 'CompleteBooking'; data: { bookingId: string } };
export type CancelBooking = Meta & { type: 'CancelBooking'; data: { bookingId: string; reason: CancelReason } };
export type RescheduleBooking = Meta & {
  type: 'RescheduleBooking';
  data: { bookingId: string; bayId: string; start: string; end: string; segments: BookedSegment[]; workMinutes?: number };
};
export type ChangeBookingDuration = Meta & {
  type: 'ChangeBookingDuration';
  data: { bookingId: string; end: string; segments: BookedSegment[]; workMinutes: number };
};
export type AssignBooking = Meta & { type: 'AssignBooking'; data: { bookingId: string; mechanicId: string } };
export type RecordCallOutcome = Meta & { type: 'RecordCallOutcome'; data: { bookingId: string; outcome: CallOutcome } };
export type HoldOverrun = Meta & { type: 'HoldOverrun'; data: { bookingId: string; heldUntil: string } };

export type BookingCommand =
  | RequestBooking
  | ConfirmBooking
  | StartBooking
  | CompleteBooking
  | CancelBooking
  | RescheduleBooking
  | ChangeBookingDuration
  | AssignBooking
  | RecordCallOutcome
  | HoldOverrun;

// ───────────────────────────── Business logic ─────────────────────────────

const placed = (state: Booking, bookingId: string): PlacedBooking => {
  if (state.status === 'Empty') throw new DomainError('NOT_FOUND', 'Booking not found', { bookingId });
  return state;
};

const illegal = (from: BookingStatus, to: BookingStatus) =>
  new DomainError('ILLEGAL_TRANSITION', `A booking cannot move from ${from} to ${to}`, { from, to });

/** Moves by the status table (status-moves.ts); repeating the current status is a no-op. */
const move = (state: Booking, bookingId: string, to: BookingStatus): boolean => {
  const booking = placed(state, bookingId);
  if (booking.status === to) return false;
  if (!canMove(booking.status, to)) throw illegal(booking.status, to);
  return true;
};

export const requestBooking = (command: RequestBooking, state: Booking): BookingEvent[] => {
  if (state.status !== 'Empty') return [];
  if (Date.parse(command.data.start) < Date.parse(command.metadata.now)) {
    throw new DomainError('IN_PAST', 'The booking starts in the past');
  }
  assertPlannable(command.data.start, command.data.end, command.metadata.now);
  return [
    {
      type: 'BookingRequested',
      data: { ...command.data, requestedBy: command.metadata.userId, requestedAt: command.metadata.now },
    },
  ];
};

export const confirmBooking = ({ data, metadata }: ConfirmBooking, state: Booking): BookingEvent[] =>
  move(state, data.bookingId, 'Confirmed')
    ? [{ type: 'BookingConfirmed', data: { bookingId: data.bookingId, confirmedBy: metadata.userId, confirmedAt: metadata.now } }]
    : [];

export const startBooking = ({ data, metadata }: StartBooking, state: Booking): BookingEvent[] =>
  move(state, data.bookingId, 'InProgress')
    ? [{ type: 'BookingStarted', data: { bookingId: data.bookingId, startedBy: metadata.userId, startedAt: metadata.now } }]
    : [];

/** A job finished before its booked end keeps its bay time only until then (finished-early.ts). */
export const completeBooking = ({ data, metadata }: CompleteBooking, state: Booking): BookingEvent[] => {
  if (!move(state, data.bookingId, 'Done')) return [];
  const segments = heldUntilDone(placed(state, data.bookingId), Date.parse(metadata.now));
  return [
    {
      type: 'BookingCompleted',
      data: { bookingId: data.bookingId, completedBy: metadata.userId, completedAt: metadata.now, ...(segments && { segments }) },
    },
  ];
};

export const cancelBooking = ({ data, metadata }: CancelBooking, state: Booking): BookingEvent[] => {
  const booking = placed(state, data.bookingId);
  if (booking.status === 'Cancelled') return [];
  if (!canMove(booking.status, 'Cancelled')) throw illegal(booking.status, 'Cancelled');
  return [
    {
      type: 'BookingCancelled',
      data: { bookingId: data.bookingId, reason: data.reason, cancelledBy: metadata.userId, cancelledAt: metadata.now },
    },
  ];
};

/** Exposed so the host can refuse a move before it spends time looking for free bays. */
export const assertReschedulable = (state: Booking): PlacedBooking => {
  if (state.status === 'Empty') throw new DomainError('NOT_FOUND', 'Booking not found');
  if (state.status !== 'New' && state.status !== 'Confirmed') {
    throw new DomainError('ILLEGAL_TRANSITION', `A booking in status ${state.status} cannot be rescheduled`, {
      from: state.status,
    });
  }
  return state;
};

export const rescheduleBooking = ({ data, metadata }: RescheduleBooking, state: Booking): BookingEvent[] => {
  const booking = assertReschedulable(state);
  if (Date.parse(data.start) < Date.parse(metadata.now)) {
    throw new DomainError('IN_PAST', 'The new time is in the past');
  }
  assertPlannable(data.start, data.end, metadata.now);
  if (booking.bayId === data.bayId && booking.start === data.start && booking.end === data.end) return [];
  return [{ type: 'BookingRescheduled', data: { ...data, rescheduledBy: metadata.userId, rescheduledAt: metadata.now } }];
};

/**
 * A job still ahead or under way may take longer or shorter (the car needs more work); a finished or
 * cancelled one holds no time any more. Exposed so the host refuses before it re-plans the bay.
 */
export const assertResizable = (state: Booking): PlacedBooking => {
  if (state.status === 'Empty') throw new DomainError('NOT_FOUND', 'Booking not found');
  if (state.status === 'Done' || state.status === 'Cancelled') {
    throw new DomainError('ILLEGAL_TRANSITION', `A booking in status ${state.status} cannot change its duration`, {
      from: state.status,
    });
  }
  return state;
};

export const changeBookingDuration = ({ data, metadata }: ChangeBookingDuration, state: Booking): BookingEvent[] => {
  const booking = assertResizable(state);
  assertEndWithin(Date.parse(booking.start), Date.parse(data.end));
  if (Date.parse(data.end) < Date.parse(metadata.now)) throw new DomainError('IN_PAST', 'The new end is in the past');
  if (booking.end === data.end) return [];
  return [{ type: 'BookingDurationChanged', data: { ...data, changedBy: metadata.userId, changedAt: metadata.now } }];
};

export const assignBooking = ({ data, metadata }: AssignBooking, state: Booking): BookingEvent[] => {
  const booking = placed(state, data.bookingId);
  if (booking.status === 'Done' || booking.status === 'Cancelled') {
    throw new DomainError('ILLEGAL_TRANSITION', `A booking in status ${booking.status} cannot be assigned`, {
      from: booking.status,
    });
  }
  if (booking.mechanicId === data.mechanicId) return [];
  return [
    {
      type: 'BookingAssigned',
      data: { bookingId: data.bookingId, mechanicId: data.mechanicId, assignedBy: metadata.userId, assignedAt: metadata.now },
    },
  ];
};

/** A call can be about any booking, a cancelled or finished one too (a follow-up, a no-show). */
export const recordCallOutcome = ({ data, metadata }: RecordCallOutcome, state: Booking): BookingEvent[] => {
  placed(state, data.bookingId);
  if (!callOutcomes.includes(data.outcome)) {
    throw new DomainError('VALIDATION', `Unknown call outcome ${String(data.outcome)}`, { field: 'outcome' });
  }
  return [
    {
      type: 'CallOutcomeRecorded',
      data: { bookingId: data.bookingId, outcome: data.outcome, recordedBy: metadata.userId, recordedAt: metadata.now },
    },
  ];
};

/**
 * A job under way past its booked end holds its bay longer; nothing when it is no longer under way
 * (done or cancelled meanwhile: its bay's time is already settled).
 */
export const holdOverrun = ({ data, metadata }: HoldOverrun, state: Booking): BookingEvent[] => {
  if (placed(state, data.bookingId).status !== 'InProgress') return [];
  return [{ type: 'BookingOverran', data: { bookingId: data.bookingId, heldUntil: data.heldUntil, recordedAt: metadata.now } }];
};

export const decide = (command: BookingCommand, state: Booking): BookingEvent[] => {
  switch (command.type) {
    case 'RequestBooking':
      return requestBooking(command, state);
    case 'ConfirmBooking':
      return confirmBooking(command, state);
    case 'StartBooking':
      return startBooking(command, state);
    case 'CompleteBooking':
      return completeBooking(command, state);
    case 'CancelBooking':
      return cancelBooking(command, state);
    case 'RescheduleBooking':
      return rescheduleBooking(command, state);
    case 'ChangeBookingDuration':
      return changeBookingDuration(command, state);
    case 'AssignBooking':
      return assignBooking(command, state);
    case 'RecordCallOutcome':
      return recordCallOutcome(command, state);
    case 'HoldOverrun':
      return holdOverrun(command, state);
    default: {
      const unknown: never = command;
      throw new DomainError('VALIDATION', `Unknown command ${JSON.stringify(unknown)}`);
    }
  }
};

export const bookingDecider: Decider<Booking, BookingCommand, BookingEvent> = { decide, evolve, initialState };
