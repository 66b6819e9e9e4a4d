import type { Bay, Branch, Service } from '../catalog/catalog.ts';
import { addDays, dateOf, toIso } from '../shared/time.ts';
import { freeStarts, type FreeStart, type JobPlan, type ReservationLookup } from './plan.ts';

// ───────────────────────────── Free times to offer ─────────────────────────────
// When the asked-for time is taken, the answer offers the free starts nearest to it, so the client
// or the manager picks another time in one step instead of searching the calendar.

/** How many free starts a refusal offers. */
export const ALTERNATIVES = 5;
/** How many days from the asked-for one the search looks at. */
export const ALTERNATIVE_DAYS = 7;

/** A free start in the branch's zone (ISO, to the minute) and the bays free for the whole job then. */
export type Alternative = { start: string; bayIds: string[] };

export const alternativeOf = (free: FreeStart, timeZone: string): Alternative => ({
  start: toIso(free.start, timeZone),
  bayIds: [...free.bayIds],
});

/** The bay-days a job started on one date may reach into: a multi-day job up to a month, another its own day. */
export const daysSpanned = (services: readonly Service[]): number => (services.some((service) => service.multiDay) ? 31 : 1);

export type AlternativeSearch = {
  branch: Branch;
  services: readonly Service[];
  bays: readonly Bay[];
  /** The start asked for, epoch milliseconds. */
  near: number;
  now: number;
  /** The job's length when a manager set it, instead of the services' own. */
  workMinutes?: number;
  /** When the station requires staff on shift: is a mechanic able to take the job so planned. */
  staffed?: (plan: JobPlan) => boolean;
  /** The latest start the one asking could book (a client's horizon is the branch's): none offered past it. */
  latest: number;
};

/** The first date searched: the asked-for one, or today when the ask lies in the past. */
const firstDateOf = ({ branch, near, now }: AlternativeSearch): string => dateOf(Math.max(near, now), branch.timeZone);

/** The dates whose bay-day schedules the search reads: the days searched plus the days a job started on the last may span. */
export const alternativeSearchDates = (search: AlternativeSearch): string[] => {
  const first = firstDateOf(search);
  return Array.from({ length: ALTERNATIVE_DAYS + daysSpanned(search.services) }, (_, i) => addDays(first, i));
};

/**
 * The free starts nearest to the asked-for time, earliest first: day by day from its date until
 * twice as many as offered are found (enough to pick the nearest from), then the closest few.
 */
export const nearestAlternatives = (search: AlternativeSearch, reserved: ReservationLookup): Alternative[] => {
  const { branch, services, bays, near, now, workMinutes, staffed, latest } = search;
  const first = firstDateOf(search);
  const candidates: FreeStart[] = [];
  for (let day = 0; day < ALTERNATIVE_DAYS && candidates.length < ALTERNATIVES * 2; day++) {
    const free = freeStarts({ branch, services, bays, date: addDays(first, day), now, reserved, workMinutes, staffed });
    candidates.push(...free.filter((one) => one.start <= latest));
  }
  return candidates
    .sort((a, b) => Math.abs(a.start - near) - Math.abs(b.start - near) || a.start - b.start)
    .slice(0, ALTERNATIVES)
    .sort((a, b) => a.start - b.start)
    .map((free) => alternativeOf(free, branch.timeZone));
};
