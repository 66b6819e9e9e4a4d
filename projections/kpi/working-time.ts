import { openIntervals, type Branch } from '../../domain/catalog/catalog.ts';
import { dateOf, type Interval } from '../../domain/shared/time.ts';

/** How far a New booking's confirm deadline is looked for: a branch closed longer than that has none. */
const DEADLINE_HORIZON_DAYS = 62;
/** A confirmation later than this is counted up to it; the loop must end somewhere. */
const MAX_SPAN_DAYS = 400;
const MEMO_LIMIT = 200_000;

const nextDate = (isoDate: string): string =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

// Pure look-ups memoized across calls: a replay asks for the same days of the same branches
// hundreds of thousands of times. A look-up's key holds a number for the branch's settings, not the
// settings themselves: it is built and hashed on every look-up. Numbers are never given twice, so a
// number forgotten with its settings cannot stand for other settings later.
const intervalMemo = new Map<string, Interval[]>();
const settingsNumbers = new Map<string, number>();
let nextSettingsNumber = 0;

const remember = <K, V>(memo: Map<K, V>, key: K, compute: () => V): V => {
  const known = memo.get(key);
  if (known !== undefined) return known;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const value = compute();
  memo.set(key, value);
  return value;
};

/** A branch's working time as the KPIs count it: its hours, breaks and days off in its zone. */
export type WorkingCalendar = {
  readonly branch: Branch;
  dayOf: (epochMs: number) => string;
  intervals: (isoDate: string) => Interval[];
};

/** Settings are edited by people: hours the domain cannot read count as closed rather than stop the projection. */
const openOrNone = (branch: Branch, isoDate: string): Interval[] => {
  try {
    return openIntervals(branch, isoDate);
  } catch {
    return [];
  }
};

export const workingCalendar = (branch: Branch): WorkingCalendar => {
  const settings = JSON.stringify([branch.timeZone, branch.hours, branch.daysOff]);
  const number = remember(settingsNumbers, settings, () => nextSettingsNumber++);
  return {
    branch,
    dayOf: (epochMs) => dateOf(epochMs, branch.timeZone),
    intervals: (isoDate) => remember(intervalMemo, `${number}|${isoDate}`, () => openOrNone(branch, isoDate)),
  };
};

/** Working milliseconds between two instants: the part of [from, to) that falls in open intervals. */
export const workingMs = (calendar: WorkingCalendar, from: number, to: number): number => {
  if (!(to > from)) return 0;
  const last = calendar.dayOf(to);
  let total = 0;
  let date = calendar.dayOf(from);
  for (let day = 0; day < MAX_SPAN_DAYS; day++, date = nextDate(date)) {
    for (const open of calendar.intervals(date)) total += Math.max(0, Math.min(open.to, to) - Math.max(open.from, from));
    if (date >= last) break;
  }
  return total;
};

/**
 * The instant after which a booking still New has spent more than `targetMs` of working time in New:
 * the point where the target is used up, or the next opening when it is used up exactly at a
 * closing. Null when the branch has no working time within the horizon.
 */
export const deadlineAfter = (calendar: WorkingCalendar, from: number, targetMs: number): number | null => {
  let remaining = Math.max(0, targetMs);
  let date = calendar.dayOf(from);
  for (let day = 0; day < DEADLINE_HORIZON_DAYS; day++, date = nextDate(date)) {
    for (const open of calendar.intervals(date)) {
      const start = Math.max(open.from, from);
      if (start >= open.to) continue;
      const available = open.to - start;
      if (remaining < available) return start + remaining;
      remaining -= available;
    }
  }
  return null;
};
