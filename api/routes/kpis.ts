import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/shared/errors.ts';
import { Temporal } from '../../domain/shared/time.ts';
import {
  daysBetween,
  exportTables,
  getKpiReport,
  groupings,
  shiftDate,
  toCsv,
  toXlsx,
  type GroupBy,
  type KpiReport,
} from '../../projections/kpi/index.ts';
import { getBoard } from '../../projections/board/queries.ts';
import { asOfSchemaName, hasHistory, listHistory, parseAsOf } from '../../projections/replay.ts';
import { READ_MODEL_SCHEMA } from '../../projections/schema.ts';
import type { AppDeps } from '../deps.ts';
import { assertBranch, sessionOf } from '../plugins/auth.ts';
import { dateTime, errors, isoDate, uuid } from './schemas.ts';

const MAX_DAYS = 366;
const DEFAULT_DAYS = 7;
const FALLBACK_ZONE = 'Europe/Moscow';

type KpiQuery = { branchId?: string; from?: string; to?: string; groupBy?: GroupBy; managerId?: string; asOf?: string };
type HistoryBoardQuery = { asOf: string; branchId: string; date?: string };

const kpiQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    branchId: uuid,
    from: isoDate,
    to: isoDate,
    groupBy: { type: 'string', enum: groupings },
    managerId: uuid,
    asOf: dateTime,
  },
} as const;

const staff = { roles: ['owner', 'manager'] as const };

/**
 * Owner KPIs and their downloads: per branch (or every branch the user may see), per period of
 * branch-local days against the previous period of equal length, optionally per manager, live or
 * from a history built as of an instant (`npm run replay -- --as-of …`).
 */
export const kpiRoutes = async (app: FastifyInstance, { pool, catalog, now }: AppDeps) => {
  /** The schema and clock of a request: live, or a history that was built. */
  const sourceOf = async (asOfText: string | undefined) => {
    if (asOfText === undefined) return { schema: READ_MODEL_SCHEMA, now: now(), asOf: null };
    // A `+` left unencoded in a query string arrives as a space.
    const asOf = parseAsOf(asOfText.replace(/ (\d\d:?\d\d)$/, '+$1'));
    if (!asOf) throw new DomainError('VALIDATION', 'asOf must be a whole minute with an offset, e.g. 2026-10-01T00:00+03:00');
    const schema = asOfSchemaName(asOf);
    if (!(await hasHistory(pool, schema))) {
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

  const reportOf = async (request: FastifyRequest<{ Querystring: KpiQuery }>) => {
    const session = sessionOf(request);
    const query = request.query;
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
    if (from > to) throw new DomainError('VALIDATION', '"from" must not be after "to"', { field: 'from' });
    if (daysBetween(from, to) > MAX_DAYS) throw new DomainError('VALIDATION', `A period is at most ${MAX_DAYS} days`);
    const report = await getKpiReport(pool, {
      orgId: session.orgId,
      schema: source.schema,
      branchIds: query.branchId ? [query.branchId] : session.branchIds,
      managerId: query.managerId ?? null,
      from,
      to,
      groupBy: query.groupBy ?? 'day',
      now: source.now,
    });
    return { report, asOf: source.asOf };
  };

  const fileName = ({ scope }: KpiReport, asOf: string | null, extension: string) =>
    `kpi-${scope.from}-${scope.to}${asOf ? `-as-of-${asOf.replace(/\D/g, '').slice(0, 12)}` : ''}.${extension}`;

  const schema = { tags: ['kpis'], querystring: kpiQuery, response: errors };

  app.get<{ Querystring: KpiQuery }>('/api/kpis', { config: staff, schema }, async (request) => {
    const { report, asOf } = await reportOf(request);
    return { asOf, ...report };
  });

  app.get<{ Querystring: KpiQuery }>('/api/kpis/export.csv', { config: staff, schema }, async (request, reply) => {
    const { report, asOf } = await reportOf(request);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(report, asOf, 'csv')}"`)
      .send(toCsv(exportTables(report, asOf)));
  });

  app.get<{ Querystring: KpiQuery }>('/api/kpis/export.xlsx', { config: staff, schema }, async (request, reply) => {
    const { report, asOf } = await reportOf(request);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${fileName(report, asOf, 'xlsx')}"`)
      .send(await toXlsx(exportTables(report, asOf)));
  });

  app.get('/api/history', { config: { roles: ['owner'] }, schema: { tags: ['kpis'], response: errors } }, async () => ({
    history: await listHistory(pool),
  }));

  app.get<{ Querystring: KpiQuery & { asOf: string } }>(
    '/api/history/kpis',
    { config: staff, schema: { ...schema, querystring: { ...kpiQuery, required: ['asOf'] } } },
    async (request) => {
      const { report, asOf } = await reportOf(request);
      return { asOf, ...report };
    },
  );

  // The kanban of a branch's day as it stood at the instant (without personal data: history keeps none).
  app.get<{ Querystring: HistoryBoardQuery }>(
    '/api/history/board',
    {
      config: staff,
      schema: {
        tags: ['kpis'],
        querystring: {
          type: 'object',
          required: ['asOf', 'branchId'],
          additionalProperties: false,
          properties: { asOf: dateTime, branchId: uuid, date: isoDate },
        },
        response: errors,
      },
    },
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
        columns: await getBoard(pool, session.orgId, branchId, from, to, source.schema),
      };
    },
  );
};
