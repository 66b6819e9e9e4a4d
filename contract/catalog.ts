import { branchContactLimits } from '../domain/catalog/catalog.ts';
import { slotSteps } from '../domain/catalog/slot-steps.ts';
import {
  boolean,
  endTimeOfDay,
  integer,
  isoDate,
  list,
  nullableInteger,
  nullableText,
  obj,
  orNull,
  patchOf,
  text,
  texts,
  timeOfDay,
  uuid,
  type Shape,
} from './shared.ts';

export const dayHours = orNull(
  obj(
    {
      open: timeOfDay,
      close: endTimeOfDay,
      breaks: { type: 'array', maxItems: 5, items: obj({ from: timeOfDay, to: endTimeOfDay }) },
    },
    ['open', 'close'],
  ),
);
export type DayHours = Shape<typeof dayHours>;

/** Keys are ISO weekdays, 1 = Monday … 7 = Sunday; a missing day is a day off. */
export const weeklyHours = obj({ 1: dayHours, 2: dayHours, 3: dayHours, 4: dayHours, 5: dayHours, 6: dayHours, 7: dayHours }, []);

export const branchQuery = obj({ branchId: uuid });
export const settingParams = { type: 'object', required: ['id'], properties: { id: uuid } } as const;

// ---- Branches
export const branch = obj({
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
  /** Working minutes a new booking may wait for confirmation before the reports count it late. */
  confirmTargetMinutes: integer,
  /** Where clients come and whom they call at this branch; null: the station's own (document settings). */
  address: nullableText,
  phone: nullableText,
});
export type Branch = Shape<typeof branch>;
export const branches = list(branch);

const branchFields = {
  name: { type: 'string', minLength: 1, maxLength: 120 },
  timeZone: { type: 'string', minLength: 3, maxLength: 64 },
  hours: weeklyHours,
  daysOff: { type: 'array', maxItems: 366, uniqueItems: true, items: isoDate },
  slotStepMinutes: { type: 'integer', enum: slotSteps },
  bookingHorizonDays: { type: 'integer', minimum: 1, maximum: 365 },
  changeNoticeMinutes: { type: 'integer', minimum: 0, maximum: 10080 },
  confirmTargetMinutes: { type: 'integer', minimum: 1, maximum: 10080 },
  address: { type: ['string', 'null'], maxLength: branchContactLimits.address },
  phone: { type: ['string', 'null'], maxLength: branchContactLimits.phone },
} as const;
export const createBranchBody = obj(branchFields, ['name', 'timeZone', 'hours']);
export const patchBranchBody = patchOf(branchFields);
export type PatchBranchBody = Shape<typeof patchBranchBody>;

// ---- Bays
export const bay = obj({ id: uuid, branchId: uuid, name: text, kinds: texts, active: boolean });
export type Bay = Shape<typeof bay>;
export const bays = list(bay);

const bayFields = {
  name: { type: 'string', minLength: 1, maxLength: 120 },
  kinds: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 40 } },
  active: { type: 'boolean' },
} as const;
export const createBayBody = obj({ branchId: uuid, ...bayFields }, ['branchId', 'name', 'kinds']);
export const patchBayBody = patchOf({ branchId: uuid, ...bayFields });

// ---- Services
// all=true adds switched-off services (with `active`), so settings can turn them back on and old
// bookings can still name theirs. Query strings are not coerced (api/app.ts): the flag is the literal text.
export const servicesQuery = obj({ branchId: uuid, all: { type: 'string', enum: ['true', 'false'] } }, ['branchId']);
export const service = obj(
  {
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
    /** How often the work is due again: km and/or months; null when it is not periodic. */
    maintenanceKm: nullableInteger,
    maintenanceMonths: nullableInteger,
  },
  ['id', 'branchId', 'name', 'durationMinutes', 'bufferMinutes', 'bayKind', 'priceRub', 'multiDay'],
);
export type Service = Shape<typeof service>;
export const services = list(service);

const serviceFields = {
  name: { type: 'string', minLength: 1, maxLength: 160 },
  durationMinutes: { type: 'integer', minimum: 5, maximum: 60 * 24 * 10 },
  bufferMinutes: { type: 'integer', minimum: 0, maximum: 240 },
  bayKind: { type: 'string', minLength: 1, maxLength: 40 },
  priceRub: { type: 'integer', minimum: 0, maximum: 10_000_000 },
  multiDay: { type: 'boolean' },
  active: { type: 'boolean' },
  maintenanceKm: { type: ['integer', 'null'], minimum: 500, maximum: 500_000 },
  maintenanceMonths: { type: ['integer', 'null'], minimum: 1, maximum: 120 },
} as const;
export const createServiceBody = obj({ branchId: uuid, ...serviceFields }, ['branchId', 'name', 'durationMinutes', 'bayKind']);
export const patchServiceBody = patchOf({ branchId: uuid, ...serviceFields });
