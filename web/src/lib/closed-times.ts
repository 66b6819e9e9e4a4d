import { closedSpans, openSpans, type Span } from '../../../domain/catalog/day-spans.ts';
import type { Branch } from './types';

const DAY_MS = 86_400_000;

/**
 * The stretches of a branch's day it does not work, as wall-clock milliseconds read as UTC (the
 * calendar's mode, lib/tz.ts): before opening, its breaks, after closing; the whole day on a day off
 * or a weekday without hours.
 */
export const closedWallSpans = (branch: Pick<Branch, 'hours' | 'daysOff'>, isoDate: string): Span[] => {
  const midnight = Date.parse(`${isoDate}T00:00:00Z`);
  const whole = { from: midnight, to: midnight + DAY_MS };
  const weekday = (new Date(midnight).getUTCDay() || 7) as keyof Branch['hours'];
  const day = branch.daysOff.includes(isoDate) ? undefined : branch.hours[weekday];
  if (!day) return [whole];
  const at = (time: string) => midnight + (Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))) * 60_000;
  return closedSpans(openSpans({ ...day, breaks: day.breaks ?? [] }, at), whole);
};

/** Whether the branch does not work at all that day. */
export const closedAllDay = (branch: Pick<Branch, 'hours' | 'daysOff'>, isoDate: string): boolean => {
  const [only] = closedWallSpans(branch, isoDate);
  return only !== undefined && only.to - only.from === DAY_MS;
};

/** Whether a wall-clock instant falls where the branch does not work. */
export const closedAt = (branch: Pick<Branch, 'hours' | 'daysOff'>, wall: number): boolean =>
  closedWallSpans(branch, new Date(wall).toISOString().slice(0, 10)).some((span) => span.from <= wall && wall < span.to);
