import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

export type NewBay = { branchId: string; name: string; kinds: readonly string[]; active?: boolean };

export type NewService = {
  branchId: string;
  name: string;
  durationMinutes: number;
  bufferMinutes?: number;
  bayKind: string;
  priceRub?: number;
  multiDay?: boolean;
  maintenanceKm?: number | null;
  maintenanceMonths?: number | null;
};

/** A new bay at the end of the branch's list; the caller drops the catalogue cache. */
export const insertBay = async (db: Pool | PoolClient, orgId: string, bay: NewBay): Promise<string> => {
  const id = randomUUID();
  await db.query(
    `INSERT INTO bays (id, org_id, branch_id, name, kinds, active, position)
     VALUES ($1, $2, $3, $4, $5, $6, (SELECT count(*) FROM bays WHERE branch_id = $3))`,
    [id, orgId, bay.branchId, bay.name, bay.kinds, bay.active ?? true],
  );
  return id;
};

/** A new service at the end of the branch's list; the caller drops the catalogue cache. */
export const insertService = async (db: Pool | PoolClient, orgId: string, service: NewService): Promise<string> => {
  const id = randomUUID();
  await db.query(
    `INSERT INTO services (id, org_id, branch_id, name, duration_minutes, buffer_minutes, bay_kind, price_rub, multi_day,
                           maintenance_km, maintenance_months, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, (SELECT count(*) FROM services WHERE branch_id = $3))`,
    [
      id,
      orgId,
      service.branchId,
      service.name,
      service.durationMinutes,
      service.bufferMinutes ?? 0,
      service.bayKind,
      service.priceRub ?? 0,
      service.multiDay ?? false,
      service.maintenanceKm ?? null,
      service.maintenanceMonths ?? null,
    ],
  );
  return id;
};
