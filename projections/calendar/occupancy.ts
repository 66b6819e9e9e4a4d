/**
 * An occupied interval of a bay, in epoch seconds, half-open like tstzrange's default `[)`, filed
 * under the days `firstDay` to `lastDay` (both NaN when it is too long: then in its bay's wide list), and
 * linked to the booking's other intervals. Numbers and a link rather than arrays: a replay keeps
 * one for every row of its calendar.
 */
type Occupied = { bayId: string; lower: number; upper: number; firstDay: number; lastDay: number; next: Occupied | null };

const DAY = 86_400;
/** An interval filed under more days than this (or unbounded) goes in its bay's wide list, met by every look-up. */
const MOST_DAYS = 8;

/**
 * The days an interval is filed under, from the day of its start to the day of its end (that day too
 * when it ends at midnight: one list more, never one less), or null when there are too many.
 */
const daysOf = (lower: number, upper: number): [number, number] | null => {
  const first = Math.floor(lower / DAY);
  const last = Math.floor(upper / DAY);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last - first >= MOST_DAYS) return null;
  return [first, last];
};

const overlaps = (list: readonly Occupied[] | undefined, lower: number, upper: number) =>
  list !== undefined && list.some((o) => o.lower < upper && lower < o.upper);

const without = (list: Occupied[] | undefined, gone: Occupied) => {
  const at = list?.indexOf(gone) ?? -1;
  if (at >= 0) list!.splice(at, 1);
};

const orMake = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = make();
  map.set(key, made);
  return made;
};

/**
 * What each bay holds and what each booking holds, to free it. Filed by bay and day, so a look-up
 * meets the intervals of its own days only, however long the calendar's history (a replay keeps the
 * whole calendar of its build here). Every change since the last `settle` is journaled, so `undo`
 * takes back what a try that was rolled back did.
 */
export const createOccupancy = () => {
  const byBayDay = new Map<string, Map<number, Occupied[]>>();
  const wide = new Map<string, Occupied[]>();
  /** Each booking's last interval taken, linked to the ones before. */
  const byBooking = new Map<string, Occupied>();
  const journal: (() => void)[] = [];
  const isWide = (taken: Occupied) => Number.isNaN(taken.firstDay);
  const file = (taken: Occupied) => {
    if (isWide(taken)) orMake(wide, taken.bayId, () => []).push(taken);
    else {
      const days = orMake(byBayDay, taken.bayId, () => new Map<number, Occupied[]>());
      for (let day = taken.firstDay; day <= taken.lastDay; day++) orMake(days, day, () => []).push(taken);
    }
  };
  const unfile = (taken: Occupied) => {
    if (isWide(taken)) without(wide.get(taken.bayId), taken);
    else for (let day = taken.firstDay; day <= taken.lastDay; day++) without(byBayDay.get(taken.bayId)?.get(day), taken);
  };
  const held = function* (bookingId: string) {
    for (let taken = byBooking.get(bookingId) ?? null; taken; taken = taken.next) yield taken;
  };
  return {
    take: (bookingId: string, bayId: string, lower: number, upper: number) => {
      const [firstDay, lastDay] = daysOf(lower, upper) ?? [NaN, NaN];
      const before = byBooking.get(bookingId) ?? null;
      const taken: Occupied = { bayId, lower, upper, firstDay, lastDay, next: before };
      byBooking.set(bookingId, taken);
      file(taken);
      journal.push(() => {
        unfile(taken);
        if (before) byBooking.set(bookingId, before);
        else byBooking.delete(bookingId);
      });
    },
    free: (bookingId: string) => {
      const last = byBooking.get(bookingId);
      if (!last) return;
      for (const taken of held(bookingId)) unfile(taken);
      byBooking.delete(bookingId);
      journal.push(() => {
        byBooking.set(bookingId, last);
        for (const taken of held(bookingId)) file(taken);
      });
    },
    isFree: (bayId: string, lower: number, upper: number) => {
      if (overlaps(wide.get(bayId), lower, upper)) return false;
      const days = byBayDay.get(bayId);
      if (!days) return true;
      const asked = daysOf(lower, upper);
      if (asked === null) return ![...days.values()].some((list) => overlaps(list, lower, upper));
      for (let day = asked[0]; day <= asked[1]; day++) if (overlaps(days.get(day), lower, upper)) return false;
      return true;
    },
    /** What was done since the last settle stays. */
    settle: () => {
      journal.length = 0;
    },
    /** What was done since the last settle is taken back, last first. */
    undo: () => {
      while (journal.length > 0) journal.pop()!();
    },
  };
};

export type Occupancy = ReturnType<typeof createOccupancy>;
