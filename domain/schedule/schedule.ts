import type { Interval } from '../shared/time.ts';

// ───────────────────────────── Events ─────────────────────────────
// One stream per bay per day: `schedule-<bayId>_<date>`. Overlaps are decided inside it.

export type SlotsReserved = {
  type: 'SlotsReserved';
  data: {
    bayId: string;
    date: string;
    bookingId: string;
    from: string;
    to: string;
    reservedAt: string;
  };
};

export type SlotsReleased = {
  type: 'SlotsReleased';
  data: { bayId: string; date: string; bookingId: string; reason: string; releasedAt: string };
};

export type ScheduleEvent = SlotsReserved | SlotsReleased;

// ───────────────────────────── State ─────────────────────────────

export type Schedule = {
  status: 'Open';
  /** What each booking holds on this bay-day; a booking holds at most one interval per day. */
  held: ReadonlyMap<string, Interval>;
};

export const initialState = (): Schedule => ({ status: 'Open', held: new Map() });

export const evolve = (state: Schedule, event: ScheduleEvent): Schedule => {
  const held = new Map(state.held);
  switch (event.type) {
    case 'SlotsReserved':
      held.set(event.data.bookingId, { from: Date.parse(event.data.from), to: Date.parse(event.data.to) });
      return { status: 'Open', held };
    case 'SlotsReleased':
      held.delete(event.data.bookingId);
      return { status: 'Open', held };
    default:
      return state;
  }
};

export const scheduleStreamName = (bayId: string, date: string): string => `schedule-${bayId}_${date}`;

/** Whether a stream is a bay-day's schedule (the streams every booking reads; core keeps them in memory). */
export const isScheduleStream = (stream: string): boolean => stream.startsWith('schedule-');
