import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { requireServices } from '../../domain/catalog/catalog.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireDate, requireId } from '../../domain/shared/input-rules.ts';
import { addDays, toIso } from '../../domain/shared/time.ts';
import {
  dayOffImpact,
  requireAbsence,
  requireWeeklyShifts,
  type Absence,
  type AbsenceKind,
  type AssignedJob,
  type WeeklyShifts,
} from '../../domain/staff/shifts.ts';
import { withOrg } from '../../projections/reader.ts';
import { READ_MODEL_SCHEMA as rm } from '../../projections/schema.ts';
import type { BookingCommands } from '../booking/booking-commands.ts';
import { branchCatalogOf } from '../booking/branch-catalog.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import { inTransaction } from '../database/transaction.ts';
import type { Actor } from '../shared/actor.ts';
import { Refusal } from '../shared/refusal.ts';
import type { StaffRoster } from './staff-roster.ts';

/** A person of the station as the staff page shows them in one branch. */
export type StaffPerson = {
  id: string;
  name: string;
  role: string;
  active: boolean;
  startDate: string | null;
  skills: string[];
  shifts: WeeklyShifts;
  absences: { id: string; from: string; to: string; kind: AbsenceKind }[];
};

/** A booking a day off touches, in words the panel can show (times in the branch's zone). */
export type TouchedBooking = { bookingId: string; start: string; serviceNames: string[]; clientName: string | null };

export type DayOffAnswer = {
  recorded: boolean;
  absenceId: string | null;
  /** Jobs given to another mechanic on shift (on confirmation; as a plan before). */
  reassigned: (TouchedBooking & { mechanicName: string })[];
  /** Jobs nobody else can take then: the bookings to move. */
  toMove: TouchedBooking[];
};

const OPEN_STATUSES = ['New', 'Confirmed', 'InProgress'];
const DAY_MS = 86_400_000;

/**
 * Profiles, weekly patterns, days away and the «shifts required» switch (settings tables, see
 * core/database/staff-migrations.ts), and the day off that lists what it breaks before it is taken.
 */
