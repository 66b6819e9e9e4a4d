// The API's answers are contract/'s types, imported type-only: no schema reaches the bundle.
import type { BoardCard, CallOutcome } from '../../../contract/bookings.ts';
import { statusMoves } from '../../../domain/booking/status-moves.ts';
import type { CancelReason, Status } from '../i18n';

export type { BoardCard, BookingDetails, CallOutcome, HistoryEntry, RevealedPhone } from '../../../contract/bookings.ts';
export type { CalendarEntry } from '../../../contract/board.ts';
export type { Bay, Branch, DayHours, Service } from '../../../contract/catalog.ts';
export type { ClientRow } from '../../../contract/clients.ts';
export type { LiveMessage } from '../../../contract/live.ts';
export type { Mechanic, Me, Role } from '../../../contract/users.ts';

/** The manager’s last call to the client about a booking. */
export type LastCall = NonNullable<BoardCard['lastCall']>;

export const CALL_OUTCOMES: readonly CallOutcome[] = ['reached', 'no_answer', 'asked_to_reschedule'];

export const STATUSES: readonly Status[] = ['New', 'Confirmed', 'InProgress', 'Done', 'Cancelled'];
export const CANCEL_REASONS: readonly CancelReason[] = ['client_request', 'no_show', 'station', 'duplicate', 'other'];

/** The moves the server allows: the domain's own table, so the panel offers exactly what it accepts. */
export const NEXT: Readonly<Record<Status, readonly Status[]>> = statusMoves;

/** One colour per bay, by its position in the branch. */
export const BAY_COLOURS = ['#2563eb', '#d97706', '#059669', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#dc2626'];
