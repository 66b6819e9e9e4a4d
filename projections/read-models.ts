import type { BookingEvent } from '../domain/booking/booking.ts';
import type { ClientEvent } from '../domain/client/client.ts';
import type { Sealed } from '../domain/shared/sealed.ts';
import { applyKpiEvent } from './kpi/apply.ts';
import type { RecordedEvent } from './recorded-event.ts';

export type Queryable = {
  query: (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
};

/** Opens sealed personal data; null once the client's key was shredded. */
export type Opener = <T>(clientId: string, sealed: Sealed) => Promise<T | null>;

export type BookingTouched = { orgId: string; branchId: string; bookingId: string };

type CarDetails = { make?: string; model?: string; plate?: string };
type BookingDetails = { car?: CarDetails; comment?: string };

const carText = (car: CarDetails | undefined) => [car?.make, car?.model].filter(Boolean).join(' ') || null;

const placeOnCalendar = async (
  db: Queryable,
  s: string,
  event: RecordedEvent,
  booking: { bookingId: string; bayId: string; segments: { date: string; from: string; to: string }[] },
) => {
  await db.query(`DELETE FROM ${s}.calendar WHERE booking_id = $1`, [booking.bookingId]);
  for (const segment of booking.segments) {
    // The schedule aggregate already refused overlaps; an overlap here is recorded, never thrown,
    // so one bad event cannot stop every read model.
    const inserted = await db.query(
      `INSERT INTO ${s}.calendar (booking_id, day, org_id, branch_id, bay_id, during)
       SELECT b.id, $2::date, b.org_id, b.branch_id, $3, tstzrange($4, $5)
         FROM ${s}.bookings b
        WHERE b.id = $1
          AND NOT EXISTS (SELECT 1 FROM ${s}.calendar c WHERE c.bay_id = $3 AND c.during && tstzrange($4, $5))`,
      [booking.bookingId, segment.date, booking.bayId, segment.from, segment.to],
    );
    if (inserted.rowCount === 0) {
      await db.query(`INSERT INTO ${s}.anomalies (global_position, event_type, problem) VALUES ($1, $2, $3)`, [
        event.globalPosition.toString(),
        event.type,
        `overlap on bay ${booking.bayId} at ${segment.from}`,
      ]);
    }
  }
};

const touched = (rows: Record<string, unknown>[], bookingId: string): BookingTouched | null =>
  rows[0] ? { orgId: rows[0].org_id as string, branchId: rows[0].branch_id as string, bookingId } : null;

const applyBookingEvent = async (
  db: Queryable,
  s: string,
  recorded: RecordedEvent,
  event: BookingEvent,
  open: Opener,
): Promise<BookingTouched | null> => {
  const at = recorded.recordedAt;
  switch (event.type) {
    case 'BookingRequested': {
      const d = event.data;
      const details = d.details ? await open<BookingDetails>(d.clientId, d.details) : null;
      await db.query(
        `INSERT INTO ${s}.bookings (id, org_id, branch_id, bay_id, service_ids, client_id, status, channel, start_at, end_at,
                                    car, plate, comment, requested_at, status_changed_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, 'New', $7, $8, $9, $10, $11, $12, $13, $13, 1)
         ON CONFLICT (id) DO NOTHING`,
        [
          d.bookingId,
          d.orgId,
          d.branchId,
          d.bayId,
          d.serviceIds,
          d.clientId,
          d.channel,
          d.start,
          d.end,
          carText(details?.car),
          details?.car?.plate ?? null,
          details?.comment ?? null,
          d.requestedAt,
        ],
      );
      await placeOnCalendar(db, s, recorded, d);
      return { orgId: d.orgId, branchId: d.branchId, bookingId: d.bookingId };
    }
    case 'BookingConfirmed':
    case 'BookingStarted':
    case 'BookingCompleted': {
      const status = { BookingConfirmed: 'Confirmed', BookingStarted: 'InProgress', BookingCompleted: 'Done' }[event.type];
      const { rows } = await db.query(
        `UPDATE ${s}.bookings
            SET status = $2, status_changed_at = $3, version = version + 1,
                confirmed_at = CASE WHEN $2 = 'Confirmed' THEN $3 ELSE confirmed_at END
          WHERE id = $1 RETURNING org_id, branch_id`,
        [event.data.bookingId, status, at],
      );
      return touched(rows, event.data.bookingId);
    }
    case 'BookingCancelled': {
      const { rows } = await db.query(
        `UPDATE ${s}.bookings SET status = 'Cancelled', cancel_reason = $2, status_changed_at = $3, version = version + 1
          WHERE id = $1 RETURNING org_id, branch_id`,
        [event.data.bookingId, event.data.reason, at],
      );
      await db.query(`DELETE FROM ${s}.calendar WHERE booking_id = $1`, [event.data.bookingId]);
      return touched(rows, event.data.bookingId);
    }
    case 'BookingRescheduled': {
      const d = event.data;
      const { rows } = await db.query(
        `UPDATE ${s}.bookings SET bay_id = $2, start_at = $3, end_at = $4, version = version + 1
          WHERE id = $1 RETURNING org_id, branch_id`,
        [d.bookingId, d.bayId, d.start, d.end],
      );
      await placeOnCalendar(db, s, recorded, d);
      return touched(rows, d.bookingId);
    }
    case 'BookingDurationChanged': {
      const d = event.data;
      const { rows } = await db.query(
        `UPDATE ${s}.bookings SET end_at = $2, version = version + 1 WHERE id = $1 RETURNING org_id, branch_id, bay_id`,
        [d.bookingId, d.end],
      );
      if (rows[0]) await placeOnCalendar(db, s, recorded, { ...d, bayId: rows[0].bay_id as string });
      return touched(rows, d.bookingId);
    }
    case 'CallOutcomeRecorded': {
      const d = event.data;
      // Calls arrive in log order, so the latest one recorded is the last call.
      const { rows } = await db.query(
        `UPDATE ${s}.bookings SET last_call_outcome = $2, last_call_at = $3, version = version + 1
          WHERE id = $1 RETURNING org_id, branch_id`,
        [d.bookingId, d.outcome, d.recordedAt],
      );
      return touched(rows, d.bookingId);
    }
    case 'BookingAssigned': {
      const { rows } = await db.query(
        `UPDATE ${s}.bookings SET mechanic_id = $2, version = version + 1 WHERE id = $1 RETURNING org_id, branch_id`,
        [event.data.bookingId, event.data.mechanicId],
      );
      return touched(rows, event.data.bookingId);
    }
    default:
      return null;
  }
};

const applyClientEvent = async (db: Queryable, s: string, event: ClientEvent, open: Opener): Promise<void> => {
  switch (event.type) {
    case 'ClientRegistered': {
      const d = event.data;
      const profile = await open<{ name: string; phone: string }>(d.clientId, d.profile);
      await db.query(
        `INSERT INTO ${s}.clients (id, org_id, name, phone, channel, registered_at, erased)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
        [d.clientId, d.orgId, profile?.name ?? null, profile?.phone ?? null, d.channel, d.registeredAt, profile === null],
      );
      return;
    }
    case 'ClientProfileUpdated': {
      const profile = await open<{ name: string; phone: string }>(event.data.clientId, event.data.profile);
      if (profile) {
        await db.query(`UPDATE ${s}.clients SET name = $2, phone = $3 WHERE id = $1`, [
          event.data.clientId,
          profile.name,
          profile.phone,
        ]);
      }
      return;
    }
    case 'CarAdded': {
      const car = await open<CarDetails>(event.data.clientId, event.data.car);
      if (car) {
        await db.query(`UPDATE ${s}.clients SET cars = cars || jsonb_build_array($2::jsonb) WHERE id = $1`, [
          event.data.clientId,
          JSON.stringify({ id: event.data.carId, ...car }),
        ]);
      }
      return;
    }
    case 'ClientImported': {
      // Registers or merges: the file's name and phone win when readable, the larger visit count
      // and the later last visit are kept, an erased client stays erased.
      const d = event.data;
      const profile = await open<{ name: string; phone: string }>(d.clientId, d.profile);
      await db.query(
        `INSERT INTO ${s}.clients AS c (id, org_id, name, phone, channel, registered_at, erased, imported_visits, last_visit_at)
         VALUES ($1, $2, $3, $4, 'import', $5, $6, $7, $8)
         ON CONFLICT (id) DO UPDATE
            SET name = coalesce(EXCLUDED.name, c.name),
                phone = coalesce(EXCLUDED.phone, c.phone),
                imported_visits = greatest(c.imported_visits, EXCLUDED.imported_visits),
                last_visit_at = greatest(c.last_visit_at, EXCLUDED.last_visit_at)
          WHERE NOT c.erased`,
        [
          d.clientId,
          d.orgId,
          profile?.name || null,
          profile?.phone ?? null,
          d.importedAt,
          profile === null,
          d.visits,
          d.lastVisitAt,
        ],
      );
      return;
    }
    case 'ClientErased':
      await db.query(`UPDATE ${s}.clients SET name = NULL, phone = NULL, cars = '[]', erased = true WHERE id = $1`, [
        event.data.clientId,
      ]);
      await db.query(`UPDATE ${s}.bookings SET car = NULL, plate = NULL, comment = NULL WHERE client_id = $1`, [
        event.data.clientId,
      ]);
      return;
    default:
      return;
  }
};

/** Applies one event to every read model of schema `s`; returns the booking it touched, if any. */
export const applyEvent = async (
  db: Queryable,
  s: string,
  recorded: RecordedEvent,
  open: Opener,
): Promise<BookingTouched | null> => {
  await applyKpiEvent(db, s, recorded);
  const event = { type: recorded.type, data: recorded.data };
  if (recorded.streamName.startsWith('booking-')) return applyBookingEvent(db, s, recorded, event as BookingEvent, open);
  if (recorded.streamName.startsWith('client-')) await applyClientEvent(db, s, event as ClientEvent, open);
  return null;
};
