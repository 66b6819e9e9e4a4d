import { MINUTE, overlaps, Temporal } from '../shared/time.ts';
import type { AppointmentRow } from './appointment-rows.ts';

/** A diary's day and time of day in the branch's zone, as an instant (epoch milliseconds). */
export const appointmentStart = (appointment: Pick<AppointmentRow, 'date' | 'time'>, timeZone: string): number =>
  Temporal.PlainDateTime.from(`${appointment.date}T${appointment.time}`).toZonedDateTime(timeZone).epochMilliseconds;

/** One car in one diary: its plate, or the client's phone with the car's words when there is no plate. */
const carKey = (appointment: AppointmentRow): string =>
  appointment.car?.plate ?? `${appointment.phone} ${[appointment.car?.make, appointment.car?.model].filter(Boolean).join(' ')}`;

export type SameCarOverlap = { row: number; overlapsRow: number };

/**
 * Rows that put a car already booked by an earlier row of the file somewhere else at the same time
 * («Friday 10:00: the tyre machine and a lift, the same car»). A car cannot be in two places: such
 * a row is booked only when the station says so, never silently.
 */
export const sameCarOverlaps = (
  appointments: readonly AppointmentRow[],
  minutesOf: (appointment: AppointmentRow) => number | null,
  timeZone: string,
): SameCarOverlap[] => {
  const found: SameCarOverlap[] = [];
  const earlier = new Map<string, { row: number; from: number; to: number }[]>();
  for (const appointment of appointments) {
    const minutes = minutesOf(appointment);
    if (minutes === null) continue;
    const from = appointmentStart(appointment, timeZone);
    const interval = { row: appointment.row, from, to: from + Math.max(minutes, 1) * MINUTE };
    const key = carKey(appointment);
    const before = earlier.get(key) ?? [];
    const clash = before.find((other) => overlaps(other, interval));
    if (clash) found.push({ row: appointment.row, overlapsRow: clash.row });
    else earlier.set(key, [...before, interval]);
  }
  return found;
};
