import type { Sealed } from '../shared/sealed.ts';

// ───────────────────────────── Events ─────────────────────────────

export const bookingChannels = ['telegram', 'panel', 'phone', 'web', 'import', 'max'] as const;
export type BookingChannel = (typeof bookingChannels)[number];
/** The channels where a client books through a bot by themselves (the «через бота» share). */
export const botChannels: readonly BookingChannel[] = ['telegram', 'max'];

export const cancelReasons = ['client_request', 'no_show', 'station', 'duplicate', 'other'] as const;
export type CancelReason = (typeof cancelReasons)[number];

export const callOutcomes = ['reached', 'no_answer', 'asked_to_reschedule'] as const;
export type CallOutcome = (typeof callOutcomes)[number];

/** A reserved bay-day as events carry it: ISO instants. */
export type BookedSegment = { date: string; from: string; to: string };

/** Whose booking it is and where and when it stands: what a request places and the state keeps. */
export type BookingPlace = {
  bookingId: string;
  orgId: string;
  branchId: string;
  bayId: string;
  serviceIds: string[];
  start: string;
  end: string;
  segments: BookedSegment[];
  clientId: string;
};

/** A request as the client or the staff made it: the place, the channel and the sealed details. */
export type BookingRequest = BookingPlace & {
  channel: BookingChannel;
  /** Car and comment, sealed under the client's key. */
  details: Sealed | null;
  /** Where the client came from beyond the channel (UTM tags, a deep link's payload): lead-source.ts. */
  source?: string;
};

export type BookingRequested = {
  type: 'BookingRequested';
  data: BookingRequest & { requestedBy: string | null; requestedAt: string };
};

export type BookingConfirmed = {
  type: 'BookingConfirmed';
  data: { bookingId: string; confirmedBy: string | null; confirmedAt: string };
};

export type BookingStarted = {
  type: 'BookingStarted';
  data: { bookingId: string; startedBy: string | null; startedAt: string };
};

export type BookingCompleted = {
  type: 'BookingCompleted';
  data: {
    bookingId: string;
    completedBy: string | null;
    completedAt: string;
    /** Finished before its booked end: the bay time it held until then (finished-early.ts); the rest is freed. */
    segments?: BookedSegment[];
  };
};

export type BookingCancelled = {
  type: 'BookingCancelled';
  data: { bookingId: string; reason: CancelReason; cancelledBy: string | null; cancelledAt: string };
};

export type BookingRescheduled = {
  type: 'BookingRescheduled';
  data: {
    bookingId: string;
    bayId: string;
    start: string;
    end: string;
    segments: BookedSegment[];
    /** Working minutes the manager set by resizing, kept through moves; absent: the services' own. */
    workMinutes?: number;
    rescheduledBy: string | null;
    rescheduledAt: string;
  };
};

/** Same start and bay, a new end: the client is not told the booking moved. */
export type BookingDurationChanged = {
  type: 'BookingDurationChanged';
  data: {
    bookingId: string;
    end: string;
    segments: BookedSegment[];
    workMinutes: number;
    changedBy: string | null;
    changedAt: string;
  };
};

/** How a manager's call to the client went; no free text, so nothing personal to seal. */
export type CallOutcomeRecorded = {
  type: 'CallOutcomeRecorded';
  data: { bookingId: string; outcome: CallOutcome; recordedBy: string | null; recordedAt: string };
};

export type BookingAssigned = {
  type: 'BookingAssigned';
  data: { bookingId: string; mechanicId: string; assignedBy: string | null; assignedAt: string };
};

/**
 * The job is still under way past its booked end: its bay is held until `heldUntil` (the rule is
 * domain/booking/overrun-hold.ts). The booked times stay the plan the report holds the work against.
 */
export type BookingOverran = {
  type: 'BookingOverran';
  data: { bookingId: string; heldUntil: string; recordedAt: string };
};

export type BookingEvent =
  | BookingRequested
  | BookingConfirmed
  | BookingStarted
  | BookingCompleted
  | BookingCancelled
  | BookingRescheduled
  | BookingDurationChanged
  | BookingAssigned
  | BookingOverran
  | CallOutcomeRecorded;

// ───────────────────────────── State ─────────────────────────────

export const bookingStatuses = ['New', 'Confirmed', 'InProgress', 'Done', 'Cancelled'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

export type PlacedBooking = BookingPlace & {
  status: BookingStatus;
  mechanicId: string | null;
  /** Set once the manager resized the job: a later move keeps this length instead of the services'. */
  workMinutes: number | null;
};

export type Booking = { status: 'Empty' } | PlacedBooking;

export const initialState = (): Booking => ({ status: 'Empty' });

export const evolve = (state: Booking, event: BookingEvent): Booking => {
  if (event.type === 'BookingRequested') {
    const { bookingId, orgId, branchId, bayId, serviceIds, start, end, segments, clientId } = event.data;
    return {
      status: 'New',
      bookingId,
      orgId,
      branchId,
      bayId,
      serviceIds,
      start,
      end,
      segments,
      clientId,
      mechanicId: null,
      workMinutes: null,
    };
  }
  if (state.status === 'Empty') return state;
  switch (event.type) {
    case 'BookingConfirmed':
      return { ...state, status: 'Confirmed' };
    case 'BookingStarted':
      return { ...state, status: 'InProgress' };
    case 'BookingCompleted':
      return { ...state, status: 'Done', segments: event.data.segments ?? state.segments };
    case 'BookingCancelled':
      return { ...state, status: 'Cancelled' };
    case 'BookingRescheduled': {
      const { bayId, start, end, segments, workMinutes } = event.data;
      return { ...state, bayId, start, end, segments, workMinutes: workMinutes ?? null };
    }
    case 'BookingDurationChanged': {
      const { end, segments, workMinutes } = event.data;
      return { ...state, end, segments, workMinutes };
    }
    case 'BookingAssigned':
      return { ...state, mechanicId: event.data.mechanicId };
    default:
      return state;
  }
};

export const bookingStreamName = (bookingId: string): string => `booking-${bookingId}`;
