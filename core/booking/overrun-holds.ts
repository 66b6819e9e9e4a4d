import type { Pool } from 'pg';
import { bookingStreamName } from '../../domain/booking/booking.ts';
import { bookingDecider } from '../../domain/booking/business-logic.ts';
import { overrunHoldUntil } from '../../domain/booking/overrun-hold.ts';
import { scheduleDecider } from '../../domain/schedule/business-logic.ts';
import { scheduleStreamName } from '../../domain/schedule/schedule.ts';
import { READ_MODEL_SCHEMA as rm } from '../../projections/schema.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { handle } from '../event-store/handle.ts';
import { writtenBy } from '../shared/actor.ts';
import { holdLastDayUntil } from './bay-reservations.ts';
import { BOOKING_RETRY } from './booking-retry.ts';
import { branchCatalogOf } from './branch-catalog.ts';

const DAY_MS = 86_400_000;

/**
 * Jobs still under way past their booked end keep their bays (domain/booking/overrun-hold.ts): one
 * process of the installation looks for them every minute and lengthens each one's hold on its
 * bay-day, so free times and placement, which read those streams, keep the next minutes of a busy
 * bay for the job.
 */
export const createOverrunHolds = (deps: {
  pool: Pool;
  store: EventStore;
  catalog: CatalogRepository;
  now: () => number;
  onError: (error: unknown) => void;
}) => {
  const { pool, store, catalog, now, onError } = deps;

  /** Lengthens one job's hold when it is still under way past its end; whether it did. */
  const holdLonger = (orgId: string, bookingId: string): Promise<boolean> =>
    handle(
      store,
      async (read) => {
        const bookingStream = bookingStreamName(bookingId);
        // The read model only names the candidates: the booking's own stream says whether it still runs.
        const booking = (await read([bookingStream])).state(bookingStream, bookingDecider);
        if (booking.status !== 'InProgress') return false;
        const lastDay = scheduleStreamName(booking.bayId, booking.segments.at(-1)!.date);
        const batch = await read([lastDay]);
        const { held } = batch.state(lastDay, scheduleDecider);
        const own = held.get(bookingId);
        if (!own) return false;
        const { branch } = await branchCatalogOf(catalog, orgId, booking.branchId);
        const others = [...held].filter(([holder]) => holder !== bookingId).map(([, taken]) => taken);
        const at = now();
        const until = overrunHoldUntil({ branch, booking, held: own, others, now: at });
        if (until === null) return false;
        const metadata = { now: new Date(at).toISOString(), userId: null };
        // Recorded on the booking too, so a job done meanwhile makes this append conflict: run again,
        // it finds the job done, and the bay keeps only what the job took.
        const heldUntil = new Date(until).toISOString();
        const events = batch.decide(bookingStream, bookingDecider, {
          type: 'HoldOverrun',
          data: { bookingId, heldUntil },
          metadata,
        });
        if (events.length === 0) return false;
        holdLastDayUntil(batch, booking, until, metadata.now);
        return true;
      },
      { metadata: writtenBy({ orgId, userId: null }), retry: BOOKING_RETRY },
    );

  /** One look over every organization's jobs under way past their end; how many holds it lengthened. */
  const scan = async (isStopped: () => boolean): Promise<number> => {
    const at = now();
    const { rows } = await pool.query<{ id: string; org_id: string }>(
      `SELECT id::text, org_id::text FROM ${rm}.bookings
        WHERE status = 'InProgress' AND end_at <= $1 AND end_at > $2 ORDER BY end_at`,
      [new Date(at), new Date(at - DAY_MS)],
    );
    let lengthened = 0;
    for (const row of rows) {
      if (isStopped()) break;
      // One booking that cannot be lengthened (its branch removed, say) does not stop the others.
      lengthened += await holdLonger(row.org_id, row.id).then(
        (done) => Number(done),
        (error: unknown) => (onError(error), 0),
      );
    }
    return lengthened;
  };

  return { scan };
};
