import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireDate, requireId } from '../../domain/shared/input-rules.ts';
import { Temporal, addDays } from '../../domain/shared/time.ts';
import {
  correctedDays,
  requireCorrection,
  requireIdleCutoff,
  workDays,
  workStretches,
  type WorkCorrection,
  type WorkMarkKind,
} from '../../domain/staff/working-time.ts';
import { branchCatalogOf } from '../booking/branch-catalog.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { Actor } from '../shared/actor.ts';

/** One person's day as the owner's table shows it; times to the minute in the branch's zone. */
export type WorkDayRow = {
  userId: string;
  date: string;
  start: string;
  end: string;
  activeMinutes: number;
  correction: { reason: string; byName: string; at: string } | null;
};

export type WorkingTimeTable = {
  from: string;
  to: string;
  idleCutoffMinutes: number;
  people: { id: string; name: string; role: string; activeMinutes: number; days: WorkDayRow[] }[];
};

const DAY_MS = 86_400_000;
const MAX_DAYS = 93;

const clock = (epochMs: number, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toPlainTime().toString({ smallestUnit: 'minute' });

/** The staff of a branch (owners, managers, mechanics), managers first: the rows of the owner's tables. */
export const branchPeople = (pool: Pool, orgId: string, branchId: string) =>
  pool.query<{ id: string; name: string; role: string }>(
    `SELECT id, name, role FROM users
      WHERE org_id = $1 AND role IN ('owner', 'manager', 'mechanic') AND (cardinality(branch_ids) = 0 OR $2::uuid = ANY(branch_ids))
      ORDER BY role = 'mechanic', name, id`,
    [orgId, branchId],
  );

/** A period of whole local days, both ends included, at most a quarter long. */
export const requirePeriod = (from: string, to: string): { from: string; to: string } => {
  requireDate(from, 'from');
  requireDate(to, 'to');
  if (to < from) throw new DomainError('VALIDATION', 'The period ends before it starts', { field: 'to' });
  if (Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to)).days >= MAX_DAYS) {
    throw new DomainError('VALIDATION', `A period is at most ${MAX_DAYS} days`, { field: 'to' });
  }
  return { from, to };
};

/**
 * Working time from sessions: the marks a panel reports (sign-in, heartbeats while the person is
 * active, sign-out), the owner's table of days per person in a branch's zone, and corrections with
 * a reason. Clock injected: the server stamps every mark itself, a panel never says when.
 */
