import type { BookingEvent } from '../../domain/booking/booking.ts';
import type { Sealed } from '../../domain/shared/sealed.ts';
import type { RecordedEvent } from '../recorded-event.ts';
import {
  idsOf,
  key,
  loadRows,
  openAll,
  upsertRows,
  writtenIdsOf,
  type Batch,
  type Folding,
  type SealedOf,
} from '../read-model.ts';

type CarDetails = { make?: string; model?: string; plate?: string };
type BookingDetails = { car?: CarDetails; comment?: string };

const carText = (car: CarDetails | undefined) => [car?.make, car?.model].filter(Boolean).join(' ') || null;

/** A row of `bookings` as read-model.ts `loadRows` reads it. */
export type BookingRow = {
  id: string;
  org_id: string;
  branch_id: string;
  bay_id: string;
  service_ids: string[];
  client_id: string;
  status: string;
  channel: string;
  start_at: string;
  end_at: string;
  car: string | null;
  plate: string | null;
  comment: string | null;
  mechanic_id: string | null;
  cancel_reason: string | null;
  requested_at: string;
  confirmed_at: string | Date | null;
  status_changed_at: string | Date;
  version: number;
  last_call_outcome: string | null;
  last_call_at: string | null;
  lead_source: string | null;
  held_until: string | null;
};

const bookingColumns: readonly (keyof BookingRow)[] = [
  'id',
  'org_id',
  'branch_id',
  'bay_id',
  'service_ids',
  'client_id',
  'status',
  'channel',
  'start_at',
  'end_at',
  'car',
  'plate',
  'comment',
  'mechanic_id',
  'cancel_reason',
  'requested_at',
  'confirmed_at',
  'status_changed_at',
  'version',
  'last_call_outcome',
  'last_call_at',
  'lead_source',
  'held_until',
];

/** The board's part of a batch: the bookings its events touch, as they stand after the event being folded. */
export type BoardFolding = Folding & {
  /** The booking's row, or null while the log has not requested it. */
  row: (bookingId: string) => BookingRow | null;
  /** Whether the booking's row was in the table before the batch. */
  wasStored: (bookingId: string) => boolean;
};

type State = {
  bookings: Map<string, BookingRow>;
  /** Rows to write: changed or created by the batch. */
  changed: Set<string>;
  /** Bookings of erased clients that the batch never loaded are scrubbed in the table. */
  erasedClients: Set<string>;
  opened: Map<RecordedEvent, unknown>;
  touch: Batch['touch'];
};

/** The event's sealed value as opened before the fold; null when unreadable or absent. */
const openedOf = <T>(state: State, recorded: RecordedEvent): T | null => (state.opened.get(recorded) ?? null) as T | null;

const touch = (state: State, row: BookingRow, bookingId: string) =>
  state.touch({ orgId: row.org_id, branchId: row.branch_id, bookingId });

/** The booking's row if it exists, marked as changed by the caller's update. */
const changing = (state: State, bookingId: string): BookingRow | null => {
  const row = state.bookings.get(key(bookingId));
  if (!row) return null;
  state.changed.add(key(bookingId));
  row.version += 1;
  return row;
};

