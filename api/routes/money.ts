import type { FastifyRequest } from 'fastify';
import { errors } from '../../contract/shared.ts';
import { moneyKpiQuery, moneyKpis } from '../../contract/work-orders.ts';
import { realBranchIds } from '../../core/setup/demo-registry.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { toCsv, toXlsx } from '../../projections/kpi/index.ts';
import { getMoneyReport, moneyExportTables } from '../../projections/work-orders/money-report.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { assertBranch, sessionOf } from '../plugins/auth.ts';

const staff = { roles: ['owner', 'manager'] as const };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The money beside the booking KPIs (/api/kpis) and its downloads: days in the branch's zone (the
 * first visible branch's when none is named); «every branch» is the station's own, without a demo.
 */
export const moneyRoutes = async (app: ContractApp, { pool, catalog }: AppDeps) => {
  const reportOf = async (request: FastifyRequest, query: { branchId?: string; from: string; to: string }) => {
    const session = sessionOf(request);
    const { branchId, from, to } = query;
    if (branchId) assertBranch(session, branchId);
    if (from > to) throw new DomainError('VALIDATION', '"from" must not be after "to"', { field: 'from' });
    const branches = (await catalog.listBranches(session.orgId)).filter((branch) =>
      branchId ? branch.id === branchId : session.branchIds === null || session.branchIds.includes(branch.id),
    );
    if (branchId && branches.length === 0) throw new DomainError('NOT_FOUND', 'Branch not found', { branchId });
    const branchIds = branchId ? [branchId] : (session.branchIds ?? (await realBranchIds(pool, session.orgId)));
    return getMoneyReport(pool, session.orgId, branchIds, { from, to, timeZone: branches[0]?.timeZone ?? 'Europe/Moscow' });
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
