import { DomainError } from '../shared/errors.ts';
import { MAX_JOB_DAYS, type Planner } from '../shared/input-rules.ts';
import { addDays, dateOf, MINUTE, overlaps, type Interval } from '../shared/time.ts';
import { canBayDo, openIntervals, type Bay, type Branch, type Service } from '../catalog/catalog.ts';

/** The time a job blocks on one bay-day: the unit the schedule aggregate reserves. */
export type Segment = { readonly date: string; readonly from: number; readonly to: number };

export type JobPlan = {
  readonly start: number;
  readonly end: number;
  readonly segments: readonly Segment[];
};

export const visitMinutes = (services: readonly Service[]) => ({
  work: services.reduce((sum, service) => sum + service.durationMinutes, 0),
  // Services of one visit run back to back on the same car: only the last one's buffer blocks.
  buffer: services.at(-1)?.bufferMinutes ?? 0,
  multiDay: services.some((service) => service.multiDay),
});

/**
 * Lays a visit (one or more services chained back to back) onto the branch's working time
 * from `start`. A short job must fit one open interval; a multi-day job flows over breaks and
 * into following working days, blocking each bay-day from its first to its last working minute.
 * `workMinutes` replaces the services' own length when the manager resized the job.
 */
export const planJob = (branch: Branch, services: readonly Service[], start: number, workMinutes?: number): JobPlan => {
  const { buffer, multiDay, ...own } = visitMinutes(services);
  const work = workMinutes ?? own.work;
  const firstDate = dateOf(start, branch.timeZone);
  const outside = () =>
    new DomainError('OUTSIDE_WORKING_HOURS', 'The visit does not fit the working hours of the branch', {
      date: firstDate,
    });
  if (!multiDay) {
    const end = start + work * MINUTE;
    const fits = openIntervals(branch, firstDate).some((open) => open.from <= start && end <= open.to);
    if (!fits) throw outside();
    return { start, end, segments: [{ date: firstDate, from: start, to: end + buffer * MINUTE }] };
  }
  if (!openIntervals(branch, firstDate).some((open) => open.from <= start && start < open.to)) throw outside();
  let remaining = work * MINUTE;
  const segments: Segment[] = [];
  for (let day = 0; day < MAX_JOB_DAYS && remaining > 0; day++) {
    const date = addDays(firstDate, day);
    let first: number | undefined;
    let last = 0;
    for (const open of openIntervals(branch, date)) {
      const from = Math.max(open.from, start);
      if (from >= open.to || remaining <= 0) continue;
      const used = Math.min(open.to - from, remaining);
      first ??= from;
      last = from + used;
      remaining -= used;
    }
    if (first !== undefined) segments.push({ date, from: first, to: last });
  }
  if (remaining > 0) throw outside();
  const lastSegment = segments.at(-1)!;
  const end = lastSegment.to;
  segments[segments.length - 1] = { ...lastSegment, to: end + buffer * MINUTE };
  return { start, end, segments };
};

/**
 * Working minutes of the branch from `start` to `end`: the length of a job that runs between them.
 * Laid out again with `planJob`, it ends exactly at `end` when `end` is a working minute.
 */
export const workingMinutesBetween = (branch: Branch, start: number, end: number): number => {
  const lastDate = dateOf(end, branch.timeZone);
  let total = 0;
  for (let day = 0, date = dateOf(start, branch.timeZone); day <= MAX_JOB_DAYS && date <= lastDate; day++) {
    for (const open of openIntervals(branch, date)) total += Math.max(0, Math.min(open.to, end) - Math.max(open.from, start));
    date = addDays(date, 1);
  }
  return total / MINUTE;
};

/**
 * A job resized to end at `end`: its length in working minutes and its plan, refused unless the plan
 * ends exactly there (an end in a break or after closing is not a working minute of the job).
 */
export const planUntil = (
  branch: Branch,
  services: readonly Service[],
  start: number,
  end: number,
): { workMinutes: number; plan: JobPlan } => {
  if (end <= start) throw new DomainError('VALIDATION', 'The end must be after the start', { field: 'end' });
  if (end % MINUTE !== 0) throw new DomainError('VALIDATION', 'The end must fall on a whole minute', { field: 'end' });
  const workMinutes = workingMinutesBetween(branch, start, end);
  const plan = planJob(branch, services, start, workMinutes);
  if (plan.end !== end) {
    throw new DomainError('OUTSIDE_WORKING_HOURS', 'The new end falls outside the working hours of the branch', {
      date: dateOf(end, branch.timeZone),
    });
  }
  return { workMinutes, plan };
};

export type ReservationLookup = (bayId: string, date: string) => readonly Interval[];

export const isBayFree = (plan: JobPlan, bayId: string, reserved: ReservationLookup): boolean =>
  plan.segments.every((segment) => !reserved(bayId, segment.date).some((taken) => overlaps(taken, segment)));

export type FreeStart = { readonly start: number; readonly bayIds: readonly string[] };

/** Whether a start is one of the branch's offered times: a step of its slot grid from an opening. */
export const isOnSlotGrid = (branch: Branch, start: number): boolean => {
  const step = branch.slotStepMinutes * MINUTE;
  return openIntervals(branch, dateOf(start, branch.timeZone)).some(
    (open) => start >= open.from && start < open.to && (start - open.from) % step === 0,
  );
};

/** A client books one of the offered times (10:00, 10:30), not 10:07; staff may set any minute. */
export const assertOfferedStart = (branch: Branch, start: number, by: Planner): void => {
  if (by === 'client' && !isOnSlotGrid(branch, start)) {
    throw new DomainError('VALIDATION', 'The start is not one of the offered times', { field: 'start' });
  }
};

/** Start times on `date` where at least one bay able to do every service is free. */
export const freeStarts = (input: {
  branch: Branch;
  services: readonly Service[];
  bays: readonly Bay[];
  date: string;
  now: number;
  reserved: ReservationLookup;
  workMinutes?: number;
  /** When the station requires staff on shift: is a mechanic able to take the job so planned. */
  staffed?: (plan: JobPlan) => boolean;
}): FreeStart[] => {
  const { branch, services, date, now, reserved, workMinutes, staffed } = input;
  const bays = input.bays.filter((bay) => canBayDo(bay, services));
  const step = branch.slotStepMinutes * MINUTE;
  const result: FreeStart[] = [];
  for (const open of openIntervals(branch, date)) {
    for (let start = open.from; start < open.to; start += step) {
      if (start < now) continue;
      let plan: JobPlan;
      try {
        plan = planJob(branch, services, start, workMinutes);
      } catch {
        continue;
      }
      if (staffed && !staffed(plan)) continue;
      const bayIds = bays.filter((bay) => isBayFree(plan, bay.id, reserved)).map((bay) => bay.id);
      if (bayIds.length > 0) result.push({ start, bayIds });
    }
  }
  return result;
};
