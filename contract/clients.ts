import { bookingChannels, bookingStatuses, cancelReasons } from './bookings.ts';
import { boolean, idParams, integer, nullableInteger, nullableText, text, texts, uuid, uuids, type Shape } from './shared.ts';

/** A car as the client card lists it (opened from the client's sealed data). */
export const car = {
  type: 'object',
  additionalProperties: false,
  properties: { id: uuid, make: text, model: text, plate: text },
} as const;
export type Car = Shape<typeof car>;

const clientFields = {
  id: uuid,
  name: nullableText,
  /** Masked everywhere but in a logged reveal. */
  phone: nullableText,
  cars: { type: 'array', items: car },
  channel: text,
  registeredAt: text,
  visits: integer,
  bookings: integer,
  lastVisit: nullableText,
  /** Visit count and last visit date (ISO date) an imported client list brought, if any. */
  importedVisits: nullableInteger,
  importedLastVisit: nullableText,
} as const;
const clientRequired = Object.keys(clientFields) as (keyof typeof clientFields)[];

// ---- GET /api/clients
export const clientSearchQuery = {
  type: 'object',
  additionalProperties: false,
  // A digit string: query strings reach the validator as text and this app does not coerce them.
  properties: { q: { type: 'string', maxLength: 100 }, offset: { type: 'string', pattern: '^\\d{1,7}$' } },
} as const;
export const clientRow = {
  type: 'object',
  required: clientRequired,
  additionalProperties: false,
  // `blocked` only in the officer's list: a blocked client is their case; staff never see one.
  properties: { ...clientFields, blocked: boolean },
} as const;
export type ClientRow = Shape<typeof clientRow>;
export const clientList = {
  type: 'object',
  required: ['clients', 'total', 'offset', 'pageSize'],
  additionalProperties: false,
  properties: { clients: { type: 'array', items: clientRow }, total: integer, offset: integer, pageSize: integer },
} as const;
export type ClientList = Shape<typeof clientList>;

// ---- GET /api/clients/:id
export const clientParams = idParams;
export const clientCardBooking = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'branchId',
    'bayId',
    'serviceIds',
    'status',
    'channel',
    'start',
    'end',
    'car',
    'plate',
    'comment',
    'cancelReason',
  ],
  properties: {
    id: uuid,
    branchId: uuid,
    bayId: uuid,
    serviceIds: uuids,
    status: { type: 'string', enum: bookingStatuses },
    channel: { type: 'string', enum: bookingChannels },
    start: text,
    end: text,
    car: nullableText,
    plate: nullableText,
    comment: nullableText,
    cancelReason: { type: ['string', 'null'], enum: [...cancelReasons, null] },
  },
} as const;

/** One client's consents: the purposes given now and every change (client stream). */
export const clientConsents = {
  type: 'object',
  required: ['current', 'history'],
  additionalProperties: false,
  properties: {
    current: texts,
    history: {
      type: 'array',
      items: {
        type: 'object',
        required: ['purpose', 'event', 'noticeVersion', 'at'],
        additionalProperties: false,
        properties: { purpose: text, event: text, noticeVersion: nullableText, at: text },
      },
    },
  },
} as const;
export type ClientConsents = Shape<typeof clientConsents>;

export const clientCard = {
  type: 'object',
  required: [...clientRequired, 'blocked', 'phoneMasked', 'history', 'consents', 'notes'],
  additionalProperties: false,
  properties: {
    ...clientFields,
    blocked: boolean,
    phoneMasked: boolean,
    history: { type: 'array', items: clientCardBooking },
    consents: clientConsents,
    /** Notes the client's imported rows carried («просит СМС, не звонки»), opened for the card. */
    notes: texts,
    /** The staff's own note on the client ('' when none), edited with PATCH /api/clients/:id. */
    note: text,
  },
} as const;
export type ClientCard = Shape<typeof clientCard>;

// ---- PATCH /api/clients/:id
/** The staff change a client's name or note; the phone is the client's key and is not changed here. */
export const clientProfileBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    note: { type: 'string', maxLength: 1000 },
  },
} as const;
export type ClientProfileBody = Shape<typeof clientProfileBody>;
export const clientProfile = {
  type: 'object',
  required: ['id', 'name', 'note'],
  additionalProperties: false,
  properties: { id: uuid, name: text, note: text },
} as const;

// ---- POST /api/clients/:id/reveal-phone
export const clientPhone = {
  type: 'object',
  required: ['phone'],
  additionalProperties: false,
  properties: { phone: nullableText },
} as const;

// ---- POST /api/clients/:id/consents, …/consents/withdraw
export const purpose = { type: 'string', pattern: '^[a-z][a-z0-9-]{1,40}$' } as const;
export const paperConsentBody = {
  type: 'object',
  required: ['purpose', 'noticeVersion', 'textHash'],
  additionalProperties: false,
  properties: {
    purpose,
    noticeVersion: { type: 'string', minLength: 1, maxLength: 40 },
    textHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    signedAt: { type: 'string', format: 'date-time' },
    documentRef: { type: 'string', maxLength: 100 },
  },
} as const;
export const withdrawConsentBody = {
  type: 'object',
  required: ['purpose'],
  additionalProperties: false,
  properties: { purpose },
} as const;
export const consentRecorded = {
  type: 'object',
  required: ['recorded', 'consents'],
  additionalProperties: false,
  properties: { recorded: boolean, consents: clientConsents },
} as const;
export type ConsentRecorded = Shape<typeof consentRecorded>;
