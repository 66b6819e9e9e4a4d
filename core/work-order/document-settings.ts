import type { Pool } from 'pg';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireExecutor, type Executor } from '../../domain/work-order/executor.ts';
import { vatModes, type VatMode } from '../../domain/work-order/money.ts';
import { requireHourlyRate } from '../../domain/work-order/rates.ts';

/** What a work order prices and prints with: the organization's VAT mode and details, each branch's norm-hour rate. */
export type DocumentSettings = {
  vatMode: VatMode;
  executor: Executor | null;
  branches: { branchId: string; name: string; hourlyRateKopecks: number | null }[];
};

export type DocumentSettingsInput = {
  vatMode?: VatMode;
  executor?: Parameters<typeof requireExecutor>[0];
  rates?: { branchId: string; hourlyRateKopecks: number | null }[];
};

/**
 * The owner's settings behind work orders and their documents, kept with the organization and its
 * branches (settings, not history: a document already issued keeps the details it was printed with
 * in its own events). Everything in one save is checked before anything is written, then written
 * in one transaction.
 */
export const createDocumentSettings = (pool: Pool) => {
  const get = async (orgId: string): Promise<DocumentSettings> => {
    const [org, branches] = await Promise.all([
      pool.query<{
        vat_mode: VatMode;
        legal_name: string | null;
        inn: string | null;
        ogrn: string | null;
        legal_address: string | null;
        phone: string | null;
      }>('SELECT vat_mode, legal_name, inn, ogrn, legal_address, phone FROM organizations WHERE id = $1', [orgId]),
      pool.query<{ id: string; name: string; hourly_rate_kopecks: number | null }>(
        'SELECT id, name, hourly_rate_kopecks FROM branches WHERE org_id = $1 ORDER BY name, id',
        [orgId],
      ),
    ]);
    const row = org.rows[0];
    if (!row) throw new DomainError('NOT_FOUND', 'Organization not found');
    return {
      vatMode: row.vat_mode,
      executor: row.legal_name
        ? { legalName: row.legal_name, inn: row.inn, ogrn: row.ogrn, legalAddress: row.legal_address, phone: row.phone }
        : null,
      branches: branches.rows.map((b) => ({ branchId: b.id, name: b.name, hourlyRateKopecks: b.hourly_rate_kopecks })),
    };
  };

  const save = async (orgId: string, input: DocumentSettingsInput): Promise<DocumentSettings> => {
    if (input.vatMode !== undefined && !vatModes.includes(input.vatMode)) {
      throw new DomainError('VALIDATION', 'Unknown VAT mode', { field: 'vatMode' });
    }
    const executor = input.executor === undefined ? undefined : requireExecutor(input.executor);
    const rates = (input.rates ?? []).map((rate) => ({ ...rate, hourlyRateKopecks: requireHourlyRate(rate.hourlyRateKopecks) }));
    // Each branch once: with two rates for one branch, the last would win unseen.
    if (new Set(rates.map((rate) => rate.branchId.toLowerCase())).size !== rates.length) {
      throw new DomainError('VALIDATION', 'A branch is given more than one rate', { field: 'rates' });
    }
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      if (input.vatMode !== undefined) {
        await client.query('UPDATE organizations SET vat_mode = $2 WHERE id = $1', [orgId, input.vatMode]);
      }
      if (executor) {
        await client.query(
          'UPDATE organizations SET legal_name = $2, inn = $3, ogrn = $4, legal_address = $5, phone = $6 WHERE id = $1',
          [orgId, executor.legalName, executor.inn, executor.ogrn, executor.legalAddress, executor.phone],
        );
      }
      for (const rate of rates) {
        const { rowCount } = await client.query('UPDATE branches SET hourly_rate_kopecks = $3 WHERE org_id = $1 AND id = $2', [
          orgId,
          rate.branchId,
          rate.hourlyRateKopecks,
        ]);
        // Another organization's branch, or one that does not exist: nothing of this save is kept.
        if (rowCount !== 1) throw new DomainError('NOT_FOUND', 'Branch not found', { branchId: rate.branchId });
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    return get(orgId);
  };

  return { get, save };
};