export const createStaffServices = (deps: {
  pool: Pool;
  roster: StaffRoster;
  catalog: CatalogRepository;
  commands: BookingCommands;
}) => {
  const { pool, roster, catalog, commands } = deps;

  /**
   * The person works in one of `branchIds` (null: any branch), as the staff page of a branch lists
   * them; checked before anything is written. One beyond is answered like an unknown id, so a
   * manager of another branch learns nothing of who exists there.
   */
  const assertPersonIn = async (orgId: string, branchIds: readonly string[] | null, userId: string): Promise<void> => {
    requireId(userId, 'id');
    const { rowCount } = await pool.query(
      `SELECT 1 FROM users WHERE id = $1 AND org_id = $2 AND role IN ('owner', 'manager', 'mechanic')
          AND (cardinality(branch_ids) = 0 OR $3::uuid[] IS NULL OR branch_ids && $3::uuid[])`,
      [userId, orgId, branchIds],
    );
    if (!rowCount) throw new DomainError('NOT_FOUND', 'Person not found in this branch', { userId });
  };

  /** Refuses days away that touch ones already recorded for the person: one day is one absence. */
  const assertNoOverlap = async (db: Pool | PoolClient, orgId: string, userId: string, absence: Absence): Promise<void> => {
    const { rows } = await db.query<Absence & { id: string }>(
      `SELECT id, from_date::text AS "from", to_date::text AS "to", kind FROM staff_absences
        WHERE user_id = $1 AND org_id = $2 AND from_date <= $4 AND to_date >= $3 ORDER BY from_date, id LIMIT 1`,
      [userId, orgId, absence.from, absence.to],
    );
    const found = rows[0];
    if (found) {
      throw new Refusal(
        'conflict',
        'ABSENCE_OVERLAPS',
        `The person is already away from ${found.from} to ${found.to} (${found.kind}): change or remove that absence first`,
        { userId, absenceId: found.id, from: found.from, to: found.to, kind: found.kind },
      );
    }
  };

  /** The kinds of work of a branch (its bays' and services' words), each with the services that need it. */
  const skillsOf = async (orgId: string, branchId: string): Promise<{ kind: string; services: string[] }[]> => {
    const found = await branchCatalogOf(catalog, orgId, branchId);
    const kinds = [...new Set([...found.services.map((s) => s.bayKind), ...found.bays.flatMap((bay) => bay.kinds)])];
    return kinds.map((kind) => ({ kind, services: found.services.filter((s) => s.bayKind === kind).map((s) => s.name) }));
  };

  const people = async (orgId: string, branchId: string): Promise<StaffPerson[]> => {
    await branchCatalogOf(catalog, orgId, branchId);
    const { rows } = await pool.query<StaffPerson>(
      `SELECT u.id, u.name, u.role, u.active, p.start_date::text AS "startDate", coalesce(p.skills, '{}') AS skills,
              coalesce(s.pattern, '{}') AS shifts,
              coalesce((SELECT json_agg(json_build_object('id', a.id, 'from', a.from_date::text, 'to', a.to_date::text, 'kind', a.kind)
                                        ORDER BY a.from_date)
                          FROM staff_absences a WHERE a.user_id = u.id), '[]') AS absences
         FROM users u
         LEFT JOIN staff_profiles p ON p.user_id = u.id
         LEFT JOIN staff_shifts s ON s.user_id = u.id AND s.branch_id = $2
        WHERE u.org_id = $1 AND u.role IN ('owner', 'manager', 'mechanic')
          AND (cardinality(u.branch_ids) = 0 OR $2::uuid = ANY(u.branch_ids))
        ORDER BY u.role = 'mechanic' DESC, u.name, u.id`,
      [orgId, branchId],
    );
    return rows;
  };

  const person = async (orgId: string, branchId: string, userId: string): Promise<StaffPerson> => {
    const found = (await people(orgId, branchId)).find((candidate) => candidate.id === userId);
    if (!found) throw new DomainError('NOT_FOUND', 'Person not found in this branch', { userId });
    return found;
  };

  const setProfile = async (
    actor: Actor,
    userId: string,
    branchId: string,
    input: { startDate?: string | null; skills?: string[] },
  ): Promise<StaffPerson> => {
    await branchCatalogOf(catalog, actor.orgId, branchId);
    await assertPersonIn(actor.orgId, [branchId], userId);
    if (input.startDate) requireDate(input.startDate, 'startDate');
    if (input.skills) {
      const known = new Set((await skillsOf(actor.orgId, branchId)).map((skill) => skill.kind));
      const unknown = input.skills.find((skill) => !known.has(skill));
      if (unknown !== undefined) throw new DomainError('VALIDATION', 'Unknown kind of work in skills', { field: 'skills' });
    }
    await pool.query(
      `INSERT INTO staff_profiles (user_id, org_id, start_date, skills) VALUES ($1, $2, $3, coalesce($4::text[], '{}'))
       ON CONFLICT (user_id) DO UPDATE SET
         start_date = CASE WHEN $5 THEN EXCLUDED.start_date ELSE staff_profiles.start_date END,
         skills = coalesce($4::text[], staff_profiles.skills), updated_at = now()`,
      [
        userId,
        actor.orgId,
        input.startDate ?? null,
        input.skills ? [...new Set(input.skills)] : null,
        input.startDate !== undefined,
      ],
    );
    return person(actor.orgId, branchId, userId);
  };

  const setShifts = async (
    actor: Actor,
    userId: string,
    branchId: string,
    pattern: Record<string, { from: string; to: string }>,
  ): Promise<StaffPerson> => {
    const shifts = requireWeeklyShifts(pattern);
    await branchCatalogOf(catalog, actor.orgId, branchId);
    await assertPersonIn(actor.orgId, [branchId], userId);
    await pool.query(
      `INSERT INTO staff_shifts (user_id, branch_id, org_id, pattern) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, branch_id) DO UPDATE SET pattern = EXCLUDED.pattern, updated_at = now()`,
      [userId, branchId, actor.orgId, JSON.stringify(shifts)],
    );
    return person(actor.orgId, branchId, userId);
  };

  /** Open jobs given to the member that touch the days, as loaded from their streams (the read model only finds them). */
  const jobsOf = async (actor: Actor, branchId: string, userId: string, from: string, to: string) => {
    // A day wide on each side covers every zone; the streams then say which jobs touch the days.
    const since = Date.parse(`${from}T00:00:00Z`) - DAY_MS;
    const until = Date.parse(`${addDays(to, 1)}T00:00:00Z`) + DAY_MS;
    const rows = await withOrg(pool, actor.orgId, async (db) => {
      const found = await db.query<{ id: string; client_name: string | null }>(
        `SELECT b.id, c.name AS client_name FROM ${rm}.bookings b LEFT JOIN ${rm}.clients c ON c.id = b.client_id
          WHERE b.branch_id = $1 AND b.mechanic_id = $2 AND b.status = ANY($3) AND b.start_at < $5 AND b.end_at > $4
          ORDER BY b.start_at, b.id`,
        [branchId, userId, OPEN_STATUSES, new Date(since).toISOString(), new Date(until).toISOString()],
      );
      return found.rows;
    });
    const loaded = await Promise.all(rows.map(async (row) => ({ row, booking: await commands.loadBooking(actor, row.id) })));
    // The read model may lag: keep what the streams say is still the member's and still touches the days.
    return loaded.filter(
      ({ booking }) =>
        booking.mechanicId === userId &&
        OPEN_STATUSES.includes(booking.status) &&
        booking.segments.some((segment) => from <= segment.date && segment.date <= to),
    );
  };

  /**
   * A day (or days) away. Without `confirm` it only answers what it would do: the jobs another
   * mechanic on shift takes over and the bookings nobody can take (to move). With `confirm` it records
   * the absence and gives the jobs over; the bookings to move stay with the member until moved.
   */
  const takeDayOff = async (
    actor: Actor,
    userId: string,
    input: { branchId: string; from: string; to: string; kind: AbsenceKind; confirm: boolean; seen?: string[] },
  ): Promise<DayOffAnswer> => {
    requireId(userId, 'id');
    const absence = requireAbsence({
      from: requireDate(input.from, 'from'),
      to: requireDate(input.to, 'to'),
      kind: input.kind,
    });
    const found = await branchCatalogOf(catalog, actor.orgId, input.branchId);
    await assertPersonIn(actor.orgId, [input.branchId], userId);
    // A repeat or an overlap is refused before the dry run lists jobs it would never give away.
    await assertNoOverlap(pool, actor.orgId, userId, absence);
    const timeZone = found.branch.timeZone;
    const [mechanics, shiftsRequired] = await Promise.all([
      roster.mechanics(actor.orgId, input.branchId),
      roster.shiftsRequired(actor.orgId),
    ]);
    const member = mechanics.find((candidate) => candidate.id === userId);
    const touched = member ? await jobsOf(actor, input.branchId, userId, absence.from, absence.to) : [];
    const jobs: AssignedJob[] = touched.map(({ booking }) => ({
      bookingId: booking.bookingId,
      services: requireServices(found.services, booking.serviceIds),
      segments: booking.segments.map((segment) => ({
        date: segment.date,
        from: Date.parse(segment.from),
        to: Date.parse(segment.to),
      })),
    }));
    const held = member
      ? await roster.jobsBetween(
          actor.orgId,
          input.branchId,
          Date.parse(`${absence.from}T00:00:00Z`) - DAY_MS,
          Date.parse(`${addDays(absence.to, 1)}T00:00:00Z`) + DAY_MS,
        )
      : [];
    const impact = member
      ? dayOffImpact({ member, absence, jobs, others: mechanics, timeZone, shiftsRequired, held })
      : { reassigned: [], toMove: [] };
    const describe = (bookingId: string): TouchedBooking => {
      const { row, booking } = touched.find((candidate) => candidate.booking.bookingId === bookingId)!;
      return {
        bookingId,
        start: toIso(Date.parse(booking.start), timeZone),
        serviceNames: requireServices(found.services, booking.serviceIds).map((service) => service.name),
        clientName: row.client_name,
      };
    };
    const nameOf = (id: string) => mechanics.find((candidate) => candidate.id === id)?.name ?? '';
    let absenceId: string | null = null;
    if (input.confirm) {
      // What is confirmed is what the dry run showed: a job given or booked meanwhile changes the
      // lists, and the planner sees the new ones before anything is done.
      const now = [...impact.reassigned.map((job) => job.bookingId), ...impact.toMove].sort();
      if (
        input.seen &&
        input.seen
          .map((id) => id.toLowerCase())
          .sort()
          .join() !== now.join()
      ) {
        throw new DomainError('DAY_OFF_CHANGED', 'The bookings on those days changed since the check: look at the new list', {
          userId,
        });
      }
      absenceId = await inTransaction(pool, async (db) => {
        // One confirmation per person at a time, across processes, so two at once cannot both find the
        // days free. A second one is refused rather than left waiting: a waiter would hold a pooled
        // connection the first may need to give the jobs over.
        const locked = await db.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
          `staff-absences:${userId}`,
        ]);
        if (!locked.rows[0]?.locked) {
          throw new Refusal(
            'conflict',
            'ABSENCE_BUSY',
            'Another absence of this person is being recorded right now: look at the staff page and try again',
            { userId },
          );
        }
        await assertNoOverlap(db, actor.orgId, userId, absence);
        // The jobs are given over first and the absence is written last: a refusal on the way leaves no
        // day off recorded, and trying again finds the jobs already given and finishes the rest.
        for (const { bookingId, mechanicId } of impact.reassigned) await commands.assign(actor, bookingId, mechanicId);
        const id = randomUUID();
        await db.query(
          `INSERT INTO staff_absences (id, user_id, org_id, from_date, to_date, kind, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, userId, actor.orgId, absence.from, absence.to, absence.kind, actor.userId],
        );
        return id;
      });
    }
    return {
      recorded: input.confirm,
      absenceId,
      reassigned: impact.reassigned.map(({ bookingId, mechanicId }) => ({
        ...describe(bookingId),
        mechanicName: nameOf(mechanicId),
      })),
      toMove: impact.toMove.map(describe),
    };
  };

  /** `branchIds`: the branches the actor is limited to (null: all); the person must work in one of them. */
  const removeAbsence = async (
    actor: Actor,
    userId: string,
    absenceId: string,
    branchIds: readonly string[] | null,
  ): Promise<void> => {
    await assertPersonIn(actor.orgId, branchIds, userId);
    requireId(absenceId, 'absenceId');
    const { rowCount } = await pool.query('DELETE FROM staff_absences WHERE id = $1 AND user_id = $2 AND org_id = $3', [
      absenceId,
      userId,
      actor.orgId,
    ]);
    if (!rowCount) throw new DomainError('NOT_FOUND', 'Absence not found', { absenceId });
  };

  const setShiftsRequired = async (actor: Actor, required: boolean): Promise<boolean> => {
    await pool.query('UPDATE organizations SET shifts_required = $2 WHERE id = $1', [actor.orgId, required]);
    roster.shiftsRequiredChanged(actor.orgId);
    return required;
  };

  return {
    skillsOf,
    people,
    setProfile,
    setShifts,
    takeDayOff,
    removeAbsence,
    shiftsRequired: (actor: Actor) => roster.shiftsRequired(actor.orgId),
    setShiftsRequired,
  };
};

export type StaffServices = ReturnType<typeof createStaffServices>;
