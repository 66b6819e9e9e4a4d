import { leadSources, leadSourcesQuery } from '../../contract/lead-sources.ts';
import { errors } from '../../contract/shared.ts';
import type { BookingChannel } from '../../domain/booking/booking.ts';
import { daysSpan } from '../../domain/shared/time.ts';
import { getLeadSources } from '../../projections/board/queries.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { reportScopeOf } from './report-scope.ts';

/**
 * Where the clients of a period came from (GET /api/kpis/sources): the bookings requested in it by
 * channel and lead source (an advert's UTM tags, a QR's or a button's link), with how many were done
 * and cancelled — over the branch's days, like the money report.
 */
export const leadSourceRoutes = async (app: ContractApp, { reports, catalog }: AppDeps) => {
  app.get(
    '/api/kpis/sources',
    {
      config: { roles: ['owner', 'manager'] },
      schema: { tags: ['kpis'], querystring: leadSourcesQuery, response: { 200: leadSources, ...errors } },
    },
    async (request) => {
      const scope = await reportScopeOf({ reports, catalog }, request, request.query);
      const rows = await getLeadSources(reports, scope.orgId, scope.branchIds, daysSpan(scope));
      return {
        from: scope.from,
        to: scope.to,
        timeZone: scope.timeZone,
        rows: rows.map((row) => ({ ...row, channel: row.channel as BookingChannel })),
      };
    },
  );
};
