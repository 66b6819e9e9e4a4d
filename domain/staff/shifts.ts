import type { Service, TimeOfDay } from '../catalog/catalog.ts';
import { midnightEnd } from '../catalog/day-spans.ts';
import type { JobPlan, Segment } from '../schedule/plan.ts';
import { DomainError } from '../shared/errors.ts';
import { epochAt, Temporal, type Interval } from '../shared/time.ts';

// ───────────────────────────── Staff on shift ─────────────────────────────
// A lift with nobody to work it is not a free slot. When a station switches «shifts required» on,
// a job needs a bay able to do it AND a mechanic who has the skill (the kind of work the services
// name, the same words bays use) and is on shift for every bay-day of the job. These rules are pure:
// the mechanics, their weekly patterns and their days off come in as look-ups.

/**
 * A mechanic's hours on one weekday; a missing weekday is a day off. Keys as in WeeklyHours. `to` may
 * be «24:00», the midnight ending the day, so a round-the-clock branch can staff its last hour.
 */
export type ShiftHours = { readonly from: TimeOfDay; readonly to: TimeOfDay | '24:00' };
export type WeekDayKey = '1' | '2' | '3' | '4' | '5' | '6' | '7';
export type WeeklyShifts = Partial<Record<WeekDayKey, ShiftHours>>;

export const absenceKinds = ['vacation', 'sick', 'day_off'] as const;
export type AbsenceKind = (typeof absenceKinds)[number];

/** Days away from work, both ends included (ISO dates in the branch's calendar). */
export type Absence = { readonly from: string; readonly to: string; readonly kind: AbsenceKind };

/** A mechanic as the planner sees them in one branch. */
export type StaffMember = {
  readonly id: string;
  readonly active: boolean;
  /** The first day they work; null when not set (no limit). */
  readonly startDate: string | null;
  /** Kinds of work (bay kinds, service bayKind) they can do. */
  readonly skills: readonly string[];
  /** Their weekly pattern in this branch. */
  readonly shifts: WeeklyShifts;
  readonly absences: readonly Absence[];
};

export const weekDayKeys: readonly WeekDayKey[] = ['1', '2', '3', '4', '5', '6', '7'];

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A weekly pattern whose every day has an HH:MM start before its end (an end at «00:00» or «24:00»
 * being midnight, so «00:00»–«00:00» is the whole day); refused otherwise. Ends are kept as «24:00».
 */
export const requireWeeklyShifts = (pattern: Record<string, { from: string; to: string } | undefined>): WeeklyShifts => {
  const result: Partial<Record<WeekDayKey, ShiftHours>> = {};
  for (const [day, hours] of Object.entries(pattern)) {
    if (!weekDayKeys.includes(day as WeekDayKey)) {
      throw new DomainError('VALIDATION', 'Weekdays are 1 (Monday) to 7 (Sunday)', { field: 'shifts' });
    }
    if (!hours) continue;
    const to = midnightEnd(hours.to);
    if (!TIME.test(hours.from) || !(TIME.test(to) || to === '24:00')) {
      throw new DomainError('VALIDATION', 'A shift starts and ends as HH:MM (an end at 00:00 or 24:00 is midnight)', {
        field: 'shifts',
        day,
      });
    }
    // A shift is kept per weekday, so one running past midnight would belong to two days: refused in words.
    if (hours.from >= to) {
      throw new DomainError(
        'VALIDATION',
        `Day ${day}: a shift starts before it ends, by midnight (00:00); split a night shift into one till 00:00 and one from 00:00 the next day`,
        { field: 'shifts', day },
      );
    }
    result[day as WeekDayKey] = { from: hours.from as TimeOfDay, to: to as TimeOfDay | '24:00' };
  }
  return result;
};

/** A range of days away: the end not before the start, at most a year long. */
export const requireAbsence = (absence: Absence): Absence => {
  const from = Temporal.PlainDate.from(absence.from);
  const to = Temporal.PlainDate.from(absence.to);
  if (Temporal.PlainDate.compare(from, to) > 0) {
    throw new DomainError('VALIDATION', 'The last day away cannot be before the first', { field: 'to' });
  }
  if (from.until(to).days > 366) throw new DomainError('VALIDATION', 'An absence lasts at most a year', { field: 'to' });
  return absence;
};

export const isAwayOn = (member: StaffMember, isoDate: string): boolean =>
  member.absences.some((absence) => absence.from <= isoDate && isoDate <= absence.to);

/** The member's working time on a date in the branch's zone, or null when they do not work that day. */
export const shiftOn = (member: StaffMember, isoDate: string, timeZone: string): Interval | null => {
  if (!member.active) return null;
  if (member.startDate !== null && isoDate < member.startDate) return null;
  if (isAwayOn(member, isoDate)) return null;
  const date = Temporal.PlainDate.from(isoDate);
  const hours = member.shifts[String(date.dayOfWeek) as WeekDayKey];
  if (!hours) return null;
  // epochAt reads «24:00» as the next midnight; an end kept as «00:00» is that midnight too, not a zero-length shift.
  return { from: epochAt(isoDate, hours.from, timeZone), to: epochAt(isoDate, midnightEnd(hours.to), timeZone) };
};

export const hasSkillsFor = (member: StaffMember, services: readonly Service[]): boolean =>
  services.every((service) => member.skills.includes(service.bayKind));

/** On shift with the skills for every bay-day of the job. */
export const canWorkJob = (
  member: StaffMember,
  services: readonly Service[],
  segments: readonly Segment[],
  timeZone: string,
): boolean =>
  hasSkillsFor(member, services) &&
  segments.every((segment) => {
    const shift = shiftOn(member, segment.date, timeZone);
    return shift !== null && shift.from <= segment.from && segment.to <= shift.to;
  });

