import type { Pool } from 'pg';
import { createHeardCache } from '../database/heard-cache.ts';
import type { Notifications } from '../database/notifications.ts';
import { SETTINGS_CHANGES_CHANNEL } from '../database/settings-changes.ts';
import type { Absence, MechanicJob, StaffMember, WeeklyShifts } from '../../domain/staff/shifts.ts';
import { withOrg } from '../../projections/reader.ts';
import { READ_MODEL_SCHEMA as rm } from '../../projections/schema.ts';

/** A mechanic of a branch with the name the panel shows. */
export type RosterMember = StaffMember & { readonly name: string };

/**
 * The mechanics of a branch as the planner needs them (skills, the branch's weekly pattern, days
 * away), read from the staff settings tables on every call: they are small, and a sick day entered
 * in one process must count in every other at once. Only the «shifts required» switch is cached.
 */
export const createStaffRoster = (pool: Pool, notifications?: Notifications, now: () => number = Date.now) => {
  // The switch itself is read by every booking and changed by an owner once in a while: cached,
  // and dropped when any process changes it (settings-changes.ts).
  const switches = createHeardCache<boolean>(notifications, SETTINGS_CHANGES_CHANNEL);

  const readShiftsRequired = async (orgId: string): Promise<boolean> => {
    const { rows } = await pool.query<{ shifts_required: boolean }>('SELECT shifts_required FROM organizations WHERE id = $1', [
      orgId,
    ]);
    return rows[0]?.shifts_required ?? false;
  };
  const shiftsRequired = (orgId: string): Promise<boolean> => switches.get(orgId, 'shifts', () => readShiftsRequired(orgId));

  const mechanics = async (orgId: string, branchId: string): Promise<RosterMember[]> => {
    const { rows } = await pool.query<{
      id: string;
      name: string;
      active: boolean;
      start_date: string | null;
      skills: string[] | null;
      pattern: WeeklyShifts | null;
      absences: Absence[];
    }>(
      `SELECT u.id, u.name, u.active, p.start_date::text AS start_date, p.skills, s.pattern,
              coalesce((SELECT json_agg(json_build_object('from', a.from_date::text, 'to', a.to_date::text, 'kind', a.kind)
                                        ORDER BY a.from_date)
                          FROM staff_absences a WHERE a.user_id = u.id), '[]') AS absences
         FROM users u
         LEFT JOIN staff_profiles p ON p.user_id = u.id
         LEFT JOIN staff_shifts s ON s.user_id = u.id AND s.branch_id = $2
        WHERE u.org_id = $1 AND u.role = 'mechanic' AND (cardinality(u.branch_ids) = 0 OR $2::uuid = ANY(u.branch_ids))
        ORDER BY u.name, u.id`,
      [orgId, branchId],
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      active: row.active,
      startDate: row.start_date,
      skills: row.skills ?? [],
      shifts: row.pattern ?? {},
      absences: row.absences,
    }));
  };

  /** The branch's mechanics when the organization requires staff on shift; null when it does not. */
  const requiredFor = async (orgId: string, branchId: string): Promise<RosterMember[] | null> =>
    (await shiftsRequired(orgId)) ? mechanics(orgId, branchId) : null;

  /**
   * How many open jobs each mechanic holds overlapping [from, to), from the board's read model: a
   * soft preference for spreading work (it may lag the log by a moment), never a rule.
   */
  const busyBetween = async (orgId: string, branchId: string, from: number, to: number): Promise<(id: string) => number> => {
    const counts = await withOrg(pool, orgId, async (db) => {
      const { rows } = await db.query<{ mechanic_id: string; n: number }>(
        `SELECT mechanic_id, count(*)::int AS n FROM ${rm}.bookings
          WHERE branch_id = $1 AND mechanic_id IS NOT NULL AND status IN ('New', 'Confirmed', 'InProgress')
            AND start_at < $3 AND end_at > $2
          GROUP BY mechanic_id`,
        [branchId, new Date(from).toISOString(), new Date(to).toISOString()],
      );
      return new Map(rows.map((row) => [row.mechanic_id, row.n]));
    });
    return (id) => counts.get(id) ?? 0;
  };

  /**
   * The open jobs given to mechanics of a branch that overlap [from, to), from the board's read model
   * (it follows the log by a moment: two managers assigning the same mechanic in that moment are not
   * caught here).
   */
  const jobsBetween = async (orgId: string, branchId: string, from: number, to: number): Promise<MechanicJob[]> => {
    // The branch's mechanics' jobs in other branches too: one person works one car at a time wherever it is.
    const { rows: own } = await pool.query<{ id: string }>(
      `SELECT id::text FROM users WHERE org_id = $1 AND role = 'mechanic' AND (cardinality(branch_ids) = 0 OR $2::uuid = ANY(branch_ids))`,
      [orgId, branchId],
    );
    return withOrg(pool, orgId, async (db) => {
      // A job under way keeps its mechanic past its booked end as long as it holds its bay, and until
      // now in the minutes before its first longer hold (a job forgotten in work keeps nobody for days).
      const { rows } = await db.query<{ id: string; mechanic_id: string; start_at: Date; end_at: Date }>(
        `SELECT id::text, mechanic_id::text, start_at, busy_until AS end_at
           FROM ${rm}.bookings,
                LATERAL (SELECT CASE WHEN status = 'InProgress' THEN greatest(end_at, held_until, least($4::timestamptz, end_at + interval '30 minutes'))
                                 ELSE end_at END AS busy_until) busy
          WHERE mechanic_id IS NOT NULL AND status IN ('New', 'Confirmed', 'InProgress') AND start_at < $3 AND busy_until > $2
            AND (branch_id = $1 OR mechanic_id = ANY($5::uuid[]))`,
        [
          branchId,
          new Date(from).toISOString(),
          new Date(to).toISOString(),
          new Date(now()).toISOString(),
          own.map((row) => row.id),
        ],
      );
      return rows.map((row) => ({
        bookingId: row.id,
        mechanicId: row.mechanic_id,
        from: row.start_at.getTime(),
        to: row.end_at.getTime(),
      }));
    });
  };

  /** This process changed the switch: its next booking must not wait to hear it. */
  const shiftsRequiredChanged = (orgId: string): void => switches.drop(orgId);

  return { shiftsRequired, shiftsRequiredChanged, mechanics, requiredFor, busyBetween, jobsBetween };
};

export type StaffRoster = ReturnType<typeof createStaffRoster>;
