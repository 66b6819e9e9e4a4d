import type { FastifyRequest } from 'fastify';
import { errors } from '../../contract/shared.ts';
import { moneyKpiQuery, moneyKpis } from '../../contract/work-orders.ts';
import { toCsv, toXlsx } from '../../projections/kpi/index.ts';
import { getMoneyReport, moneyExportTables } from '../../projections/work-orders/money-report.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { reportScopeOf } from './report-scope.ts';

const staff = { roles: ['owner', 'manager'] as const };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The money beside the booking KPIs (/api/kpis) and its downloads: days in the branch's zone (the
 * first visible branch's when none is named); «every branch» is the station's own, without a demo.
 */
export const moneyRoutes = async (app: ContractApp, { reports, catalog }: AppDeps) => {
  const reportOf = async (request: FastifyRequest, query: { branchId?: string; from: string; to: string }) => {
    const { orgId, branchIds, from, to, timeZone } = await reportScopeOf({ reports, catalog }, request, query);
    return getMoneyReport(reports, orgId, branchIds, { from, to, timeZone });
  };

  app.get(
    '/api/kpis/money',
    { config: staff, schema: { tags: ['kpis'], querystring: moneyKpiQuery, response: { 200: moneyKpis, ...errors } } },
    (request) => reportOf(request, request.query),
  );

  const file = (contentType: string) =>
    ({
      tags: ['kpis'],
      querystring: moneyKpiQuery,
      response: { 200: { content: { [contentType]: { schema: { description: 'The money report as a download' } } } }, ...errors },
    }) as const;

  app.get('/api/kpis/money/export.csv', { config: staff, schema: file('text/csv') }, async (request, reply) => {
    const report = await reportOf(request, request.query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="money-${report.from}-${report.to}.csv"`)
      .send(toCsv(moneyExportTables(report)));
  });

  app.get('/api/kpis/money/export.xlsx', { config: staff, schema: file(XLSX) }, async (request, reply) => {
    const report = await reportOf(request, request.query);
    return reply
      .type(XLSX)
      .header('content-disposition', `attachment; filename="money-${report.from}-${report.to}.xlsx"`)
      .send(await toXlsx(moneyExportTables(report)));
  });
};
