import type { Pool } from 'pg';
import { stationTemplates, templateAdditions, type StationKind } from '../../domain/catalog/station-templates.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { CatalogRepository } from './catalog-repository.ts';
import { insertBay, insertService } from './catalog-writes.ts';

export type TemplateOutcome = { bays: string[]; services: string[] };

/**
 * Adds a station-kind template's missing bays and services to a branch, through the same writes as
 * the settings. One transaction under a lock per branch: a double tap adds them once.
 */
export const applyStationTemplate = async (
  deps: { pool: Pool; catalog: CatalogRepository },
  orgId: string,
  branchId: string,
  kind: StationKind,
): Promise<TemplateOutcome> => {
  const db = await deps.pool.connect();
  try {
    await db.query('BEGIN');
    await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`station-template:${branchId}`]);
    const branch = await db.query('SELECT 1 FROM branches WHERE id = $1 AND org_id = $2', [branchId, orgId]);
    if (!branch.rowCount) throw new DomainError('NOT_FOUND', 'Branch not found');
    const [bays, services] = await Promise.all([
      db.query<{ name: string; kinds: string[] }>('SELECT name, kinds FROM bays WHERE branch_id = $1', [branchId]),
      db.query<{ name: string }>('SELECT name FROM services WHERE branch_id = $1', [branchId]),
    ]);
    const additions = templateAdditions(stationTemplates[kind], {
      bays: bays.rows,
      serviceNames: services.rows.map((row) => row.name),
    });
    for (const bay of additions.bays) await insertBay(db, orgId, { branchId, ...bay });
    for (const service of additions.services) await insertService(db, orgId, { branchId, ...service });
    await db.query('COMMIT');
    return { bays: additions.bays.map((bay) => bay.name), services: additions.services.map((one) => one.name) };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.release();
    deps.catalog.invalidate();
  }
};
