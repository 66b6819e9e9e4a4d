import { Temporal } from 'temporal-polyfill';

export { Temporal };

export type Interval = { readonly from: number; readonly to: number };

export const overlaps = (a: Interval, b: Interval): boolean => a.from < b.to && b.from < a.to;

export const toEpoch = (iso: string): number => Temporal.Instant.from(iso).epochMilliseconds;

export const toIso = (epochMs: number, timeZone: string): string =>
  Temporal.Instant.fromEpochMilliseconds(epochMs)
    .toZonedDateTimeISO(timeZone)
    .toString({ timeZoneName: 'never', smallestUnit: 'minute' });

export const dateOf = (epochMs: number, timeZone: string): string =>
  Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toPlainDate().toString();

export const MINUTE = 60_000;

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
