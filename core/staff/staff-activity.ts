import type { Pool } from 'pg';
import { Temporal, addDays } from '../../domain/shared/time.ts';
import { withOrg } from '../../projections/reader.ts';
import { READ_MODEL_SCHEMA as rm } from '../../projections/schema.ts';
import { branchCatalogOf } from '../booking/branch-catalog.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import { branchPeople, requirePeriod } from './working-time.ts';

/** The middle value (the mean of the two middle ones for an even count), rounded to whole minutes. */
const medianMinutes = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(median);
};

/** What one person did in a period: counted from the booking events (who did it is on each) and the tasks. */
export type PersonActivity = {
  id: string;
  name: string;
  role: string;
  /** Bookings they took (by phone, in the panel): BookingRequested by them. */
  bookingsCreated: number;
  /** Bookings they confirmed, started, finished or cancelled. */
  statusMoves: number;
  /** Bookings they confirmed, and the median minutes from the booking's request to their confirmation. */
  confirmations: number;
  confirmMedianMinutes: number | null;
  /** Answers they sent to clients' messages (the organization's inbox, not one branch's). */
  messagesAnswered: number;
  /** Call outcomes they recorded. */
  calls: number;
  tasksDone: number;
  /** Finished bookings given to them as the mechanic. */
  jobsDone: number;
  /** Clients they answer for now (the organization's, not one branch's). */
  clients: number;
  /** Bookings of the clients they answer for now, finished in the period in this branch. */
  clientVisits: number;
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
    const events = await pool.query<{ type: string; booking_id: string; by: string | null; at: Date }>(
      `SELECT type, booking_id, by, at FROM (
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
    const [bookings, answering] = await withOrg(pool, orgId, async (db) => {
      const { rows } = await db.query<{ id: string; mechanic_id: string | null; manager_id: string | null }>(
        `SELECT b.id::text, b.mechanic_id::text, c.manager_id::text
           FROM ${rm}.bookings b LEFT JOIN ${rm}.clients c ON c.id = b.client_id
          WHERE b.branch_id = $1 AND b.id = ANY($2::uuid[])`,
        [branchId, ids],
      );
      const clients = await db.query<{ manager_id: string; n: number }>(
        `SELECT manager_id::text, count(*)::int AS n FROM ${rm}.clients WHERE manager_id IS NOT NULL AND NOT erased GROUP BY 1`,
      );
      return [
        new Map(rows.map((row) => [row.id, { mechanic: row.mechanic_id, manager: row.manager_id }])),
        new Map(clients.rows.map((row) => [row.manager_id, row.n])),
      ] as const;
    });
    const confirmed = events.rows.filter((row) => row.type === 'BookingConfirmed' && bookings.has(row.booking_id.toLowerCase()));
    const [people, tasks, requested, replies] = await Promise.all([
      branchPeople(pool, orgId, branchId),
      pool.query<{ completed_by: string; n: number }>(
        `SELECT completed_by, count(*)::int AS n FROM tasks
          WHERE org_id = $1 AND branch_id = $2 AND status = 'Completed' AND completed_at >= $3 AND completed_at < $4
          GROUP BY completed_by`,
        [orgId, branchId, since, until],
      ),
      // When each confirmed booking was asked for, which may lie before the period.
      pool.query<{ booking_id: string; at: Date }>(
        `SELECT lower(message_data->>'bookingId') AS booking_id, (message_data->>'requestedAt')::timestamptz AS at
           FROM emt_messages WHERE stream_id = ANY($1::text[]) AND message_type = 'BookingRequested'`,
        [confirmed.map((row) => `booking-${row.booking_id}`)],
      ),
      pool.query<{ by: string; n: number }>(
        `SELECT lower(message_data->>'repliedBy') AS by, count(*)::int AS n FROM emt_messages
          WHERE message_type = 'ManagerReplied' AND message_data->>'orgId' = $1
            AND (message_data->>'repliedAt')::timestamptz >= $2 AND (message_data->>'repliedAt')::timestamptz < $3
          GROUP BY 1`,
        [orgId, since, until],
      ),
    ]);
    const requestedAt = new Map(requested.rows.map((row) => [row.booking_id, row.at.getTime()]));
    const figures = new Map(
      people.rows.map((person) => [
        person.id,
        {
          ...person,
          bookingsCreated: 0,
          statusMoves: 0,
          confirmations: 0,
          confirmMedianMinutes: null as number | null,
          messagesAnswered: 0,
          calls: 0,
          tasksDone: 0,
          jobsDone: 0,
          clients: answering.get(person.id) ?? 0,
          clientVisits: 0,
        } satisfies PersonActivity,
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
      const { mechanic, manager } = bookings.get(bookingId)!;
      if (row.type === 'BookingCompleted') {
        const worker = mechanic ? figures.get(mechanic) : undefined;
        if (worker) worker.jobsDone += 1;
        const responsible = manager ? figures.get(manager) : undefined;
        if (responsible) responsible.clientVisits += 1;
      }
    }
    const waits = new Map<string, number[]>();
    for (const row of confirmed) {
      const asked = requestedAt.get(row.booking_id.toLowerCase());
      const by = row.by?.toLowerCase();
      if (asked === undefined || !by || !figures.has(by)) continue;
      waits.set(by, [...(waits.get(by) ?? []), (row.at.getTime() - asked) / 60_000]);
    }
    for (const [id, minutes] of waits) {
      const person = figures.get(id)!;
      person.confirmations = minutes.length;
      person.confirmMedianMinutes = medianMinutes(minutes);
    }
    for (const row of replies.rows) {
      const person = figures.get(row.by);
      if (person) person.messagesAnswered = row.n;
    }
    for (const row of tasks.rows) {
      const person = figures.get(row.completed_by);
      if (person) person.tasksDone += row.n;
    }
    return [...figures.values()];
  };
};

export type StaffActivity = ReturnType<typeof createStaffActivity>;
