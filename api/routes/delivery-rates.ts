import { deliveryRates, deliveryRatesQuery } from '../../contract/deliveries.ts';
import { errors } from '../../contract/shared.ts';
import { getDeliveryRates } from '../../core/messaging/delivery-rates.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { reportScopeOf } from './report-scope.ts';

/**
 * The owner's delivery rates of client status messages (GET /api/kpis/deliveries): per channel of
 * the cascade and per message, for a period of days in the branch's zone, like the money report.
 */
export const deliveryRateRoutes = async (app: ContractApp, { reports, catalog }: AppDeps) => {
  app.get(
    '/api/kpis/deliveries',
    {
      config: { roles: ['owner', 'manager'] },
      schema: { tags: ['kpis'], querystring: deliveryRatesQuery, response: { 200: deliveryRates, ...errors } },
    },
    async (request) => {
      const scope = await reportScopeOf({ reports, catalog }, request, request.query);
      return getDeliveryRates(
        reports,
        // Records from before the branch was kept belong to no branch: only the whole station's figures hold them.
        { orgId: scope.orgId, branchIds: scope.branchIds, unbranched: scope.wholeStation },
        { from: scope.from, to: scope.to, timeZone: scope.timeZone },
      );
    },
  );
};
