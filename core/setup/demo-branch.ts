import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { BookingStatus, CancelReason } from '../../domain/booking/booking.ts';
import type { WeeklyHours } from '../../domain/catalog/catalog.ts';
import {
  DEMO_BRANCH_NAME,
  demoClients,
  demoFateToday,
  demoVisits,
  type DemoFate,
  type DemoVisit,
} from '../../domain/setup/demo-week.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { MINUTE, Temporal, addDays, dateOf } from '../../domain/shared/time.ts';
import { PROJECTION } from '../../projections/checkpoint.ts';
import { READ_MODEL_SCHEMA, SWAP_LOCK } from '../../projections/schema.ts';
import { createBookingCommands } from '../booking/booking-commands.ts';
import { createRefusalLimiter } from '../booking/refusal-limits.ts';
import { applyStationTemplate } from '../catalog/apply-template.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Actor } from '../shared/actor.ts';
import type { StaffRoster } from '../staff/staff-roster.ts';
import type { Vault } from '../vault/vault.ts';

// ───────────────────────────── The demo branch ─────────────────────────────
// The product has many branches per organization, and every booking, bay-day and KPI row carries
// its branch; clients belong to the organization. So the demo is a branch of its own, registered
// in demo_branches, and its clients in demo_clients: the panel shows it under its own name, the
// organization-wide figures and the client list leave both registries out, and removal finds
// every row by them. Its bookings go through the booking commands like any other (sealed under
// each demo client's own key), with the clock set back so the past days carry their history.
// Removal shreds the demo clients' keys and deletes the demo rows of the read models and the
// settings; the events stay in the log, unreadable, and the registries stay too, so a replay's
// rows for the removed branch are still left out.

export type DemoStatus = { active: boolean; branchId: string | null; bookings: number; clients: number };

const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const everyDay = (open: string, close: string): WeeklyHours =>
  Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, { open, close, breaks: [] }]));

const fateOf = (visit: DemoVisit, start: number, end: number, now: number, lastOfDay: boolean): DemoFate =>
  visit.day === 0 ? demoFateToday(start, end, now, lastOfDay) : visit.fate;

/** The statuses a booking passes through to reach its fate, in order. */
const stepsTo = (fate: DemoFate): { status: BookingStatus; reason?: CancelReason }[] => {
  if (typeof fate === 'object') return [{ status: 'Cancelled', reason: fate.cancelled }];
  const path: BookingStatus[] = ['Confirmed', 'InProgress', 'Done'];
  return fate === 'New' ? [] : path.slice(0, path.indexOf(fate) + 1).map((status) => ({ status }));
};

