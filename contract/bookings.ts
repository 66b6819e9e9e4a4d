import { dateTime, idParams, isoDate, nullableText, openObject, text, uuid, uuids, type Shape } from './shared.ts';

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

export const lastCall = {
  type: ['object', 'null'],
  required: ['outcome', 'at'],
  additionalProperties: false,
  properties: { outcome: { type: 'string', enum: callOutcomes }, at: text },
} as const;

/** A booking as the board, the calendar and the live feed give it (projections/board/queries.ts). */
export const boardCard = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'branchId',
    'bayId',
    'serviceIds',
    'clientId',
    'clientName',
    'clientPhone',
    'status',
    'channel',
    'start',
    'end',
    'car',
    'plate',
    'comment',
    'mechanicId',
    'cancelReason',
    'requestedAt',
    'confirmedAt',
    'statusChangedAt',
    'version',
    'lastCall',
  ],
  properties: {
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
    cancelReason: { type: ['string', 'null'], enum: [...cancelReasons, null] },
    requestedAt: text,
    confirmedAt: nullableText,
    statusChangedAt: text,
    version: { type: 'integer' },
    lastCall,
  },
} as const;
export type BoardCard = Shape<typeof boardCard>;

export const boardColumn = {
  type: 'object',
  required: ['status', 'count', 'cards'],
  additionalProperties: false,
  properties: { status, count: { type: 'integer' }, cards: { type: 'array', items: boardCard } },
} as const;

// ---- GET /api/availability
const uuidText = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const availabilityQuery = {
  type: 'object',
  required: ['branchId', 'serviceId', 'date'],
  additionalProperties: false,
  properties: {
    branchId: uuid,
    serviceId: uuid,
    /** Several services done in one visit: comma-separated ids starting with `serviceId` (as a booking's `serviceIds`). */
    serviceIds: { type: 'string', pattern: `^${uuidText}(,${uuidText}){0,9}$` },
    date: isoDate,
  },
} as const;
export const availability = {
  type: 'object',
  required: ['date', 'slots'],
  additionalProperties: false,
  properties: {
    date: text,
    slots: {
      type: 'array',
      items: {
        type: 'object',
        required: ['start', 'bayIds'],
        additionalProperties: false,
        properties: { start: text, bayIds: uuids },
      },
    },
  },
} as const;
export type Availability = Shape<typeof availability>;

// ---- POST /api/bookings
export const placeBookingBody = {
  type: 'object',
  required: ['branchId', 'serviceId', 'start', 'client'],
  additionalProperties: false,
  properties: {
    branchId: uuid,
    serviceId: uuid,
    serviceIds: { type: 'array', minItems: 1, maxItems: 10, items: uuid },
    start: dateTime,
    bayId: uuid,
    client: {
      type: 'object',
      required: ['name', 'phone'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: bookingTextLimits.personName },
        phone: { type: 'string', minLength: phoneTyped.min, maxLength: phoneTyped.max },
      },
    },
    car: {
      type: 'object',
      additionalProperties: false,
      properties: {
        make: { type: 'string', maxLength: bookingTextLimits.carMake },
        model: { type: 'string', maxLength: bookingTextLimits.carModel },
        plate: { type: 'string', maxLength: bookingTextLimits.plateTyped },
      },
    },
    comment: { type: 'string', maxLength: bookingTextLimits.comment },
    channel,
  },
} as const;
export type PlaceBookingBody = Shape<typeof placeBookingBody>;

/** What a command on a booking answers: where and when it is now, and its status. */
export const bookingSummary = {
  type: 'object',
  required: ['id', 'bayId', 'start', 'end', 'status'],
  additionalProperties: false,
  properties: { id: uuid, bayId: uuid, start: text, end: text, status },
} as const;
export type BookingSummary = Shape<typeof bookingSummary>;

// ---- POST /api/bookings/:id/…
export const bookingParams = idParams;
export const changeStatusBody = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: { status, reason: { type: 'string', enum: cancelReasons } },
} as const;
export type ChangeStatusBody = Shape<typeof changeStatusBody>;

/** With `end` and the booking's own start and bay it resizes the job; with a new start it moves it. */
export const rescheduleBody = {
  type: 'object',
  required: ['start'],
  additionalProperties: false,
  properties: { start: dateTime, end: dateTime, bayId: uuid },
} as const;
export type RescheduleBody = Shape<typeof rescheduleBody>;

export const assignBody = {
  type: 'object',
  required: ['mechanicId'],
  additionalProperties: false,
  properties: { mechanicId: uuid },
} as const;

export const callBody = {
  type: 'object',
  required: ['outcome'],
  additionalProperties: false,
  properties: { outcome: { type: 'string', enum: callOutcomes } },
} as const;
export const recordedCall = {
  type: 'object',
  required: ['id', 'outcome', 'at'],
  additionalProperties: false,
  properties: { id: uuid, outcome: { type: 'string', enum: callOutcomes }, at: text },
} as const;
export type RecordedCall = Shape<typeof recordedCall>;

/** POST /api/bookings/:id/reveal-phone: the number behind a card's masked phone (the access log records it). */
export const revealedPhone = {
  type: 'object',
  required: ['clientId', 'phone'],
  additionalProperties: false,
  properties: { clientId: uuid, phone: text },
} as const;
export type RevealedPhone = Shape<typeof revealedPhone>;

/** One event of the booking's stream, without its sealed personal data (the card shows it opened). */
export const historyEntry = {
  type: 'object',
  required: ['type', 'at', 'position', 'data'],
  additionalProperties: false,
  properties: { type: text, at: text, position: { type: 'integer' }, data: openObject },
} as const;
export type HistoryEntry = Shape<typeof historyEntry>;

/**
 * GET /api/bookings/:id: the card with the booking's history; a booking the read model has not
 * caught up with yet is answered as `{ id, status, pending: true }` with its history.
 */
export const bookingDetails = {
  type: 'object',
  required: ['id', 'status', 'history'],
  additionalProperties: false,
  properties: {
    ...boardCard.properties,
    pending: { type: 'boolean' },
    history: { type: 'array', items: historyEntry },
  },
} as const;
export type BookingDetails = BoardCard & { history: HistoryEntry[]; pending?: boolean };
