import { Temporal } from '../shared/time.ts';

// ───────────────────────────── How far a car goes ─────────────────────────────

/** An odometer reading taken at a visit. */
export type Reading = { at: string; km: number };

const DAY_MS = 86_400_000;

/**
 * Kilometres a day between the first and the last reading, rounded to one decimal; null with fewer
 * than two readings a week apart or more (closer ones say little), or when the odometer went back
 * (replaced or misread): no estimate rather than a wrong one.
 */
export const averageDailyKm = (readings: readonly Reading[]): number | null => {
  const sorted = [...readings].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last || first === last) return null;
  const days = (Date.parse(last.at) - Date.parse(first.at)) / DAY_MS;
  if (days < 7 || last.km < first.km) return null;
  return Math.round(((last.km - first.km) / days) * 10) / 10;
};

/** A periodic work's next time: by date and/or by odometer, what the car has likely run now, and whether it is due. */
export type NextMaintenance = { dueDate: string | null; dueKm: number | null; kmNow: number | null; due: boolean };

/**
 * When a periodic work (every `interval.km` and/or `interval.months`) is due again after it was last
 * done (`last`: the visit's instant and odometer). The odometer now is estimated from the car's
 * readings and its average daily mileage; without an average, the last reading stands.
 */
export const nextMaintenance = (
  last: { at: string; km: number | null },
  interval: { km: number | null; months: number | null },
  readings: readonly Reading[],
  nowMs: number,
): NextMaintenance => {
  const dueDate =
    interval.months === null
      ? null
      : Temporal.Instant.from(last.at).toZonedDateTimeISO('UTC').toPlainDate().add({ months: interval.months }).toString();
  const dueKm = interval.km === null || last.km === null ? null : last.km + interval.km;
  const latest = [...readings].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
  const perDay = averageDailyKm(readings);
  const kmNow = latest ? Math.round(latest.km + (perDay ?? 0) * Math.max(0, (nowMs - Date.parse(latest.at)) / DAY_MS)) : null;
  const today = new Date(nowMs).toISOString().slice(0, 10);
  const due = (dueDate !== null && dueDate <= today) || (dueKm !== null && kmNow !== null && kmNow >= dueKm);
  return { dueDate, dueKm, kmNow, due };
};
