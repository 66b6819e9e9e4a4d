import { DomainError } from '../shared/errors.ts';
import type { Decider } from '../shared/decider.ts';

// ───────────────────────────── Events ─────────────────────────────
// One stream per periodic work done at one visit (`maintenance-<reminderId>`, the id derived from
// the visit and the service): the reminder that it is due again is issued once, whichever process
// or restart finds it due, and the booking it led to is recorded once. No personal data: ids only.

/** Why the car is due: its date came, or its estimated odometer reached the interval. */
export type DueBy = 'date' | 'km';

export type MaintenanceReminderIssued = {
  type: 'MaintenanceReminderIssued';
  data: {
    reminderId: string;
    orgId: string;
    branchId: string;
    clientId: string;
    serviceId: string;
    /** The visit the work was last done at. */
    lastBookingId: string;
    dueBy: DueBy;
    dueDate: string | null;
    dueKm: number | null;
    /** The odometer as estimated from the car's readings when the reminder was issued. */
    kmNow: number | null;
    /** The free time the one-tap booking offers; null when the next two weeks had none. */
    offeredStart: string | null;
    issuedAt: string;
  };
};

/** The client booked from the reminder (one tap, or the time they chose after it). */
export type MaintenanceReminderBooked = {
  type: 'MaintenanceReminderBooked';
  data: { reminderId: string; bookingId: string; channel: string; bookedAt: string };
};

export type MaintenanceReminderEvent = MaintenanceReminderIssued | MaintenanceReminderBooked;

// ───────────────────────────── State ─────────────────────────────

export type MaintenanceReminder =
  | { status: 'None' }
  | ({ status: 'Issued' } & MaintenanceReminderIssued['data'])
  | ({ status: 'Booked'; bookingId: string } & MaintenanceReminderIssued['data']);

export const initialState = (): MaintenanceReminder => ({ status: 'None' });

export const evolve = (state: MaintenanceReminder, event: MaintenanceReminderEvent): MaintenanceReminder => {
  switch (event.type) {
    case 'MaintenanceReminderIssued':
      return state.status === 'None' ? { status: 'Issued', ...event.data } : state;
    case 'MaintenanceReminderBooked':
      return state.status === 'Issued' ? { ...state, status: 'Booked', bookingId: event.data.bookingId } : state;
    default:
      return state;
  }
};

// ───────────────────────────── Commands ─────────────────────────────

type Meta = { metadata: { now: string; userId: string | null } };

export type IssueMaintenanceReminder = Meta & {
  type: 'IssueMaintenanceReminder';
  data: Omit<MaintenanceReminderIssued['data'], 'issuedAt'>;
};

/** `clientId` is who tapped: only the reminder's own client books from it. */
export type RecordReminderBooking = Meta & {
  type: 'RecordReminderBooking';
  data: { reminderId: string; clientId: string; bookingId: string; channel: string };
};

export type MaintenanceReminderCommand = IssueMaintenanceReminder | RecordReminderBooking;

/** A reminder already issued is not issued again. */
export const issue = ({ data, metadata }: IssueMaintenanceReminder, state: MaintenanceReminder): MaintenanceReminderEvent[] =>
  state.status === 'None' ? [{ type: 'MaintenanceReminderIssued', data: { ...data, issuedAt: metadata.now } }] : [];

/** One booking per reminder: the same one again changes nothing, another is refused. */
export const recordBooking = (
  { data, metadata }: RecordReminderBooking,
  state: MaintenanceReminder,
): MaintenanceReminderEvent[] => {
  if (state.status === 'None' || state.clientId !== data.clientId) {
    throw new DomainError('NOT_FOUND', 'Reminder not found', { reminderId: data.reminderId });
  }
  if (state.status === 'Booked') {
    if (state.bookingId === data.bookingId) return [];
    throw new DomainError('ILLEGAL_TRANSITION', 'This reminder was already booked', {
      reminderId: data.reminderId,
      reason: 'ALREADY_BOOKED',
    });
  }
  const { reminderId, bookingId, channel } = data;
  return [{ type: 'MaintenanceReminderBooked', data: { reminderId, bookingId, channel, bookedAt: metadata.now } }];
};

export const decide = (command: MaintenanceReminderCommand, state: MaintenanceReminder): MaintenanceReminderEvent[] => {
  switch (command.type) {
    case 'IssueMaintenanceReminder':
      return issue(command, state);
    case 'RecordReminderBooking':
      return recordBooking(command, state);
    default: {
      const unknown: never = command;
      throw new DomainError('VALIDATION', `Unknown command ${JSON.stringify(unknown)}`);
    }
  }
};

export const maintenanceReminderDecider: Decider<MaintenanceReminder, MaintenanceReminderCommand, MaintenanceReminderEvent> = {
  decide,
  evolve,
  initialState,
};

export const maintenanceReminderStreamName = (reminderId: string): string => `maintenance-${reminderId}`;
