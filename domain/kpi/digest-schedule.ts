import { Temporal } from '../shared/time.ts';

/**
 * The owner's digest reports on the organization's yesterday and goes out once the local clock
 * has reached the owner's time (`HH:MM`) that day. A day the process missed entirely is not
 * caught up later: a digest about the day before yesterday is old news.
 * Returns the day to report on, or null before the time.
 */
export const dueDigestDay = (nowMs: number, timeZone: string, sendAt: string): string | null => {
  const local = Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO(timeZone);
  if (local.toPlainTime().toString({ smallestUnit: 'minute' }) < sendAt) return null;
  return local.toPlainDate().subtract({ days: 1 }).toString();
};
