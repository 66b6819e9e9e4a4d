import type { BookingEvent } from '../../domain/booking/booking.ts';
import type { BookingRefused } from '../../domain/booking/refusal.ts';
import type { RecordedEvent } from '../recorded-event.ts';
import { deadlineAfter, workingMs, type WorkingCalendar } from './working-time.ts';

/** A booking's row in kpi_bookings; instants are epoch milliseconds, days branch-local ISO dates. */
export type KpiBooking = {
  bookingId: string;
  orgId: string;
  branchId: string;
  clientId: string;
  channel: string;
  requestedAt: number;
  requestedDay: string;
  requestedBy: string | null;
  slaDueAt: number | null;
  slaDueDay: string | null;
  leftNewAt: number | null;
  leftNewBy: string | null;
  confirmedAt: number | null;
  confirmedDay: string | null;
  confirmedBy: string | null;
  confirmMs: number | null;
  startedAt: number | null;
  doneAt: number | null;
  doneDay: string | null;
  doneBy: string | null;
  cancelledAt: number | null;
  cancelledDay: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
};

export type KpiRefusal = {
  refusalId: string;
  orgId: string;
  branchId: string;
  channel: string;
  reason: string;
  requestedStart: number | null;
  refusedAt: number;
  refusedDay: string;
  refusedBy: string | null;
};

/** A branch as the KPIs need it: its working calendar and its confirm target. */
export type KpiBranch = { calendar: WorkingCalendar; confirmTargetMinutes: number };

export type KpiLookups = { branch: (branchId: string) => KpiBranch | undefined };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Who did it: a user id, or null for the client's own channel (and for anything that is not an id). */
const actor = (value: unknown): string | null => (isUuid(value) ? value : null);

/** The business instant of a step (`<verb>At`, the command's clock); the log's own time if it is missing. */
const instant = (value: unknown, recorded: RecordedEvent): number => {
  const parsed = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(parsed) ? parsed : recorded.recordedAt.getTime();
};

export type KpiOutcome<T> = { row: T } | { problem: string } | null;

const BOOKING_EVENTS = new Set([
  'BookingRequested',
  'BookingConfirmed',
  'BookingStarted',
  'BookingCompleted',
  'BookingCancelled',
]);

export const isKpiEvent = (recorded: RecordedEvent): boolean =>
  (recorded.streamName.startsWith('booking-') && BOOKING_EVENTS.has(recorded.type)) ||
  (recorded.streamName.startsWith('refusal-') && recorded.type === 'BookingRefused');

/** The booking a KPI event is about, when it is one. */
export const bookingIdOf = (recorded: RecordedEvent): string | null =>
  recorded.streamName.startsWith('booking-') && isUuid(recorded.data.bookingId) ? recorded.data.bookingId : null;

/** The branch a KPI event names itself (requests and refusals), when it does. */
export const branchIdOf = (recorded: RecordedEvent): string | null =>
  (recorded.type === 'BookingRequested' || recorded.type === 'BookingRefused') && isUuid(recorded.data.branchId)
    ? recorded.data.branchId
    : null;

/**
 * The next state of a booking's KPI row. Pure: the branch's hours and target come in `lookups`.
 * Null when the event changes nothing; a problem when the event cannot be counted (never thrown:
 * one odd event must not stop every read model).
 */
