import { DomainError } from '../shared/errors.ts';
import { overlaps } from '../shared/time.ts';
import type { Segment } from './plan.ts';
import { evolve, initialState, type Schedule, type ScheduleEvent } from './schedule.ts';
import type { Decider } from '../shared/decider.ts';

// ───────────────────────────── Commands ─────────────────────────────

export type ReserveSlots = {
  type: 'ReserveSlots';
  data: { bayId: string; bookingId: string; segment: Segment };
  metadata: { now: string };
};

export type ReleaseSlots = {
  type: 'ReleaseSlots';
  data: { bayId: string; date: string; bookingId: string; reason: string };
  metadata: { now: string };
};

export type ScheduleCommand = ReserveSlots | ReleaseSlots;

// ───────────────────────────── Business logic ─────────────────────────────

/**
 * Whether `bookingId` may hold `segment` on this bay-day: no other booking holds time that overlaps
 * it. A booking that already holds time here may move within the day (reschedule): its own
 * interval never conflicts with itself.
 */
export const isFreeFor = (state: Schedule, bookingId: string, segment: Segment): boolean =>
  [...state.held].every(([holder, taken]) => holder === bookingId || !overlaps(taken, segment));

/** Holding the same interval again changes nothing. */
export const reserveSlots = (command: ReserveSlots, state: Schedule): ScheduleEvent[] => {
  const { bayId, bookingId, segment } = command.data;
  const own = state.held.get(bookingId);
  if (own && own.from === segment.from && own.to === segment.to) return [];
  if (!isFreeFor(state, bookingId, segment)) {
    throw new DomainError('SLOT_TAKEN', 'This bay is already booked for that time', { bayId, date: segment.date });
  }
  return [
    {
      type: 'SlotsReserved',
      data: {
        bayId,
        date: segment.date,
        bookingId,
        from: new Date(segment.from).toISOString(),
        to: new Date(segment.to).toISOString(),
        reservedAt: command.metadata.now,
      },
    },
  ];
};

export const releaseSlots = (command: ReleaseSlots, state: Schedule): ScheduleEvent[] => {
  if (!state.held.has(command.data.bookingId)) return [];
  return [{ type: 'SlotsReleased', data: { ...command.data, releasedAt: command.metadata.now } }];
};

export const decide = (command: ScheduleCommand, state: Schedule): ScheduleEvent[] => {
  switch (command.type) {
    case 'ReserveSlots':
      return reserveSlots(command, state);
    case 'ReleaseSlots':
      return releaseSlots(command, state);
    default: {
      const unknown: never = command;
      throw new DomainError('VALIDATION', `Unknown command ${JSON.stringify(unknown)}`);
    }
  }
};

export const scheduleDecider: Decider<Schedule, ScheduleCommand, ScheduleEvent> = { decide, evolve, initialState };
