import { boardCard, boardColumn } from './bookings.ts';
import { dateTime, isoDate, nullableText, text, uuid, type Shape } from './shared.ts';

// ---- GET /api/board: the kanban of one branch's day, in the branch's zone.
export const boardQuery = {
  type: 'object',
  required: ['branchId'],
  additionalProperties: false,
  properties: { branchId: uuid, date: isoDate },
} as const;
export const board = {
  type: 'object',
  required: ['branchId', 'date', 'timeZone', 'columns'],
  additionalProperties: false,
  properties: { branchId: uuid, date: text, timeZone: text, columns: { type: 'array', items: boardColumn } },
} as const;
export type Board = Shape<typeof board>;
export type BoardColumn = Shape<typeof boardColumn>;

// ---- GET /api/history/board: the kanban as it stood at an instant (history keeps no personal data).
export const historyBoardQuery = {
  type: 'object',
  required: ['asOf', 'branchId'],
  additionalProperties: false,
  properties: { asOf: dateTime, branchId: uuid, date: isoDate },
} as const;
export const historyBoard = {
  type: 'object',
  required: ['asOf', 'branchId', 'date', 'timeZone', 'columns'],
  additionalProperties: false,
  properties: { asOf: nullableText, ...board.properties },
} as const;
export type HistoryBoard = Shape<typeof historyBoard>;

// ---- GET /api/calendar: a branch's bookings between two instants (or whole dates in the branch's zone).
export const calendarQuery = {
  type: 'object',
  required: ['branchId', 'from', 'to'],
  additionalProperties: false,
  properties: { branchId: uuid, from: { anyOf: [isoDate, dateTime] }, to: { anyOf: [isoDate, dateTime] } },
} as const;
/** A card with the span its bay is blocked for (the job and its buffer), one entry per day it covers. */
export const calendarEntry = {
  ...boardCard,
  required: [...boardCard.required, 'blockedFrom', 'blockedTo'],
  properties: { ...boardCard.properties, blockedFrom: text, blockedTo: text },
} as const;
export type CalendarEntry = Shape<typeof calendarEntry>;
export const calendar = {
  type: 'object',
  required: ['branchId', 'timeZone', 'events'],
  additionalProperties: false,
  properties: { branchId: uuid, timeZone: text, events: { type: 'array', items: calendarEntry } },
} as const;
export type Calendar = Shape<typeof calendar>;
