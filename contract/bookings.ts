import {
  boolean,
  dateTime,
  idParams,
  integer,
  isoDate,
  list,
  nullableText,
  obj,
  openObject,
  orNull,
  text,
  uuid,
  uuids,
  type Shape,
} from './shared.ts';

import {
  bookingChannels,
  bookingStatuses,
  callOutcomes,
  cancelReasons,
  type BookingChannel,
  type BookingStatus,
  type CallOutcome,
  type CancelReason,
} from '../domain/booking/booking.ts';

// The booking vocabulary is the domain's own lists (pure data): the schemas need their values.
export {
  bookingChannels,
  bookingStatuses,
  callOutcomes,
  cancelReasons,
  type BookingChannel,
  type BookingStatus,
  type CallOutcome,
  type CancelReason,
};

/** Input limits of a booking's text (domain/shared/input-rules.ts textLimits, domain/shared/phone.ts). */
export const bookingTextLimits = { personName: 200, carMake: 60, carModel: 60, plateTyped: 20, comment: 1000 } as const;
export const phoneTyped = { min: 5, max: 30 } as const;

const status = { type: 'string', enum: bookingStatuses } as const;
const channel = { type: 'string', enum: bookingChannels } as const;

const callOutcome = { type: 'string', enum: callOutcomes } as const;
export const lastCall = orNull(obj({ outcome: callOutcome, at: text }));

/** A booking as the board, the calendar and the live feed give it (projections/board/queries.ts). */
export const boardCard = obj({
  id: uuid,
  branchId: uuid,
  bayId: uuid,
  serviceIds: uuids,
  clientId: uuid,
  clientName: nullableText,
  /** Masked (`+7 *** ***-**-12`); the number comes only from a logged reveal. */
  clientPhone: nullableText,
  status,
  channel,
  start: text,
  end: text,
  car: nullableText,
  plate: nullableText,
  comment: nullableText,
  mechanicId: { type: ['string', 'null'] },
  /** Who answers for the client (the client card's responsible manager); null when nobody does. */
  managerId: { type: ['string', 'null'] },
  cancelReason: { type: ['string', 'null'], enum: [...cancelReasons, null] },
  requestedAt: text,
  confirmedAt: nullableText,
  statusChangedAt: text,
  version: integer,
  lastCall,
  /** Where the client came from beyond the channel (UTM tags, a deep link's payload); shown as it is. */
  source: nullableText,
});
export type BoardCard = Shape<typeof boardCard>;

export const boardColumn = obj({ status, count: integer, cards: list(boardCard) });

// ---- GET /api/availability
const uuidText = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const availabilityQuery = obj(
  {
    branchId: uuid,
    serviceId: uuid,
    /** Several services done in one visit: comma-separated ids starting with `serviceId` (as a booking's `serviceIds`). */
    serviceIds: { type: 'string', pattern: `^${uuidText}(,${uuidText}){0,9}$` },
    date: isoDate,
    /** A booking being moved: its own time counts as free (the card's reschedule picker). */
    bookingId: uuid,
  },
  ['branchId', 'serviceId', 'date'],
);
export const availability = obj({ date: text, slots: list(obj({ start: text, bayIds: uuids })) });
export type Availability = Shape<typeof availability>;

// ---- POST /api/bookings
export const placeBookingBody = obj(
  {
    branchId: uuid,
    serviceId: uuid,
    serviceIds: { type: 'array', minItems: 1, maxItems: 10, items: uuid },
    start: dateTime,
    bayId: uuid,
    client: obj({
      name: { type: 'string', minLength: 1, maxLength: bookingTextLimits.personName },
      phone: { type: 'string', minLength: phoneTyped.min, maxLength: phoneTyped.max },
    }),
    car: obj(
      {
        make: { type: 'string', maxLength: bookingTextLimits.carMake },
        model: { type: 'string', maxLength: bookingTextLimits.carModel },
        plate: { type: 'string', maxLength: bookingTextLimits.plateTyped },
      },
      [],
    ),
    comment: { type: 'string', maxLength: bookingTextLimits.comment },
    channel,
  },
  ['branchId', 'serviceId', 'start', 'client'],
);
export type PlaceBookingBody = Shape<typeof placeBookingBody>;

/** What a command on a booking answers: where and when it is now, and its status. */
export const bookingSummary = obj({ id: uuid, bayId: uuid, start: text, end: text, status });
export type BookingSummary = Shape<typeof bookingSummary>;

// ---- POST /api/bookings/:id/…
export const bookingParams = idParams;
export const changeStatusBody = obj({ status, reason: { type: 'string', enum: cancelReasons } }, ['status']);
export type ChangeStatusBody = Shape<typeof changeStatusBody>;

/** With `end` and the booking's own start and bay it resizes the job; with a new start it moves it. */
export const rescheduleBody = obj({ start: dateTime, end: dateTime, bayId: uuid }, ['start']);
export type RescheduleBody = Shape<typeof rescheduleBody>;

export const assignBody = obj({ mechanicId: uuid });

export const callBody = obj({ outcome: callOutcome });
export const recordedCall = obj({ id: uuid, outcome: callOutcome, at: text });
export type RecordedCall = Shape<typeof recordedCall>;

/** POST /api/bookings/:id/reveal-phone: the number behind a card's masked phone (the access log records it). */
export const revealedPhone = obj({ clientId: uuid, phone: text });
export type RevealedPhone = Shape<typeof revealedPhone>;

/** One event of the booking's stream, without its sealed personal data (the card shows it opened). */
export const historyEntry = obj({ type: text, at: text, position: integer, data: openObject });
export type HistoryEntry = Shape<typeof historyEntry>;

/**
 * GET /api/bookings/:id: the card with the booking's history; a booking the read model has not
 * caught up with yet is answered as `{ id, status, pending: true }` with its history.
 */
export const bookingDetails = obj(
  { ...boardCard.properties, pending: boolean, history: list(historyEntry), workOrderOpened: boolean },
  ['id', 'status', 'history', 'workOrderOpened'],
);
/** `workOrderOpened`: the visit has a work order (the card reads it only then). */
export type BookingDetails = BoardCard & { history: HistoryEntry[]; pending?: boolean; workOrderOpened: boolean };