export const evolveKpiBooking = (
  row: KpiBooking | undefined,
  recorded: RecordedEvent,
  lookups: KpiLookups,
): KpiOutcome<KpiBooking> => {
  const event = { type: recorded.type, data: recorded.data } as BookingEvent;
  if (event.type === 'BookingRequested') {
    if (row) return null;
    const d = event.data;
    if (!isUuid(d.bookingId) || !isUuid(d.orgId) || !isUuid(d.branchId) || !isUuid(d.clientId)) {
      return { problem: 'kpi: BookingRequested without valid ids' };
    }
    const branch = lookups.branch(d.branchId);
    if (!branch) return { problem: `kpi: branch ${d.branchId} not found` };
    const at = instant(d.requestedAt, recorded);
    const due = deadlineAfter(branch.calendar, at, branch.confirmTargetMinutes * 60_000);
    return {
      row: {
        bookingId: d.bookingId,
        orgId: d.orgId,
        branchId: d.branchId,
        clientId: d.clientId,
        channel: String(d.channel),
        requestedAt: at,
        requestedDay: branch.calendar.dayOf(at),
        requestedBy: actor(d.requestedBy),
        slaDueAt: due,
        slaDueDay: due === null ? null : branch.calendar.dayOf(due),
        leftNewAt: null,
        leftNewBy: null,
        confirmedAt: null,
        confirmedDay: null,
        confirmedBy: null,
        confirmMs: null,
        startedAt: null,
        doneAt: null,
        doneDay: null,
        doneBy: null,
        cancelledAt: null,
        cancelledDay: null,
        cancelledBy: null,
        cancelReason: null,
      },
    };
  }
  if (!row) return BOOKING_EVENTS.has(event.type) ? { problem: `kpi: ${event.type} for a booking never requested` } : null;
  const branch = lookups.branch(row.branchId);
  if (!branch) return { problem: `kpi: branch ${row.branchId} not found` };
  const dayOf = branch.calendar.dayOf;
  switch (event.type) {
    case 'BookingConfirmed': {
      if (row.confirmedAt !== null) return null;
      const at = instant(event.data.confirmedAt, recorded);
      const by = actor(event.data.confirmedBy);
      return {
        row: {
          ...row,
          confirmedAt: at,
          confirmedDay: dayOf(at),
          confirmedBy: by,
          confirmMs: workingMs(branch.calendar, row.requestedAt, at),
          leftNewAt: row.leftNewAt ?? at,
          leftNewBy: row.leftNewAt === null ? by : row.leftNewBy,
        },
      };
    }
    case 'BookingStarted':
      return row.startedAt === null ? { row: { ...row, startedAt: instant(event.data.startedAt, recorded) } } : null;
    case 'BookingCompleted': {
      if (row.doneAt !== null) return null;
      const at = instant(event.data.completedAt, recorded);
      return { row: { ...row, doneAt: at, doneDay: dayOf(at), doneBy: actor(event.data.completedBy) } };
    }
    case 'BookingCancelled': {
      if (row.cancelledAt !== null) return null;
      const at = instant(event.data.cancelledAt, recorded);
      const by = actor(event.data.cancelledBy);
      return {
        row: {
          ...row,
          cancelledAt: at,
          cancelledDay: dayOf(at),
          cancelledBy: by,
          cancelReason: String(event.data.reason),
          leftNewAt: row.leftNewAt ?? at,
          leftNewBy: row.leftNewAt === null ? by : row.leftNewBy,
        },
      };
    }
    default:
      return null;
  }
};

export const kpiRefusalOf = (recorded: RecordedEvent, lookups: KpiLookups): KpiOutcome<KpiRefusal> => {
  const d = (recorded as unknown as BookingRefused).data;
  if (!isUuid(d.refusalId) || !isUuid(d.orgId) || !isUuid(d.branchId))
    return { problem: 'kpi: BookingRefused without valid ids' };
  const branch = lookups.branch(d.branchId);
  if (!branch) return { problem: `kpi: branch ${d.branchId} not found` };
  const at = instant(d.refusedAt, recorded);
  const start = Date.parse(d.requestedStart);
  return {
    row: {
      refusalId: d.refusalId,
      orgId: d.orgId,
      branchId: d.branchId,
      channel: String(d.channel),
      reason: String(d.reason),
      requestedStart: Number.isFinite(start) ? start : null,
      refusedAt: at,
      refusedDay: branch.calendar.dayOf(at),
      refusedBy: actor(d.refusedBy),
    },
  };
};

// ───────────────────────────── Daily counters ─────────────────────────────

/** One count in kpi_daily: a step of `kind` taken on a branch-local day, by channel or reason (`key`) and user. */
export type KpiCounter = { orgId: string; branchId: string; day: string; kind: string; key: string; actor: string | null };

/**
 * Everything a booking row counts for. A row only ever gains steps, so the counters of its next state
 * are a superset of those of the current one and the difference is what a write adds.
 */
