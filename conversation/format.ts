import { Temporal } from '../domain/shared/time.ts';
import type { Texts } from './texts.ts';

const pad = (n: number) => String(n).padStart(2, '0');

export const zoned = (epochMs: number, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);

/** «Пн 15.01» for a plain ISO date. */
export const dayLabel = (t: Texts, isoDate: string): string => {
  const date = Temporal.PlainDate.from(isoDate);
  return `${t.weekdays[date.dayOfWeek - 1]} ${pad(date.day)}.${pad(date.month)}`;
};

export const timeLabel = (epochMs: number, timeZone: string): string => {
  const at = zoned(epochMs, timeZone);
  return `${pad(at.hour)}:${pad(at.minute)}`;
};

/** «Пн 15.01 в 10:00» in the branch's zone. */
export const whenLabel = (t: Texts, epochMs: number, timeZone: string): string =>
  t.at(dayLabel(t, zoned(epochMs, timeZone).toPlainDate().toString()), timeLabel(epochMs, timeZone));

/** When a job over several days is done («ср 16.12, 18:00»); null for a job that ends the day it starts. */
export const readyLabel = (t: Texts, startMs: number, endMs: number, timeZone: string): string | null =>
  zoned(startMs, timeZone).toPlainDate().equals(zoned(endMs, timeZone).toPlainDate()) ? null : whenLabel(t, endMs, timeZone);

/** «15.01 10:00», short enough for a button. */
export const shortWhen = (epochMs: number, timeZone: string): string => {
  const at = zoned(epochMs, timeZone);
  return `${pad(at.day)}.${pad(at.month)} ${pad(at.hour)}:${pad(at.minute)}`;
};

export const todayIn = (nowMs: number, timeZone: string): string => zoned(nowMs, timeZone).toPlainDate().toString();

export const carLabel = (car: { make?: string; model?: string; plate?: string } | undefined): string | null => {
  if (!car) return null;
  const text = [car.make, car.model, car.plate].filter(Boolean).join(' ');
  return text || null;
};

/** Splits rows of buttons into chunks of `size`. */
export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
};
