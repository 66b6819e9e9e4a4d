import { Temporal } from 'temporal-polyfill';
import type { Bay, Branch, Service } from '../../domain/catalog/catalog.ts';

// ───────────────────────────── A station to plan on ─────────────────────────────
// One branch in two zones, its services and bays: the fixtures the planner, placement and
// alternatives tests share.

// March 2025: Mon 3 … Fri 7, Sat 8 (Women's Day, a day off), Sun 9; Fri 14, Sat 15, Sun 16, Mon 17.
export const monday = '2025-03-03';
export const friday = '2025-03-14';
export const saturday = '2025-03-15';
export const sunday = '2025-03-16';
export const nextMonday = '2025-03-17';
export const holiday = '2025-03-08';

const weekday = { open: '09:00', close: '20:00', breaks: [{ from: '13:00', to: '14:00' }] } as const;

const branchIn = (timeZone: string): Branch => ({
  id: `branch-${timeZone}`,
  orgId: 'org-1',
  name: timeZone,
  timeZone,
  hours: {
    '1': weekday,
    '2': weekday,
    '3': weekday,
    '4': weekday,
    '5': weekday,
    '6': { open: '10:00', close: '16:00', breaks: [] },
  },
  daysOff: [holiday],
  slotStepMinutes: 30,
  bookingHorizonDays: 30,
  changeNoticeMinutes: 120,
});
export const moscow = branchIn('Europe/Moscow');
export const vladivostok = branchIn('Asia/Vladivostok');

/** Epoch ms of a wall-clock time on a date in the branch's zone. */
export const at = (branch: Branch, date: string, time: string): number =>
  Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: branch.timeZone, plainTime: time }).epochMilliseconds;

export const service = (id: string, overrides: Partial<Service>): Service => ({
  id,
  branchId: moscow.id,
  name: id,
  durationMinutes: 60,
  bufferMinutes: 0,
  bayKind: 'lift',
  priceRub: 1500,
  multiDay: false,
  ...overrides,
});
export const oilChange = service('oil-change', { durationMinutes: 60, bufferMinutes: 15 });
export const diagnostics = service('diagnostics', { durationMinutes: 30, bufferMinutes: 10 });
export const tyres = service('tyres', { durationMinutes: 60, bufferMinutes: 0, bayKind: 'tyre' });
export const bodyWork = service('body-work', { durationMinutes: 16 * 60, bufferMinutes: 30, bayKind: 'paint', multiDay: true });

export const bay = (id: string, kinds: string[], active = true): Bay => ({ id, branchId: moscow.id, name: id, kinds, active });
export const lift1 = bay('lift-1', ['lift']);
export const lift2 = bay('lift-2', ['lift', 'tyre']);
export const paint = bay('paint-1', ['paint']);
export const retired = bay('lift-old', ['lift', 'tyre'], false);
