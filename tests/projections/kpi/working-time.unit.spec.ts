import { describe, expect, it } from 'vitest';
import { Temporal } from '../../../domain/shared/time.ts';
import { localDay } from '../../../projections/kpi/working-time.ts';

const temporalDay = (epochMs: number, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toPlainDate().toString();

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Every 7 minutes from a day before each instant to two days after: both sides of a change of offset. */
const around = (iso: string) => {
  const at = Date.parse(iso);
  return Array.from({ length: (3 * DAY) / (7 * MINUTE) }, (_, i) => at - DAY + i * 7 * MINUTE);
};

describe('The branch-local day of an instant (KPI counters)', () => {
  it.each([
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
  ])('in %s around %s is the date Temporal gives', (timeZone, iso) => {
    const instants = around(iso);
    expect(instants.map((at) => localDay(at, timeZone))).toEqual(instants.map((at) => temporalDay(at, timeZone)));
  });

  it('is written as Temporal writes it beyond four-digit years', () => {
    const far = Date.parse('+010000-01-01T07:00:00Z');
    const early = Date.parse('-000001-06-01T12:00:00Z');
    expect(localDay(far, 'Asia/Vladivostok')).toBe(temporalDay(far, 'Asia/Vladivostok'));
    expect(localDay(far, 'Asia/Vladivostok')).toMatch(/^\+010000-01-01$/);
    expect(localDay(early, 'Europe/Moscow')).toBe(temporalDay(early, 'Europe/Moscow'));
  });

  it('refuses a zone that does not exist, as the settings check relies on', () => {
    expect(() => localDay(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
