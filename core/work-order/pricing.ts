import type { Pool } from 'pg';
import { DomainError } from '../../domain/shared/errors.ts';
import type { VatMode } from '../../domain/work-order/money.ts';

/** What a work costs by the catalogue: the service's fixed price, or its norm-hours at the branch's rate. */
export type CataloguePrice =
  | { name: string; pricing: 'fixed'; unitPriceKopecks: number; quantityMilli: number }
  | { name: string; pricing: 'hourly'; unitPriceKopecks: number; quantityMilli: number };

export const createPricing = (pool: Pool) => ({
  vatModeOf: async (orgId: string): Promise<VatMode> => {
    const { rows } = await pool.query<{ vat_mode: VatMode }>('SELECT vat_mode FROM organizations WHERE id = $1', [orgId]);
    return rows[0]?.vat_mode ?? 'none';
  },

  /** A service of the branch, priced; norm-hours count at the branch's rate per hour. */
  workPrice: async (orgId: string, branchId: string, serviceId: string): Promise<CataloguePrice> => {
    const { rows } = await pool.query<{ name: string; price_rub: number; norm_hours_milli: number | null; rate: number | null }>(
      `SELECT s.name, s.price_rub, s.norm_hours_milli, b.hourly_rate_kopecks AS rate
         FROM services s JOIN branches b ON b.id = s.branch_id
        WHERE s.id = $1 AND s.org_id = $2 AND s.branch_id = $3`,
      [serviceId, orgId, branchId],
    );
    const service = rows[0];
    if (!service) throw new DomainError('NOT_FOUND', 'Service not found', { serviceId });
    if (service.norm_hours_milli === null) {
      return { name: service.name, pricing: 'fixed', unitPriceKopecks: service.price_rub * 100, quantityMilli: 1000 };
    }
    if (service.rate === null) {
      throw new DomainError('VALIDATION', 'The branch has no rate per norm-hour yet', { field: 'hourlyRate' });
    }
    return { name: service.name, pricing: 'hourly', unitPriceKopecks: service.rate, quantityMilli: service.norm_hours_milli };
  },

  /** The next document number of the organization; a number lost to a failed append leaves a gap, never a repeat. */
  nextNumber: async (orgId: string): Promise<number> => {
    const { rows } = await pool.query<{ last_number: number }>(
      `INSERT INTO work_order_numbers (org_id, last_number) VALUES ($1, 1)
       ON CONFLICT (org_id) DO UPDATE SET last_number = work_order_numbers.last_number + 1
       RETURNING last_number`,
      [orgId],
    );
    return rows[0]!.last_number;
  },
});

export type Pricing = ReturnType<typeof createPricing>;