export const createWorkingTime = (deps: { pool: Pool; catalog: CatalogRepository; now: () => number }) => {
  const { pool, catalog, now } = deps;

  /**
   * Records a mark; true when written. A heartbeat within half a minute of the person's last one adds
   * nothing (two open tabs, a panel that beats too often) and is not written.
   */
  const mark = async (orgId: string, userId: string, kind: WorkMarkKind): Promise<boolean> => {
    const at = new Date(now());
    const { rowCount } = await pool.query(
      `INSERT INTO work_marks (user_id, org_id, at, kind)
       SELECT $1, $2, $3, $4
        WHERE $4 <> 'beat' OR NOT EXISTS (
          SELECT 1 FROM work_marks WHERE org_id = $2 AND user_id = $1 AND kind = 'beat' AND at > $3::timestamptz - interval '30 seconds'
            AND at <= $3)`,
      [userId, orgId, at, kind],
    );
    return rowCount === 1;
  };

  const idleCutoff = async (orgId: string): Promise<number> => {
    const { rows } = await pool.query<{ minutes: number }>(
      'SELECT idle_cutoff_minutes AS minutes FROM organizations WHERE id = $1',
      [orgId],
    );
    return rows[0]?.minutes ?? 15;
  };

  const setIdleCutoff = async (actor: Actor, minutes: number): Promise<number> => {
    await pool.query('UPDATE organizations SET idle_cutoff_minutes = $2 WHERE id = $1', [
      actor.orgId,
      requireIdleCutoff(minutes),
    ]);
    return minutes;
  };

  const table = async (orgId: string, branchId: string, period: { from: string; to: string }): Promise<WorkingTimeTable> => {
    const { from, to } = requirePeriod(period.from, period.to);
    const { branch } = await branchCatalogOf(catalog, orgId, branchId);
    const timeZone = branch.timeZone;
    const cutoffMinutes = await idleCutoff(orgId);
    const people = await branchPeople(pool, orgId, branchId);
    const ids = people.rows.map((person) => person.id);
    // A day wide on each side covers every zone; the local dates then pick what belongs to the period.
    const since = new Date(Date.parse(`${from}T00:00:00Z`) - DAY_MS);
    const until = new Date(Date.parse(`${addDays(to, 1)}T00:00:00Z`) + DAY_MS);
    const [marks, corrections] = await Promise.all([
      pool.query<{ user_id: string; at: Date; kind: WorkMarkKind }>(
        `SELECT user_id, at, kind FROM work_marks WHERE org_id = $1 AND user_id = ANY($2::uuid[]) AND at >= $3 AND at < $4
          ORDER BY at`,
        [orgId, ids, since, until],
      ),
      pool.query<{
        user_id: string;
        day: string;
        start_at: Date;
        end_at: Date;
        active_ms: string;
        reason: string;
        by_name: string;
        corrected_by: string;
        corrected_at: Date;
      }>(
        `SELECT c.user_id, c.day::text AS day, c.start_at, c.end_at, c.active_ms::text AS active_ms, c.reason, c.corrected_by,
                u.name AS by_name, c.corrected_at
           FROM work_corrections c JOIN users u ON u.id = c.corrected_by
          WHERE c.org_id = $1 AND c.user_id = ANY($2::uuid[]) AND c.day BETWEEN $3 AND $4`,
        [orgId, ids, from, to],
      ),
    ]);
    const byName = new Map(corrections.rows.map((row) => [row.corrected_by, row.by_name]));
    return {
      from,
      to,
      idleCutoffMinutes: cutoffMinutes,
      people: people.rows.map((person) => {
        const own = marks.rows
          .filter((row) => row.user_id === person.id)
          .map((row) => ({ at: row.at.getTime(), kind: row.kind }));
        const recorded = workDays(workStretches(own, cutoffMinutes * 60_000), timeZone);
        const fixes: WorkCorrection[] = corrections.rows
          .filter((row) => row.user_id === person.id)
          .map((row) => ({
            date: row.day,
            start: row.start_at.getTime(),
            end: row.end_at.getTime(),
            activeMs: Number(row.active_ms),
            reason: row.reason,
            by: row.corrected_by,
            at: row.corrected_at.getTime(),
          }));
        const days = correctedDays(recorded, fixes)
          .filter((day) => from <= day.date && day.date <= to)
          .map((day): WorkDayRow => ({
            userId: person.id,
            date: day.date,
            start: clock(day.start, timeZone),
            end: clock(day.end, timeZone),
            activeMinutes: Math.round(day.activeMs / 60_000),
            correction: day.correction
              ? {
                  reason: day.correction.reason,
                  byName: byName.get(day.correction.by) ?? '',
                  at: Temporal.Instant.fromEpochMilliseconds(day.correction.at)
                    .toZonedDateTimeISO(timeZone)
                    .toString({ timeZoneName: 'never', smallestUnit: 'minute' }),
                }
              : null,
          }));
        return { ...person, activeMinutes: days.reduce((sum, day) => sum + day.activeMinutes, 0), days };
      }),
    };
  };

  /** The owner sets a day's times; the record of who, when and why is kept beside every earlier one. */
  const correct = async (
    actor: Actor & { userId: string },
    userId: string,
    input: { branchId: string; date: string; start: string; end: string; activeMinutes: number; reason: string },
  ): Promise<void> => {
    requireId(userId, 'id');
    const date = requireDate(input.date, 'date');
    const { branch } = await branchCatalogOf(catalog, actor.orgId, input.branchId);
    const person = await pool.query(
      `SELECT 1 FROM users WHERE id = $1 AND org_id = $2 AND role IN ('owner', 'manager', 'mechanic')
          AND (cardinality(branch_ids) = 0 OR $3::uuid = ANY(branch_ids))`,
      [userId, actor.orgId, input.branchId],
    );
    if (!person.rowCount) throw new DomainError('NOT_FOUND', 'Person not found in this branch', { userId });
    const at = (time: string) =>
      Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: branch.timeZone, plainTime: Temporal.PlainTime.from(time) })
        .epochMilliseconds;
    // An end at or before the start is the next morning: a shift past midnight.
    const start = at(input.start);
    const endSameDay = at(input.end);
    const end = endSameDay > start ? endSameDay : endSameDay + DAY_MS;
    const fixed = requireCorrection({ start, end, activeMinutes: input.activeMinutes, reason: input.reason, now: now() });
    await pool.query(
      `INSERT INTO work_corrections (id, user_id, org_id, day, start_at, end_at, active_ms, reason, corrected_by, corrected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        randomUUID(),
        userId,
        actor.orgId,
        date,
        new Date(fixed.start),
        new Date(fixed.end),
        fixed.activeMs,
        fixed.reason,
        actor.userId,
        new Date(now()),
      ],
    );
  };

  return { mark, idleCutoff, setIdleCutoff, table, correct };
};

export type WorkingTime = ReturnType<typeof createWorkingTime>;
