/** An occupied interval of a bay, in epoch seconds, half-open like tstzrange's default `[)`. */
type Occupied = { bookingId: string; bayId: string; lower: number; upper: number; days: number[] | null };

const DAY = 86_400;
/** An interval over more days than this (or unbounded) is kept in its bay's wide list, met by every look-up. */
const MOST_DAYS = 7;

/** The day numbers an interval touches, or null when it is too long to file by day. */
const daysOf = (lower: number, upper: number): number[] | null => {
  const first = Math.floor(lower / DAY);
  const last = Math.floor(upper / DAY);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last - first > MOST_DAYS) return null;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
};

const overlaps = (list: readonly Occupied[] | undefined, lower: number, upper: number) =>
  list !== undefined && list.some((o) => o.lower < upper && lower < o.upper);

const without = (list: Occupied[] | undefined, gone: Occupied) => {
  const at = list?.indexOf(gone) ?? -1;
  if (at >= 0) list!.splice(at, 1);
};

/**
 * What each bay holds and what each booking holds, to free it. Filed by bay and day, so a look-up
 * meets the intervals of its own days only, however long the calendar's history (a replay keeps the
 * whole calendar of its build here).
 */
export const createOccupancy = () => {
  const byBayDay = new Map<string, Map<number, Occupied[]>>();
  const wide = new Map<string, Occupied[]>();
  const byBooking = new Map<string, Occupied[]>();
  const listOf = <K, V>(map: Map<K, V[]>, key: K) => {
    const found = map.get(key);
    if (found) return found;
    const made: V[] = [];
    map.set(key, made);
    return made;
  };
  const daysOfBay = (bayId: string) => {
    const found = byBayDay.get(bayId);
    if (found) return found;
    const made = new Map<number, Occupied[]>();
    byBayDay.set(bayId, made);
    return made;
  };
  return {
    take: (bookingId: string, bayId: string, lower: number, upper: number) => {
      const taken: Occupied = { bookingId, bayId, lower, upper, days: daysOf(lower, upper) };
      listOf(byBooking, bookingId).push(taken);
      if (taken.days === null) listOf(wide, bayId).push(taken);
      else for (const day of taken.days) listOf(daysOfBay(bayId), day).push(taken);
    },
    free: (bookingId: string) => {
      for (const taken of byBooking.get(bookingId) ?? []) {
        if (taken.days === null) without(wide.get(taken.bayId), taken);
        else for (const day of taken.days) without(byBayDay.get(taken.bayId)?.get(day), taken);
      }
      byBooking.delete(bookingId);
    },
    isFree: (bayId: string, lower: number, upper: number) => {
      if (overlaps(wide.get(bayId), lower, upper)) return false;
      const days = byBayDay.get(bayId);
      if (!days) return true;
      const asked = daysOf(lower, upper);
      if (asked === null) return ![...days.values()].some((list) => overlaps(list, lower, upper));
      return !asked.some((day) => overlaps(days.get(day), lower, upper));
    },
  };
};

export type Occupancy = ReturnType<typeof createOccupancy>;