const countersOf = (row: KpiBooking): KpiCounter[] => {
  const at = (day: string, kind: string, key: string, actor: string | null): KpiCounter => ({
    orgId: row.orgId,
    branchId: row.branchId,
    day,
    kind,
    key,
    actor,
  });
  const counters = [at(row.requestedDay, 'new', row.channel, row.requestedBy)];
  const cohort = (kind: string, reached: number | null) => {
    if (reached !== null) counters.push(at(row.requestedDay, kind, '', row.requestedBy));
  };
  cohort('cohort_left', row.leftNewAt);
  cohort('cohort_confirmed', row.confirmedAt);
  cohort('cohort_started', row.startedAt);
  cohort('cohort_done', row.doneAt);
  cohort('cohort_cancelled', row.cancelledAt);
  if (row.confirmedDay !== null) counters.push(at(row.confirmedDay, 'confirmed', '', row.confirmedBy));
  if (row.doneDay !== null) counters.push(at(row.doneDay, 'done', '', row.doneBy));
  if (row.cancelledDay !== null) counters.push(at(row.cancelledDay, 'cancelled', row.cancelReason ?? '', row.cancelledBy));
  // A booking still New past its deadline is counted when asked (it depends on the clock), not here.
  if (row.leftNewAt !== null && row.slaDueAt !== null && row.slaDueDay !== null && row.leftNewAt > row.slaDueAt) {
    counters.push(at(row.slaDueDay, 'sla', '', row.leftNewBy));
  }
  return counters;
};

/** A change to one counter of kpi_daily: `n` steps added (or taken away, when negative). */
export type KpiCount = KpiCounter & { n: number };

/** A map under `key`, made empty the first time. */
const within = <V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> => {
  let found = map.get(key);
  if (!found) {
    found = new Map();
    map.set(key, found);
  }
  return found;
};

/** Counts added up by counter (branch, day, kind, key and actor), each counter once. */
export type CountTally = {
  add: (counter: KpiCounter, n: number) => void;
  /** How many counters it holds, those back at 0 included. */
  size: () => number;
  counts: () => KpiCount[];
  clear: () => void;
};

/**
 * Each part of a counter is looked up in a map of its own by the string it already is, whose hash
 * the engine keeps. A key string built for every count (a hundred characters, hashed anew each time)
 * had been the largest single cost of a replay's KPI fold.
 */
export const createCountTally = (): CountTally => {
  const byBranch = new Map<string, Map<string, Map<string, Map<string, Map<string, KpiCount>>>>>();
  let size = 0;
  return {
    add: (counter, n) => {
      const byActor = within(within(within(within(byBranch, counter.branchId), counter.day), counter.kind), counter.key);
      const actor = counter.actor ?? '';
      const known = byActor.get(actor);
      if (known) known.n += n;
      else {
        byActor.set(actor, { ...counter, n });
        size++;
      }
    },
    size: () => size,
    counts: () => {
      const counts: KpiCount[] = [];
      for (const byDay of byBranch.values())
        for (const byKind of byDay.values())
          for (const byKey of byKind.values())
            for (const byActor of byKey.values()) for (const count of byActor.values()) counts.push(count);
      return counts;
    },
    clear: () => {
      byBranch.clear();
      size = 0;
    },
  };
};

const sameCounter = (a: KpiCounter, b: KpiCounter) =>
  a.day === b.day && a.kind === b.kind && a.key === b.key && a.actor === b.actor && a.branchId === b.branchId;

/**
 * Adds up what a row's change counts: its counters now, less those it counted before (none for a new
 * row). Most of them are the same before and after; they cancel out here, pair by pair, rather than
 * each being added and taken away again in the tally.
 */
export const tallyChange = (into: CountTally, before: KpiBooking | undefined, after: KpiBooking) => {
  const gone = before ? countersOf(before) : [];
  for (const counter of countersOf(after)) {
    const same = gone.findIndex((old) => sameCounter(old, counter));
    if (same >= 0) gone.splice(same, 1);
    else into.add(counter, 1);
  }
  for (const counter of gone) into.add(counter, -1);
};