// ───────────────────────────── One job at a time ─────────────────────────────

/** A job given to a mechanic, as long as it holds them (start to end, in epoch ms). */
export type MechanicJob = { readonly bookingId: string; readonly mechanicId: string; readonly from: number; readonly to: number };

/** The job of `mechanicId` that overlaps the plan, other than the booking itself; null when they are free then. */
export const clashFor = (
  mechanicId: string,
  plan: { readonly start: number; readonly end: number },
  jobs: readonly MechanicJob[],
  exceptBookingId?: string | null,
): MechanicJob | null =>
  jobs.find(
    (job) => job.mechanicId === mechanicId && job.bookingId !== exceptBookingId && job.from < plan.end && plan.start < job.to,
  ) ?? null;

/** A mechanic works one job at a time: given a second that overlaps one they hold, it is refused in words. */
export const assertMechanicFree = (
  mechanicId: string,
  plan: { readonly start: number; readonly end: number },
  jobs: readonly MechanicJob[],
  exceptBookingId?: string | null,
): void => {
  const clash = clashFor(mechanicId, plan, jobs, exceptBookingId);
  if (clash) {
    throw new DomainError('MECHANIC_BUSY', 'This mechanic already has another job at that time', {
      mechanicId,
      bookingId: clash.bookingId,
    });
  }
};

/**
 * The mechanics who can take the job, in the order to offer them: the one named (or already on the
 * booking) first, then those with the fewest jobs already given to them that overlap it. A mechanic
 * holding another job that overlaps it (in `jobs`) is not offered.
 */
export const mechanicsFor = (input: {
  staff: readonly StaffMember[];
  services: readonly Service[];
  plan: JobPlan;
  timeZone: string;
  preferredId?: string | null;
  /** How many other jobs of each mechanic overlap this one (a soft preference, not a rule). */
  busy?: (mechanicId: string) => number;
  /** The jobs mechanics hold already; `exceptBookingId` is the job being placed again. */
  jobs?: readonly MechanicJob[];
  exceptBookingId?: string | null;
}): StaffMember[] => {
  const { staff, services, plan, timeZone, preferredId, busy = () => 0, jobs = [], exceptBookingId } = input;
  return staff
    .filter((member) => canWorkJob(member, services, plan.segments, timeZone))
    .filter((member) => clashFor(member.id, plan, jobs, exceptBookingId) === null)
    .sort((a, b) => Number(b.id === preferredId) - Number(a.id === preferredId) || busy(a.id) - busy(b.id));
};

/** A predicate the free-time search applies to each candidate start: is somebody able on shift, and free, then. */
export const staffedBy =
  (
    staff: readonly StaffMember[],
    services: readonly Service[],
    timeZone: string,
    jobs: readonly MechanicJob[] = [],
    exceptBookingId?: string | null,
  ) =>
  (plan: JobPlan): boolean =>
    staff.some(
      (member) =>
        canWorkJob(member, services, plan.segments, timeZone) && clashFor(member.id, plan, jobs, exceptBookingId) === null,
    );

// ───────────────────────────── A day off and what it breaks ─────────────────────────────

/** A booking given to the member, as the day-off check needs it. */
export type AssignedJob = {
  readonly bookingId: string;
  readonly services: readonly Service[];
  readonly segments: readonly Segment[];
};

export type DayOffImpact = {
  /** Jobs another mechanic on shift with the skills can take: given to them on confirmation. */
  readonly reassigned: readonly { bookingId: string; mechanicId: string }[];
  /** Jobs nobody else can take then: the bookings to move. */
  readonly toMove: readonly string[];
};

/**
 * What taking `absence` off would do to the member's jobs on those days. With shifts required, a job
 * nobody else on shift can do breaks and is listed to move; without, nothing breaks and the jobs are
 * only listed for another mechanic to be given (or none, when nobody is on shift).
 */
export const dayOffImpact = (input: {
  member: StaffMember;
  absence: Absence;
  jobs: readonly AssignedJob[];
  others: readonly StaffMember[];
  timeZone: string;
  shiftsRequired: boolean;
  /** The jobs the others hold already: nobody is given one overlapping a job of theirs. */
  held?: readonly MechanicJob[];
}): DayOffImpact => {
  const { member, absence, jobs, others, timeZone, shiftsRequired } = input;
  const reassigned: { bookingId: string; mechanicId: string }[] = [];
  const toMove: string[] = [];
  const load = new Map<string, number>();
  const held = [...(input.held ?? [])];
  for (const job of jobs) {
    if (!job.segments.some((segment) => absence.from <= segment.date && segment.date <= absence.to)) continue;
    const plan = { start: job.segments[0]?.from ?? 0, end: job.segments.at(-1)?.to ?? 0, segments: job.segments };
    const candidates = mechanicsFor({
      staff: others.filter((other) => other.id !== member.id),
      services: job.services,
      plan,
      timeZone,
      busy: (id) => load.get(id) ?? 0,
      jobs: held,
      exceptBookingId: job.bookingId,
    });
    const next = candidates[0];
    if (next) {
      reassigned.push({ bookingId: job.bookingId, mechanicId: next.id });
      load.set(next.id, (load.get(next.id) ?? 0) + 1);
      held.push({ bookingId: job.bookingId, mechanicId: next.id, from: plan.start, to: plan.end });
    } else if (shiftsRequired) {
      toMove.push(job.bookingId);
    }
  }
  return { reassigned, toMove };
};
