import { integer, isoDate, list, nullableInteger, obj, orNull, text, timeOfDay, uuid, type Shape } from './shared.ts';

// ---- Working time from sessions and per-person figures (issue 16 scopes 3 and 4).

// ---- POST /api/work-time/heartbeat: the panel says its person is active (visible page, recent input).
export const heartbeatAnswer = obj({ recorded: { type: 'boolean' } });

export const periodQuery = obj({ branchId: uuid, from: isoDate, to: isoDate });
export type PeriodQuery = Shape<typeof periodQuery>;

const workDay = obj({
  userId: uuid,
  /** The local date; the panel writes it in words. */
  date: isoDate,
  /** HH:MM in the branch's zone. */
  start: timeOfDay,
  end: timeOfDay,
  activeMinutes: integer,
  correction: orNull(obj({ reason: text, byName: text, at: text })),
});
export type WorkDayRow = Shape<typeof workDay>;

// ---- GET /api/work-time?branchId&from&to
export const workingTimeTable = obj({
  from: isoDate,
  to: isoDate,
  idleCutoffMinutes: integer,
  people: list(obj({ id: uuid, name: text, role: text, activeMinutes: integer, days: list(workDay) })),
});
export type WorkingTimeTable = Shape<typeof workingTimeTable>;

// ---- POST /api/work-time/:id/corrections (owner)
export const correctionBody = obj({
  branchId: uuid,
  date: isoDate,
  start: timeOfDay,
  end: timeOfDay,
  activeMinutes: { type: 'integer', minimum: 0, maximum: 1440 },
  reason: { type: 'string', minLength: 1, maxLength: 300 },
});
export type CorrectionBody = Shape<typeof correctionBody>;

// ---- GET/PUT /api/settings/idle-cutoff (owner)
export const idleCutoffSetting = obj({ minutes: integer });

// ---- GET /api/staff/activity?branchId&from&to
export const staffActivity = obj({
  from: isoDate,
  to: isoDate,
  people: list(
    obj({
      id: uuid,
      name: text,
      role: text,
      bookingsCreated: integer,
      statusMoves: integer,
      confirmations: integer,
      /** Median minutes from a booking's request to this person's confirmation; null without confirmations. */
      confirmMedianMinutes: nullableInteger,
      messagesAnswered: integer,
      calls: integer,
      tasksDone: integer,
      jobsDone: integer,
      /** Clients they answer for now, and those clients' bookings finished in the period. */
      clients: integer,
      clientVisits: integer,
      activeMinutes: integer,
    }),
  ),
});
export type StaffActivityAnswer = Shape<typeof staffActivity>;
