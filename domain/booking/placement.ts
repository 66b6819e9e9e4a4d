import { canBayDo, type Bay, type Service } from '../catalog/catalog.ts';
import { isFreeFor, reserveSlots } from '../schedule/business-logic.ts';
import type { JobPlan } from '../schedule/plan.ts';
import type { Schedule, ScheduleEvent } from '../schedule/schedule.ts';
import { DomainError } from '../shared/errors.ts';
import type { RefusalReason } from './refusal.ts';

// ───────────────────────────── Which bays may take the job ─────────────────────────────

/**
 * The bays that can do every service, in the order to try them. A named bay is the only candidate
 * (refused when unknown or unable); otherwise every able bay, the one the booking already holds first.
 */
export const capableBays = (
  bays: readonly Bay[],
  services: readonly Service[],
  choice: { bayId?: string; preferredBayId?: string } = {},
): Bay[] => {
  const { bayId, preferredBayId } = choice;
  if (bayId) {
    const bay = bays.find((candidate) => candidate.id === bayId);
    if (!bay) throw new DomainError('NOT_FOUND', 'Bay not found', { bayId });
    if (!canBayDo(bay, services)) {
      throw new DomainError('BAY_CANNOT_DO_SERVICE', `Bay «${bay.name}» cannot do this service`, { bayId });
    }
    return [bay];
  }
  const able = bays.filter((bay) => canBayDo(bay, services));
  if (able.length === 0) throw new DomainError('BAY_CANNOT_DO_SERVICE', 'No bay of this branch can do this service');
  if (!preferredBayId) return able;
  return [...able].sort((a, b) => Number(b.id === preferredBayId) - Number(a.id === preferredBayId));
};

/**
 * Any free bay will do when none is named; starting the search at a different bay per booking keeps
 * concurrent bookings of one day off the same bay-day stream, where they would only retry each other.
 * The offset comes from the booking id (a UUID), so a retried request tries the bays in the same order.
 */
export const spreadOver = <T>(bays: readonly T[], bookingId: string): T[] => {
  const offset = parseInt(bookingId.slice(0, 8), 16) % bays.length;
  return [...bays.slice(offset), ...bays.slice(0, offset)];
};

// ───────────────────────────── Placement ─────────────────────────────

/** The bay-day schedule as loaded for the command: `schedule-<bayId>_<date>` folded. */
export type BayDaySchedules = (bayId: string, date: string) => Schedule;

export type PlacementRequest = {
  bookingId: string;
  plan: JobPlan;
  /** The candidates, in the order to try them (see capableBays, spreadOver). */
  bayIds: readonly string[];
  schedules: BayDaySchedules;
  now: string;
};

/** What the job reserves on one bay-day: the schedule events to append to that stream. */
export type BayDayReservation = { bayId: string; date: string; events: ScheduleEvent[] };

export type Placement =
  { status: 'Placed'; bayId: string; reservations: BayDayReservation[] } | { status: 'Refused'; reason: RefusalReason };

/**
 * The job goes on the first candidate bay that is free on every bay-day of the plan, and reserves
 * each of them; when no candidate is, the placement is refused (the time is taken). A bay-day the
 * booking itself already holds does not count against it, so a booking can move within its own time.
 */
export const placeOnFirstFreeBay = ({ bookingId, plan, bayIds, schedules, now }: PlacementRequest): Placement => {
  const bayId = bayIds.find((candidate) =>
    plan.segments.every((segment) => isFreeFor(schedules(candidate, segment.date), bookingId, segment)),
  );
  if (bayId === undefined) return { status: 'Refused', reason: 'slot_taken' };
  return {
    status: 'Placed',
    bayId,
    reservations: plan.segments.map((segment) => ({
      bayId,
      date: segment.date,
      events: reserveSlots(
        { type: 'ReserveSlots', data: { bayId, bookingId, segment }, metadata: { now } },
        schedules(bayId, segment.date),
      ),
    })),
  };
};
