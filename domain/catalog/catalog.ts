import { DomainError } from '../shared/errors.ts';
import { refuse, requireSingleLine, showsSomething } from '../shared/input-rules.ts';
import { epochAt, weekdayOf, type Interval } from '../shared/time.ts';
import { openSpans } from './day-spans.ts';

// ───────────────────────────── Catalogue of a station ─────────────────────────────
// Branches, bays and services are settings the owner edits; commands receive them as look-ups.

export type TimeOfDay = `${number}:${number}`;

export type DayHours = {
  readonly open: TimeOfDay;
  readonly close: TimeOfDay;
  readonly breaks: readonly { readonly from: TimeOfDay; readonly to: TimeOfDay }[];
};

/** Keys are ISO weekdays, 1 = Monday … 7 = Sunday; a missing day is a day off. */
export type WeeklyHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', DayHours>>;

export type Branch = {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly timeZone: string;
  readonly hours: WeeklyHours;
  readonly daysOff: readonly string[];
  readonly slotStepMinutes: number;
  readonly bookingHorizonDays: number;
  /** Minimum notice before start for the client to cancel or move a booking. */
  readonly changeNoticeMinutes: number;
};

export const branchContactLimits = { address: 300, phone: 40 } as const;

/** A phone as people write it: digits, a leading plus, spaces, brackets, dashes and dots, and an extension. */
const PHONE_TYPED = /^\+?[\d\s().\-–]+(?:\s*(?:доб\.?|ext\.?|#)\s*\d{1,6})?$/iu;

/**
 * A branch's own address or phone as the owner typed it: one line, trimmed; empty or null means the
 * station's own. A phone needs at least five digits — it is what a client's tap dials.
 */
export const requireBranchContact = (value: string | null, field: keyof typeof branchContactLimits): string | null => {
  const text = value === null ? '' : requireSingleLine(value, field, branchContactLimits[field]);
  if (text === '') return null;
  if (!showsSomething(text)) throw refuse(field, 'empty', branchContactLimits[field]);
  if (field === 'phone' && ((text.match(/\d/g) ?? []).length < 5 || !PHONE_TYPED.test(text))) {
    throw new DomainError('VALIDATION', 'A phone number needs its digits, e.g. +7 495 123-45-67', { field });
  }
  return text;
};

/** Longest names the settings keep: a branch's, a bay's or a service's, and a kind of bay. */
export const settingNameLimits = { name: 160, kind: 40 } as const;

/**
 * A name the settings keep (a branch, a bay, a service, a kind of bay): one line with something to
 * see. It is what clients read in messages and staff tell rows apart by.
 */
export const requireSettingName = (value: string, field: string, max: number = settingNameLimits.name): string =>
  requireSingleLine(value, field, max, { required: true });

export type Bay = {
  readonly id: string;
  readonly branchId: string;
  readonly name: string;
  readonly kinds: readonly string[];
  readonly active: boolean;
};

export type Service = {
  readonly id: string;
  readonly branchId: string;
  readonly name: string;
  readonly durationMinutes: number;
  /** Time the bay stays blocked after the job (cleaning, lift reset); really unavailable. */
  readonly bufferMinutes: number;
  readonly bayKind: string;
  readonly priceRub: number;
  /** Long jobs (body work) flow over breaks and into following working days. */
  readonly multiDay: boolean;
  /** How often the work is due again, in km and/or months; null (or absent) when it is not periodic. */
  readonly maintenanceKm?: number | null;
  readonly maintenanceMonths?: number | null;
};

export const canBayDo = (bay: Bay, services: readonly Service[]): boolean =>
  bay.active && services.every((service) => bay.kinds.includes(service.bayKind));

/** The services of one visit, in the order asked for; refused when none is chosen or one is not the branch's. */
export const requireServices = (services: readonly Service[], serviceIds: readonly string[]): Service[] => {
  if (serviceIds.length === 0) throw new DomainError('VALIDATION', 'Choose at least one service');
  return serviceIds.map((id) => {
    const service = services.find((candidate) => candidate.id === id);
    if (!service) throw new DomainError('NOT_FOUND', 'Service not found', { serviceId: id });
    return service;
  });
};

/**
 * The services a new booking asks for, each once: «Диагностика» three times would block three times
 * its length. (Bookings already placed keep what they were placed with.)
 */
export const requireServiceChoice = (services: readonly Service[], serviceIds: readonly string[]): Service[] =>
  requireServices(services, requireDistinctServices(serviceIds));

/** The services a client chooses, each once (as the booking will take them). */
export const requireDistinctServices = <T extends readonly string[]>(serviceIds: T): T => {
  if (new Set(serviceIds).size !== serviceIds.length) {
    throw new DomainError('VALIDATION', 'A service is listed more than once', { field: 'serviceIds' });
  }
  return serviceIds;
};

/** The open intervals of one branch day, in epoch milliseconds, breaks cut out, in order. */
export const openIntervals = (branch: Pick<Branch, 'timeZone' | 'hours' | 'daysOff'>, isoDate: string): Interval[] => {
  if (branch.daysOff.includes(isoDate)) return [];
  const day = branch.hours[String(weekdayOf(isoDate)) as keyof WeeklyHours];
  return day ? openSpans(day, (time) => epochAt(isoDate, time, branch.timeZone)) : [];
};
