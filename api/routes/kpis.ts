import type { FastifyRequest } from 'fastify';
import { historyBoard, historyBoardQuery } from '../../contract/board.ts';
import { historyKpiQuery, historyList, kpiQuery, kpiReport, type KpiQuery } from '../../contract/kpis.ts';
import { errors } from '../../contract/shared.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { Temporal } from '../../domain/shared/time.ts';
import {
  exportTables,
  getKpiReport,
  shiftDate,
  toCsv,
  toXlsx,
  type ExportNames,
  type KpiReport,
} from '../../projections/kpi/index.ts';
import { realBranchIds } from '../../core/setup/demo-registry.ts';
import { getBoard } from '../../projections/board/queries.ts';
import { asOfSchemaName, hasHistory, listHistory, parseAsOf } from '../../projections/replay.ts';
import { READ_MODEL_SCHEMA } from '../../projections/schema.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { assertBranch, sessionOf } from '../plugins/auth.ts';
import { assertReportPeriod } from './report-scope.ts';

const DEFAULT_DAYS = 7;
const FALLBACK_ZONE = 'Europe/Moscow';

const staff = { roles: ['owner', 'manager'] as const };

/**
 * Owner KPIs and their downloads: per branch (or every branch the user may see), per period of
 * branch-local days against the previous period of equal length, optionally per manager, live or
 * from a history built as of an instant (`npm run replay -- --as-of …`).
 */
