import { describe, expect, it } from 'vitest';
import { dateOf, epochAt, Temporal, toIso, weekdayOf } from '../../../domain/shared/time.ts';

// What Temporal itself gives: the zone arithmetic's fast paths must agree with it everywhere.
const temporalDay = (epochMs: number, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toPlainDate().toString();
const temporalIso = (epochMs: number, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(epochMs)
    .toZonedDateTimeISO(timeZone)
    .toString({ timeZoneName: 'never', smallestUnit: 'minute' });
const temporalEpoch = (isoDate: string, time: string, timeZone: string) =>
  Temporal.PlainDate.from(isoDate).toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(time) }).epochMilliseconds;

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Every 7 minutes from a day before each instant to two days after: both sides of a change of offset. */
const around = (iso: string) => {
  const at = Date.parse(iso);
  return Array.from({ length: (3 * DAY) / (7 * MINUTE) }, (_, i) => at - DAY + i * 7 * MINUTE);
};

/** Each local date from three days before the instant's to three after, at every quarter hour of the day. */
const wallClocks = (iso: string) => {
  const dates = Array.from({ length: 7 }, (_, i) =>
    Temporal.PlainDate.from(iso.slice(0, 10))
      .add({ days: i - 3 })
      .toString(),
  );
  const times = Array.from(
    { length: 96 },
    (_, i) => `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`,
  );
  return dates.flatMap((date) => times.map((time) => [date, time] as const));
};

const changes = [
  ['Europe/Berlin', '2026-03-29T01:00:00Z'],
  ['Europe/Berlin', '2026-10-25T01:00:00Z'],
  ['America/New_York', '2026-11-01T06:00:00Z'],
  // Half an hour of summer time, changed at 02:00 local.
  ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
  ['Asia/Kathmandu', '2026-06-01T00:00:00Z'],
  // Moscow left summer time for good in 2011 and moved back an hour in 2014.
  ['Europe/Moscow', '2011-03-26T23:00:00Z'],
  ['Europe/Moscow', '2014-10-25T22:00:00Z'],
  // The date line moved: Samoa skipped 30 December 2011.
  ['Pacific/Apia', '2011-12-30T10:00:00Z'],
  // Local mean time until 1880, an offset with seconds.
  ['Europe/Moscow', '1880-01-01T00:00:00Z'],
] as const;

describe('A zone’s local time, as Temporal gives it', () => {
  it.each(changes)('in %s around %s: the date and the time to the minute', (timeZone, iso) => {
    const instants = around(iso);
    expect(instants.map((at) => dateOf(at, timeZone))).toEqual(instants.map((at) => temporalDay(at, timeZone)));
    expect(instants.map((at) => toIso(at, timeZone))).toEqual(instants.map((at) => temporalIso(at, timeZone)));
  });

  it.each(changes)('in %s around %s: the instant of a wall-clock time, gaps and overlaps resolved alike', (timeZone, iso) => {
    const clocks = wallClocks(iso);
    expect(clocks.map(([date, time]) => epochAt(date, time, timeZone))).toEqual(
      clocks.map(([date, time]) => temporalEpoch(date, time, timeZone)),
    );
  });

  it('is written as Temporal writes it beyond four-digit years and before the year 1000', () => {
    const far = Date.parse('+010000-01-01T07:00:00Z');
    const early = Date.parse('-000001-06-01T12:00:00Z');
    const medieval = Date.parse('0999-12-31T23:00:00Z');
    expect(dateOf(far, 'Asia/Vladivostok')).toBe(temporalDay(far, 'Asia/Vladivostok'));
    expect(dateOf(far, 'Asia/Vladivostok')).toMatch(/^\+010000-01-01$/);
    expect(toIso(far, 'Asia/Vladivostok')).toBe(temporalIso(far, 'Asia/Vladivostok'));
    for (const at of [early, medieval]) {
      expect(dateOf(at, 'Europe/Moscow')).toBe(temporalDay(at, 'Europe/Moscow'));
      expect(toIso(at, 'Europe/Moscow')).toBe(temporalIso(at, 'Europe/Moscow'));
    }
    expect(epochAt('9999-12-31', '23:59', 'Asia/Vladivostok')).toBe(temporalEpoch('9999-12-31', '23:59', 'Asia/Vladivostok'));
    expect(epochAt('1000-01-01', '00:00', 'UTC')).toBe(temporalEpoch('1000-01-01', '00:00', 'UTC'));
  });

  it('refuses a fraction of a millisecond and answers the far future as Temporal does', () => {
    expect(() => dateOf(1.5, 'UTC')).toThrow(RangeError);
    expect(() => toIso(-0.5, 'Europe/Moscow')).toThrow(RangeError);
    expect(dateOf(8.64e15, 'UTC')).toBe(temporalDay(8.64e15, 'UTC'));
    expect(toIso(-8.64e15, 'UTC')).toBe(temporalIso(-8.64e15, 'UTC'));
  });

  it('refuses what Temporal refuses: a zone that does not exist, a date or time that does not', () => {
    expect(() => dateOf(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => toIso(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => epochAt('2026-12-07', '10:00', 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => epochAt('2026-02-30', '10:00', 'Europe/Moscow')).toThrow(RangeError);
    expect(() => epochAt('2026-12-07', '24:30', 'Europe/Moscow')).toThrow(RangeError);
    expect(() => epochAt('2026-12-07', '10:60', 'Europe/Moscow')).toThrow(RangeError);
    expect(() => weekdayOf('2026-13-01')).toThrow(RangeError);
  });

  it('reads «24:00» as the midnight that ends the day, in any zone', () => {
    for (const zone of ['Europe/Moscow', 'Asia/Vladivostok', 'America/New_York']) {
      expect(epochAt('2026-12-31', '24:00', zone)).toBe(temporalEpoch('2027-01-01', '00:00', zone));
    }
  });

  it('names the weekday of a date, Monday 1 to Sunday 7', () => {
    const dates = Array.from({ length: 400 }, (_, i) => Temporal.PlainDate.from('2027-12-20').add({ days: i }).toString());
    expect(dates.map(weekdayOf)).toEqual(dates.map((date) => Temporal.PlainDate.from(date).dayOfWeek));
    expect(weekdayOf('2026-12-07')).toBe(1);
    expect(weekdayOf('2026-12-06')).toBe(7);
  });
});
