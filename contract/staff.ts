import { absenceKinds } from '../domain/staff/shifts.ts';
import { boolean, endTimeOfDay, isoDate, nullableText, text, texts, timeOfDay, uuid, type Shape } from './shared.ts';

export { absenceKinds };

// ---- The station's people (issue 16): skills, weekly shifts, days away, «shifts required».

/** A shift may end at midnight: «24:00», or «00:00» as a time input gives it (kept as «24:00»), as a branch's close. */
const shiftHours = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: { from: timeOfDay, to: endTimeOfDay },
} as const;
/** ISO weekdays, 1 = Monday … 7 = Sunday; a missing day is a day off. */
export const weeklyShifts = {
  type: 'object',
  additionalProperties: false,
  properties: { 1: shiftHours, 2: shiftHours, 3: shiftHours, 4: shiftHours, 5: shiftHours, 6: shiftHours, 7: shiftHours },
} as const;
export type WeeklyShiftsBody = Shape<typeof weeklyShifts>;

const absenceKind = { type: 'string', enum: absenceKinds } as const;

export const staffQuery = {
  type: 'object',
  required: ['branchId'],
  additionalProperties: false,
  properties: { branchId: uuid },
} as const;

export const staffPerson = {
  type: 'object',
  required: ['id', 'name', 'role', 'active', 'startDate', 'skills', 'shifts', 'absences'],
  additionalProperties: false,
  properties: {
    id: uuid,
    name: text,
    role: text,
    active: boolean,
    startDate: nullableText,
    /** Kinds of work (see `skills` of the staff answer for them in words). */
    skills: texts,
    shifts: weeklyShifts,
    absences: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'from', 'to', 'kind'],
        additionalProperties: false,
        properties: { id: uuid, from: text, to: text, kind: absenceKind },
      },
    },
  },
} as const;
export type StaffPerson = Shape<typeof staffPerson>;

/** A kind of work of the branch, named by the services that need it (the panel shows those, not the kind). */
export const skill = {
  type: 'object',
  required: ['kind', 'services'],
  additionalProperties: false,
  properties: { kind: text, services: texts },
} as const;
export type Skill = Shape<typeof skill>;

// ---- GET /api/staff?branchId
export const staffList = {
  type: 'object',
  required: ['shiftsRequired', 'skills', 'people'],
  additionalProperties: false,
  properties: { shiftsRequired: boolean, skills: { type: 'array', items: skill }, people: { type: 'array', items: staffPerson } },
} as const;
export type StaffList = Shape<typeof staffList>;

export const staffParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: uuid } } as const;

// ---- PATCH /api/staff/:id/profile
export const staffProfileBody = {
  type: 'object',
  required: ['branchId'],
  additionalProperties: false,
  minProperties: 2,
  properties: {
    branchId: uuid,
    startDate: { anyOf: [isoDate, { type: 'null' }] },
    skills: { type: 'array', maxItems: 20, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 40 } },
  },
} as const;

// ---- PUT /api/staff/:id/shifts
export const staffShiftsBody = {
  type: 'object',
  required: ['branchId', 'shifts'],
  additionalProperties: false,
  properties: { branchId: uuid, shifts: weeklyShifts },
} as const;

// ---- POST /api/staff/:id/absences: without `confirm` a dry run that lists what the days away break.
export const absenceBody = {
  type: 'object',
  required: ['branchId', 'from', 'to', 'kind'],
  additionalProperties: false,
  properties: {
    branchId: uuid,
    from: isoDate,
    to: isoDate,
    kind: absenceKind,
    confirm: boolean,
    /** With confirm: the bookings the dry run listed (both lists); refused with DAY_OFF_CHANGED when they changed. */
    seen: { type: 'array', maxItems: 500, items: uuid },
  },
} as const;
const touchedBooking = {
  bookingId: uuid,
  /** In the branch's zone, to the minute. */
  start: text,
  serviceNames: texts,
  clientName: nullableText,
} as const;
export const dayOffAnswer = {
  type: 'object',
  required: ['recorded', 'absenceId', 'reassigned', 'toMove'],
  additionalProperties: false,
  properties: {
    recorded: boolean,
    absenceId: { type: ['string', 'null'] },
    reassigned: {
      type: 'array',
      items: {
        type: 'object',
        required: ['bookingId', 'start', 'serviceNames', 'clientName', 'mechanicName'],
        additionalProperties: false,
        properties: { ...touchedBooking, mechanicName: text },
      },
    },
    toMove: {
      type: 'array',
      items: {
        type: 'object',
        required: ['bookingId', 'start', 'serviceNames', 'clientName'],
        additionalProperties: false,
        properties: touchedBooking,
      },
    },
  },
} as const;
export type DayOffAnswer = Shape<typeof dayOffAnswer>;
export const absenceParams = {
  type: 'object',
  required: ['id', 'absenceId'],
  additionalProperties: false,
  properties: { id: uuid, absenceId: uuid },
} as const;

// ---- GET/PUT /api/settings/shifts: the organization's «shifts required» switch.
export const shiftsSetting = {
  type: 'object',
  required: ['required'],
  additionalProperties: false,
  properties: { required: boolean },
} as const;
export type ShiftsSetting = Shape<typeof shiftsSetting>;
