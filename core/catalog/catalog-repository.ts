import type { Pool } from 'pg';
import { createHeardCache } from '../database/heard-cache.ts';
import type { Notifications } from '../database/notifications.ts';
import { SETTINGS_CHANGES_CHANNEL } from '../database/settings-changes.ts';
import type { Bay, Branch, Service, WeeklyHours } from '../../domain/catalog/catalog.ts';

/**
 * A branch as its settings hold it: the rules the domain books by, and what only people read — where
 * clients come and whom they call (null: the station's own), and how soon a new booking should be confirmed.
 */
export type BranchSettings = Branch & { address: string | null; phone: string | null; confirmTargetMinutes: number };

export type BranchCatalog = { branch: BranchSettings; bays: Bay[]; services: Service[] };

const toBranch = (row: Record<string, unknown>): BranchSettings => ({
  id: row.id as string,
  orgId: row.org_id as string,
  name: row.name as string,
  timeZone: row.time_zone as string,
  hours: row.hours as WeeklyHours,
  daysOff: row.days_off as string[],
  slotStepMinutes: row.slot_step_minutes as number,
  bookingHorizonDays: row.booking_horizon_days as number,
  changeNoticeMinutes: row.change_notice_minutes as number,
  confirmTargetMinutes: row.confirm_target_minutes as number,
  address: (row.address as string | null) ?? null,
  phone: (row.phone as string | null) ?? null,
});

export const toBay = (row: Record<string, unknown>): Bay => ({
  id: row.id as string,
  branchId: row.branch_id as string,
  name: row.name as string,
  kinds: row.kinds as string[],
  active: row.active as boolean,
});

export const toService = (row: Record<string, unknown>): Service => ({
  id: row.id as string,
  branchId: row.branch_id as string,
  name: row.name as string,
  durationMinutes: row.duration_minutes as number,
  bufferMinutes: row.buffer_minutes as number,
  bayKind: row.bay_kind as string,
  priceRub: row.price_rub as number,
  multiDay: row.multi_day as boolean,
  maintenanceKm: (row.maintenance_km as number | null | undefined) ?? null,
  maintenanceMonths: (row.maintenance_months as number | null | undefined) ?? null,
});

/**
 * Settings change rarely and every command needs them, so a branch's catalogue is cached in the
 * process: dropped at once when this process's settings routes write, and when any other process
 * (or an operator) changes the organization's branches, bays or services (settings-changes.ts).
 */
export const createCatalogRepository = (pool: Pool, notifications?: Notifications) => {
  const cache = createHeardCache<BranchCatalog | null>(notifications, SETTINGS_CHANGES_CHANNEL);

  const load = async (orgId: string, branchId: string): Promise<BranchCatalog | null> => {
    const [branches, bays, services] = await Promise.all([
      pool.query<Record<string, unknown>>('SELECT * FROM branches WHERE id = $1 AND org_id = $2', [branchId, orgId]),
      pool.query<Record<string, unknown>>('SELECT * FROM bays WHERE branch_id = $1 AND org_id = $2 ORDER BY position, name', [
        branchId,
        orgId,
      ]),
      pool.query<Record<string, unknown>>(
        'SELECT * FROM services WHERE branch_id = $1 AND org_id = $2 AND active ORDER BY position, name',
        [branchId, orgId],
      ),
    ]);
    if (!branches.rows[0]) return null;
    return { branch: toBranch(branches.rows[0]), bays: bays.rows.map(toBay), services: services.rows.map(toService) };
  };

  const forBranch = (orgId: string, branchId: string): Promise<BranchCatalog | null> =>
    cache.get(
      orgId,
      branchId,
      () => load(orgId, branchId),
      (found) => found !== null,
    );

  const listBranches = async (orgId: string): Promise<BranchSettings[]> =>
    (
      await pool.query<Record<string, unknown>>('SELECT * FROM branches WHERE org_id = $1 ORDER BY created_at, name', [orgId])
    ).rows.map(toBranch);

  return { forBranch, listBranches, invalidate: cache.clear };
};

export type CatalogRepository = ReturnType<typeof createCatalogRepository>;