export const createDemoBranch = (deps: {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  roster: StaffRoster;
  now: () => number;
}) => {
  const { pool, vault, catalog } = deps;

  const activeBranch = async (orgId: string): Promise<string | null> => {
    const { rows } = await pool.query<{ branch_id: string }>(
      'SELECT branch_id FROM demo_branches WHERE org_id = $1 AND removed_at IS NULL',
      [orgId],
    );
    return rows[0]?.branch_id ?? null;
  };

  const status = async (orgId: string): Promise<DemoStatus> => {
    const branchId = await activeBranch(orgId);
    if (!branchId) return { active: false, branchId: null, bookings: 0, clients: 0 };
    const { rows } = await pool.query<{ bookings: number; clients: number }>(
      `SELECT (SELECT count(*)::int FROM ${READ_MODEL_SCHEMA}.bookings WHERE org_id = $1 AND branch_id = $2) AS bookings,
              (SELECT count(*)::int FROM demo_clients WHERE org_id = $1 AND branch_id = $2) AS clients`,
      [orgId, branchId],
    );
    return { active: true, branchId, ...rows[0]! };
  };

  /** The demo branch and its week; made once (a second call answers with the one there is). */
  const create = async (owner: { orgId: string; userId: string }): Promise<DemoStatus> => {
    const { orgId } = owner;
    const branchId = randomUUID();
    const claimed = await pool.query<{ zone: string | null }>(
      `WITH lock AS (SELECT pg_advisory_xact_lock(hashtext('demo-branch:' || $1::text)))
       INSERT INTO demo_branches (branch_id, org_id, created_at)
       SELECT $2::uuid, $1::uuid, now() FROM lock
        WHERE NOT EXISTS (SELECT 1 FROM demo_branches WHERE org_id = $1::uuid AND removed_at IS NULL)
       RETURNING (SELECT time_zone FROM branches WHERE org_id = $1::uuid ORDER BY created_at LIMIT 1) AS zone`,
      [orgId, branchId],
    );
    if (!claimed.rowCount) return status(orgId);
    const timeZone = claimed.rows[0]!.zone ?? 'Europe/Moscow';
    await pool.query(
      `INSERT INTO branches (id, org_id, name, time_zone, hours, days_off, booking_horizon_days) VALUES ($1, $2, $3, $4, $5, '[]', 14)`,
      [branchId, orgId, DEMO_BRANCH_NAME, timeZone, JSON.stringify(everyDay('09:00', '20:00'))],
    );
    await applyStationTemplate({ pool, catalog }, orgId, branchId, 'general');
    await fillWeek(owner, branchId, timeZone);
    return status(orgId);
  };

  const fillWeek = async (owner: { orgId: string; userId: string }, branchId: string, timeZone: string) => {
    const { orgId } = owner;
    const realNow = deps.now();
    // A demo phone some client of the station already has stays out: the demo never touches a real client.
    const hashes = await Promise.all(demoClients.map((client) => vault.phoneHash(orgId, client.phone)));
    const { rows: taken } = await pool.query<{ phone_hash: string }>(
      'SELECT phone_hash FROM client_phones WHERE org_id = $1 AND phone_hash = ANY($2)',
      [orgId, hashes],
    );
    const usable = new Set(hashes.flatMap((hash, index) => (taken.some((row) => row.phone_hash === hash) ? [] : [index])));

    let clock = realNow;
    const commands = createBookingCommands({ ...deps, refusals: createRefusalLimiter(pool), now: () => clock });
    const { services } = (await catalog.forBranch(orgId, branchId))!;
    const staff: Actor = { orgId, userId: owner.userId };
    const client: Actor = { orgId, userId: null };
    const today = dateOf(realNow, timeZone);
    const startOf = (visit: DemoVisit) =>
      Temporal.PlainDateTime.from(`${addDays(today, visit.day)}T${visit.time}`).toZonedDateTime(timeZone).epochMilliseconds;
    const lastToday = Math.max(...demoVisits.filter((visit) => visit.day === 0).map(startOf));

    for (const visit of demoVisits) {
      if (!usable.has(visit.client)) continue;
      const person = demoClients[visit.client]!;
      const service = services.find((one) => one.name === visit.service)!;
      const start = startOf(visit);
      const end = start + service.durationMinutes * MINUTE;
      const requested = Math.min(start - visit.askedDaysBefore * DAY - 2 * HOUR, realNow - 3 * HOUR);
      clock = requested;
      const booking = await commands.place(visit.channel === 'phone' ? staff : client, {
        branchId,
        serviceIds: [service.id],
        start: new Date(start).toISOString(),
        client: { name: person.name, phone: person.phone },
        car: person.car,
        channel: visit.channel,
      });
      const steps = stepsTo(fateOf(visit, start, end, realNow, start === lastToday));
      for (const [index, step] of steps.entries()) {
        // Answered after the visit's delay; started on time and finished at its end, never later than now.
        const at = [requested + visit.answeredAfter * MINUTE, start, end][index]!;
        clock = Math.min(step.status === 'Cancelled' ? requested + visit.answeredAfter * MINUTE : at, realNow);
        await commands.changeStatus(staff, booking.id, step.status, step.reason);
      }
    }
    await pool.query(
      `INSERT INTO demo_clients (client_id, org_id, branch_id)
       SELECT client_id, org_id, $3 FROM client_phones WHERE org_id = $1 AND phone_hash = ANY($2)
       ON CONFLICT DO NOTHING`,
      [orgId, [...usable].map((index) => hashes[index]!), branchId],
    );
    await pool.query(
      'UPDATE demo_branches SET settled_position = (SELECT max(global_position) FROM emt_messages) WHERE branch_id = $1',
      [branchId],
    );
  };

  /** Whether the read models have applied the whole demo week (so none of it is written back after removal). */
  const settled = async (branchId: string): Promise<boolean> => {
    const { rows } = await pool.query<{ behind: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM emt_messages m, demo_branches d
          WHERE d.branch_id = $1 AND m.global_position <= coalesce(d.settled_position, (SELECT max(global_position) FROM emt_messages))
            AND (m.transaction_id, m.global_position) > coalesce(
              (SELECT (transaction_id, global_position) FROM ${READ_MODEL_SCHEMA}.checkpoints WHERE projection = $2),
              ('0'::xid8, 0::bigint))) AS behind`,
      [branchId, PROJECTION],
    );
    return !rows[0]!.behind;
  };

  /**
   * Removes the demo in one action: the demo clients' keys shredded, and every row of the demo
   * branch gone from the read models and the settings. A demo client the station has since met
   * for real (booked in another branch or brought by an imported file) keeps their key.
   */
  const remove = async (orgId: string): Promise<DemoStatus> => {
    const branchId = await activeBranch(orgId);
    if (!branchId) throw new DomainError('NOT_FOUND', 'There is no demo branch');
    for (let wait = 0; !(await settled(branchId)); wait++) {
      if (wait === 50) {
        throw new DomainError('ILLEGAL_TRANSITION', 'The demo week is still being laid out; remove it in a few seconds');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const db = await pool.connect();
    let shredded: string[] = [];
    try {
      await db.query('BEGIN');
      // No projection batch runs meanwhile, so none writes a demo row back after it is deleted.
      await db.query('SELECT pg_advisory_xact_lock($1)', [SWAP_LOCK]);
      const rm = READ_MODEL_SCHEMA;
      const { rows } = await db.query<{ client_id: string }>(
        `SELECT d.client_id FROM demo_clients d
          WHERE d.org_id = $1 AND d.branch_id = $2
            AND NOT EXISTS (SELECT 1 FROM ${rm}.bookings b WHERE b.client_id = d.client_id AND b.branch_id <> $2)
            AND NOT EXISTS (SELECT 1 FROM ${rm}.clients c WHERE c.id = d.client_id AND cardinality(c.import_batches) > 0)`,
        [orgId, branchId],
      );
      shredded = rows.map((row) => row.client_id);
      // Every read-model row of the demo branch or its clients, and every setting row of the branch
      // (shifts, reminders, …): found by column, so a read model added later is covered too. The
      // officer's records (requests, logs) are not the demo's to delete.
      const tables = await db.query<{ schema: string; name: string; column: string }>(
        `SELECT table_schema AS schema, table_name AS name, column_name AS column FROM information_schema.columns
          WHERE ((table_schema = $1 AND column_name IN ('branch_id', 'client_id')) OR (table_schema = 'public' AND column_name = 'branch_id'))
            AND table_name NOT IN ('demo_branches', 'demo_clients', 'bays', 'services', 'client_keys', 'client_phones')
            AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema IN ($1, 'public'))
          ORDER BY table_schema, table_name`,
        [rm],
      );
      for (const table of tables.rows) {
        const [target, value] = table.column === 'branch_id' ? ['$1::uuid', branchId] : ['ANY($1::uuid[])', shredded];
        await db.query(`DELETE FROM "${table.schema}"."${table.name}" WHERE "${table.column}" = ${target}`, [value]);
      }
      await db.query(`DELETE FROM ${rm}.clients WHERE id = ANY($1)`, [shredded]);
      await db.query('DELETE FROM services WHERE branch_id = $1', [branchId]);
      await db.query('DELETE FROM bays WHERE branch_id = $1', [branchId]);
      await db.query('DELETE FROM branches WHERE id = $1 AND org_id = $2', [branchId, orgId]);
      await db.query('UPDATE demo_branches SET removed_at = now() WHERE branch_id = $1', [branchId]);
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
      catalog.invalidate();
    }
    for (const clientId of shredded) await vault.shred(clientId);
    return status(orgId);
  };

  return { status, create, remove };
};

export type DemoBranch = ReturnType<typeof createDemoBranch>;
