import type { Pool } from 'pg';
import { Temporal, addDays } from '../../domain/shared/time.ts';
import { withOrg } from '../../projections/reader.ts';
import { READ_MODEL_SCHEMA as rm } from '../../projections/schema.ts';
import { branchCatalogOf } from '../booking/branch-catalog.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import { branchPeople, requirePeriod } from './working-time.ts';

/** What one person did in a period: counted from the booking events (who did it is on each) and the tasks. */
export type PersonActivity = {
  id: string;
  name: string;
  role: string;
  /** Bookings they took (by phone, in the panel): BookingRequested by them. */
  bookingsCreated: number;
  /** Bookings they confirmed, started, finished or cancelled. */
  statusMoves: number;
  /** Call outcomes they recorded. */
  calls: number;
  tasksDone: number;
  /** Finished bookings given to them as the mechanic. */
  jobsDone: number;
};

/** The event field naming who took each counted step, and the field with its instant. */
const steps: Record<string, { by: string; at: string }> = {
  BookingRequested: { by: 'requestedBy', at: 'requestedAt' },
  BookingConfirmed: { by: 'confirmedBy', at: 'confirmedAt' },
  BookingStarted: { by: 'startedBy', at: 'startedAt' },
  BookingCompleted: { by: 'completedBy', at: 'completedAt' },
  BookingCancelled: { by: 'cancelledBy', at: 'cancelledAt' },
  CallOutcomeRecorded: { by: 'recordedBy', at: 'recordedAt' },
};
const STATUS_MOVES = new Set(['BookingConfirmed', 'BookingStarted', 'BookingCompleted', 'BookingCancelled']);

/**
 * Per-person figures of a branch for a period of local days. The steps are read from the log (the
 * instant the command recorded, not the row's insert time) and kept to the branch's bookings through
 * the board's read model, which also names each booking's mechanic.
 */
export const createStaffActivity = (deps: { pool: Pool; catalog: CatalogRepository }) => {
  const { pool, catalog } = deps;

  return async (orgId: string, branchId: string, period: { from: string; to: string }): Promise<PersonActivity[]> => {
    const { from, to } = requirePeriod(period.from, period.to);
    const { branch } = await branchCatalogOf(catalog, orgId, branchId);
    const instant = (date: string) =>
      new Date(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: branch.timeZone }).epochMilliseconds);
    const since = instant(from);
    const until = instant(addDays(to, 1));
    const atExpr = Object.values(steps)
      .map(({ at }) => `message_data->>'${at}'`)
      .join(', ');
    const events = await pool.query<{ type: string; booking_id: string; by: string | null }>(
      `SELECT type, booking_id, by FROM (
         SELECT message_type AS type, message_data->>'bookingId' AS booking_id,
                CASE message_type ${Object.entries(steps)
                  .map(([type, { by }]) => `WHEN '${type}' THEN message_data->>'${by}'`)
                  .join(' ')} END AS by,
                (coalesce(${atExpr}))::timestamptz AS at
           FROM emt_messages WHERE message_type = ANY($1) AND message_metadata->>'orgId' = $2) steps
        WHERE at >= $3 AND at < $4`,
      [Object.keys(steps), orgId, since, until],
    );
    const ids = [...new Set(events.rows.map((row) => row.booking_id))];
    const bookings = await withOrg(pool, orgId, async (db) => {
      const { rows } = await db.query<{ id: string; mechanic_id: string | null }>(
        `SELECT id::text, mechanic_id::text FROM ${rm}.bookings WHERE branch_id = $1 AND id = ANY($2::uuid[])`,
        [branchId, ids],
      );
      return new Map(rows.map((row) => [row.id, row.mechanic_id]));
    });
    const [people, tasks] = await Promise.all([
      branchPeople(pool, orgId, branchId),
      pool.query<{ completed_by: string; n: number }>(
        `SELECT completed_by, count(*)::int AS n FROM tasks
          WHERE org_id = $1 AND branch_id = $2 AND status = 'Completed' AND completed_at >= $3 AND completed_at < $4
          GROUP BY completed_by`,
        [orgId, branchId, since, until],
      ),
    ]);
    const figures = new Map(
      people.rows.map((person) => [
        person.id,
        { ...person, bookingsCreated: 0, statusMoves: 0, calls: 0, tasksDone: 0, jobsDone: 0 } satisfies PersonActivity,
      ]),
    );
    for (const row of events.rows) {
      const bookingId = row.booking_id.toLowerCase();
      if (!bookings.has(bookingId)) continue;
      const by = row.by ? figures.get(row.by.toLowerCase()) : undefined;
      if (by) {
        if (row.type === 'BookingRequested') by.bookingsCreated += 1;
        else if (row.type === 'CallOutcomeRecorded') by.calls += 1;
        else if (STATUS_MOVES.has(row.type)) by.statusMoves += 1;
      }
      const mechanic = bookings.get(bookingId);
      if (row.type === 'BookingCompleted' && mechanic) {
        const person = figures.get(mechanic);
        if (person) person.jobsDone += 1;
      }
    }
    for (const row of tasks.rows) {
      const person = figures.get(row.completed_by);
      if (person) person.tasksDone += row.n;
    }
    return [...figures.values()];
  };
};

export type StaffActivity = ReturnType<typeof createStaffActivity>;
