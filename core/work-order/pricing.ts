import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { DomainError } from '../../domain/shared/errors.ts';
import type { OrderLine, VatMode } from '../../domain/work-order/money.ts';
import { nextNumber } from '../database/counters.ts';

/** What a work costs by the catalogue: the service's fixed price, or its norm-hours at the branch's rate. */
export type CataloguePrice =
  | { name: string; pricing: 'fixed'; unitPriceKopecks: number; quantityMilli: number }
  | { name: string; pricing: 'hourly'; unitPriceKopecks: number; quantityMilli: number };

/** A work line at the catalogue's price: its quantity (norm-hours, or one) unless another is given. */
export const catalogueWorkLine = (
  price: CataloguePrice,
  serviceId: string,
  options: { quantityMilli?: number; discountPercent?: number } = {},
): OrderLine => ({
  lineId: randomUUID(),
  kind: 'work',
  name: price.name,
  serviceId,
  pricing: price.pricing,
  article: null,
  manufacturer: null,
  quantityMilli: options.quantityMilli ?? price.quantityMilli,
  unitPriceKopecks: price.unitPriceKopecks,
  discountPercent: options.discountPercent ?? 0,
});

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

  /** The next work order number of the organization; a number lost to a failed append leaves a gap, never a repeat. */
  nextNumber: (orgId: string): Promise<number> => nextNumber(pool, 'work_order_numbers', orgId),
});

export type Pricing = ReturnType<typeof createPricing>;