export const kpiRoutes = async (app: ContractApp, { reports, catalog, now }: AppDeps) => {
  /** The schema and clock of a request: live, or a history that was built. */
  const sourceOf = async (asOfText: string | undefined) => {
    if (asOfText === undefined) return { schema: READ_MODEL_SCHEMA, now: now(), asOf: null };
    // A `+` left unencoded in a query string arrives as a space.
    const asOf = parseAsOf(asOfText.replace(/ (\d\d:?\d\d)$/, '+$1'));
    if (!asOf) throw new DomainError('VALIDATION', 'asOf must be a whole minute with an offset, e.g. 2026-10-01T00:00+03:00');
    const schema = asOfSchemaName(asOf);
    if (!(await hasHistory(reports, schema))) {
      throw new DomainError(
        'NOT_FOUND',
        `No history as of ${asOf.toString()}; build it with npm run replay -- --as-of <instant>`,
        {
          asOf: asOf.toString(),
        },
      );
    }
    return { schema, now: asOf.epochMilliseconds, asOf: asOf.toString() };
  };

  /** Branch names and zones for a download's headings: it names branches, never gives their ids. */
  const namesOf = async (request: FastifyRequest): Promise<ExportNames> => ({
    branches: new Map(
      (await catalog.listBranches(sessionOf(request).orgId)).map((branch) => [
        branch.id,
        { name: branch.name, timeZone: branch.timeZone },
      ]),
    ),
  });

  const reportOf = async (request: FastifyRequest, query: KpiQuery) => {
    const session = sessionOf(request);
    let timeZone = FALLBACK_ZONE;
    if (query.branchId) {
      assertBranch(session, query.branchId);
      const found = await catalog.forBranch(session.orgId, query.branchId);
      if (!found) throw new DomainError('NOT_FOUND', 'Branch not found', { branchId: query.branchId });
      timeZone = found.branch.timeZone;
    } else {
      const visible = (await catalog.listBranches(session.orgId)).filter(
        (branch) => session.branchIds === null || session.branchIds.includes(branch.id),
      );
      timeZone = visible[0]?.timeZone ?? FALLBACK_ZONE;
    }
    const source = await sourceOf(query.asOf);
    const today = Temporal.Instant.fromEpochMilliseconds(source.now).toZonedDateTimeISO(timeZone).toPlainDate().toString();
    const to = query.to ?? (query.from ? shiftDate(query.from, DEFAULT_DAYS - 1) : today);
    const from = query.from ?? shiftDate(to, -(DEFAULT_DAYS - 1));
    assertReportPeriod(from, to);
    const report = await getKpiReport(reports, {
      orgId: session.orgId,
      schema: source.schema,
      // «Every branch» is the station's own: a demo branch is seen only when asked for by name.
      branchIds: query.branchId ? [query.branchId] : (session.branchIds ?? (await realBranchIds(reports, session.orgId))),
      managerId: query.managerId ?? null,
      from,
      to,
      groupBy: query.groupBy ?? 'day',
      now: source.now,
    });
    // The report still says «the whole station» (null) when no branch was asked for: a demo is not the station's.
    const scope = !query.branchId && !session.branchIds ? { ...report.scope, branchIds: null } : report.scope;
    return { report: { ...report, scope }, asOf: source.asOf };
  };

  const fileName = ({ scope }: KpiReport, asOf: string | null, extension: string) =>
    `kpi-${scope.from}-${scope.to}${asOf ? `-as-of-${asOf.replace(/\D/g, '').slice(0, 12)}` : ''}.${extension}`;

  // The downloads are files, not JSON: their answers are stated by content type.
  const file = (contentType: string) =>
    ({
      tags: ['kpis'],
      querystring: kpiQuery,
      response: { 200: { content: { [contentType]: { schema: { description: 'The report as a download' } } } }, ...errors },
    }) as const;

  app.get(
    '/api/kpis',
    { config: staff, schema: { tags: ['kpis'], querystring: kpiQuery, response: { 200: kpiReport, ...errors } } },
    async (request) => {
      const { report, asOf } = await reportOf(request, request.query);
      return { asOf, ...report };
    },
  );

  app.get('/api/kpis/export.csv', { config: staff, schema: file('text/csv') }, async (request, reply) => {
    const { report, asOf } = await reportOf(request, request.query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(report, asOf, 'csv')}"`)
      .send(toCsv(exportTables(report, asOf, await namesOf(request))));
  });

  app.get(
    '/api/kpis/export.xlsx',
    { config: staff, schema: file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') },
    async (request, reply) => {
      const { report, asOf } = await reportOf(request, request.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${fileName(report, asOf, 'xlsx')}"`)
        .send(await toXlsx(exportTables(report, asOf, await namesOf(request))));
    },
  );

  app.get(
    '/api/history',
    { config: { roles: ['owner'] }, schema: { tags: ['kpis'], response: { 200: historyList, ...errors } } },
    async () => ({
      history: await listHistory(reports),
    }),
  );

  app.get(
    '/api/history/kpis',
    { config: staff, schema: { tags: ['kpis'], querystring: historyKpiQuery, response: { 200: kpiReport, ...errors } } },
    async (request) => {
      const { report, asOf } = await reportOf(request, request.query);
      return { asOf, ...report };
    },
  );

  // The kanban of a branch's day as it stood at the instant (without personal data: history keeps none).
  app.get(
    '/api/history/board',
    { config: staff, schema: { tags: ['kpis'], querystring: historyBoardQuery, response: { 200: historyBoard, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      const { branchId } = request.query;
      assertBranch(session, branchId);
      const found = await catalog.forBranch(session.orgId, branchId);
      if (!found) throw new DomainError('NOT_FOUND', 'Branch not found', { branchId });
      const { timeZone } = found.branch;
      const source = await sourceOf(request.query.asOf);
      const date = request.query.date
        ? Temporal.PlainDate.from(request.query.date)
        : Temporal.Instant.fromEpochMilliseconds(source.now).toZonedDateTimeISO(timeZone).toPlainDate();
      const from = date.toZonedDateTime({ timeZone }).toInstant().toString();
      const to = date.add({ days: 1 }).toZonedDateTime({ timeZone }).toInstant().toString();
      return {
        asOf: source.asOf,
        branchId,
        date: date.toString(),
        timeZone,
        columns: await getBoard(reports, session.orgId, branchId, from, to, source.schema),
      };
    },
  );
};