const foldBookingEvent = (state: State, recorded: RecordedEvent, event: BookingEvent) => {
  const at = recorded.recordedAt;
  switch (event.type) {
    case 'BookingRequested': {
      const d = event.data;
      const details = openedOf<BookingDetails>(state, recorded);
      if (!state.bookings.has(key(d.bookingId))) {
        state.bookings.set(key(d.bookingId), {
          id: d.bookingId,
          org_id: d.orgId,
          branch_id: d.branchId,
          bay_id: d.bayId,
          service_ids: d.serviceIds,
          client_id: d.clientId,
          status: 'New',
          channel: d.channel,
          start_at: d.start,
          end_at: d.end,
          car: carText(details?.car),
          plate: details?.car?.plate ?? null,
          comment: details?.comment ?? null,
          mechanic_id: null,
          cancel_reason: null,
          requested_at: d.requestedAt,
          confirmed_at: null,
          status_changed_at: d.requestedAt,
          version: 1,
          last_call_outcome: null,
          last_call_at: null,
          lead_source: d.source ?? null,
          held_until: null,
        });
        state.changed.add(key(d.bookingId));
      }
      state.touch({ orgId: d.orgId, branchId: d.branchId, bookingId: d.bookingId });
      return;
    }
    case 'BookingConfirmed':
    case 'BookingStarted':
    case 'BookingCompleted': {
      const row = changing(state, event.data.bookingId);
      if (!row) return;
      row.status = { BookingConfirmed: 'Confirmed', BookingStarted: 'InProgress', BookingCompleted: 'Done' }[event.type];
      row.status_changed_at = at;
      if (event.type === 'BookingConfirmed') row.confirmed_at = at;
      touch(state, row, event.data.bookingId);
      return;
    }
    case 'BookingCancelled': {
      const row = changing(state, event.data.bookingId);
      if (!row) return;
      row.status = 'Cancelled';
      row.cancel_reason = event.data.reason ?? null;
      row.status_changed_at = at;
      touch(state, row, event.data.bookingId);
      return;
    }
    case 'BookingRescheduled': {
      const d = event.data;
      const row = changing(state, d.bookingId);
      if (!row) return;
      Object.assign(row, { bay_id: d.bayId, start_at: d.start, end_at: d.end });
      touch(state, row, event.data.bookingId);
      return;
    }
    case 'BookingDurationChanged': {
      const row = changing(state, event.data.bookingId);
      if (!row) return;
      row.end_at = event.data.end;
      // A resized job holds its bay for its new length, no longer for its overrun.
      row.held_until = null;
      touch(state, row, event.data.bookingId);
      return;
    }
    case 'BookingOverran': {
      const row = changing(state, event.data.bookingId);
      if (!row) return;
      row.held_until = event.data.heldUntil ?? null;
      touch(state, row, event.data.bookingId);
      return;
    }
    case 'CallOutcomeRecorded': {
      // Calls arrive in log order, so the latest one recorded is the last call.
      const row = changing(state, event.data.bookingId);
      if (!row) return;
      row.last_call_outcome = event.data.outcome ?? null;
      row.last_call_at = event.data.recordedAt ?? null;
      touch(state, row, event.data.bookingId);
      return;
    }
    case 'BookingAssigned': {
      const row = changing(state, event.data.bookingId);
      if (!row) return;
      row.mechanic_id = event.data.mechanicId ?? null;
      touch(state, row, event.data.bookingId);
      return;
    }
    default:
      return;
  }
};

/** An erased client's bookings lose the car, plate and comment: those the batch holds here, in log order; the others in the table. */
const foldClientErased = (state: State, clientId: unknown) => {
  for (const [bookingId, booking] of state.bookings) {
    if (key(booking.client_id) !== key(clientId)) continue;
    Object.assign(booking, { car: null, plate: null, comment: null });
    state.changed.add(bookingId);
    touch(state, booking, bookingId);
  }
  state.erasedClients.add(clientId as string);
};

/** A request carries the car and comment sealed with the client's key. */
const sealedOf: SealedOf = (recorded) =>
  recorded.streamName.startsWith('booking-') && recorded.type === 'BookingRequested' && recorded.data.details
    ? { clientId: recorded.data.clientId as string, sealed: recorded.data.details as Sealed }
    : null;

/** The board: the bookings the batch's events touch read once, folded, and the changed rows written back. */
export const beginBoard = async (batch: Batch): Promise<BoardFolding> => {
  const { db, schema: s, events } = batch;
  const written = writtenIdsOf(batch, 'bookings');
  const [opened, loaded] = await Promise.all([
    openAll(events, batch.open, sealedOf),
    loadRows<BookingRow>(db, s, 'bookings', idsOf(events, 'booking-', 'bookingId'), written),
  ]);
  const state: State = { bookings: new Map(), changed: new Set(), erasedClients: new Set(), opened, touch: batch.touch };
  for (const row of loaded) state.bookings.set(key(row.id), row);
  const stored = new Set(state.bookings.keys());
  return {
    row: (bookingId) => state.bookings.get(key(bookingId)) ?? null,
    wasStored: (bookingId) => stored.has(key(bookingId)),
    fold: (recorded) => {
      if (recorded.streamName.startsWith('booking-')) {
        foldBookingEvent(state, recorded, { type: recorded.type, data: recorded.data } as BookingEvent);
      } else if (recorded.streamName.startsWith('client-') && recorded.type === 'ClientErased') {
        foldClientErased(state, recorded.data.clientId);
      }
    },
    write: async () => {
      if (state.erasedClients.size > 0) {
        // Open boards are told too: a tablet left open would show the erased person's car and words.
        const scrubbed = await db.query(
          `UPDATE ${s}.bookings SET car = NULL, plate = NULL, comment = NULL
            WHERE client_id = ANY($1::uuid[]) AND NOT (id = ANY($2::uuid[]))
            RETURNING id, org_id, branch_id`,
          [[...state.erasedClients], [...state.bookings.keys()]],
        );
        for (const row of scrubbed.rows as { id: string; org_id: string; branch_id: string }[]) {
          state.touch({ orgId: row.org_id, branchId: row.branch_id, bookingId: row.id });
        }
      }
      const rows = [...state.changed].map((id) => state.bookings.get(id)!);
      await upsertRows(db, s, 'bookings', bookingColumns, rows, written);
    },
  };
};
