import { statusMoves } from '../../../domain/booking/status-moves.ts';
import type { CancelReason, Channel, Status } from '../i18n';

/** A booking as the board, the calendar and the live feed give it (projections/board/queries.ts BoardCard). */
export type BoardCard = {
  id: string;
  branchId: string;
  bayId: string;
  serviceIds: string[];
  clientId: string;
  clientName: string | null;
  /** Masked (`+7 *** ***-**-12`); the number comes only from a logged reveal (RevealedPhone). */
  clientPhone: string | null;
  status: Status;
  channel: Channel;
  start: string;
  end: string;
  car: string | null;
  plate: string | null;
  comment: string | null;
  mechanicId: string | null;
  cancelReason: CancelReason | null;
  requestedAt: string;
  confirmedAt: string | null;
  statusChangedAt: string;
  version: number;
  /** The manager’s last call to the client about this booking, if any. */
  lastCall?: LastCall | null;
};

export type CallOutcome = 'reached' | 'no_answer' | 'asked_to_reschedule';
export const CALL_OUTCOMES: readonly CallOutcome[] = ['reached', 'no_answer', 'asked_to_reschedule'];
export type LastCall = { outcome: CallOutcome; at: string };

/** POST /api/bookings/:id/reveal-phone: the number behind a card's masked phone (the access log records it). */
export type RevealedPhone = { clientId: string; phone: string };

export type CalendarEntry = BoardCard & { blockedFrom: string; blockedTo: string };

export type Role = 'owner' | 'manager' | 'mechanic' | 'compliance';
export type Me = { id: string; email: string; name: string; role: Role; orgId: string; branchIds: string[] | null };

export type DayHours = { open: string; close: string; breaks?: { from: string; to: string }[] } | null;
export type Branch = {
  id: string;
  name: string;
  timeZone: string;
  hours: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', DayHours>>;
  daysOff: string[];
  slotStepMinutes: number;
};
export type Bay = { id: string; branchId: string; name: string; kinds: string[]; active: boolean };
export type Service = {
  id: string;
  branchId: string;
  name: string;
  durationMinutes: number;
  bufferMinutes: number;
  bayKind: string;
  priceRub: number;
  multiDay: boolean;
};

export type HistoryEntry = { type: string; at: string; position: number; data: Record<string, unknown> };
export type BookingDetails = BoardCard & { history: HistoryEntry[] };

export type ClientRow = {
  id: string;
  name: string | null;
  phone: string | null;
  cars: { make?: string; model?: string; plate?: string }[];
  channel: string;
  registeredAt: string;
  visits: number;
  bookings: number;
  lastVisit: string | null;
  importedVisits: number | null;
  importedLastVisit: string | null;
};

export type LiveMessage = { type: 'hello'; position: number } | { type: 'booking'; position: number; booking: BoardCard };

export const STATUSES: readonly Status[] = ['New', 'Confirmed', 'InProgress', 'Done', 'Cancelled'];
export const CANCEL_REASONS: readonly CancelReason[] = ['client_request', 'no_show', 'station', 'duplicate', 'other'];

/** The moves the server allows: the domain's own table, so the panel offers exactly what it accepts. */
export const NEXT: Readonly<Record<Status, readonly Status[]>> = statusMoves;

/** One colour per bay, by its position in the branch. */
export const BAY_COLOURS = ['#2563eb', '#d97706', '#059669', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#dc2626'];

/** GET /api/mechanics: a branch's mechanics by name (api/routes/mechanics.ts MechanicView). */
export type Mechanic = { id: string; name: string; active: boolean };
