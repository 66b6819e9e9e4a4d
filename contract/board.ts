import { boardCard, boardColumn } from './bookings.ts';
import { dateTime, isoDate, list, nullableText, obj, text, uuid, type Shape } from './shared.ts';

// ---- GET /api/board: the kanban of one branch's day, in the branch's zone.
export const boardQuery = obj({ branchId: uuid, date: isoDate }, ['branchId']);
export const board = obj({ branchId: uuid, date: text, timeZone: text, columns: list(boardColumn) });
export type Board = Shape<typeof board>;
export type BoardColumn = Shape<typeof boardColumn>;

// ---- GET /api/history/board: the kanban as it stood at an instant (history keeps no personal data).
export const historyBoardQuery = obj({ asOf: dateTime, branchId: uuid, date: isoDate }, ['asOf', 'branchId']);
export const historyBoard = obj({ asOf: nullableText, ...board.properties });
export type HistoryBoard = Shape<typeof historyBoard>;

// ---- GET /api/calendar: a branch's bookings between two instants (or whole dates in the branch's zone).
const dateOrInstant = { anyOf: [isoDate, dateTime] } as const;
export const calendarQuery = obj({ branchId: uuid, from: dateOrInstant, to: dateOrInstant });
/** A card with the span its bay is blocked for (the job and its buffer), one entry per day it covers. */
export const calendarEntry = obj({ ...boardCard.properties, blockedFrom: text, blockedTo: text });
export type CalendarEntry = Shape<typeof calendarEntry>;
export const calendar = obj({ branchId: uuid, timeZone: text, events: list(calendarEntry) });
export type Calendar = Shape<typeof calendar>;
