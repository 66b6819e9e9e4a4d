import { bookingStatuses, bookingTextLimits, phoneTyped } from './bookings.ts';
import { boolean, integer, isoDate, list, nullableText, obj, text, uuid, type Shape } from './shared.ts';

// ---- The public booking page (issue 15): no staff session; the client's own token after a one-time code.

const lang = { type: 'string', enum: ['ru', 'en'] } as const;
const name = { type: 'string', minLength: 1, maxLength: bookingTextLimits.personName } as const;
const phone = { type: 'string', minLength: phoneTyped.min, maxLength: phoneTyped.max } as const;
const tag = { type: 'string', maxLength: 200 } as const;

// ---- GET /api/public/booking/station
export const stationQuery = obj({ branchId: uuid, lang }, []);
export const publicStation = obj({
  stationName: text,
  /** The station's phone and address as its documents print them; null where the owner has not filled one in. */
  phone: nullableText,
  address: nullableText,
  /** Whether a code can reach a phone the station does not know yet (an SMS gateway is connected). */
  codesBySms: boolean,
  /**
   * `leadMinutes`: how long before its start a time can still be booked here (the branch's notice for
   * changes); `closedDays`: the days from today to the horizon the branch does not work.
   */
  branch: obj({
    id: uuid,
    name: text,
    timeZone: text,
    bookingHorizonDays: integer,
    leadMinutes: integer,
    closedDays: list(isoDate),
  }),
  branches: list(obj({ id: uuid, name: text })),
  services: list(obj({ id: uuid, name: text, priceRub: integer, durationMinutes: integer })),
  notice: obj({ version: text, text, hash: text }),
});
export type PublicStation = Shape<typeof publicStation>;

// ---- GET /api/public/booking/free-times
const uuidList = {
  type: 'string',
  pattern: '^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36}){0,9}$',
} as const;
export const publicFreeTimesQuery = obj({ branchId: uuid, serviceIds: uuidList, date: isoDate });
export const publicFreeTimes = obj({ date: text, starts: list(text) });
export type PublicFreeTimes = Shape<typeof publicFreeTimes>;

// ---- GET /api/public/booking/challenge: ALTCHA's challenge, as its widget reads it
export const publicChallenge = obj({ algorithm: text, challenge: text, maxnumber: integer, salt: text, signature: text });
export type PublicChallenge = Shape<typeof publicChallenge>;

// ---- POST /api/public/booking/code
export const codeRequestBody = obj({
  branchId: uuid,
  name,
  phone,
  lang,
  /** The SHA-256 of the consent text the person ticked. */
  consentHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  /** The ALTCHA solution (base64 JSON). */
  proof: { type: 'string', minLength: 1, maxLength: 2000 },
});
export type CodeRequestBody = Shape<typeof codeRequestBody>;
export const codeSent = obj({ requestId: uuid, channel: text, expiresAt: text });
export type CodeSent = Shape<typeof codeSent>;

// ---- POST /api/public/booking/confirm
export const codeConfirmBody = obj({
  branchId: uuid,
  requestId: uuid,
  code: { type: 'string', pattern: '^\\d{6}$' },
  name,
  phone,
});
export type CodeConfirmBody = Shape<typeof codeConfirmBody>;
export const webClient = obj({ name: text, phone: text });
export type WebClientView = Shape<typeof webClient>;
export const signedIn = obj({ token: text, name: text, phone: text });
export type SignedIn = Shape<typeof signedIn>;

// ---- POST /api/public/bookings
export const webBookingBody = obj(
  {
    branchId: uuid,
    serviceIds: { type: 'array', minItems: 1, maxItems: 10, items: uuid },
    start: { type: 'string', minLength: 16, maxLength: 40 },
    car: obj(
      {
        make: { type: 'string', maxLength: bookingTextLimits.carMake },
        model: { type: 'string', maxLength: bookingTextLimits.carModel },
        plate: { type: 'string', maxLength: bookingTextLimits.plateTyped },
      },
      [],
    ),
    comment: { type: 'string', maxLength: bookingTextLimits.comment },
    /** The page's UTM tags, or a link's `ref`, as found in its address. */
    utm: obj({ source: tag, medium: tag, campaign: tag }, []),
    ref: tag,
  },
  ['branchId', 'serviceIds', 'start'],
);
export type WebBookingBody = Shape<typeof webBookingBody>;
export const webBooked = obj({ id: uuid, start: text, end: text, status: { type: 'string', enum: bookingStatuses } });
export type WebBooked = Shape<typeof webBooked>;

// ---- POST /api/public/privacy-requests
export const privacyRequestBody = obj({ kind: { type: 'string', enum: ['access', 'erasure'] } });
export const privacyRequested = obj({ kind: text, dueDate: isoDate, fresh: boolean });
export type PrivacyRequested = Shape<typeof privacyRequested>;

// ---- GET /api/public/bookings
export const webClientBooking = obj({
  id: uuid,
  branchName: text,
  services: list(text),
  start: text,
  status: { type: 'string', enum: bookingStatuses },
  timeZone: text,
  cancellable: boolean,
});
export type WebClientBookingView = Shape<typeof webClientBooking>;
export const webClientBookings = obj({ bookings: list(webClientBooking) });
export type WebClientBookingsView = Shape<typeof webClientBookings>;
