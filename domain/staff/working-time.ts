import { DomainError } from '../shared/errors.ts';
import { Temporal, dateOf, type Interval } from '../shared/time.ts';

// ───────────────────────────── Working time from sessions ─────────────────────────────
// A person's day is read from what their panel reports, not from buttons people forget: signing in,
// a heartbeat while the page is visible and they touched it lately, signing out. Marks closer than
// the idle cut-off join into one stretch of work; a longer silence is a gap that does not count.

export const workMarkKinds = ['signin', 'beat', 'signout'] as const;
export type WorkMarkKind = (typeof workMarkKinds)[number];
export type WorkMark = { readonly at: number; readonly kind: WorkMarkKind };

export const DEFAULT_IDLE_CUTOFF_MINUTES = 15;
export const IDLE_CUTOFF_LIMITS = { min: 5, max: 120 } as const;

export const requireIdleCutoff = (minutes: number): number => {
  if (!Number.isInteger(minutes) || minutes < IDLE_CUTOFF_LIMITS.min || minutes > IDLE_CUTOFF_LIMITS.max) {
    throw new DomainError('VALIDATION', `The idle cut-off is ${IDLE_CUTOFF_LIMITS.min} to ${IDLE_CUTOFF_LIMITS.max} minutes`, {
      field: 'idleCutoffMinutes',
    });
  }
  return minutes;
};

/**
 * Stretches of work from the marks in time order: a mark within `cutoffMs` of the previous one
 * extends the stretch, a later one starts a new stretch (the silence between is cut); a sign-in
 * always starts one and a sign-out ends the current one.
 */
export const workStretches = (marks: readonly WorkMark[], cutoffMs: number): Interval[] => {
  const sorted = [...marks].sort((a, b) => a.at - b.at);
  const stretches: Interval[] = [];
  let open: { from: number; to: number } | null = null;
  const close = () => {
    if (open && open.to > open.from) stretches.push({ from: open.from, to: open.to });
    open = null;
  };
  for (const mark of sorted) {
    const joins = open !== null && mark.kind !== 'signin' && mark.at - open.to <= cutoffMs;
    if (joins) open!.to = mark.at;
    else if (mark.kind !== 'signout') {
      close();
      open = { from: mark.at, to: mark.at };
    }
    if (mark.kind === 'signout') close();
  }
  close();
  return stretches;
};

/** One person's day in the branch's zone: first and last moment at work and the time active between. */
export type WorkDay = { readonly date: string; readonly start: number; readonly end: number; readonly activeMs: number };

/** The stretches cut at midnights of `timeZone`, summed per local date, in date order. */
export const workDays = (stretches: readonly Interval[], timeZone: string): WorkDay[] => {
  const days = new Map<string, { start: number; end: number; activeMs: number }>();
  for (const stretch of stretches) {
    let from = stretch.from;
    while (from < stretch.to) {
      const date = dateOf(from, timeZone);
      const midnight = Temporal.PlainDate.from(date).add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds;
      const to = Math.min(stretch.to, midnight);
      const day = days.get(date);
      if (day) {
        day.start = Math.min(day.start, from);
        day.end = Math.max(day.end, to);
        day.activeMs += to - from;
      } else days.set(date, { start: from, end: to, activeMs: to - from });
      from = to;
    }
  }
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, day]) => ({ date, ...day }));
};

/** An owner's correction of a day: the times that hold instead of the recorded ones, and why. */
export type WorkCorrection = {
  readonly date: string;
  readonly start: number;
  readonly end: number;
  readonly activeMs: number;
  readonly reason: string;
  readonly by: string;
  readonly at: number;
};

/** A corrected day: start before end, active time within them, a reason in words. */
/** How far back a working day may be corrected. */
export const CORRECTABLE_DAYS = 366;

export const requireCorrection = (input: { start: number; end: number; activeMinutes: number; reason: string; now: number }) => {
  if (!(input.start < input.end)) throw new DomainError('VALIDATION', 'A working day starts before it ends', { field: 'end' });
  // Worked time is corrected for a day that has begun, and within the year the figures show.
  if (input.start > input.now)
    throw new DomainError('VALIDATION', 'A day that has not begun cannot be corrected', { field: 'date' });
  if (input.start < input.now - CORRECTABLE_DAYS * 86_400_000) {
    throw new DomainError('VALIDATION', `A day more than ${CORRECTABLE_DAYS} days ago cannot be corrected`, { field: 'date' });
  }
  if (input.end - input.start > 24 * 3_600_000) {
    throw new DomainError('VALIDATION', 'A working day lasts at most 24 hours', { field: 'end' });
  }
  const activeMs = input.activeMinutes * 60_000;
  if (!Number.isInteger(input.activeMinutes) || input.activeMinutes < 0 || activeMs > input.end - input.start) {
    throw new DomainError('VALIDATION', 'The active time fits between the start and the end', { field: 'activeMinutes' });
  }
  const reason = input.reason.trim();
  if (reason.length < 3) throw new DomainError('VALIDATION', 'Say why the day is corrected', { field: 'reason' });
  return { start: input.start, end: input.end, activeMs, reason };
};

/** The recorded days with the latest correction of each date in their place (a corrected day may have had no record). */
export const correctedDays = (
  recorded: readonly WorkDay[],
  corrections: readonly WorkCorrection[],
): (WorkDay & { correction: WorkCorrection | null })[] => {
  const latest = new Map<string, WorkCorrection>();
  for (const correction of [...corrections].sort((a, b) => a.at - b.at)) latest.set(correction.date, correction);
  const dates = [...new Set([...recorded.map((day) => day.date), ...latest.keys()])].sort();
  return dates.map((date) => {
    const correction = latest.get(date) ?? null;
    if (correction) {
      return { date, start: correction.start, end: correction.end, activeMs: correction.activeMs, correction };
    }
    return { ...recorded.find((day) => day.date === date)!, correction: null };
  });
};
