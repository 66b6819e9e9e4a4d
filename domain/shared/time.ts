import { Temporal } from 'temporal-polyfill';

export { Temporal };

export type Interval = { readonly from: number; readonly to: number };

export const overlaps = (a: Interval, b: Interval): boolean => a.from < b.to && b.from < a.to;

export const toEpoch = (iso: string): number => Temporal.Instant.from(iso).epochMilliseconds;

export const MINUTE = 60_000;

/**
 * An IANA zone name a place lives in (Europe/Moscow, Asia/Yekaterinburg, UTC) that Intl knows.
 * Temporal also takes offsets («+03:00») and whole date-times as zones; the panel's Intl does not,
 * and an offset does not follow a region's changes of time.
 */
export const isZoneName = (zone: string): boolean => {
  if (!/^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
const DAY = 86_400_000;

/** Local times `Date` writes as Temporal does, years 1000 to 9999 (no sign, four digits, no two-digit year quirks). */
const PLAIN_YEARS = { from: -30_610_224_000_000, to: 253_402_300_800_000 };
const MEMO_LIMIT = 100_000;

/**
 * Each zone's offset through whole UTC days, memoized. A UTC day whose start and end have the same
 * offset has it throughout (no zone changes its offset and back within a day): its local times are
 * plain arithmetic. A Temporal conversion costs microseconds, and the booking path, the schedule and
 * the KPI replay ask for the same few days of one zone again and again. Null: the offset changes that day.
 */
const steadyDays = new Map<string, Map<number, number | null>>();

const exactOffset = (epochMs: number, timeZone: string): number =>
  Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).offsetNanoseconds / 1e6;

const steadyOffset = (epochMs: number, timeZone: string): number | null => {
  const day = Math.floor(epochMs / DAY);
  const days = steadyDays.get(timeZone);
  const known = days?.get(day);
  if (known !== undefined) return known;
  // Computed before anything is kept: a zone Temporal refuses leaves no entry behind.
  const start = exactOffset(day * DAY, timeZone);
  const offset = start === exactOffset((day + 1) * DAY, timeZone) ? start : null;
  if (!days) steadyDays.set(timeZone, new Map([[day, offset]]));
  else {
    if (days.size >= MEMO_LIMIT) days.clear();
    days.set(day, offset);
  }
  return offset;
};

/** The local time of an instant as UTC fields, when plain arithmetic gives it; null where Temporal must. */
const plainLocal = (epochMs: number, timeZone: string): { local: Date; offset: number } | null => {
  // Temporal refuses fractions of a millisecond, and answers beyond the years it is done here for.
  if (!Number.isInteger(epochMs) || epochMs < PLAIN_YEARS.from || epochMs >= PLAIN_YEARS.to) return null;
  const offset = steadyOffset(epochMs, timeZone);
  if (offset === null) return null;
  const local = epochMs + offset;
  return local >= PLAIN_YEARS.from && local < PLAIN_YEARS.to ? { local: new Date(local), offset } : null;
};

const two = (value: number) => String(value).padStart(2, '0');

/** `+03:00` as Temporal writes a whole-minute offset. */
const offsetText = (offset: number): string => {
  const minutes = Math.abs(offset) / MINUTE;
  return `${offset < 0 ? '-' : '+'}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
};

/** The instant in the zone, to the minute, with its offset: `2026-12-07T10:05+03:00`. */
export const toIso = (epochMs: number, timeZone: string): string => {
  const plain = plainLocal(epochMs, timeZone);
  if (plain && plain.offset % MINUTE === 0) return plain.local.toISOString().slice(0, 16) + offsetText(plain.offset);
  return Temporal.Instant.fromEpochMilliseconds(epochMs)
    .toZonedDateTimeISO(timeZone)
    .toString({ timeZoneName: 'never', smallestUnit: 'minute' });
};

/** The zone's date of an instant: `2026-12-07`. */
export const dateOf = (epochMs: number, timeZone: string): string => {
  const plain = plainLocal(epochMs, timeZone);
  if (plain) return plain.local.toISOString().slice(0, 10);
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toPlainDate().toString();
};

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PLAIN_TIME = /^(\d{2}):(\d{2})$/;

/** A valid `YYYY-MM-DD` of years 1000–9999 as its UTC midnight; null for anything else (Temporal then decides). */
const plainDate = (isoDate: string): number | null => {
  const date = PLAIN_DATE.exec(isoDate);
  if (!date) return null;
  const midnight = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
  const valid = midnight >= PLAIN_YEARS.from && midnight < PLAIN_YEARS.to && new Date(midnight).toISOString().startsWith(isoDate);
  return valid ? midnight : null;
};

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export const weekdayOf = (isoDate: string): number => {
  const midnight = plainDate(isoDate);
  return midnight === null ? Temporal.PlainDate.from(isoDate).dayOfWeek : new Date(midnight).getUTCDay() || 7;
};

/**
 * The instant a zone's wall clock shows `time` (`HH:MM`) on `isoDate`; a time that falls in a gap or
 * twice in an overlap is resolved as Temporal's 'compatible' does; «24:00» is the midnight ending the day. Arithmetic when the zone keeps one
 * offset from the day before to the day after (the local time's instant lies within a day of it).
 */
export const epochAt = (isoDate: string, time: string, timeZone: string): number => {
  // «24:00» closes a day open until midnight: the next day's start.
  if (time === '24:00') return epochAt(addDays(isoDate, 1), '00:00', timeZone);
  const midnight = plainDate(isoDate);
  const clock = PLAIN_TIME.exec(time);
  if (midnight !== null && clock && Number(clock[1]) < 24 && Number(clock[2]) < 60) {
    const local = midnight + Number(clock[1]) * 3_600_000 + Number(clock[2]) * MINUTE;
    const offset = steadyOffset(local, timeZone);
    if (offset !== null && steadyOffset(local - DAY, timeZone) === offset && steadyOffset(local + DAY, timeZone) === offset) {
      return local - offset;
    }
  }
  return Temporal.PlainDate.from(isoDate).toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(time) })
    .epochMilliseconds;
};

/** Calendar arithmetic on ISO dates; plain dates carry no zone, so UTC is exact here. */
export const addDays = (isoDate: string, days: number): string => Temporal.PlainDate.from(isoDate).add({ days }).toString();

/** The instants a period of whole days in a zone spans: the first day's midnight to the midnight after the last. */
export const daysSpan = (period: { from: string; to: string; timeZone: string }): { from: string; to: string } => {
  const midnight = (date: Temporal.PlainDate) => date.toZonedDateTime({ timeZone: period.timeZone }).toInstant().toString();
  return {
    from: midnight(Temporal.PlainDate.from(period.from)),
    to: midnight(Temporal.PlainDate.from(period.to).add({ days: 1 })),
  };
};

/** «06.12.2026 18:35»: an instant on a zone's wall clock, as Russian papers and downloads write it. */
export const wallTime = (iso: string, timeZone: string): string => {
  const at = Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone);
  return `${two(at.day)}.${two(at.month)}.${at.year} ${two(at.hour)}:${two(at.minute)}`;
};

/** «18.12.2026» for a plain date (or the date part of an ISO text). */
export const wallDate = (isoDate: string): string => {
  const date = Temporal.PlainDate.from(isoDate.slice(0, 10));
  return `${two(date.day)}.${two(date.month)}.${date.year}`;
};
