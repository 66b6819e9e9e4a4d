import { boolean, integer, isoDate, text, texts, timeOfDay, uuid, type Shape } from './shared.ts';

export const dayHours = {
  type: ['object', 'null'],
  required: ['open', 'close'],
  additionalProperties: false,
  properties: {
    open: timeOfDay,
    close: timeOfDay,
    breaks: {
      type: 'array',
      maxItems: 5,
      items: {
        type: 'object',
        required: ['from', 'to'],
        additionalProperties: false,
        properties: { from: timeOfDay, to: timeOfDay },
      },
    },
  },
} as const;
export type DayHours = Shape<typeof dayHours>;

/** Keys are ISO weekdays, 1 = Monday … 7 = Sunday; a missing day is a day off. */
export const weeklyHours = {
  type: 'object',
  additionalProperties: false,
  properties: { 1: dayHours, 2: dayHours, 3: dayHours, 4: dayHours, 5: dayHours, 6: dayHours, 7: dayHours },
} as const;

export const branchQuery = {
  type: 'object',
  required: ['branchId'],
  additionalProperties: false,
  properties: { branchId: uuid },
} as const;
export const settingParams = { type: 'object', required: ['id'], properties: { id: uuid } } as const;

// ---- Branches
export const branch = {
  type: 'object',
  required: [
    'id',
    'orgId',
    'name',
    'timeZone',
    'hours',
    'daysOff',
    'slotStepMinutes',
    'bookingHorizonDays',
    'changeNoticeMinutes',
  ],
  additionalProperties: false,
  properties: {
    id: uuid,
    orgId: uuid,
    name: text,
    timeZone: text,
    hours: weeklyHours,
    daysOff: texts,
    slotStepMinutes: integer,
    bookingHorizonDays: integer,
    /** Minimum notice before start for the client to cancel or move a booking. */
    changeNoticeMinutes: integer,
  },
} as const;
export type Branch = Shape<typeof branch>;
export const branches = { type: 'array', items: branch } as const;

const branchFields = {
  name: { type: 'string', minLength: 1, maxLength: 120 },
  timeZone: { type: 'string', minLength: 3, maxLength: 64 },
  hours: weeklyHours,
  daysOff: { type: 'array', maxItems: 366, items: isoDate },
  slotStepMinutes: { type: 'integer', minimum: 5, maximum: 240 },
  bookingHorizonDays: { type: 'integer', minimum: 1, maximum: 365 },
  changeNoticeMinutes: { type: 'integer', minimum: 0, maximum: 10080 },
  confirmTargetMinutes: { type: 'integer', minimum: 1, maximum: 10080 },
} as const;
export const createBranchBody = {
  type: 'object',
  required: ['name', 'timeZone', 'hours'],
  additionalProperties: false,
  properties: branchFields,
} as const;
export const patchBranchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: branchFields,
} as const;
export type PatchBranchBody = Shape<typeof patchBranchBody>;

// ---- Bays
export const bay = {
  type: 'object',
  required: ['id', 'branchId', 'name', 'kinds', 'active'],
  additionalProperties: false,
  properties: { id: uuid, branchId: uuid, name: text, kinds: texts, active: boolean },
} as const;
export type Bay = Shape<typeof bay>;
export const bays = { type: 'array', items: bay } as const;

const bayFields = {
  name: { type: 'string', minLength: 1, maxLength: 120 },
  kinds: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 40 } },
  active: { type: 'boolean' },
} as const;
export const createBayBody = {
  type: 'object',
  required: ['branchId', 'name', 'kinds'],
  additionalProperties: false,
  properties: { branchId: uuid, ...bayFields },
} as const;
export const patchBayBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { branchId: uuid, ...bayFields },
} as const;

// ---- Services
export const servicesQuery = {
  type: 'object',
  required: ['branchId'],
  additionalProperties: false,
  // all=true adds switched-off services (with `active`), so settings can turn them back on and old
  // bookings can still name theirs. Query strings are not coerced (api/app.ts): the flag is the literal text.
  properties: { branchId: uuid, all: { type: 'string', enum: ['true', 'false'] } },
} as const;
export const service = {
  type: 'object',
  required: ['id', 'branchId', 'name', 'durationMinutes', 'bufferMinutes', 'bayKind', 'priceRub', 'multiDay'],
  additionalProperties: false,
  properties: {
    id: uuid,
    branchId: uuid,
    name: text,
    durationMinutes: integer,
    /** Time the bay stays blocked after the job (cleaning, lift reset). */
    bufferMinutes: integer,
    bayKind: text,
    priceRub: integer,
    /** Long jobs (body work) flow over breaks and into following working days. */
    multiDay: boolean,
    /** Only in the settings' list (all=true): active services are the only ones commands see. */
    active: boolean,
  },
} as const;
export type Service = Shape<typeof service>;
export const services = { type: 'array', items: service } as const;

const serviceFields = {
  name: { type: 'string', minLength: 1, maxLength: 160 },
  durationMinutes: { type: 'integer', minimum: 5, maximum: 60 * 24 * 10 },
  bufferMinutes: { type: 'integer', minimum: 0, maximum: 240 },
  bayKind: { type: 'string', minLength: 1, maxLength: 40 },
  priceRub: { type: 'integer', minimum: 0, maximum: 10_000_000 },
  multiDay: { type: 'boolean' },
  active: { type: 'boolean' },
} as const;
export const createServiceBody = {
  type: 'object',
  required: ['branchId', 'name', 'durationMinutes', 'bayKind'],
  additionalProperties: false,
  properties: { branchId: uuid, ...serviceFields },
} as const;
export const patchServiceBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { branchId: uuid, ...serviceFields },
} as const;
