import { bookingChannels, bookingStatuses, cancelReasons } from './bookings.ts';
import {
  boolean,
  idParams,
  integer,
  list,
  nullableInteger,
  nullableText,
  obj,
  text,
  texts,
  uuid,
  uuids,
  type Shape,
} from './shared.ts';

/** A car as the client card lists it (opened from the client's sealed data). */
export const car = obj({ id: uuid, make: text, model: text, plate: text, year: integer }, []);
export type Car = Shape<typeof car>;

const clientFields = {
  id: uuid,
  name: nullableText,
  /** Masked everywhere but in a logged reveal. */
  phone: nullableText,
  cars: list(car),
  channel: text,
  registeredAt: text,
  visits: integer,
  bookings: integer,
  lastVisit: nullableText,
  /** Visit count and last visit date (ISO date) an imported client list brought, if any. */
  importedVisits: nullableInteger,
  importedLastVisit: nullableText,
  /** The staff member answering for the client; null when nobody does. */
  managerId: { type: ['string', 'null'] },
} as const;

// ---- GET /api/clients
export const clientSearchQuery = obj(
  // A digit string: query strings reach the validator as text and this app does not coerce them.
  {
    q: { type: 'string', maxLength: 100 },
    offset: { type: 'string', pattern: '^\\d{1,7}$' },
    /** Only the clients one person answers for: `me`, `none` (nobody does) or the person's id. */
    manager: { anyOf: [{ type: 'string', enum: ['me', 'none'] }, uuid] },
  },
  [],
);
// `blocked` only in the officer's list: a blocked client is their case; staff never see one.
export const clientRow = obj({ ...clientFields, blocked: boolean }, Object.keys(clientFields) as (keyof typeof clientFields)[]);
export type ClientRow = Shape<typeof clientRow>;
export const clientList = obj({ clients: list(clientRow), total: integer, offset: integer, pageSize: integer });
export type ClientList = Shape<typeof clientList>;

// ---- GET /api/clients/:id
export const clientParams = idParams;
export const clientCardBooking = obj({
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
});

/** One client's consents: the purposes given now and every change (client stream). */
export const clientConsents = obj({
  current: texts,
  history: list(obj({ purpose: text, event: text, noticeVersion: nullableText, at: text })),
});
export type ClientConsents = Shape<typeof clientConsents>;

export const clientCard = obj(
  {
    ...clientFields,
    blocked: boolean,
    phoneMasked: boolean,
    history: list(clientCardBooking),
    consents: clientConsents,
    /** Notes the client's imported rows carried («просит СМС, не звонки»), opened for the card. */
    notes: texts,
    /** The staff's own note on the client ('' when none), edited with PATCH /api/clients/:id. */
    note: text,
    /** The client's e-mail for status messages ('' when none), edited with PATCH /api/clients/:id. */
    email: text,
    /** Whether the client gets maintenance reminders (false once they turned them off). */
    maintenanceReminders: boolean,
  },
  [
    ...(Object.keys(clientFields) as (keyof typeof clientFields)[]),
    'blocked',
    'phoneMasked',
    'history',
    'consents',
    'notes',
    'maintenanceReminders',
  ],
);
export type ClientCard = Shape<typeof clientCard>;

// ---- PATCH /api/clients/:id
/**
 * The staff change a client's name, note or e-mail ('' clears it); the phone is the client's key and
 * is not changed here. The e-mail's shape is checked by domain/shared/input-rules.ts (a clear 400).
 */
export const clientProfileBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    note: { type: 'string', maxLength: 1000 },
    email: { type: 'string', maxLength: 254 },
  },
} as const;
export type ClientProfileBody = Shape<typeof clientProfileBody>;
export const clientProfile = {
  type: 'object',
  required: ['id', 'name', 'note', 'email'],
  additionalProperties: false,
  properties: { id: uuid, name: text, note: text, email: text },
} as const;

// ---- POST /api/clients/:id/cars
/** A car added on the card: the plate is required (it tells one car from another), make and model are optional. */
export const addCarBody = obj(
  {
    make: { type: 'string', maxLength: 60 },
    model: { type: 'string', maxLength: 60 },
    plate: { type: 'string', minLength: 1, maxLength: 20 },
    year: integer,
  },
  ['plate'],
);
export type AddCarBody = Shape<typeof addCarBody>;
/** The car as stored (the plate normalised), and whether it was new to the client. */
export const carAdded = obj({ car, added: boolean });

// ---- PUT /api/clients/:id/phone: a new number for the client (their key for bookings and the bot)
export const clientPhoneBody = obj({ phone: { type: 'string', minLength: 1, maxLength: 40 } });
/** The number as the list shows it (masked); the whole one only through a logged reveal. */
export const clientPhoneChanged = obj({ id: uuid, phone: nullableText });

// ---- PUT /api/clients/:id/manager
/** The owner names who answers for the client (null: nobody); a manager may only name themselves for a client nobody answers for. */
export const clientManagerBody = obj({ managerId: { anyOf: [uuid, { type: 'null' }] } });
export const clientManager = obj({ managerId: { type: ['string', 'null'] }, changed: boolean });

// ---- PUT /api/clients/:id/maintenance-reminders
/** Maintenance reminders turned off or back on at the client's request (they turn them off in the messenger too). */
export const maintenanceRemindersBody = obj({ enabled: boolean });
export const maintenanceReminders = obj({ enabled: boolean, changed: boolean });

// ---- POST /api/clients/:id/reveal-phone
export const clientPhone = obj({ phone: nullableText });

// ---- POST /api/clients/:id/consents, …/consents/withdraw
export const purpose = { type: 'string', pattern: '^[a-z][a-z0-9-]{1,40}$' } as const;
export const paperConsentBody = obj(
  {
    purpose,
    noticeVersion: { type: 'string', minLength: 1, maxLength: 40 },
    textHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    signedAt: { type: 'string', format: 'date-time' },
    documentRef: { type: 'string', maxLength: 100 },
  },
  ['purpose', 'noticeVersion', 'textHash'],
);
/** `channel`: how the person withdrew (by phone, at the counter, by letter): the officer's request says so. */
export const withdrawConsentBody = obj({ purpose, channel: { type: 'string', enum: ['phone', 'in-person', 'mail', 'email'] } }, [
  'purpose',
]);
export const consentRecorded = obj({ recorded: boolean, consents: clientConsents });
export type ConsentRecorded = Shape<typeof consentRecorded>;
